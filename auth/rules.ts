/**
 * graphql-shield rules generated from the directory: one rule per schema coordinate.
 *
 * - Catalogued source fields: `catalogueRule`, which applies the sharing rules (policy.ts) to the catalogue item.
 * - The hub's own API (catalogue, grants, requests, clients, audit): role rules, as `@apiAccess` declares them in
 *   its SDL (a field's own, or its type's for every field of the type).
 * - Structural fields (connections, edges, page info, the hub's info): allow.
 * - Anything else: the fallback, deny.
 *
 * The rules are evaluated once per coordinate per operation (see access.ts), not once per field of every row.
 */
import { allow, and, deny, or, rule } from 'graphql-shield';
import type { IRule } from 'graphql-shield';

// A rule or a logic rule (or, and...): what `resolve` can be called on.
export type ShieldRule = IRule | ReturnType<typeof or>;
import { isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import type { Caller, ItemDecision } from './policy';
import type { CatalogueItem } from './directory-state';
import { forbidden, personLacksRole, unauthorised } from './errors';
import type { ApiAccess, ApiRole } from './catalogue-declarations';
import type { ConsoleRole } from './catalogue';

/** What a rule reads from the request's context: who calls, and the catalogue's decisions for this caller. */
export interface RuleContext {
  caller: Caller;
  access: {
    item(coordinate: string): CatalogueItem | undefined;
    itemDecision(coordinate: string): ItemDecision;
  };
}

const hasRole = (role: Exclude<ApiRole, 'AUTHENTICATED'>) =>
  rule(`role:${role}`, { cache: 'no_cache' })(
    (_p, _a, ctx: RuleContext) => ctx.caller.role === role || unauthorised(role),
  );
// Every client but the gateway's: its credential opens subgraphs to the gateway and reads nothing itself.
const isAuthenticated = rule('authenticated', { cache: 'no_cache' })(
  (_p, _a, ctx: RuleContext) => Boolean(ctx.caller.clientId) && ctx.caller.role !== 'GATEWAY',
);

/**
 * A console person acting for a department needs one of `roles` (their own console roles, from their token);
 * every other caller passes.
 */
const hasConsoleRole = (roles: readonly ConsoleRole[]) =>
  rule(`console:${[...roles].sort().join('|')}`, { cache: 'no_cache' })((_p, _a, ctx: RuleContext) => {
    const { personRoles, role } = ctx.caller;
    if (!personRoles || role !== 'DEPARTMENT' || personRoles.some((r) => roles.includes(r))) return true;
    return personLacksRole(roles);
  });

/**
 * The shield rule of an @apiAccess declaration (`or` of role rules, and the console-role rule if it names
 * console roles), one object per distinct declaration: graphql-shield wants one definition per rule name.
 */
class RoleRules {
  private readonly made = new Map<string, ShieldRule>();
  private readonly single = new Map<string, ShieldRule>();

  of(access: ApiAccess): ShieldRule {
    const key = `${[...access.roles].sort().join('|')};${[...(access.consoleRoles ?? [])].sort().join('|')}`;
    let made = this.made.get(key);
    if (!made) {
      const rules = [...new Set(access.roles)].sort().map((r) => this.role(r));
      made = rules.length === 1 ? rules[0] : or(...rules);
      if (access.consoleRoles?.length) made = and(made, hasConsoleRole(access.consoleRoles));
      this.made.set(key, made);
    }
    return made;
  }

  private role(role: ApiRole): ShieldRule {
    let made = this.single.get(role);
    if (!made) this.single.set(role, (made = role === 'AUTHENTICATED' ? isAuthenticated : hasRole(role)));
    return made;
  }
}

/** Types that only shape other data (pagination wrappers); they carry no data of their own. */
export function isStructuralType(typeName: string): boolean {
  return typeName === 'PageInfo' || typeName.endsWith('Connection') || typeName.endsWith('Edge');
}

/**
 * Federation's own fields, which only a subgraph's schema has: the gateway fetches entities by key
 * (`Query._entities`) and may read the subgraph's SDL (`Query._service`). They are allowed here because a
 * subgraph admits no request without the gateway's credential (src/server.ts); the fields inside an entity are
 * governed by their own rules like anywhere else.
 */
export const FEDERATION_FIELDS: ReadonlySet<string> = new Set([
  'Query._entities',
  'Query._service',
  '_Service.sdl',
]);

/** The rule of a catalogued coordinate: READ or READ_MASKED now, or FORBIDDEN saying how to apply. */
function catalogueRule(coordinate: string): ShieldRule {
  return rule(`catalogue:${coordinate}`, { cache: 'no_cache' })((_p, _a, ctx: RuleContext) => {
    const decision = ctx.access.itemDecision(coordinate);
    if (decision.access === 'READ' || decision.access === 'READ_MASKED') return true;
    return forbidden(coordinate, ctx.access.item(coordinate), decision.access);
  });
}

export interface RuleTree {
  rules: Record<string, Record<string, ShieldRule>>;
  fallbackRule: ShieldRule;
  /** Fields of source types with neither a catalogue item nor an API rule: the hub refuses to start with any. */
  uncovered: string[];
  /** Catalogued fields declared non-null: a denial would null their parent too, so the hub refuses these as well. */
  nonNullable: string[];
}

/**
 * Generates the rule tree for `schema` from the catalogued coordinates. Every object field gets a rule; the
 * fallback (deny) answers for anything not in the tree.
 */
export function buildRuleTree(
  schema: GraphQLSchema,
  cataloguedCoordinates: ReadonlySet<string>,
  apiAccess: ReadonlyMap<string, ApiAccess>,
): RuleTree {
  const roleRules = new RoleRules();
  const rules: Record<string, Record<string, ShieldRule>> = {};
  const uncovered: string[] = [];
  const nonNullable: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fieldRules: Record<string, ShieldRule> = {};
    for (const [field, definition] of Object.entries(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      const api = apiAccess.get(coordinate) ?? apiAccess.get(`${type.name}.*`);
      if (isStructuralType(type.name) || FEDERATION_FIELDS.has(coordinate)) fieldRules[field] = allow;
      else if (api) fieldRules[field] = roleRules.of(api);
      else if (cataloguedCoordinates.has(coordinate)) {
        fieldRules[field] = catalogueRule(coordinate);
        if (isNonNullType(definition.type)) nonNullable.push(coordinate);
      } else uncovered.push(coordinate);
    }
    rules[type.name] = fieldRules;
  }
  return { rules, fallbackRule: deny, uncovered, nonNullable };
}
