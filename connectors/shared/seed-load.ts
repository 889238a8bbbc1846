/**
 * Loading one demo table with a progress bar: the piece every source's seed repeats.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { SourceDatabase } from './source-db';
import type { SeedOptions } from './source';
import { copyRows, type CopyValue } from './bulk-load';

/**
 * COPYs `rows` into `table(columns)` of `db`, showing a progress bar of `expected` rows when `options.progress`
 * is set, and logs the count and rate when done.
 */
export async function loadTable(
  db: SourceDatabase,
  options: SeedOptions,
  table: string,
  columns: readonly string[],
  expected: number,
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  const started = Date.now();
  const bar = options.progress
    ? new SingleBar(
        {
          format: `  ${`${db.name}.${table}`.padEnd(28)} [{bar}] {percentage}% | {value}/{total} rows | {duration}s`,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : null;
  bar?.start(expected, 0);
  // Maintaining secondary indexes row by row makes COPY several times slower than building them once after.
  const indexes = await dropSecondaryIndexes(db, table);
  try {
    const loaded = await copyRows(db.knex(), table, columns, rows, (n) => bar?.increment(n));
    bar?.setTotal(loaded);
    bar?.update(loaded);
    bar?.stop();
    await recreateIndexes(db, indexes);
    return loaded;
  } finally {
    bar?.stop();
    const seconds = (Date.now() - started) / 1000;
    options.logger.info({ source: db.name, table, seconds }, `seeded ${db.name}.${table}`);
  }
}

/** True when `table` of `db` has no rows. */
export async function isTableEmpty(db: SourceDatabase, table: string): Promise<boolean> {
  const result = await db.knex().raw(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`);
  return result.rows[0].empty as boolean;
}

/** Drops the indexes of `table` that back no constraint; returns their definitions for `recreateIndexes`. */
async function dropSecondaryIndexes(db: SourceDatabase, table: string): Promise<string[]> {
  const result = await db.knex().raw(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
     WHERE i.indrelid = ?::regclass AND c.oid IS NULL`,
    [table],
  );
  const rows = result.rows as { name: string; definition: string }[];
  for (const r of rows) await db.knex().raw(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.definition);
}

/** Builds the given index definitions in one transaction, with memory enough to sort in RAM. */
async function recreateIndexes(db: SourceDatabase, definitions: readonly string[]): Promise<void> {
  if (!definitions.length) return;
  await db.knex().transaction(async (trx) => {
    await trx.raw(`SET LOCAL maintenance_work_mem = '256MB'`);
    await trx.raw('SET LOCAL statement_timeout = 0');
    for (const definition of definitions) await trx.raw(definition);
  });
}

/** Refreshes the planner's statistics after a bulk load (without the statement timeout: big tables take time). */
export async function analyze(db: SourceDatabase): Promise<void> {
  await db.knex().transaction(async (trx) => {
    await trx.raw('SET LOCAL statement_timeout = 0');
    await trx.raw('ANALYZE');
  });
}
