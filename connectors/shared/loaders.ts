/**
 * DataLoader shapes every connector uses. Each loader lives for one request, so its cache never serves another
 * caller's rows, and all loads of one tick become one SQL statement.
 */
import DataLoader from 'dataloader';
import type { Connection, Page } from './pagination';
import { toConnection, type CursorValue } from './pagination';
import { keysetPagePerParent, type KeysetQuery } from './keyset';
import type { SourceSession } from './source-db';

/**
 * A loader of rows by unique key. `fetch(keys)` must return the rows whose key is among `keys`, in any order,
 * in one statement; keys with no row resolve to null.
 */
export function byKeyLoader<K extends string | number, R>(
  fetch: (keys: readonly K[]) => Promise<R[]>,
  keyOf: (row: R) => K,
): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<K, R>();
    for (const row of rows) byKey.set(keyOf(row), row);
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/**
 * A loader of one page of children per parent, for to-many relations with their own `first`/`after`.
 * `fetch(parentKeys)` returns, in one statement, up to `page.limit + 1` children per parent (a LATERAL join or a
 * window function); `parentOf` says which parent a row belongs to and `keyOf` gives its sort key for cursors.
 */
export function pagedChildrenLoader<K extends string | number, R>(
  page: Page,
  fetch: (parentKeys: readonly K[]) => Promise<R[]>,
  parentOf: (row: R) => K,
  keyOf: (row: R) => CursorValue[],
): DataLoader<K, Connection<R>> {
  return new DataLoader<K, Connection<R>>(async (keys) => {
    const rows = await fetch(keys);
    const byParent = new Map<K, R[]>();
    for (const row of rows) {
      const k = parentOf(row);
      const list = byParent.get(k);
      if (list) list.push(row);
      else byParent.set(k, [row]);
    }
    return keys.map((k) => toConnection(byParent.get(k) ?? [], page, keyOf));
  });
}

/** One page of a table's rows per parent row: what `childPagesLoader` reads. */
export interface ChildPages<K extends string | number, R> extends Omit<KeysetQuery, 'page'> {
  /** The child's column holding the parent key, and its SQL type. */
  parentColumn: string;
  parentType: 'text' | 'integer';
  /** Which parent a row belongs to (the property holding `parentColumn`). */
  parentOf: (row: R) => K;
  /** A row's sort key, for cursors: the values of `orderBy`. */
  keyOf: (row: R) => CursorValue[];
  /** The parents to read, when some get an empty page without asking (those outside a district scope). */
  parents?: (keys: readonly K[]) => readonly K[];
}

/**
 * A page of children per parent for a to-many relation (a district's enterprises, an enterprise's payments):
 * every parent of one tick in one keyset statement (a LATERAL join, one index range scan per parent). The one
 * helper every connector uses for such relations.
 */
export function childPagesLoader<K extends string | number, R>(
  session: SourceSession,
  page: Page,
  query: ChildPages<K, R>,
): DataLoader<K, Connection<R>> {
  return pagedChildrenLoader<K, R>(
    page,
    (keys) => {
      const q = keysetPagePerParent({
        ...query,
        page,
        parentKeys: query.parents ? query.parents(keys) : keys,
      });
      return session.rows(q.sql, q.bindings);
    },
    query.parentOf,
    query.keyOf,
  );
}

/**
 * Per-request memo of loaders that depend on field arguments: the same arguments share one loader (and so one
 * batch), different arguments get their own.
 */
export class LoaderMemo {
  private readonly loaders = new Map<string, unknown>();

  get<T>(name: string, args: unknown, create: () => T): T {
    const key = `${name}:${JSON.stringify(args)}`;
    let loader = this.loaders.get(key) as T | undefined;
    if (!loader) {
      loader = create();
      this.loaders.set(key, loader);
    }
    return loader;
  }
}

/**
 * A loader of all children per parent, for small bounded relations (a department's ten yearly scores).
 * `fetch(parentKeys)` returns every child of those parents in one statement, already in display order.
 */
export function childrenLoader<K extends string | number, R>(
  fetch: (parentKeys: readonly K[]) => Promise<R[]>,
  parentOf: (row: R) => K,
): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const rows = await fetch(keys);
    const byParent = new Map<K, R[]>();
    for (const row of rows) {
      const k = parentOf(row);
      const list = byParent.get(k);
      if (list) list.push(row);
      else byParent.set(k, [row]);
    }
    return keys.map((k) => byParent.get(k) ?? []);
  });
}
