/**
 * Per-request access: what this caller may read in this operation, decided once per coordinate before any
 * resolver runs, and enforced by a synchronous guard on every field that has a resolver (no promise per field per
 * row) and by one walk over the result for the plain ones (auth/plain-fields.ts).
 */
import {
  defaultFieldResolver,
  getDirectiveValues,
  getNamedType,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNullableType,
  getVariableValues,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentSpreadNode,
  type GraphQLFieldConfig,
  type GraphQLResolveInfo,
  GraphQLString,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import { deny, type IRule } from 'graphql-shield';
import type { CatalogueItem, DirectorySnapshot } from './directory-state';
import { decideItem, type Caller, type ItemDecision } from './policy';
import { isStructuralType, type RuleContext, type RuleTree } from './rules';
import { isMaskableType, maskerFor, servedInClear } from './masking';
import { fragmentsOf, isPlainField } from './plain-fields';
import type { FieldVerdict, OperationVerdicts } from './verdict';
import { suppressSmallGroups } from './aggregates';
import type { SmallGroupRule } from './catalogue-declarations';

/** The options graphql-shield passes a rule (its IOptions): errors a rule returns are the caller's answer. */
const SHIELD_OPTIONS: Parameters<IRule['resolve']>[4] = {
  debug: false,
  allowExternalErrors: true,
  fallbackRule: deny,
  hashFunction: () => '',
};

/**
 * What the permission layer reads from a request's context: who calls, and this operation's access. The hub's
 * context (src/context.ts) is one; `auth` names no module above it.
 */
export interface AccessContext extends RuleContext {
  access: RequestAccess;
}

const NOT_PLANNED = new GraphQLError('This field was not planned for this operation.', {
  extensions: { code: 'FORBIDDEN' },
});

export class RequestAccess implements OperationVerdicts {
  private readonly decisions = new Map<string, ItemDecision>();
  private readonly verdicts = new Map<string, FieldVerdict>();
  private readonly reported = new Set<string>();
  private readonly scopes = new Map<string, readonly string[] | null>();
  /** On a subgraph: the row scopes the gateway planned for the whole operation (see `constrainTo`). */
  private forwarded: Readonly<Record<string, readonly string[]>> | null = null;

  constructor(
    readonly caller: Caller,
    readonly snapshot: DirectorySnapshot,
    /** Row types whose connectors apply district scopes in SQL. */
    private readonly districtScopedTypes: ReadonlySet<string>,
    readonly now: Date = new Date(),
  ) {}

  /**
   * On a subgraph: the district scopes the gateway planned for the client's whole operation, by row type (the
   * single process's `appliedScopes`). A subgraph sees only its part of the operation, so by itself it would limit
   * a type's rows only by the fields of that part; with these it limits them as the whole operation does, and it
   * may serve a scoped field on rows it cannot limit itself (another source's entity) when the gateway's scope for
   * them lies within the field's (those rows were fetched, by the owning subgraph, under it). Call before `plan`.
   */
  constrainTo(scopes: Readonly<Record<string, readonly string[]>>): void {
    this.forwarded = scopes;
  }

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
        : { access: 'NONE', districtScope: null, clearDistricts: [], grantIds: [] };
      this.decisions.set(coordinate, d);
    }
    return d;
  }

  /**
   * Evaluates the shield rule of every coordinate the operation selects, once each, and records the row scope
   * of every type whose selected fields are only readable through scoped grants.
   */
  async plan(
    ctx: AccessContext,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    tree: RuleTree,
  ): Promise<void> {
    const coordinates = selectedCoordinates(schema, document, operation, variables);
    // graphql-shield's rule context, with the cache its rules keep per request (ours cache nothing: 'no_cache').
    const shieldContext = { caller: ctx.caller, access: ctx.access, _shield: { cache: {} } };
    const fragments = Object.fromEntries(fragmentsOf(document));
    await Promise.all(
      [...coordinates].map(async (coordinate) => {
        const [type, field] = coordinate.split('.');
        const rule = tree.rules[type]?.[field] ?? tree.fallbackRule;
        // Evaluated through graphql-shield's own rule interface, once per coordinate, before execution: there is
        // no parent row yet, and the info describes the field, not one of its occurrences (rules read neither).
        const info = coordinateInfo(schema, operation, fragments, variables, type, field);
        const result = await rule.resolve({}, {}, shieldContext, info, SHIELD_OPTIONS);
        const item = this.item(coordinate);
        if (result === true) {
          const decision = item && this.itemDecision(coordinate);
          const masked = decision?.access === 'READ_MASKED';
          this.verdicts.set(coordinate, {
            allowed: true,
            mask: masked ? item!.sensitivity : undefined,
            clearIn: masked && decision.clearDistricts.length ? new Set(decision.clearDistricts) : undefined,
            served: 0,
            servedClear: 0,
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
          this.verdicts.set(coordinate, { allowed: false, error, served: 0, servedClear: 0 });
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
      const limitedElsewhere = this.forwarded?.[type]?.every((d) => scope.includes(d)) ?? false;
      if (!this.districtScopedTypes.has(type) && !limitedElsewhere) {
        // No connector can limit these rows to districts: serving them would ignore the grant's scope.
        this.verdicts.set(coordinate, {
          allowed: false,
          served: 0,
          servedClear: 0,
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
    for (const [type, scope] of Object.entries(this.forwarded ?? {})) {
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

  /**
   * The district scopes this operation's rows were limited to, by row type (`{ Enterprise: ['370202'] }`), or
   * null when none was: told to the caller in the response's extensions, so that an empty list or a null lookup
   * can be read as "withheld by the grant's scope" rather than "not found".
   */
  appliedScopes(): Record<string, readonly string[]> | null {
    if (this.scopes.size === 0) return null;
    const applied: Record<string, readonly string[]> = {};
    for (const [type, scope] of [...this.scopes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (scope !== null) applied[type] = scope;
    }
    return applied;
  }

  /**
   * True when a masked item of this operation is held in clear for some districts: then values are masked row by
   * row, and the operation runs on the schema of `guardPlainFields`.
   */
  masksByRow(): boolean {
    for (const verdict of this.verdicts.values()) if (verdict.clearIn) return true;
    return false;
  }

  /** The planned verdict of a coordinate; unplanned coordinates are denied. */
  verdict(coordinate: string): FieldVerdict {
    return this.verdicts.get(coordinate) ?? { allowed: false, error: NOT_PLANNED, served: 0, servedClear: 0 };
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
      // Masked: some of its values left masked (those served in clear under a clear grant count as returned).
      if (verdict.mask && verdict.servedClear < count) masked.push(coordinate);
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

/** The resolve info of `type.field` in `operation`, as a rule evaluated before execution sees it. */
function coordinateInfo(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: GraphQLResolveInfo['fragments'],
  variableValues: Record<string, unknown>,
  typeName: string,
  fieldName: string,
): GraphQLResolveInfo {
  const parentType = schema.getType(typeName);
  const definition = isObjectType(parentType) ? parentType.getFields()[fieldName] : undefined;
  return {
    fieldName,
    fieldNodes: [],
    returnType: definition?.type ?? GraphQLString,
    parentType: isObjectType(parentType) ? parentType : schema.getQueryType()!,
    path: { prev: undefined, key: fieldName, typename: typeName },
    schema,
    fragments,
    rootValue: undefined,
    operation,
    variableValues,
  };
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

const coordinatesCache = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, ReadonlySet<string>>>();

/**
 * Every `Type.field` the operation that runs selects (with its fragments), except introspection. Only that
 * operation counts, not the document's others, and fields that `@skip`/`@include` leave out do not: each selected
 * field can narrow the rows a caller gets (row scopes), so a field that is not served must not.
 * Remembered per operation node (Apollo Server keeps one parsed document per query text) unless a
 * `@skip`/`@include` reads a variable: then the selection depends on the request's variables.
 */
export function selectedCoordinates(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): ReadonlySet<string> {
  let bySchema = coordinatesCache.get(schema);
  if (!bySchema) coordinatesCache.set(schema, (bySchema = new WeakMap()));
  const remembered = bySchema.get(operation);
  if (remembered) return remembered;
  const { coordinates, readsVariables } = collectCoordinates(schema, document, operation, variables);
  if (!readsVariables) bySchema.set(operation, coordinates);
  return coordinates;
}

function collectCoordinates(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown>,
): { coordinates: Set<string>; readsVariables: boolean } {
  const fragments = fragmentsOf(document);
  const coordinates = new Set<string>();
  let readsVariables = false;
  let variables: Record<string, unknown> | undefined;
  /** Whether `@skip`/`@include` keep `node`; variables are coerced the first time one is read. */
  const included = (node: FieldNode | FragmentSpreadNode | InlineFragmentNode): boolean => {
    if (!node.directives?.length) return true;
    if (node.directives.some((d) => d.arguments?.some((a) => a.value.kind === Kind.VARIABLE))) {
      readsVariables = true;
      // Variables that do not fit fail the request before execution; until then, keep the field (a kept field
      // can only narrow a scope, never widen one).
      variables ??=
        getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables).coerced ?? {};
    }
    const vars = variables ?? {};
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node, vars)?.if === true) return false;
      return getDirectiveValues(GraphQLIncludeDirective, node, vars)?.if !== false;
    } catch {
      return true; // a variable missing: the request fails its coercion before anything runs
    }
  };
  // Each fragment's fields are collected once, wherever it is spread: its coordinates do not depend on where.
  const spread = new Set<string>();
  const visitSelections = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined) => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__') || !parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
        const field = parent.getFields()[name];
        if (!field) continue;
        coordinates.add(`${parent.name}.${name}`);
        if (selection.selectionSet) visitSelections(selection.selectionSet, getNamedType(field.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        visitSelections(selection.selectionSet, type ?? undefined);
      } else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment)
          visitSelections(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
      }
    }
  };
  visitSelections(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
  return { coordinates, readsVariables };
}

/**
 * Wraps every field resolver of every object type with the guard: allowed fields resolve (masked where the
 * verdict says so); denied ones resolve to null, with a FORBIDDEN error the first time per operation.
 * The guard is synchronous: a field costs one Map lookup more, not a promise. Plain fields (nullable scalars
 * without a resolver) stay unwrapped: `settlePlainFields` applies their verdicts to the result. So do the fields
 * of structural types, which every caller may read.
 */
export function guardSchema(
  schema: GraphQLSchema,
  smallGroups: ReadonlyMap<string, SmallGroupRule>,
): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      // Structural types (connections, edges, page info) are allowed to everyone by the rule tree and carry no
      // catalogued data, so there is nothing to guard: left bare, the compiled executor reads them as properties.
      const grouped = smallGroups.has(getNamedType(config.type).name);
      if (grouped && isStructuralType(typeName)) {
        throw new Error(
          `${typeName}.${fieldName} serves groups with small-group suppression from a structural type, which the guard leaves bare; return them from a list field instead`,
        );
      }
      if (typeName.startsWith('__') || isStructuralType(typeName) || isPlainField(config)) return config;
      const rule = smallGroups.get(getNamedType(config.type).name);
      if (rule && !isListType(getNullableType(config.type))) {
        // The suppression works on lists of groups: a single group served some other way would escape it.
        throw new Error(
          `${typeName}.${fieldName} returns one ${getNamedType(config.type).name}, a type with small-group suppression; serve such groups as a list only`,
        );
      }
      return guarded(schema, rule ? suppressing(config, rule) : config, typeName, fieldName);
    },
  });
}

/** `config` with small groups of its list suppressed (see auth/aggregates.ts) before the guard sees them. */
function suppressing(
  config: GraphQLFieldConfig<unknown, AccessContext>,
  rule: SmallGroupRule,
): GraphQLFieldConfig<unknown, AccessContext> {
  const resolve: GraphQLFieldResolver<unknown, AccessContext> = config.resolve ?? defaultFieldResolver;
  const suppress = (groups: unknown, ctx: AccessContext) =>
    Array.isArray(groups)
      ? suppressSmallGroups(groups, rule, ctx.access.itemDecision(rule.underlying))
      : groups;
  return {
    ...config,
    async resolve(source, args, ctx, info) {
      return suppress(await resolve(source, args, ctx, info), ctx);
    },
  };
}

/**
 * The guarded schema with its plain fields guarded too, for the rare operation in which a masked item is held in
 * clear for some districts (a clear grant scoped to them beside a masked one): whether a value is masked then
 * depends on its row's district, which only a resolver sees (the result walk of `settlePlainFields` sees the
 * answer, not the rows). Operations without such a verdict keep the fast schema.
 */
export function guardPlainFields(guardedSchema: GraphQLSchema): GraphQLSchema {
  return mapSchema(guardedSchema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      if (typeName.startsWith('__') || isStructuralType(typeName) || !isPlainField(config)) return config;
      return guarded(guardedSchema, config, typeName, fieldName);
    },
  });
}

/** `config` with its resolver wrapped in the guard of `typeName.fieldName`. */
function guarded(
  schema: GraphQLSchema,
  config: GraphQLFieldConfig<unknown, AccessContext>,
  typeName: string,
  fieldName: string,
): GraphQLFieldConfig<unknown, AccessContext> {
  const coordinate = `${typeName}.${fieldName}`;
  const resolve: GraphQLFieldResolver<unknown, AccessContext> = config.resolve ?? defaultFieldResolver;
  const maskable = isMaskableType(config.type);
  // Whether the parent row's district decides clear or masked: for its own values and to-one links, yes; a list
  // (or a connection) reads other rows, each with its own district, so it is served in clear only where the
  // item is clear everywhere (before the review, a 370203 investor's projects in 370202 came back in clear).
  const byParentRow = scopeTarget(schema, coordinate) === typeName;
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
      if (byParentRow && servedInClear(verdict, source)) {
        verdict.servedClear++;
        return value;
      }
      const mask = maskerFor(verdict.mask, maskable);
      return value instanceof Promise ? value.then(mask) : mask(value);
    },
  };
}
