/**
 * Column projection: a list reads only the columns its query selects (plus its keys), not every column of the
 * row type. Fewer columns are less work for PostgreSQL (casts, to_char) and for the driver (parsing each value).
 */
import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/** The columns of a row type: row property -> select-list expression (aliased to the property). */
export type ColumnMap = Readonly<Record<string, string>>;

/** What a row type's GraphQL fields read from the row, where that is not the column of the same name. */
export type FieldNeeds = Readonly<Record<string, readonly string[]>>;

/**
 * Row properties needed to answer `fields` of a row type: a field named like a column needs that column, a field
 * listed in `needs` (a link or nested list) needs what it lists. Null (read every column) when a field is
 * neither, or when the selection is unknown.
 */
export function neededProperties(
  fields: ReadonlySet<string> | null,
  columns: ColumnMap,
  needs: FieldNeeds,
): Set<string> | null {
  if (fields === null) return null;
  const properties = new Set<string>();
  for (const field of fields) {
    if (field === '__typename') continue;
    if (needs[field]) for (const p of needs[field]) properties.add(p);
    else if (field in columns) properties.add(field);
    else return null;
  }
  return properties;
}

/**
 * The select list for `properties` plus `required` (keys and sort columns), in the map's order; every column when
 * `properties` is null. Always the same text for the same set, so statements stay few and comparable.
 */
export function selectList(
  columns: ColumnMap,
  properties: ReadonlySet<string> | null,
  required: readonly string[],
): string {
  return Object.entries(columns)
    .filter(([property]) => properties === null || properties.has(property) || required.includes(property))
    .map(([, expression]) => expression)
    .join(', ');
}

/**
 * The select list of a row type for a selection, computed once per selection: `connectionNodeFields` returns one
 * Set per query field, and a list's resolver runs once per parent row, so the list is looked up, not rebuilt.
 */
export function projection(
  columns: ColumnMap,
  needs: FieldNeeds,
  required: readonly string[],
): (fields: ReadonlySet<string> | null) => string {
  const all = selectList(columns, null, required);
  const bySelection = new WeakMap<ReadonlySet<string>, string>();
  return (fields) => {
    if (fields === null) return all;
    let list = bySelection.get(fields);
    if (list === undefined) {
      list = selectList(columns, neededProperties(fields, columns, needs), required);
      bySelection.set(fields, list);
    }
    return list;
  };
}

/**
 * The fields selected on the nodes of the connection being resolved (under `nodes` and `edges { node }`),
 * through fragments. Fields under @include/@skip count as selected: reading a column too many is harmless.
 */
export function connectionNodeFields(info: GraphQLResolveInfo): ReadonlySet<string> {
  // graphql-js shares one fieldNodes array among the siblings of a list: compute once per array.
  const cached = nodeFieldsCache.get(info.fieldNodes);
  if (cached) return cached;
  const fields = new Set<string>();
  nodeFieldsCache.set(info.fieldNodes, fields);
  for (const field of info.fieldNodes) {
    for (const child of fieldsOf(field.selectionSet, info.fragments)) {
      if (child.name.value === 'nodes') addNames(fields, child.selectionSet, info.fragments);
      if (child.name.value === 'edges') {
        for (const edge of fieldsOf(child.selectionSet, info.fragments)) {
          if (edge.name.value === 'node') addNames(fields, edge.selectionSet, info.fragments);
        }
      }
    }
  }
  return fields;
}

const nodeFieldsCache = new WeakMap<readonly FieldNode[], Set<string>>();

function addNames(
  into: Set<string>,
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
): void {
  for (const f of fieldsOf(selectionSet, fragments)) into.add(f.name.value);
}

/** The field nodes of a selection set, fragments spread in. */
function fieldsOf(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
): FieldNode[] {
  const out: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      out.push(...fieldsOf(selection.selectionSet, fragments));
    else out.push(...fieldsOf(fragments[selection.name.value]?.selectionSet, fragments));
  }
  return out;
}
