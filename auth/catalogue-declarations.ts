/**
 * The catalogue as the sources declare it, beside their fields: `@resource` on a type, `@item` on each field,
 * `@smallGroups` on an aggregate type (directives defined in schema/shared.graphql). Read from each source's
 * subgraph SDL at start; the directory stores what it lacks (auth/control-plane), and administrators reclassify
 * it there at run time.
 */
import { Kind, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import {
  CONSOLE_ROLES,
  type ConsoleRole,
  type ResourceDescription,
  type Sensitivity,
  type ShareType,
} from './catalogue';
import type { Knex } from '@mikro-orm/postgresql';
import { appendChanges, type DirectoryChange } from '../audit/change-log';
import { DIRECTORY_CHANNEL } from './directory-state';

/** A resource as declared: its description, its provider's short name, and its items. */
export interface ResourceDeclaration extends ResourceDescription {
  /** The providing department's short name (市地税局); the directory resolves it to a department code. */
  provider: string;
  items: ItemDeclaration[];
}

export interface ItemDeclaration {
  coordinate: string;
  name: string;
  shareType: ShareType;
  sensitivity: Sensitivity;
}

/** Statistical disclosure control of one aggregate type (see @smallGroups in schema/shared.graphql). */
export interface SmallGroupRule {
  minimum: number;
  /** The field counting a group's members. */
  countedBy: string;
  /** The fields withheld from a small group. */
  measures: readonly string[];
  /** The coordinate of the members' own values: whoever reads it in clear may see small groups too. */
  underlying: string;
}

/** Roles that may call a field of the hub's own API (@apiAccess): AUTHENTICATED means every valid client. */
export type ApiRole = 'AUTHENTICATED' | 'ADMIN' | 'AUDITOR' | 'DEPARTMENT';
const API_ROLES: readonly ApiRole[] = ['AUTHENTICATED', 'ADMIN', 'AUDITOR', 'DEPARTMENT'];

/** Who may call a field of the hub's own API. */
export interface ApiAccess {
  roles: readonly ApiRole[];
  /**
   * For a console person acting for a department: the console roles of which they need one (a DEPARTMENT_STAFF
   * files requests, a REVIEWER decides them). Absent: any console person in one of `roles`.
   */
  consoleRoles?: readonly ConsoleRole[];
}

export interface DeclaredCatalogue {
  resources: ResourceDeclaration[];
  /** By aggregate type name. */
  smallGroups: ReadonlyMap<string, SmallGroupRule>;
  /**
   * The hub's own API: who may call each field, by coordinate (`Query.grants`) or for every field of a type
   * (`Grant.*`), as @apiAccess declares it.
   */
  apiAccess: ReadonlyMap<string, ApiAccess>;
}

type Args = Record<string, unknown>;

function argsOf(directive: ConstDirectiveNode): Args {
  return Object.fromEntries(
    (directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]),
  );
}

function directives(node: { directives?: readonly ConstDirectiveNode[] }, name: string): Args[] {
  return (node.directives ?? []).filter((d) => d.name.value === name).map(argsOf);
}

/**
 * Reads the catalogue declarations of every source's subgraph SDL. Throws naming every mistake: an item naming a
 * resource no source declares, a field declared twice, a resource code declared twice.
 */
export function declaredCatalogue(
  subgraphs: readonly { name: string; typeDefs: DocumentNode }[],
): DeclaredCatalogue {
  const resources = new Map<string, ResourceDeclaration>();
  const smallGroups = new Map<string, SmallGroupRule>();
  const apiAccess = new Map<string, ApiAccess>();
  // Declarations in schema/shared.graphql come once per subgraph: the same again is no conflict.
  const declareAccess = (key: string, rule: Args) => {
    const roles = (rule.roles as string[]).map(String);
    const consoleRoles = (rule.consoleRoles as string[] | undefined)?.map(String);
    const unknown = [
      ...roles.filter((r) => !API_ROLES.includes(r as ApiRole)),
      ...(consoleRoles ?? []).filter((r) => !CONSOLE_ROLES.includes(r as ConsoleRole)),
    ];
    if (unknown.length) problems.push(`@apiAccess on ${key} names unknown roles ${unknown.join(', ')}`);
    const access: ApiAccess = {
      roles: roles as ApiRole[],
      ...(consoleRoles ? { consoleRoles: consoleRoles as ConsoleRole[] } : {}),
    };
    const before = apiAccess.get(key);
    if (before && JSON.stringify(before) !== JSON.stringify(access))
      problems.push(`@apiAccess on ${key} is declared twice, differently`);
    apiAccess.set(key, access);
  };
  const pending: { source: string; coordinate: string; resource: string; args: Args }[] = [];
  const problems: string[] = [];

  for (const { name: source, typeDefs } of subgraphs) {
    for (const definition of typeDefs.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
        continue;
      const typeName = definition.name.value;
      const declared = directives(definition, 'resource');
      for (const r of declared) {
        const code = String(r.code);
        if (resources.has(code)) problems.push(`resource ${code} is declared twice (again on ${typeName})`);
        resources.set(code, {
          code,
          name: String(r.name),
          summary: String(r.summary),
          provider: String(r.provider),
          source,
          graphqlType: typeName,
          shareType: r.shareType as ShareType,
          sharingConditions: String(r.sharingConditions ?? ''),
          legalBasis: String(r.legalBasis),
          openToPublic: Boolean(r.openToPublic ?? false),
          updateCycle: String(r.updateCycle),
          items: [],
        });
      }
      for (const rule of directives(definition, 'apiAccess')) declareAccess(`${typeName}.*`, rule);
      for (const rule of directives(definition, 'smallGroups')) {
        const fields = new Set((definition.fields ?? []).map((f) => f.name.value));
        const named = [String(rule.countedBy), ...(rule.measures as string[]).map(String)];
        for (const field of named.filter((f) => !fields.has(f)))
          problems.push(`@smallGroups on ${typeName} names ${field}, which is not a field of ${typeName}`);
        if (smallGroups.has(typeName)) problems.push(`${typeName} declares @smallGroups twice`);
        smallGroups.set(typeName, {
          minimum: Number(rule.minimum),
          countedBy: String(rule.countedBy),
          measures: (rule.measures as string[]).map(String),
          underlying: String(rule.underlying),
        });
      }
      for (const field of definition.fields ?? []) {
        const coordinate = `${typeName}.${field.name.value}`;
        for (const rule of directives(field, 'apiAccess')) declareAccess(coordinate, rule);
        for (const item of directives(field, 'item')) {
          const resource = (item.resource as string | undefined) ?? (declared[0]?.code as string | undefined);
          if (!resource) {
            problems.push(
              `${coordinate} (schema/${source}.graphql): @item names no resource, and ${typeName} declares none`,
            );
            continue;
          }
          pending.push({ source, coordinate, resource, args: item });
        }
      }
    }
  }

  const seen = new Set<string>();
  for (const { source, coordinate, resource, args } of pending) {
    const owner = resources.get(resource);
    if (!owner) {
      problems.push(`${coordinate} (schema/${source}.graphql): no source declares resource ${resource}`);
      continue;
    }
    if (seen.has(coordinate)) problems.push(`${coordinate} is declared as an item twice`);
    seen.add(coordinate);
    owner.items.push({
      coordinate,
      name: String(args.name),
      shareType: (args.shareType as ShareType | undefined) ?? owner.shareType,
      sensitivity: (args.sensitivity as Sensitivity | undefined) ?? 'PLAIN',
    });
  }
  for (const [typeName, rule] of smallGroups) {
    if (!seen.has(rule.underlying))
      problems.push(`@smallGroups on ${typeName}: its underlying ${rule.underlying} is no catalogued item`);
  }
  if (problems.length)
    throw new Error(`The catalogue declared in schema/ is wrong:\n  - ${problems.join('\n  - ')}`);
  return { resources: [...resources.values()], smallGroups, apiAccess };
}

/** What storing the declared catalogue did, and where the directory holds something else. */
export interface CatalogueStoreResult {
  /** Resource codes and item coordinates added. */
  added: string[];
  /**
   * Items the directory classifies otherwise than their declaration (an administrator's reclassification, or
   * a declaration changed since the item was stored): `coordinate: stored -> declared`. The directory's stays.
   */
  differing: string[];
}

/** The actor the change log names for entries the hub stores from the declarations at start. */
export const DECLARATION_ACTOR = 'hub-start';

/**
 * Stores the declared resources and items the directory lacks (all of them on a new directory; those a newer hub
 * brings otherwise), each addition in the change log (actor `hub-start`) and announced to every hub process.
 * Entries already there, perhaps reclassified by an administrator, stay as they are: those that differ from their
 * declaration are reported, for the log. A provider the directory does not know stops the start, naming it.
 */
export async function storeDeclaredCatalogue(
  knex: Knex,
  catalogue: DeclaredCatalogue,
): Promise<CatalogueStoreResult> {
  const result = await knex.raw('SELECT code, short_name AS "shortName" FROM department');
  const departments = new Map(
    (result.rows as { code: string; shortName: string }[]).map((d) => [d.shortName, d.code]),
  );
  const unknown = catalogue.resources.filter((r) => !departments.has(r.provider));
  if (unknown.length) {
    throw new Error(
      `The directory knows no department ${unknown.map((r) => `${r.provider} (provider of ${r.code})`).join(', ')}; ` +
        'correct the @resource declaration, or add the department to the directory.',
    );
  }
  return knex.transaction(async (trx) => {
    const added: string[] = [];
    const logged: DirectoryChange[] = [];
    for (const r of catalogue.resources) {
      const { items, provider, ...description } = r;
      const inserted = await trx.raw(
        `INSERT INTO resource (code, name, summary, provider_department_code, source, graphql_type, share_type,
           sharing_conditions, legal_basis, open_to_public, update_cycle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO NOTHING RETURNING code`,
        [
          r.code,
          r.name,
          r.summary,
          departments.get(provider)!,
          r.source,
          r.graphqlType,
          r.shareType,
          r.sharingConditions,
          r.legalBasis,
          r.openToPublic,
          r.updateCycle,
        ],
      );
      if (inserted.rows.length) {
        added.push(r.code);
        logged.push(declaration('RESOURCE_DECLARED', `resource:${r.code}`, { ...description, provider }));
      }
      if (!items.length) continue;
      // One statement per resource: a few dozen statements at start, whatever the number of items.
      const stored = await trx.raw(
        `INSERT INTO resource_item (coordinate, resource_code, name, share_type, sensitivity)
         SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
         ON CONFLICT (coordinate) DO NOTHING RETURNING coordinate`,
        [
          items.map((i) => i.coordinate),
          items.map(() => r.code),
          items.map((i) => i.name),
          items.map((i) => i.shareType),
          items.map((i) => i.sensitivity),
        ],
      );
      const declared = new Map(items.map((i) => [i.coordinate, i]));
      for (const { coordinate } of stored.rows as { coordinate: string }[]) {
        added.push(coordinate);
        logged.push(
          declaration('ITEM_DECLARED', `item:${coordinate}`, {
            resourceCode: r.code,
            ...declared.get(coordinate),
          }),
        );
      }
    }
    await appendChanges(trx, logged);
    if (added.length) await trx.raw('SELECT pg_notify(?, ?)', [DIRECTORY_CHANNEL, 'catalogue declared']);
    return { added, differing: await differences(trx, catalogue) };
  });
}

/** The change-log entry of an entry stored from its declaration. */
function declaration(action: string, subject: string, value: unknown): DirectoryChange {
  return {
    actor: DECLARATION_ACTOR,
    action,
    subject,
    reason: 'declared in the source SDL',
    oldValue: null,
    newValue: value,
  };
}

/** Items whose stored resource, share type or sensitivity is not their declaration's. */
async function differences(trx: Knex.Transaction, catalogue: DeclaredCatalogue): Promise<string[]> {
  const rows = await trx.raw(
    'SELECT coordinate, resource_code AS "resourceCode", share_type AS "shareType", sensitivity FROM resource_item',
  );
  const stored = new Map(
    (rows.rows as { coordinate: string; resourceCode: string; shareType: string; sensitivity: string }[]).map(
      (i) => [i.coordinate, `${i.resourceCode}/${i.shareType}/${i.sensitivity}`],
    ),
  );
  const differing: string[] = [];
  for (const r of catalogue.resources) {
    for (const i of r.items) {
      const declared = `${r.code}/${i.shareType}/${i.sensitivity}`;
      const held = stored.get(i.coordinate);
      if (held !== undefined && held !== declared) differing.push(`${i.coordinate}: ${held} -> ${declared}`);
    }
  }
  return differing;
}
