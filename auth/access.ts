/**
 * Per-request access: what this caller may read in this operation, decided once per coordinate before any
 * resolver runs, and enforced by a synchronous guard on every field that has a resolver (no promise per field per
 * row) and by one walk over the result for the plain ones (auth/plain-fields.ts).
 */
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  getNullableType,
  isListType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import { deny } from 'graphql-shield';
import type { CatalogueItem, DirectorySnapshot } from './directory-state';
import { decideItem, type Caller, type ItemDecision } from './policy';
import { isStructuralType, type RuleTree } from './rules';
import { isMaskableType, maskerFor } from './masking';
import { isPlainField } from './plain-fields';
import type { HubContext } from '../src/context';

const SHIELD_OPTIONS = {
  debug: false,
  allowExternalErrors: true,
  fallbackRule: deny,
  hashFunction: () => '',
};

/** The outcome of a coordinate's rule for this operation. */
interface FieldVerdict {
  allowed: boolean;
  error?: GraphQLError;
  /** Set when the value must be masked before it leaves. */
  mask?: CatalogueItem['sensitivity'];
  /** Values served under this verdict (allowed ones): rows per resource for the audit trail. */
  served: number;
}

const NOT_PLANNED = new GraphQLError('This field was not planned for this operation.', {
  extensions: { code: 'FORBIDDEN' },
});

export class RequestAccess {
  private readonly decisions = new Map<string, ItemDecision>();
  private readonly verdicts = new Map<string, FieldVerdict>();
  private readonly reported = new Set<string>();
  private readonly scopes = new Map<string, readonly string[] | null>();

  constructor(
    readonly caller: Caller,
    readonly snapshot: DirectorySnapshot,
    /** Row types whose connectors apply district scopes in SQL. */
    private readonly districtScopedTypes: ReadonlySet<string>,
    readonly now: Date = new Date(),
  ) {}

  /** The catalogue item of `coordinate`, if any. */
  item(coordinate: string): CatalogueItem | undefined {
    return this.snapshot.items.get(coordinate);
  }

  /** The sharing-rule decision for a catalogued coordinate (NONE when it is not catalogued). Memoised. */
  itemDecision(coordinate: string): ItemDecision {
    let d = this.decisions.get(coordinate);
    if (!d) {
      const item = this.item(coordinate);
      d = item
        ? decideItem(this.caller, item, this.snapshot.grants, this.now)
        : { access: 'NONE', districtScope: null, grantIds: [] };
      this.decisions.set(coordinate, d);
    }
    return d;
  }

  /**
   * Evaluates the shield rule of every coordinate the operation selects, once each, and records the row scope
   * of every type whose selected fields are only readable through scoped grants.
   */
  async plan(ctx: HubContext, schema: GraphQLSchema, document: DocumentNode, tree: RuleTree): Promise<void> {
    const coordinates = selectedCoordinates(schema, document);
    await Promise.all(
      [...coordinates].map(async (coordinate) => {
        const [type, field] = coordinate.split('.');
        const rule = tree.rules[type]?.[field] ?? tree.fallbackRule;
        // Rules read only the context: no parent or info exists before execution, and none is needed.
        const result = await rule.resolve({}, {}, ctx as never, undefined as never, SHIELD_OPTIONS as never);
        const item = this.item(coordinate);
        if (result === true) {
          const masked = item && this.itemDecision(coordinate).access === 'READ_MASKED';
          this.verdicts.set(coordinate, {
            allowed: true,
            mask: masked ? item.sensitivity : undefined,
            served: 0,
          });
        } else {
          const error =
            result instanceof GraphQLError
              ? withCoordinate(result, coordinate)
              : new GraphQLError(
                  result instanceof Error ? result.message : `Access to ${coordinate} is denied.`,
                  {
                    extensions: { code: 'FORBIDDEN', coordinate },
                  },
                );
          this.verdicts.set(coordinate, { allowed: false, error, served: 0 });
        }
      }),
    );
    // Row scope per row type: the intersection of the scopes of the selected, readable catalogued fields that
    // read rows of that type (a scalar field its parent's rows; a list or link field the rows it returns).
    for (const coordinate of coordinates) {
      const item = this.item(coordinate);
      const verdict = this.verdicts.get(coordinate);
      if (!item || !verdict?.allowed) continue;
      const scope = this.itemDecision(coordinate).districtScope;
      if (scope === null) continue;
      const type = scopeTarget(schema, coordinate);
      if (!this.districtScopedTypes.has(type)) {
        // No connector can limit these rows to districts: serving them would ignore the grant's scope.
        this.verdicts.set(coordinate, {
          allowed: false,
          served: 0,
          error: new GraphQLError(
            `${coordinate} is granted for some districts only, and ${type} rows cannot be limited to districts; ask for an unscoped grant.`,
            { extensions: { code: 'FORBIDDEN', coordinate } },
          ),
        });
        continue;
      }
      const current = this.scopes.get(type);
      this.scopes.set(type, current == null ? scope : current.filter((d) => scope.includes(d)));
    }
  }

  /**
   * District codes the rows of `typeName` must lie in for this caller and operation, or null for all rows.
   * Connectors apply it in SQL, so rows outside it are never fetched.
   */
  rowScope(typeName: string): readonly string[] | null {
    return this.scopes.get(typeName) ?? null;
  }

  /** The planned verdict of a coordinate; unplanned coordinates are denied. */
  verdict(coordinate: string): FieldVerdict {
    return this.verdicts.get(coordinate) ?? { allowed: false, error: NOT_PLANNED, served: 0 };
  }

  /**
   * What this operation returned, for the audit trail: catalogued coordinates served (and which masked), those
   * denied, rows per resource (the most values served of any one of its items), and the grants used.
   */
  auditSummary(): {
    returned: string[];
    masked: string[];
    denied: string[];
    rowsPerResource: Record<string, number>;
    grantIds: number[];
  } {
    const returned: string[] = [];
    const masked: string[] = [];
    const rowsPerResource: Record<string, number> = {};
    const grants = new Set<number>();
    for (const [coordinate, verdict] of this.verdicts) {
      const count = verdict.served;
      const item = count > 0 ? this.item(coordinate) : undefined;
      if (!item) continue;
      returned.push(coordinate);
      if (verdict.mask) masked.push(coordinate);
      rowsPerResource[item.resourceCode] = Math.max(rowsPerResource[item.resourceCode] ?? 0, count);
      for (const id of this.itemDecision(coordinate).grantIds) grants.add(id);
    }
    const denied = [...this.verdicts].filter(([c, v]) => !v.allowed && this.item(c)).map(([c]) => c);
    return {
      returned: returned.sort(),
      masked: masked.sort(),
      denied: denied.sort(),
      rowsPerResource,
      grantIds: [...grants].sort((a, b) => a - b),
    };
  }

  /** True the first time a denied coordinate is reported: one error per coordinate, not one per row. */
  firstDenial(coordinate: string): boolean {
    if (this.reported.has(coordinate)) return false;
    this.reported.add(coordinate);
    return true;
  }
}

/**
 * `error` naming `coordinate`: a role rule is shared by many fields, so its error says only which role is needed;
 * the client must also learn which field was refused.
 */
function withCoordinate(error: GraphQLError, coordinate: string): GraphQLError {
  if (error.extensions.coordinate) return error;
  return new GraphQLError(`${coordinate}: ${error.message}`, {
    extensions: { ...error.extensions, coordinate },
  });
}

/**
 * The row type a coordinate's district scope limits: for a root field or a to-many field (a list or a
 * connection), the rows it returns; for a scalar or a to-one link (KeyProject.district), its parent's rows.
 */
export function scopeTarget(schema: GraphQLSchema, coordinate: string): string {
  const [typeName, fieldName] = coordinate.split('.');
  const type = schema.getType(typeName);
  const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
  if (!field) return typeName;
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return typeName;
  const connectionNodes = named.name.endsWith('Connection') ? named.getFields().nodes : undefined;
  if (connectionNodes) return getNamedType(connectionNodes.type).name;
  const toMany = isListType(getNullableType(field.type));
  return typeName === schema.getQueryType()?.name || toMany ? named.name : typeName;
}

const coordinatesCache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, ReadonlySet<string>>>();

/**
 * Every `Type.field` the operation (with its fragments) selects, except introspection. Remembered per parsed
 * document: Apollo Server keeps one DocumentNode per query text in its document store (src/graphql-server.ts).
 */
export function selectedCoordinates(schema: GraphQLSchema, document: DocumentNode): ReadonlySet<string> {
  let bySchema = coordinatesCache.get(schema);
  if (!bySchema) coordinatesCache.set(schema, (bySchema = new WeakMap()));
  let found = bySchema.get(document);
  if (!found) bySchema.set(document, (found = collectCoordinates(schema, document)));
  return found;
}

function collectCoordinates(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const typeInfo = new TypeInfo(schema);
  const found = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && !node.name.value.startsWith('__')) found.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return found;
}

/**
 * Wraps every field resolver of every object type with the guard: allowed fields resolve (masked where the
 * verdict says so); denied ones resolve to null, with a FORBIDDEN error the first time per operation.
 * The guard is synchronous: a field costs one Map lookup more, not a promise. Plain fields (nullable scalars
 * without a resolver) stay unwrapped: `settlePlainFields` applies their verdicts to the result. So do the fields
 * of structural types, which every caller may read.
 */
export function guardSchema(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      // Structural types (connections, edges, page info) are allowed to everyone by the rule tree and carry no
      // catalogued data, so there is nothing to guard: left bare, the compiled executor reads them as properties.
      if (typeName.startsWith('__') || isStructuralType(typeName) || isPlainField(config)) return config;
      const coordinate = `${typeName}.${fieldName}`;
      const resolve: GraphQLFieldResolver<unknown, HubContext> = config.resolve ?? defaultFieldResolver;
      const maskable = isMaskableType(config.type);
      return {
        ...config,
        resolve(source, args, ctx, info) {
          const verdict = ctx.access.verdict(coordinate);
          if (!verdict.allowed) {
            if (ctx.access.firstDenial(coordinate)) throw verdict.error;
            return null;
          }
          // The verdict object is this operation's own: counting on it spares a second Map lookup per value.
          verdict.served++;
          const value = resolve(source, args, ctx, info);
          if (!verdict.mask) return value;
          const mask = maskerFor(verdict.mask, maskable);
          return value instanceof Promise ? value.then(mask) : mask(value);
        },
      };
    },
  });
}
