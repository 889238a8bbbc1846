/**
 * SQL statements per request, from pg_stat_statements: the same count for every system, whatever its driver.
 */
import pg from 'pg';

export interface StatementCounts {
  /** Statements per database, audit-trail writes apart (key `audit`). */
  byDatabase: Record<string, number>;
  total: number;
}

// The audit trail's group commit: BEGIN, the chain lock, the head read, the INSERT, COMMIT (audit/store.ts).
const AUDIT_STATEMENT = /audit_record|pg_advisory_xact_lock|^(BEGIN|COMMIT|ROLLBACK)\b/i;

/** Reads pg_stat_statements on the cluster behind `adminUrl` (the `postgres` database). */
export class StatementCounter {
  private constructor(private readonly client: pg.Client) {}

  /** Connects and enables the extension; null (with the reason) when the server was not started with it preloaded. */
  static async open(adminUrl: string): Promise<StatementCounter | string> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT pg_stat_statements_reset()');
      return new StatementCounter(client);
    } catch (error) {
      await client.end();
      return (error as Error).message;
    }
  }

  /** Forgets everything counted so far. */
  async reset(): Promise<void> {
    await this.client.query('SELECT pg_stat_statements_reset()');
  }

  /** Statements executed in `databases` since the last reset, divided by `requests`. */
  async perRequest(databases: readonly string[], requests: number): Promise<StatementCounts> {
    const { rows } = await this.client.query<{ datname: string; query: string; calls: string }>(
      `SELECT d.datname, s.query, s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       WHERE d.datname = ANY($1)`,
      [databases],
    );
    const byDatabase: Record<string, number> = {};
    let total = 0;
    for (const r of rows) {
      const key = AUDIT_STATEMENT.test(r.query.trim()) ? 'audit' : r.datname;
      byDatabase[key] = (byDatabase[key] ?? 0) + Number(r.calls) / requests;
      if (key !== 'audit') total += Number(r.calls) / requests;
    }
    return { byDatabase, total };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
