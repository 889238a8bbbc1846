/**
 * Named prepared statements for node-postgres: one name per SQL text, so PostgreSQL parses and plans a statement
 * once per connection rather than once per request.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * `compute` memoised by its text argument, for SQL built from a few templates: at most `limit` entries, all
 * dropped at once when full (a runaway set of texts costs recomputation, never unbounded memory).
 */
export function boundedMemo(compute: (text: string) => string, limit = 2000): (text: string) => string {
  const memo = new Map<string, string>();
  return (text) => {
    let value = memo.get(text);
    if (value === undefined) {
      value = compute(text);
      if (memo.size >= limit) memo.clear();
      memo.set(text, value);
    }
    return value;
  };
}

const statementName = boundedMemo(
  (text) => `s_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`,
);

/**
 * `text` with `values` as a named prepared statement. The name is a hash of the text: the same text always gets
 * the same name (node-postgres refuses one name for two texts) and two texts never share one. Callers build their
 * SQL from a few templates, so a connection holds few of them; pools recycle connections to bound it anyway.
 */
export function preparedStatement(text: string, values: readonly unknown[]): pg.QueryConfig {
  return { name: statementName(text), text, values: values as unknown[] };
}
