/**
 * graphql-shield rules generated from the directory: one rule per schema coordinate.
 *
 * - Catalogued source fields: `catalogueRule`, which applies the sharing rules (policy.ts) to the catalogue item.
 * - The hub's own API (catalogue, grants, requests, clients): role rules listed in API_RULES.
 * - Structural fields (connections, edges, page info, the hub's info): allow.
 * - Anything else: the fallback, deny.
 *
 * The rules are evaluated once per coordinate per operation (see access.ts), not once per field of every row.
 */
import { allow, deny, or, rule } from 'graphql-shield';
import type { IRule } from 'graphql-shield';

// A rule or a logic rule (or, and...): what `resolve` can be called on.
export type ShieldRule = IRule | ReturnType<typeof or>;
import { isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import type { Caller, ItemDecision } from './policy';
import type { CatalogueItem } from './directory-state';
import { forbidden, unauthorised } from './errors';

/** What a rule reads from the request's context: who calls, and the catalogue's decisions for this caller. */
export interface RuleContext {
  caller: Caller;
  access: {
    item(coordinate: string): CatalogueItem | undefined;
    itemDecision(coordinate: string): ItemDecision;
  };
}

type RuleFor = 'AUTHENTICATED' | 'ADMIN' | 'AUDITOR' | 'DEPARTMENT';

const hasRole = (role: Exclude<RuleFor, 'AUTHENTICATED'>) =>
  rule(`role:${role}`, { cache: 'no_cache' })(
    (_p, _a, ctx: RuleContext) => ctx.caller.role === role || unauthorised(role),
  );
const isAuthenticated = rule('authenticated', { cache: 'no_cache' })((_p, _a, ctx: RuleContext) =>
  Boolean(ctx.caller.clientId),
);

const isAdmin = hasRole('ADMIN');
const isAuditor = hasRole('AUDITOR');
const isDepartment = hasRole('DEPARTMENT');

// Each rule object is created once: graphql-shield requires one definition per rule name.
const ROLE_RULES: Record<string, ShieldRule> = {
  AUTHENTICATED: isAuthenticated,
  ADMIN: isAdmin,
  AUDITOR: isAuditor,
  DEPARTMENT: isDepartment,
  ADMIN_OR_DEPARTMENT: or(isAdmin, isDepartment),
  AUDITOR_OR_DEPARTMENT: or(isAuditor, isDepartment),
  ADMIN_OR_AUDITOR: or(isAdmin, isAuditor),
};

/**
 * The hub's own API: who may call each field. `Type.*` covers every field of a type whose values only reach a
 * caller through a root field listed here (the root field's resolver decides which rows a caller sees).
 */
export const API_RULES: Record<string, keyof typeof ROLE_RULES> = {
  'Query.hub': 'AUTHENTICATED',
  'Query.me': 'AUTHENTICATED',
  'Query.verifyAudit': 'AUDITOR',
  'AuditVerification.*': 'AUTHENTICATED',
  'Query.auditRecords': 'AUDITOR_OR_DEPARTMENT',
  'Query.usageStatistics': 'AUDITOR_OR_DEPARTMENT',
  'Query.supervisionAlerts': 'ADMIN_OR_AUDITOR',
  'SupervisionAlert.*': 'AUTHENTICATED',
  'AuditRecord.*': 'AUTHENTICATED',
  'ResourceRows.*': 'AUTHENTICATED',
  'UsageRow.*': 'AUTHENTICATED',
  'Query.directory': 'AUTHENTICATED',
  'Query.myAccess': 'AUTHENTICATED',
  'Query.grants': 'ADMIN_OR_DEPARTMENT',
  'Query.clients': 'ADMIN',
  'Query.sharingRequests': 'ADMIN_OR_DEPARTMENT',
  'Mutation.registerClient': 'ADMIN',
  'Mutation.disableClient': 'ADMIN',
  'Mutation.setClientQuota': 'ADMIN',
  'Mutation.createGrant': 'ADMIN',
  'Mutation.revokeGrant': 'ADMIN_OR_DEPARTMENT',
  'Mutation.updateCatalogueItem': 'ADMIN',
  'Mutation.updateCatalogueResource': 'ADMIN',
  'Mutation.requestAccess': 'DEPARTMENT',
  'Mutation.reviewSharingRequest': 'ADMIN_OR_DEPARTMENT',
  'HubInfo.*': 'AUTHENTICATED',
  'Me.*': 'AUTHENTICATED',
  'CatalogueResource.*': 'AUTHENTICATED',
  'CatalogueItem.*': 'AUTHENTICATED',
  'ResourceAccess.*': 'AUTHENTICATED',
  'ItemAccess.*': 'AUTHENTICATED',
  'Grant.*': 'AUTHENTICATED',
  'Client.*': 'AUTHENTICATED',
  'RegisteredClient.*': 'AUTHENTICATED',
  'SharingRequest.*': 'AUTHENTICATED',
  'SharingRequestItem.*': 'AUTHENTICATED',
};

/** Types that only shape other data (pagination wrappers); they carry no data of their own. */
export function isStructuralType(typeName: string): boolean {
  return typeName === 'PageInfo' || typeName.endsWith('Connection') || typeName.endsWith('Edge');
}

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
export function buildRuleTree(schema: GraphQLSchema, cataloguedCoordinates: ReadonlySet<string>): RuleTree {
  const rules: Record<string, Record<string, ShieldRule>> = {};
  const uncovered: string[] = [];
  const nonNullable: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fieldRules: Record<string, ShieldRule> = {};
    for (const [field, definition] of Object.entries(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      const api = API_RULES[coordinate] ?? API_RULES[`${type.name}.*`];
      if (isStructuralType(type.name)) fieldRules[field] = allow;
      else if (api) fieldRules[field] = ROLE_RULES[api];
      else if (cataloguedCoordinates.has(coordinate)) {
        fieldRules[field] = catalogueRule(coordinate);
        if (isNonNullType(definition.type)) nonNullable.push(coordinate);
      } else uncovered.push(coordinate);
    }
    rules[type.name] = fieldRules;
  }
  return { rules, fallbackRule: deny, uncovered, nonNullable };
}
