/**
 * Limits on what one GraphQL request may ask, checked before any work that grows with the request: each refusal
 * is a 400 with its own code and a message saying what the limit is and how to stay under it.
 *
 * Who checks what, in the order a request meets them:
 * - Fastify's body limit (MAX_BODY_BYTES) and `checkRequestShape` here: document length, variables nesting and
 *   size, NUL characters, before Apollo Server sees the request.
 * - graphql-js `parse` with `maxTokens` (MAX_TOKENS): the parser stops counting at the limit.
 * - `DocumentGate` here, before Apollo Server parses and validates a document it has not seen: operations per
 *   document, root fields,
 *   the selections an operation expands to once fragments are spread (MAX_SELECTIONS), and how often one
 *   response key repeats in one selection set. Why before validation: graphql-js's OverlappingFieldsCanBeMerged
 *   compares every pair of same-named fields, so 400 copies of `b(x: 1) { c }` cost it 0.5 s; and every later walk
 *   (cost, access plan, plain-field pass, graphql-jit's compiler) expands fragment spreads, so a 2 kB document of
 *   8 levels of 20 spreads expands to 20^8 selections. Bounding the expansion bounds them all. (Apollo's plugin
 *   hooks cannot refuse at that point with a 400 — an error thrown there becomes a 500 — so the gate parses a new
 *   document once itself, before handing the request to Apollo.)
 * - GraphQL Armor's validation rules: depth (introspection's `ofType` chains included), aliases, directives.
 *
 * Everything here is pure and linear in the document: each fragment is measured once and its measure reused.
 */
import { createHash } from 'node:crypto';
import {
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';

export interface GraphQLLimits {
  /** Largest request body, bytes (Fastify's bodyLimit). */
  maxBodyBytes: number;
  /** Longest document, characters. */
  maxDocumentChars: number;
  /** Most lexical tokens in a document (graphql-js parse option). */
  maxTokens: number;
  /** Deepest selection nesting, fragments and introspection included. */
  maxDepth: number;
  /** Most aliases in an operation (fragments counted where they are spread). */
  maxAliases: number;
  /** Most directives in an operation. */
  maxDirectives: number;
  /** Most operations in one document. */
  maxOperations: number;
  /** Most root fields in one operation. */
  maxRootFields: number;
  /** Most field selections an operation expands to with every fragment spread in place. */
  maxSelections: number;
  /** Most times one response key may be selected in one selection set (fragments merged in). */
  maxFieldRepeats: number;
  /** Deepest nesting of objects and lists in the variables. */
  maxVariablesDepth: number;
  /** Most values (strings, numbers, objects, list items...) in the variables. */
  maxVariablesValues: number;
}

/** Error codes of the limits; each is documented in the README under "Limits and quotas". */
export const LimitCode = {
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  TOO_DEEP: 'TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  TOO_MANY_OPERATIONS: 'TOO_MANY_OPERATIONS',
  TOO_MANY_ROOT_FIELDS: 'TOO_MANY_ROOT_FIELDS',
  TOO_MANY_SELECTIONS: 'TOO_MANY_SELECTIONS',
  FIELD_REPEATED: 'FIELD_REPEATED',
  VARIABLES_TOO_LARGE: 'VARIABLES_TOO_LARGE',
} as const;

/**
 * A request refused by a limit: HTTP 400 (Apollo Server reads `extensions.http`) with the limit's code. Apollo
 * wraps validation errors in its own class with the code GRAPHQL_VALIDATION_FAILED; the server's error formatter
 * puts this code back (see `limitCodeOf`).
 */
export class LimitError extends GraphQLError {
  constructor(
    readonly code: (typeof LimitCode)[keyof typeof LimitCode],
    message: string,
    readonly limit: number,
  ) {
    super(message, { extensions: { code, limit } });
  }
}

/** The limit code carried by `error` or the error it wraps, if any. */
export function limitCodeOf(error: unknown): string | undefined {
  for (let e = error, i = 0; e && i < 3; e = (e as { originalError?: unknown }).originalError, i++) {
    if (e instanceof LimitError) return e.code;
  }
  return undefined;
}

/** GraphQL Armor's validation rules for depth, aliases and directives, each reporting its own code. */
export function armorRules(limits: GraphQLLimits): ValidationRule[] {
  // Armor reports through onReject; with propagateOnRejection off it neither throws nor reports by itself.
  const reporter =
    (code: LimitError['code'], limit: number, what: string) =>
    (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => {
      const found = /found (\d+)/.exec(error.message)?.[1];
      context?.reportError(
        new LimitError(
          code,
          `${what} is limited to ${limit}${found ? `; this operation has ${found}` : ''}.`,
          limit,
        ),
      );
    };
  const common = { exposeLimits: true, propagateOnRejection: false };
  return [
    maxDepthRule({
      ...common,
      n: limits.maxDepth,
      // Introspection counts too: `__type { fields { type { ofType { ofType ... } } } }` is how deep queries hide.
      ignoreIntrospection: false,
      flattenFragments: true,
      onReject: [reporter(LimitCode.TOO_DEEP, limits.maxDepth, 'Selection depth (fields nested in fields)')],
    }),
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      // Armor lets `__typename` aliases through by default; 10,001 of them once switched a cost check off.
      allowList: [],
      onReject: [reporter(LimitCode.TOO_MANY_ALIASES, limits.maxAliases, 'The number of aliases')],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [reporter(LimitCode.TOO_MANY_DIRECTIVES, limits.maxDirectives, 'The number of directives')],
    }),
  ] as ValidationRule[];
}

/** What a selection set (or fragment) expands to: field selections, and how often each response key occurs. */
interface Measure {
  selections: number;
  keys: Map<string, number>;
}

/**
 * Refuses a parsed document that is over a limit, before validation: operations, root fields per operation,
 * expanded selections, and repeated response keys. Linear in the document: fragments are measured once each;
 * counts saturate just past their limit, so a fragment that expands exponentially costs no more than one that
 * just crosses it.
 */
export function checkDocumentLimits(document: DocumentNode, limits: GraphQLLimits): LimitError | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  if (operations > limits.maxOperations) {
    return new LimitError(
      LimitCode.TOO_MANY_OPERATIONS,
      `A document may hold at most ${limits.maxOperations} operations; this one holds ${operations}. Send the others in their own requests.`,
      limits.maxOperations,
    );
  }
  const cap = limits.maxSelections + 1;
  const measurer = selectionMeasurer(document, cap, limits.maxFieldRepeats);
  const measure = measurer.measure;

  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = definition.name ? `Operation ${definition.name.value}` : 'The operation';
    const root = measure(definition.selectionSet);
    const repeated = measurer.repeated();
    if (repeated !== null) {
      return new LimitError(
        LimitCode.FIELD_REPEATED,
        `The response key "${repeated}" is selected more than ${limits.maxFieldRepeats} times in one selection set (fragments included). Select it once.`,
        limits.maxFieldRepeats,
      );
    }
    if (root.selections > limits.maxSelections) {
      return new LimitError(
        LimitCode.TOO_MANY_SELECTIONS,
        `${name} expands to more than ${limits.maxSelections} field selections once its fragments are spread in place. Select fewer fields or split it into several requests.`,
        limits.maxSelections,
      );
    }
    if (root.keys.size > limits.maxRootFields) {
      return new LimitError(
        LimitCode.TOO_MANY_ROOT_FIELDS,
        `${name} selects ${root.keys.size} root fields; at most ${limits.maxRootFields} are allowed. Split it into several requests.`,
        limits.maxRootFields,
      );
    }
  }
  return null;
}

/**
 * Measures selection sets of `document` with fragments spread in place: field selections (saturating at `cap`)
 * and response keys per set. Each fragment is measured once. `repeated()` names the first key seen more than
 * `maxRepeats` times in one set, if any (measuring stops early once one is).
 */
function selectionMeasurer(
  document: DocumentNode,
  cap: number,
  maxRepeats: number,
): { measure(selectionSet: SelectionSetNode): Measure; repeated(): string | null } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentMeasures = new Map<string, Measure>();
  // Fragments being measured: a cycle is a validation error (NoFragmentCycles), measured here as empty.
  const inProgress = new Set<string>();
  let repeated: string | null = null;

  const measure = (selectionSet: SelectionSetNode): Measure => {
    const result: Measure = { selections: 0, keys: new Map() };
    const add = (key: string, count: number) => {
      const total = Math.min((result.keys.get(key) ?? 0) + count, cap);
      result.keys.set(key, total);
      if (total > maxRepeats) repeated ??= key;
    };
    const merge = (inner: Measure) => {
      result.selections = Math.min(result.selections + inner.selections, cap);
      for (const [key, count] of inner.keys) add(key, count);
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        add(selection.alias?.value ?? selection.name.value, 1);
        const below = selection.selectionSet ? measure(selection.selectionSet).selections : 0;
        result.selections = Math.min(result.selections + 1 + below, cap);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        merge(measure(selection.selectionSet));
      } else {
        const name = selection.name.value;
        let inner = fragmentMeasures.get(name);
        if (!inner) {
          const fragment = fragments.get(name);
          if (!fragment || inProgress.has(name)) continue;
          inProgress.add(name);
          inner = measure(fragment.selectionSet);
          inProgress.delete(name);
          fragmentMeasures.set(name, inner);
        }
        merge(inner);
      }
      if (repeated !== null || result.selections >= cap) break;
    }
    return result;
  };
  return { measure, repeated: () => repeated };
}

/**
 * The field selections `operation` expands to with its fragments spread in place (at most `cap`): what its
 * compiled form grows with.
 */
export function expandedSelections(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  cap = 1_000_000,
): number {
  return selectionMeasurer(document, cap, Infinity).measure(operation.selectionSet).selections;
}

/**
 * Checks the variables of a request before they are coerced: nesting depth and number of values, without
 * recursion (a 60,000-deep value must be refused, not overflow the stack), and NUL characters, which PostgreSQL
 * can neither store nor match. Returns why the variables are refused, or null.
 */
export function checkVariables(
  variables: unknown,
  limits: Pick<GraphQLLimits, 'maxVariablesDepth' | 'maxVariablesValues'>,
): { code: string; message: string } | null {
  if (variables === null || variables === undefined) return null;
  // Work list of [value, depth, path]; the path is built only for NUL reports (strings and keys).
  const stack: [unknown, number, string][] = [[variables, 0, '$']];
  let values = 0;
  while (stack.length) {
    const [value, depth, path] = stack.pop()!;
    if (++values > limits.maxVariablesValues) {
      return {
        code: LimitCode.VARIABLES_TOO_LARGE,
        message: `The variables hold more than ${limits.maxVariablesValues} values; send less per request.`,
      };
    }
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return nulMessage(path);
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= limits.maxVariablesDepth) {
      return {
        code: LimitCode.VARIABLES_TOO_LARGE,
        message: `The variables nest objects and lists more than ${limits.maxVariablesDepth} levels deep (at ${path}); no argument of this API needs that.`,
      };
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], depth + 1, `${path}[${i}]`]);
    } else {
      for (const key of Object.keys(value)) {
        const at = path === '$' ? `$${key}` : `${path}.${key}`;
        if (key.includes('\u0000')) return nulMessage(at);
        stack.push([(value as Record<string, unknown>)[key], depth + 1, at]);
      }
    }
  }
  return null;
}

function nulMessage(path: string): { code: string; message: string } {
  return {
    code: 'BAD_USER_INPUT',
    message: `${path} holds a NUL character (U+0000), which no field can store or match; remove it.`,
  };
}

/**
 * Admits documents that are within the structural limits (`checkDocumentLimits`), parsing each new text once.
 * Texts already admitted are remembered by SHA-256 (at most `memory` of them, about 150 bytes each), so a
 * document sent again costs one hash. A text that does not parse is let through: Apollo Server refuses it with
 * GRAPHQL_PARSE_FAILED or TOO_MANY_TOKENS, in the same words as always.
 */
export class DocumentGate {
  private readonly admitted = new Map<string, true>();

  constructor(
    private readonly limits: GraphQLLimits,
    private readonly memory = 10_000,
  ) {}

  /** The limit `query` breaks, or null when it may go on. */
  admit(query: string): LimitError | null {
    const hash = createHash('sha256').update(query).digest('base64');
    if (this.admitted.has(hash)) {
      // Most recently used last: a Map keeps insertion order.
      this.admitted.delete(hash);
      this.admitted.set(hash, true);
      return null;
    }
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.limits.maxTokens, noLocation: true });
    } catch {
      return null;
    }
    const refused = checkDocumentLimits(document, this.limits);
    if (refused) return refused;
    if (this.admitted.size >= this.memory) this.admitted.delete(this.admitted.keys().next().value!);
    this.admitted.set(hash, true);
    return null;
  }
}
