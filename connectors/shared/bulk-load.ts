/**
 * Bulk loading for demo and benchmark data: rows streamed into PostgreSQL with COPY FROM STDIN.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Knex } from '@mikro-orm/postgresql';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | Date;

/** Escapes one value for COPY's text format. */
function copyField(v: CopyValue): string {
  if (v === null) return '\\N';
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

/**
 * Streams `rows` into `table(columns)` with COPY. `onRows(n)` is called as batches go out, for progress bars.
 * Resolves with the number of rows loaded.
 */
export async function copyRows(
  knex: Knex,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
  onRows?: (n: number) => void,
): Promise<number> {
  let count = 0;
  function* lines(): Generator<string> {
    let batch: string[] = [];
    for (const row of rows) {
      batch.push(row.map(copyField).join('\t'));
      count++;
      if (batch.length === 5000) {
        yield batch.join('\n') + '\n';
        onRows?.(batch.length);
        batch = [];
      }
    }
    if (batch.length) {
      yield batch.join('\n') + '\n';
      onRows?.(batch.length);
    }
  }
  const client = await knex.client.acquireConnection();
  try {
    // Bulk loads may take minutes at benchmark scale: lift the hub's statement timeout for this connection only.
    await client.query('SET statement_timeout = 0');
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(lines()), stream);
    await client.query('RESET statement_timeout');
  } finally {
    await knex.client.releaseConnection(client);
  }
  return count;
}
