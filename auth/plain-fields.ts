/**
 * Plain fields: the guard's work for scalar fields that have no resolver, done once over the finished result.
 *
 * Why: the compiled executor (graphql-jit) reads a field without a resolver as a property of its parent row, with
 * no call at all; a field with a resolver costs a call, a resolve-info object and error handling per row. Most of a
 * response is such plain scalars (500 payments x 3 fields in bench scenario 2), so `guardSchema` leaves them
 * unwrapped and this module applies their verdicts afterwards, in one walk over the data: count what was served
 * (for the audit trail), mask what must be masked, and null what is denied, with one FORBIDDEN error per
 * coordinate, at the first place it occurs. The value of a denied field is read from a row the hub fetched anyway;
 * it never leaves the process.
 *
 * Only nullable scalars and enums qualify (a non-null field that is denied must fail its parent, as the guard
 * does), and only when the field has no resolver of its own (a resolver may load data, which a denial must
 * prevent). Everything else keeps the guard of `guardSchema`.
 */
import {
  GraphQLError,
  getNamedType,
  isLeafType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { RequestAccess } from './access';
import { isMaskableType, maskServed } from './masking';

/** True for a field the guard leaves to `settlePlainFields`: a nullable scalar or enum without a resolver. */
export function isPlainField(field: {
  type: GraphQLField<unknown, unknown>['type'];
  resolve?: unknown;
}): boolean {
  return !field.resolve && isLeafType(field.type);
}

/** One response key of an object in the result, and what lies under it. */
interface SelectedField {
  key: string;
  coordinate: string;
  /** Set for a plain field: its verdict is applied here. */
  plain: boolean;
  /** A plain field's slot among its operation's plain fields (its verdict is looked up once per request). */
  slot: number;
  /** Text types are masked; other plain values under a mask are withheld. */
  maskable: boolean;
  node: FieldNode;
  /** The selections under an object-typed field that lead to plain fields; null when none do. */
  child: SelectionTree | null;
}

type SelectionTree = SelectedField[];

/** An operation's plain fields: the tree that reaches them, and how many there are. */
export interface PlainFieldPlan {
  root: SelectionTree;
  slots: number;
}

const treeCache = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, PlainFieldPlan | null>>();

/**
 * The response keys of `operation` that reach plain fields, per object, with fragments merged. Built once per
 * operation node (the /graphql pipeline keeps one parsed document per query text).
 */
export function plainFieldTree(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): PlainFieldPlan | null {
  let bySchema = treeCache.get(schema);
  if (!bySchema) treeCache.set(schema, (bySchema = new WeakMap()));
  if (bySchema.has(operation)) return bySchema.get(operation)!;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const counter = { slots: 0 };
  const tree = root ? buildTree(root, [operation.selectionSet], fragments, counter) : null;
  const plan = tree ? { root: tree, slots: counter.slots } : null;
  bySchema.set(operation, plan);
  return plan;
}

function buildTree(
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  counter: { slots: number },
): SelectionTree | null {
  // Field nodes by response key: the same key may be selected in several fragments (validation made them agree).
  const byKey = new Map<string, FieldNode[]>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const key = selection.alias?.value ?? selection.name.value;
        const nodes = byKey.get(key);
        if (nodes) nodes.push(selection);
        else byKey.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  for (const selectionSet of selectionSets) collect(selectionSet);
  const fields = type.getFields();
  const tree: SelectionTree = [];
  for (const [key, nodes] of byKey) {
    const field = fields[nodes[0].name.value];
    if (!field) continue;
    const named = getNamedType(field.type);
    const plain = isPlainField(field);
    let child: SelectionTree | null = null;
    if (isObjectType(named)) {
      const subSets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      child = buildTree(named, subSets, fragments, counter);
    }
    if (!plain && !child) continue;
    tree.push({
      key,
      coordinate: `${type.name}.${field.name}`,
      plain,
      slot: plain ? counter.slots++ : -1,
      maskable: isMaskableType(field.type),
      node: nodes[0],
      child,
    });
  }
  return tree.length ? tree : null;
}

/**
 * Applies the verdicts of `access` to the plain fields of `data` (the result of the operation `plan` was built
 * for), in place: counts served values, masks, and nulls denied ones. Returns the FORBIDDEN errors to add, one
 * per denied coordinate not already reported by the guard.
 */
export function settlePlainFields(
  data: Record<string, unknown> | null | undefined,
  plan: PlainFieldPlan | null,
  access: RequestAccess,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (!data || !plan) return errors;
  // The current path, pushed and popped as the walk goes: copied only when an error needs it.
  const path: (string | number)[] = [];
  // Verdicts are this operation's: looked up once per selected field, not once per value (5,000 rows x 8 fields).
  const verdicts: ReturnType<RequestAccess['verdict']>[] = new Array(plan.slots);
  const verdictOf = (field: SelectedField) => (verdicts[field.slot] ??= access.verdict(field.coordinate));

  const visitObject = (object: Record<string, unknown>, fields: SelectionTree) => {
    for (const field of fields) {
      if (!(field.key in object)) continue; // skipped by @skip/@include, or never resolved
      const value = object[field.key];
      if (field.plain) {
        const verdict = verdictOf(field);
        if (!verdict.allowed) {
          if (value !== null && value !== undefined) object[field.key] = null;
          if (access.firstDenial(field.coordinate)) {
            errors.push(
              new GraphQLError(verdict.error!.message, {
                nodes: field.node,
                path: [...path, field.key],
                originalError: verdict.error,
              }),
            );
          }
          continue;
        }
        verdict.served++;
        if (verdict.mask) {
          object[field.key] = maskServed(value, verdict.mask, field.maskable);
        }
      } else if (field.child && value !== null && value !== undefined) {
        path.push(field.key);
        visitValue(value, field.child);
        path.pop();
      }
    }
  };

  const visitValue = (value: unknown, fields: SelectionTree) => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (value[i] === null || value[i] === undefined) continue;
        path.push(i);
        visitValue(value[i], fields);
        path.pop();
      }
    } else {
      visitObject(value as Record<string, unknown>, fields);
    }
  };

  visitObject(data, plan.root);
  return errors;
}
