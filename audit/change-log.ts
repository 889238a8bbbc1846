/**
 * The directory's change log: every change (client registered or disabled, catalogue edited, grant created,
 * revoked or expired, request filed or reviewed) with actor, reason, before and after — append-only and
 * hash-chained like the audit trail, in its own chain.
 */
import type { Knex } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { chainHash, GENESIS_HASH, type ChainBreak } from './chain';
import { pgTimestamp } from '../connectors/shared/pg-time';

// Appends are serialised so the chain has one head (a different lock from the audit trail's).
const CHANGE_CHAIN_LOCK = 7_470_272;

export interface DirectoryChange {
  actor: string;
  action: string;
  subject: string;
  reason: string;
  oldValue: unknown;
  newValue: unknown;
}

/** The content a change's hash covers; values as JSON gives them back (what jsonb stores). */
function contentOf(change: DirectoryChange & { changedAt: string }) {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(JSON.stringify(v)));
  return {
    changedAt: change.changedAt,
    actor: change.actor,
    action: change.action,
    subject: change.subject,
    reason: change.reason,
    oldValue: json(change.oldValue),
    newValue: json(change.newValue),
  };
}

/** Appends `change` to the chained change log, inside the caller's transaction. */
/** Appends one change to the log, chained after the current head, inside the changing transaction. */
export async function appendChange(trx: Knex.Transaction, change: DirectoryChange): Promise<void> {
  await appendChanges(trx, [change]);
}

/**
 * Appends changes to the log in order, chained after the current head: one lock, one head read and one INSERT
 * however many (the catalogue stored at a directory's first start is about 200 entries).
 */
export async function appendChanges(
  trx: Knex.Transaction,
  changes: readonly DirectoryChange[],
): Promise<void> {
  if (!changes.length) return;
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [CHANGE_CHAIN_LOCK]);
  const head = await trx.raw('SELECT hash FROM directory_change ORDER BY id DESC LIMIT 1');
  let prevHash: string = head.rows[0]?.hash ?? GENESIS_HASH;
  const changedAt = new Date().toISOString();
  const rows: (string | null)[][] = [];
  for (const change of changes) {
    const content = contentOf({ ...change, changedAt });
    const hash = chainHash(prevHash, content);
    rows.push([
      content.changedAt,
      content.actor,
      content.action,
      content.subject,
      content.reason,
      content.oldValue === null ? null : JSON.stringify(content.oldValue),
      content.newValue === null ? null : JSON.stringify(content.newValue),
      prevHash,
      hash,
    ]);
    prevHash = hash;
  }
  // ids follow the VALUES order, so the chain reads in id order as it was computed. At most 1,000 rows a statement:
  // 9,000 parameters, well under PostgreSQL's 65,535.
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await trx.raw(
      `INSERT INTO directory_change (changed_at, actor, action, subject, reason, old_value, new_value, prev_hash, hash)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flat(),
    );
  }
}

/** Recomputes the change log's chain; returns the first broken entry (by id), or null. */
export async function verifyChangeLog(
  pool: pg.Pool,
): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  let previous = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const page = await pool.query(
      `SELECT id::float8 AS id, changed_at, actor, action, subject, reason, old_value, new_value, prev_hash, hash
       FROM directory_change WHERE id > $1 ORDER BY directory_change.id LIMIT 5000`,
      [after],
    );
    if (!page.rows.length) return { checked, firstBreak: null };
    for (const row of page.rows) {
      const seq = Number(row.id);
      if (row.prev_hash !== previous)
        return {
          checked,
          firstBreak: { seq, reason: 'directory change log: previous-hash link does not match' },
        };
      const content = contentOf({
        changedAt: pgTimestamp(row.changed_at)!.toISOString(),
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        reason: row.reason,
        oldValue: row.old_value,
        newValue: row.new_value,
      });
      if (chainHash(row.prev_hash, content) !== row.hash) {
        return {
          checked,
          firstBreak: {
            seq,
            reason: 'directory change log: content does not match its hash: the entry was changed',
          },
        };
      }
      previous = row.hash;
      after = seq;
      checked++;
    }
  }
}

/**
 * Logs the grants that have expired since the last sweep (GRANT_EXPIRED, actor `hub`). Expiry itself needs no
 * action — decisions check validity windows — but the change log must show it. Idempotent across processes.
 */
export async function logExpiredGrants(knex: Knex): Promise<number> {
  return knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [CHANGE_CHAIN_LOCK]);
    const expired = await trx.raw(
      `SELECT g.id, g.consumer_department_code, g.resource_code, g.valid_until FROM access_grant g
       WHERE g.ended_at IS NULL AND g.valid_until <= now()
         AND NOT EXISTS (SELECT 1 FROM directory_change c WHERE c.action = 'GRANT_EXPIRED' AND c.subject = 'grant:' || g.id)
       ORDER BY g.id`,
    );
    for (const g of expired.rows) {
      await appendChange(trx, {
        actor: 'hub',
        action: 'GRANT_EXPIRED',
        subject: `grant:${g.id}`,
        reason: `validity ended at ${pgTimestamp(g.valid_until)!.toISOString()}`,
        oldValue: null,
        newValue: {
          grantId: Number(g.id),
          consumerDepartmentCode: g.consumer_department_code,
          resourceCode: g.resource_code,
        },
      });
    }
    return expired.rows.length;
  });
}
