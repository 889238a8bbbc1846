/**
 * Named prepared statements for node-postgres: one name per SQL text, so PostgreSQL parses and plans a statement
 * once per connection rather than once per request.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

const statementNames = new Map<string, string>();

/**
 * `text` with `values` as a named prepared statement. The name is a hash of the text: the same text always gets
 * the same name (node-postgres refuses one name for two texts) and two texts never share one. Callers build their
 * SQL from a few templates, so a connection holds few of them; pools recycle connections to bound it anyway.
 */
export function preparedStatement(text: string, values: readonly unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    if (statementNames.size >= 2000) statementNames.clear();
    statementNames.set(text, name);
  }
  return { name, text, values: values as unknown[] };
}
