/**
 * An example query for a catalogue resource, derived from the schema: the shortest way from `Query` to the
 * resource's type, then the type's own leaf fields. The console's catalogue offers it as "try it" in GraphiQL, so
 * that a person reads a resource without writing GraphQL.
 *
 * Why derive it: the catalogue changes with the schema (a source adds a field, a resource moves), and a hand-written
 * example per resource would go stale without anything noticing. `npm test` runs every example that exists.
 */
import {
  getNamedType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** Rows an example asks for, where a field takes `first`. */
const EXAMPLE_ROWS = 5;
/** Hops from Query tried at most (Query → Region → enterprises → nodes → annualReports is 4 object hops). */
const MAX_DEPTH = 5;
/** Leaf fields selected at most. */
const MAX_LEAVES = 12;

interface Step {
  field: string;
  args: string;
}

/** A literal for a required argument, when one can be made without knowing the data (an enum's first value). */
function requiredLiteral(type: GraphQLInputType): string | null {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isEnumType(inner)) return inner.getValues()[0]?.name ?? null;
  if (isListType(inner)) {
    const element = requiredLiteral(inner.ofType);
    return element === null ? null : `[${element}]`;
  }
  return null;
}

/** The arguments an example passes to `field` (`first` and required enums), or null if it cannot call it. */
function exampleArgs(field: GraphQLField<unknown, unknown>): string | null {
  const parts: string[] = [];
  for (const arg of field.args) {
    if (arg.name === 'first') parts.push(`first: ${EXAMPLE_ROWS}`);
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      const literal = requiredLiteral(arg.type);
      if (literal === null) return null;
      parts.push(`${arg.name}: ${literal}`);
    }
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/**
 * The example query for resource type `typeName`, or null when no field path from Query reaches it with arguments
 * an example can fill. `preferred` are the resource's own coordinates: a path through them wins a tie.
 */
export function exampleQuery(
  schema: GraphQLSchema,
  typeName: string,
  preferred: ReadonlySet<string> = new Set(),
): string | null {
  const target = schema.getType(typeName);
  const query = schema.getQueryType();
  if (!query || !target || !isObjectType(target)) return null;
  // Breadth-first over object types: the first path found is a shortest one.
  const seen = new Set<string>([query.name]);
  let frontier: { type: GraphQLObjectType; path: Step[] }[] = [{ type: query, path: [] }];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: typeof frontier = [];
    for (const { type, path } of frontier) {
      const fields = Object.values(type.getFields()).sort(
        (a, b) =>
          Number(preferred.has(`${type.name}.${b.name}`)) - Number(preferred.has(`${type.name}.${a.name}`)),
      );
      for (const field of fields) {
        const named = getNamedType(field.type);
        if (!isObjectType(named) || field.name.startsWith('_')) continue;
        const args = exampleArgs(field);
        if (args === null) continue;
        const step = [...path, { field: field.name, args }];
        if (named.name === typeName) return render(step, target, preferred);
        // A connection's rows are its nodes.
        const nodes = named.name.endsWith('Connection') ? named.getFields().nodes : undefined;
        if (nodes) {
          const node = getNamedType(nodes.type);
          const withNodes = [...step, { field: 'nodes', args: '' }];
          if (node.name === typeName) return render(withNodes, target, preferred);
          if (isObjectType(node) && !seen.has(node.name)) {
            seen.add(node.name);
            next.push({ type: node, path: withNodes });
          }
        } else if (!seen.has(named.name)) {
          seen.add(named.name);
          next.push({ type: named, path: step });
        }
      }
    }
    frontier = next;
  }
  return null;
}

/** Fields that say which row it is, selected whatever the resource. */
const IDENTITY = new Set(['id', 'code', 'creditCode', 'name']);

/**
 * The query along `path`, selecting the target's identifying fields and the resource's own leaf fields (all its
 * leaf fields when it names none: a type several resources share shows each its own).
 */
function render(path: Step[], target: GraphQLObjectType, preferred: ReadonlySet<string>): string {
  const leafFields = Object.values(target.getFields()).filter(
    (f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)),
  );
  const own = leafFields.filter((f) => preferred.has(`${target.name}.${f.name}`));
  const leaves = (own.length ? leafFields.filter((f) => IDENTITY.has(f.name) || own.includes(f)) : leafFields)
    .slice(0, MAX_LEAVES)
    .map((f) => f.name);
  let body = leaves.join(' ');
  for (let i = path.length - 1; i >= 0; i--) body = `${path[i].field}${path[i].args} { ${body} }`;
  return `{ ${body} }`;
}
