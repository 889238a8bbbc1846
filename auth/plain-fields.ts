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
  isAbstractType,
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
import type { FieldVerdict, OperationVerdicts } from './verdict';
import { isMaskableType, maskerFor, type Masker } from './masking';

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
  /** Text types are masked; other plain values under a mask are withheld. */
  maskable: boolean;
  node: FieldNode;
  /** The selections under an object-typed field that lead to plain fields; null when none do. */
  child: SelectionTree | null;
}

type SelectionTree = SelectedField[];

/** An operation's plain fields: the tree that reaches them. */
export interface PlainFieldPlan {
  /** Null when the operation reaches no plain field. */
  root: SelectionTree | null;
  /**
   * The operation selects a field of a union or interface type (a subgraph's `_entities`): the walk cannot tell
   * which type each object there is, so its plain fields cannot be settled afterwards. Such an operation must run
   * on the schema whose plain fields are guarded by resolvers (auth/access.ts `guardPlainFields`).
   */
  abstract: boolean;
}

const treeCache = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, PlainFieldPlan>>();

/**
 * The response keys of `operation` that reach plain fields, per object, with fragments merged. Built once per
 * operation node (Apollo's document store keeps one parsed document per query text).
 */
export function plainFieldTree(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): PlainFieldPlan {
  let bySchema = treeCache.get(schema);
  if (!bySchema) treeCache.set(schema, (bySchema = new WeakMap()));
  let plan = bySchema.get(operation);
  if (plan) return plan;
  const rootType = schema.getRootType(operation.operation);
  const found = { abstract: false };
  const root = rootType ? buildTree(rootType, [operation.selectionSet], fragmentsOf(document), found) : null;
  plan = { root, abstract: found.abstract };
  bySchema.set(operation, plan);
  return plan;
}

/** The document's fragments by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

function buildTree(
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  found: { abstract: boolean },
): SelectionTree | null {
  // Field nodes by response key: the same key may be selected in several fragments (validation made them agree).
  const byKey = new Map<string, FieldNode[]>();
  // Each fragment is collected once per selection set, as graphql-js's collectFields does: `...F ...F` adds
  // nothing the first spread did not, and expanding it again would grow with the number of spreads.
  const spread = new Set<string>();
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
      } else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
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
      child = buildTree(named, subSets, fragments, found);
    } else if (isAbstractType(named)) {
      found.abstract = true;
    }
    if (!plain && !child) continue;
    tree.push({
      key,
      coordinate: `${type.name}.${field.name}`,
      plain,
      maskable: isMaskableType(field.type),
      node: nodes[0],
      child,
    });
  }
  return tree.length ? tree : null;
}

type Verdict = FieldVerdict;

/**
 * One object position of the tree with this request's verdicts applied: what each object found there needs.
 * Built once per request (a few entries per selected field), so the walk over thousands of rows does no lookups.
 */
interface SettledNode {
  /** Allowed, unmasked plain fields: counted per object at this position, never read. */
  counted: { key: string; verdict: Verdict }[];
  masked: { key: string; verdict: Verdict; mask: Masker }[];
  denied: { field: SelectedField; verdict: Verdict }[];
  children: { key: string; node: SettledNode }[];
  /**
   * Nothing to change here or below, only objects to count: the walk counts such a single object (an
   * enterprise's industry) where it stands rather than visiting it. 5,000 rows with two such children took a
   * third of the walk's time in calls and path bookkeeping.
   */
  countOnly: boolean;
  /** Objects visited at this position, and the first of them (see `settleCounts`). */
  objects: number;
  first: Record<string, unknown> | null;
}

function settledNode(tree: SelectionTree, access: OperationVerdicts): SettledNode {
  const node: SettledNode = {
    counted: [],
    masked: [],
    denied: [],
    children: [],
    countOnly: false,
    objects: 0,
    first: null,
  };
  for (const field of tree) {
    if (field.plain) {
      // The same coordinate at several positions shares one verdict object, so its count adds up.
      const verdict = access.verdict(field.coordinate);
      if (!verdict.allowed) node.denied.push({ field, verdict });
      else if (verdict.mask)
        node.masked.push({ key: field.key, verdict, mask: maskerFor(verdict.mask, field.maskable) });
      else node.counted.push({ key: field.key, verdict });
    } else if (field.child) {
      node.children.push({ key: field.key, node: settledNode(field.child, access) });
    }
  }
  node.countOnly = !node.masked.length && !node.denied.length && !node.children.length;
  return node;
}

// SKIPPED: the compiled executor gives a field left out by @skip/@include the value undefined (the key is there;
// JSON leaves it out), and a selected field with nothing to read null. So undefined means "not served".

/**
 * Adds the objects seen at each position to the served count of its counted fields. Why the first object
 * decides for all: every object at one position was built from the same selection with the same variables, so a
 * field skipped in one is skipped in all of them.
 */
function settleCounts(node: SettledNode): void {
  if (node.first) {
    for (const { key, verdict } of node.counted)
      if (node.first[key] !== undefined) verdict.served += node.objects;
  }
  for (const child of node.children) settleCounts(child.node);
}

/**
 * Applies the verdicts of `access` to the plain fields of `data` (the result of the operation `plan` was built
 * for), in place: counts served values, masks, and nulls denied ones. Returns the FORBIDDEN errors to add, one
 * per denied coordinate not already reported by the guard.
 */
export function settlePlainFields(
  data: Record<string, unknown> | null | undefined,
  plan: PlainFieldPlan,
  access: OperationVerdicts,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (!data || !plan.root) return errors;
  // The current path, pushed and popped as the walk goes: copied only when an error needs it.
  const path: (string | number)[] = [];

  const visitObject = (object: Record<string, unknown>, node: SettledNode) => {
    if (node.objects++ === 0) node.first = object;
    for (const m of node.masked) {
      const value = object[m.key];
      if (value === undefined) continue; // skipped (see SKIPPED)
      m.verdict.served++;
      // Always masked here: this walk sees the answer, whose keys a client chooses (an alias can be named
      // districtCode), not the rows. Verdicts held in clear for some districts run on the schema whose plain
      // fields are guarded (guardPlainFields), where the resolver sees the row.
      object[m.key] = m.mask(value);
    }
    for (const { field, verdict } of node.denied) {
      const value = object[field.key];
      if (value === undefined) continue;
      if (value !== null) object[field.key] = null;
      if (access.firstDenial(field.coordinate)) {
        errors.push(
          new GraphQLError(verdict.error!.message, {
            nodes: field.node,
            path: [...path, field.key],
            originalError: verdict.error,
          }),
        );
      }
    }
    for (const child of node.children) {
      const value = object[child.key];
      if (value === null || value === undefined) continue;
      if (child.node.countOnly && !Array.isArray(value)) {
        if (child.node.objects++ === 0) child.node.first = value as Record<string, unknown>;
        continue;
      }
      path.push(child.key);
      visitValue(value, child.node);
      path.pop();
    }
  };

  const visitValue = (value: unknown, node: SettledNode) => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (value[i] === null || value[i] === undefined) continue;
        path.push(i);
        visitValue(value[i], node);
        path.pop();
      }
    } else {
      visitObject(value as Record<string, unknown>, node);
    }
  };

  const root = settledNode(plan.root, access);
  visitObject(data, root);
  settleCounts(root);
  return errors;
}
