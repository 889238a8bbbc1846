/**
 * The audit store: group-committed, hash-chained inserts, and the reads that verify the chain.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { pgTimestamp } from '../connectors/shared/pg-time';
import { supervisionAlerts, type Alert } from './supervision';
import { verifyChangeLog } from './change-log';
import { checkLink, GENESIS_HASH, hashedRecord, type AuditContent, type ChainBreak } from './chain';

/** A record before it has a place in the chain. */
export type AuditEntry = Omit<AuditContent, 'seq'>;

// The chain has one head shared by every hub process. Appends are optimistic: a process remembers the head it
// last wrote and appends after it in one autocommitted INSERT; the primary key on seq refuses the INSERT if any
// other process appended meanwhile, and the process then reads the head and tries again. Group commit makes
// appends rare: each INSERT carries every record that queued up while the previous one was being written.
// Where several processes append all the time (the hub federated: a gateway and a subgraph per source, each
// writing its own records of every request), optimism loses: two writers took turns failing, three statements and
// a wasted INSERT per batch. So a process that has just lost a race appends under an advisory lock for a while
// (CONTENDED_MS): lock, read the head, insert, commit, and no INSERT is wasted.
const MAX_APPEND_ATTEMPTS = 20;
const CONTENDED_MS = 10_000;
/** The advisory lock the audit writers take turns on when they contend ('audit' in ASCII). */
const APPEND_LOCK = 0x61756469;
const UNIQUE_VIOLATION = '23505';
const MAX_BATCH = 1000;
/** The newest record: an index walk on the primary key (qualified: `seq` alone would sort by the float8 cast). */
export const CHAIN_HEAD_SQL = `SELECT seq::float8 AS seq, hash FROM audit_record ORDER BY audit_record.seq DESC LIMIT 1`;

const COLUMNS = `seq::float8 AS seq, request_id, correlation_id, recorded_by, recorded_at, client_id, department_code, end_user, case_id, http_method, path,
  operation_name, operation_type, document_hash, coordinates_returned, coordinates_masked, coordinates_denied,
  rows_per_resource, grant_ids::float8[] AS grant_ids, outcome, http_status, error_codes, duration_ms, variables, prev_hash, hash`;

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * The append of `entries` after `head`, each linked to the one before; and the new head. Each row travels as
 * the canonical JSON its hash was computed over, with `prevHash` and `hash` added: one serialisation per record.
 */
function appendStatement(
  entries: readonly AuditEntry[],
  head: ChainHead,
): { query: pg.QueryConfig; last: ChainHead } {
  let seq = head.seq;
  let prevHash = head.hash;
  let batch = '[';
  for (const entry of entries) {
    seq += 1;
    const { canonical, hash } = hashedRecord(prevHash, { seq, ...entry });
    // Hashes are hex, so they need no escaping; `canonical` is a JSON object, so it starts with '{'.
    batch += `${seq === head.seq + 1 ? '' : ','}{"prevHash":"${prevHash}","hash":"${hash}",${canonical.slice(1)}`;
    prevHash = hash;
  }
  return {
    query: { name: 'audit-append', text: APPEND_SQL, values: [`${batch}]`] },
    last: { seq, hash: prevHash },
  };
}

/** Stored row -> the content its hash covers. */
export function contentOf(row: Record<string, any>): AuditContent {
  return {
    seq: Number(row.seq),
    requestId: row.request_id,
    ...(row.correlation_id == null ? {} : { correlationId: row.correlation_id }),
    ...(row.recorded_by == null ? {} : { recordedBy: row.recorded_by }),
    recordedAt: pgTimestamp(row.recorded_at)!.toISOString(),
    clientId: row.client_id,
    departmentCode: row.department_code,
    endUser: row.end_user,
    caseId: row.case_id,
    httpMethod: row.http_method,
    path: row.path,
    operationName: row.operation_name,
    operationType: row.operation_type,
    documentHash: row.document_hash,
    coordinatesReturned: row.coordinates_returned,
    coordinatesMasked: row.coordinates_masked,
    coordinatesDenied: row.coordinates_denied,
    rowsPerResource: row.rows_per_resource,
    grantIds: (row.grant_ids as number[]).map(Number),
    outcome: row.outcome,
    httpStatus: row.http_status,
    errorCodes: row.error_codes,
    durationMs: row.duration_ms,
    variables: row.variables,
  };
}

// Each stored column, the key it has in the canonical record text, and its type.
const RECORD_COLUMNS: readonly [column: string, key: string, type: string][] = [
  ['seq', 'seq', 'bigint'],
  ['request_id', 'requestId', 'text'],
  ['correlation_id', 'correlationId', 'text'],
  ['recorded_by', 'recordedBy', 'text'],
  ['recorded_at', 'recordedAt', 'timestamptz'],
  ['client_id', 'clientId', 'text'],
  ['department_code', 'departmentCode', 'text'],
  ['end_user', 'endUser', 'text'],
  ['case_id', 'caseId', 'text'],
  ['http_method', 'httpMethod', 'text'],
  ['path', 'path', 'text'],
  ['operation_name', 'operationName', 'text'],
  ['operation_type', 'operationType', 'text'],
  ['document_hash', 'documentHash', 'text'],
  ['coordinates_returned', 'coordinatesReturned', 'text[]'],
  ['coordinates_masked', 'coordinatesMasked', 'text[]'],
  ['coordinates_denied', 'coordinatesDenied', 'text[]'],
  ['rows_per_resource', 'rowsPerResource', 'jsonb'],
  ['grant_ids', 'grantIds', 'bigint[]'],
  ['outcome', 'outcome', 'text'],
  ['http_status', 'httpStatus', 'integer'],
  ['error_codes', 'errorCodes', 'text[]'],
  ['duration_ms', 'durationMs', 'double precision'],
  ['variables', 'variables', 'jsonb'],
  ['prev_hash', 'prevHash', 'text'],
  ['hash', 'hash', 'text'],
];
// One statement text for every batch size, prepared once per connection: the batch travels as one JSON array.
// `json`, not `jsonb`: PostgreSQL reads each row once, so building a jsonb value first only costs time.
const APPEND_SQL = `INSERT INTO audit_record (${RECORD_COLUMNS.map(([column]) => column).join(', ')})
  SELECT ${RECORD_COLUMNS.map(([, key]) => `"${key}"`).join(', ')}
  FROM json_to_recordset($1::json) AS r(${RECORD_COLUMNS.map(([, key, type]) => `"${key}" ${type}`).join(', ')})`;

export class AuditStore {
  private queue: Pending[] = [];
  private flushing = false;
  /** The head this process last wrote or read; null when it must be read again (at start, after a race). */
  private head: ChainHead | null = null;
  /** Until when appends take the advisory lock, after a lost race (see CONTENDED_MS). */
  private contendedUntil = 0;
  /** Its own small pool: audit writes never wait behind, or count as, the directory's reads. */
  private readonly pool: pg.Pool;

  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: 4,
      application_name: 'exchange-hub:audit',
      connectionTimeoutMillis: 3000,
    });
    // An idle connection that dies must not crash the process; the next write reports the problem.
    this.pool.on('error', (err) => logger.warn({ err }, 'audit pool connection lost'));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Reads over the same pool. */
  reader(): AuditReader {
    return new AuditReader(this.pool);
  }

  /**
   * Every record made in [from, to), oldest first, in pages of 5,000 (keyset on seq): memory stays flat however
   * many there are.
   */
  async *records(range: { from?: Date | null; to?: Date | null } = {}): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const values: unknown[] = [after];
      const where = ['seq > $1'];
      if (range.from) where.push(`recorded_at >= $${values.push(range.from)}`);
      if (range.to) where.push(`recorded_at < $${values.push(range.to)}`);
      const page = await this.pool.query(
        `SELECT ${COLUMNS} FROM audit_record WHERE ${where.join(' AND ')} ORDER BY audit_record.seq LIMIT 5000`,
        values,
      );
      if (!page.rows.length) return;
      for (const row of page.rows) yield { ...contentOf(row), prevHash: row.prev_hash, hash: row.hash };
      after = Number(page.rows[page.rows.length - 1].seq);
    }
  }

  /** Recomputes the directory change log's chain. */
  verifyChangeLog(): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
    return verifyChangeLog(this.pool);
  }

  /** The supervision alerts that hold now. */
  alerts(now?: Date): Promise<Alert[]> {
    return supervisionAlerts(this.pool, now);
  }

  /**
   * Appends `entry` to the chain; resolves once it is committed (so the caller may answer), rejects if it could
   * not be written (so the caller must not). Entries queued while a batch is being written go in the next one.
   */
  append(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.insert(batch.map((p) => p.entry));
          for (const p of batch) p.resolve();
        } catch (error) {
          if (batch.length === 1) {
            this.logger.error({ err: error, records: 1 }, 'audit record could not be written');
            batch[0].reject(error);
            continue;
          }
          // One record must never fail another's request: retry one by one, so only a record that cannot be
          // written itself is refused (its request answers 503) and every other answer still leaves.
          this.logger.warn(
            { err: error, records: batch.length },
            'audit batch failed; retrying record by record',
          );
          for (const p of batch) {
            try {
              await this.insert([p.entry]);
              p.resolve();
            } catch (single) {
              this.logger.error(
                { err: single, requestId: p.entry.requestId },
                'audit record could not be written',
              );
              p.reject(single);
            }
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async insert(entries: AuditEntry[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (Date.now() < this.contendedUntil) {
          await this.insertLocked(entries);
          return;
        }
        this.head ??= await this.readHead();
        const { query, last } = appendStatement(entries, this.head);
        await this.pool.query(query);
        this.head = last;
        return;
      } catch (error) {
        this.head = null;
        const raced = (error as { code?: string }).code === UNIQUE_VIOLATION;
        if (!raced || attempt >= MAX_APPEND_ATTEMPTS) throw error;
        this.contendedUntil = Date.now() + CONTENDED_MS;
      }
    }
  }

  /** The append in a transaction holding APPEND_LOCK, after the head read under it (see CONTENDED_MS). */
  private async insertLocked(entries: AuditEntry[]): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // A writer that stalls holding the lock (a frozen process, a lost connection) must not hold every answer:
      // after 5 s the append fails, and its requests answer 503 rather than hang.
      await client.query(`SET LOCAL lock_timeout = '5s'; SET LOCAL statement_timeout = '10s'`);
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const head = await client.query(CHAIN_HEAD_SQL);
      const { query, last } = appendStatement(
        entries,
        head.rows.length
          ? { seq: Number(head.rows[0].seq), hash: head.rows[0].hash }
          : { seq: 0, hash: GENESIS_HASH },
      );
      await client.query(query);
      await client.query('COMMIT');
      this.head = last;
    } catch (error) {
      await client.query('ROLLBACK').catch((failed: Error) => (broken = failed));
      throw error;
    } finally {
      // A connection whose rollback failed is not given back to the pool.
      client.release(broken);
    }
  }

  /** The newest record's seq and hash (the genesis hash before the first record). */
  private async readHead(): Promise<ChainHead> {
    const head = await this.pool.query(CHAIN_HEAD_SQL);
    return head.rows.length
      ? { seq: Number(head.rows[0].seq), hash: head.rows[0].hash }
      : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Recomputes the chain over the records recorded in [from, to) (all when unset), starting from the record
   * before the range. Reads in pages of 5,000, so memory stays flat for millions of records.
   */
  async verify(
    range: { from?: Date | null; to?: Date | null } = {},
  ): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
    const first = await this.pool.query(
      `SELECT seq::float8 AS seq FROM audit_record ${range.from ? 'WHERE recorded_at >= $1' : ''} ORDER BY recorded_at, audit_record.seq LIMIT 1`,
      range.from ? [range.from] : [],
    );
    if (!first.rows.length) return { checked: 0, firstBreak: null };
    let after = Number(first.rows[0].seq) - 1;
    const before = await this.pool.query(`SELECT seq::float8 AS seq, hash FROM audit_record WHERE seq = $1`, [
      after,
    ]);
    let previous: { seq: number; hash: string } | null = before.rows.length
      ? { seq: Number(before.rows[0].seq), hash: before.rows[0].hash }
      : null;
    if (!previous && after > 0)
      return { checked: 0, firstBreak: { seq: after, reason: 'the record before the range is missing' } };
    let checked = 0;
    for (;;) {
      // In seq order up to the first record made at or after `to`: with several writing processes, recorded_at is
      // not quite in seq order, and filtering on it would leave gaps that look like missing records.
      const page = await this.pool.query(
        `SELECT ${COLUMNS} FROM audit_record WHERE seq > $1 ORDER BY audit_record.seq LIMIT 5000`,
        [after],
      );
      if (!page.rows.length) return { checked, firstBreak: null };
      for (const row of page.rows as Record<string, any>[]) {
        if (range.to && pgTimestamp(row.recorded_at)! >= range.to) return { checked, firstBreak: null };
        const brk = checkLink(previous, { content: contentOf(row), prevHash: row.prev_hash, hash: row.hash });
        if (brk) return { checked, firstBreak: brk };
        checked++;
        previous = { seq: Number(row.seq), hash: row.hash };
        after = previous.seq;
      }
    }
  }
}

export interface AuditQuery {
  from?: Date | null;
  to?: Date | null;
  departmentCode?: string | null;
  clientId?: string | null;
  resourceCode?: string | null;
  coordinate?: string | null;
  outcome?: string | null;
  /** One request's records: the gateway's and its subgraphs' when the hub runs federated. */
  requestId?: string | null;
  /** Only records that read any of these resources (a department's view: who read my data). */
  readResources?: readonly string[] | null;
  /** Seq to continue after (newest first), and page size. */
  beforeSeq?: number | null;
  limit: number;
}

export type AuditRow = AuditContent & { prevHash: string; hash: string };

/** Reads for auditors and providers, on the audit store's own pool. */
export class AuditReader {
  constructor(private readonly pool: pg.Pool) {}

  /** Records matching every given filter, newest first (keyset on seq); limit + 1 rows to tell if more exist. */
  async records(q: AuditQuery): Promise<AuditRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    // `{}` marks the parameter: `?` is also a jsonb operator here.
    const add = (sql: string, value: unknown) => where.push(sql.replace('{}', `$${values.push(value)}`));
    if (q.from) add('recorded_at >= {}', q.from);
    if (q.to) add('recorded_at < {}', q.to);
    if (q.departmentCode) add('department_code = {}', q.departmentCode);
    if (q.clientId) add('client_id = {}', q.clientId);
    if (q.outcome) add('outcome = {}', q.outcome);
    if (q.requestId) add('request_id = {}', q.requestId);
    if (q.coordinate) add('coordinates_returned @> ARRAY[{}]::text[]', q.coordinate);
    if (q.resourceCode) add('rows_per_resource ? {}', q.resourceCode);
    if (q.readResources) add('rows_per_resource ?| {}::text[]', q.readResources);
    if (q.beforeSeq != null) add('seq < {}', q.beforeSeq);
    const result = await this.pool.query(
      `SELECT ${COLUMNS} FROM audit_record ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY audit_record.seq DESC LIMIT $${values.push(q.limit + 1)}`,
      values,
    );
    return result.rows.map((row) => ({ ...contentOf(row), prevHash: row.prev_hash, hash: row.hash }));
  }

  /**
   * Requests, rows read and denials per day x consumer department x resource over [from, to), summed in SQL.
   * `readResources` limits it to those resources (a provider's view).
   */
  async usage(q: { from: Date; to: Date; readResources?: readonly string[] | null }): Promise<UsageRow[]> {
    const values: unknown[] = [q.from, q.to];
    const only = q.readResources ? `AND resource = ANY($${values.push(q.readResources)})` : '';
    const result = await this.pool.query(
      `WITH reads AS (
         SELECT (a.recorded_at AT TIME ZONE 'Asia/Shanghai')::date AS day, a.department_code, r.key AS resource,
                1 AS requests, r.value::bigint AS rows_read, 0 AS denials
         FROM audit_record a CROSS JOIN LATERAL jsonb_each_text(a.rows_per_resource) r
         WHERE a.recorded_at >= $1 AND a.recorded_at < $2
       ), denied AS (
         SELECT DISTINCT a.seq, (a.recorded_at AT TIME ZONE 'Asia/Shanghai')::date AS day, a.department_code, i.resource_code AS resource
         FROM audit_record a CROSS JOIN LATERAL unnest(a.coordinates_denied) c JOIN resource_item i ON i.coordinate = c
         WHERE a.recorded_at >= $1 AND a.recorded_at < $2
       ), combined AS (
         SELECT day, department_code, resource, requests, rows_read, denials FROM reads
         UNION ALL SELECT day, department_code, resource, 0, 0, 1 FROM denied
       )
       SELECT to_char(day, 'YYYY-MM-DD') AS day, department_code AS "departmentCode", resource AS "resourceCode",
              sum(requests)::int AS requests, sum(rows_read)::float8 AS rows, sum(denials)::int AS denials
       FROM combined WHERE true ${only}
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 LIMIT 10001`,
      values,
    );
    return result.rows;
  }
}

export interface UsageRow {
  day: string;
  departmentCode: string | null;
  resourceCode: string;
  requests: number;
  rows: number;
  denials: number;
}
