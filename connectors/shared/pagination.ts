/**
 * Relay-style connections with opaque keyset cursors.
 *
 * A cursor is the sort key of the last row seen, versioned and base64url-encoded. Lists seek past it with a
 * row-value comparison (`(a, b) > (?, ?)`) on an index, so page 1,000 costs what page 1 costs; there is no OFFSET.
 */
import { badInput } from './errors';

export type CursorValue = string | number;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  /** Rows to return. */
  limit: number;
  /** Decoded sort key to seek past, or null for the first page. */
  after: CursorValue[] | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const DEFAULT_PAGE_SIZE = 50;
const CURSOR_VERSION = 'v1';

/** Encodes a sort key as an opaque cursor. */
export function encodeCursor(key: CursorValue[]): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, ...key])).toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` for a list sorted by keys of the given `shape` ('s' string, 'n' number).
 * Throws BAD_USER_INPUT for anything else: a cursor from another list, a hand-edited one, random text.
 */
export function decodeCursor(cursor: string, shape: readonly ('s' | 'n')[]): CursorValue[] {
  const malformed = () =>
    badInput(
      'Malformed cursor: pass the endCursor of a previous page of this same list, unchanged.',
      'after',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (!Array.isArray(parsed) || parsed[0] !== CURSOR_VERSION || parsed.length !== shape.length + 1)
    throw malformed();
  const key = parsed.slice(1) as unknown[];
  key.forEach((v, i) => {
    const ok = shape[i] === 's' ? typeof v === 'string' : typeof v === 'number' && Number.isFinite(v);
    if (!ok) throw malformed();
  });
  return key as CursorValue[];
}

/**
 * Validates `first`/`after` for a list sorted by keys of `shape`. `first` defaults to DEFAULT_PAGE_SIZE
 * (or `max` if smaller) and must lie in 0..max.
 */
export function readPage(args: PageArgs, shape: readonly ('s' | 'n')[], max: number): Page {
  const first = args.first ?? Math.min(DEFAULT_PAGE_SIZE, max);
  if (!Number.isInteger(first) || first < 0) {
    throw badInput(`"first" must be a whole number from 0 to ${max}; got ${first}.`, 'first');
  }
  if (first > max) {
    throw badInput(
      `"first" is at most ${max} per page; got ${first}. Fetch further pages with "after".`,
      'first',
    );
  }
  return { limit: first, after: args.after ? decodeCursor(args.after, shape) : null };
}

/**
 * Builds a connection from rows fetched with LIMIT page.limit + 1: the extra row only says whether there is a
 * next page. `keyOf` returns the row's sort key, in the same order as the ORDER BY.
 */
export function toConnection<T>(rows: T[], page: Page, keyOf: (row: T) => CursorValue[]): Connection<T> {
  const nodes = rows.length > page.limit ? rows.slice(0, page.limit) : rows;
  return new PageConnection(nodes, rows.length > page.limit, keyOf);
}

// Edges (a cursor per row) and the end cursor are built only when the query reads them: most ask for nodes, and a
// nested list (50 enterprises x their payments) would otherwise encode 50 unread cursors. The getters sit on
// class prototypes, not in object literals: see src/context.ts for what a getter per object costs the GC.

class PageConnection<T> implements Connection<T> {
  readonly pageInfo: PageInfo<T>;
  private builtEdges: Connection<T>['edges'] | undefined;

  constructor(
    readonly nodes: T[],
    hasNextPage: boolean,
    private readonly keyOf: (row: T) => CursorValue[],
  ) {
    this.pageInfo = new PageInfo(nodes, hasNextPage, keyOf);
  }

  get edges(): Connection<T>['edges'] {
    return (this.builtEdges ??= this.nodes.map((node) => ({ cursor: encodeCursor(this.keyOf(node)), node })));
  }
}

class PageInfo<T> {
  constructor(
    private readonly nodes: T[],
    readonly hasNextPage: boolean,
    private readonly keyOf: (row: T) => CursorValue[],
  ) {}

  get endCursor(): string | null {
    const nodes = this.nodes;
    return nodes.length ? encodeCursor(this.keyOf(nodes[nodes.length - 1])) : null;
  }
}
