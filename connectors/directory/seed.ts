import type { SourceDatabase } from '../shared/source-db';
import type { SeedOptions } from '../shared/source';
import { isTableEmpty, loadTable } from '../shared/seed-load';
import { ClientSecrets, knexRunner } from '../../auth/secrets';
import { CITY_CODE, DEPARTMENTS, REGIONS } from './reference-data';
import { RESOURCES, providerCode } from './catalogue-data';
import { DEMO_CLIENTS, DEMO_GRANTS, DEMO_SEED_ACTOR, demoDepartment } from './demo-clients';

/** Loads regions and departments (if empty), the catalogue, the development clients and their demo grants. */
export async function seedDirectory(db: SourceDatabase, options: SeedOptions): Promise<void> {
  // Reference data first loaded before the catalogue existed stays as it is.
  if (await isTableEmpty(db, 'region')) {
    await loadTable(
      db,
      options,
      'region',
      ['code', 'name', 'kind', 'parent_code', 'population'],
      REGIONS.length,
      REGIONS.map((r) => [r.code, r.name, r.kind, r.code === CITY_CODE ? null : CITY_CODE, r.population]),
    );
    await loadTable(
      db,
      options,
      'department',
      ['code', 'name', 'short_name', 'region_code'],
      DEPARTMENTS.length,
      DEPARTMENTS.map((d) => [d.code, d.name, d.shortName, d.regionCode]),
    );
  }
  await topUpDemoCatalogue(db, options);

  const secrets = await ClientSecrets.load(knexRunner(db.knex()));
  const clients = await Promise.all(
    DEMO_CLIENTS.map(async (c) => [
      c.clientId,
      c.name,
      c.role,
      demoDepartment(c.department),
      secrets.hash(c.secret),
      DEMO_SEED_ACTOR,
    ]),
  );
  await loadTable(
    db,
    options,
    'client',
    ['client_id', 'name', 'role', 'department_code', 'secret_hash', 'created_by'],
    clients.length,
    clients,
  );
  await loadTable(
    db,
    options,
    'access_grant',
    [
      'consumer_department_code',
      'resource_code',
      'items',
      'purpose',
      'district_scope',
      'clear_sensitive',
      'created_by',
    ],
    DEMO_GRANTS.length,
    DEMO_GRANTS.map((g) => [
      demoDepartment(g.consumer),
      g.resourceCode,
      pgArray(g.items),
      g.purpose,
      g.districtScope ? pgArray(g.districtScope) : null,
      g.clearSensitive ?? false,
      DEMO_SEED_ACTOR,
    ]),
  );
}

/** A text[] literal for COPY; our values are codes and coordinates, without quotes or commas. */
function pgArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/**
 * Adds the demo catalogue's resources and items this database lacks: all of them on a new directory, the new
 * ones a newer hub brings otherwise. Existing entries, perhaps edited by an administrator, stay as they are.
 */
export async function topUpDemoCatalogue(db: SourceDatabase, options: SeedOptions): Promise<void> {
  const knex = db.knex();
  let added = 0;
  for (const r of RESOURCES) {
    await knex.raw(
      `INSERT INTO resource (code, name, summary, provider_department_code, source, graphql_type, share_type, sharing_conditions,
         legal_basis, open_to_public, update_cycle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
      [
        r.code,
        r.name,
        r.summary,
        providerCode(r),
        r.source,
        r.graphqlType,
        r.shareType,
        r.sharingConditions,
        r.legalBasis,
        r.openToPublic,
        r.updateCycle,
      ],
    );
    for (const [coordinate, [name, shareType, sensitivity]] of Object.entries(r.items)) {
      const result = await knex.raw(
        `INSERT INTO resource_item (coordinate, resource_code, name, share_type, sensitivity) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (coordinate) DO NOTHING`,
        [coordinate, r.code, name, shareType ?? r.shareType, sensitivity ?? 'PLAIN'],
      );
      added += result.rowCount ?? 0;
    }
  }
  if (added) options.logger.info({ added }, 'added demo catalogue items this directory lacked');
}
