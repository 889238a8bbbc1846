/**
 * The hub refuses to start when the catalogue does not cover the schema, when a reachable database cannot be
 * migrated, or, in production, while development credentials are enabled.
 */
import pino from 'pino';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { initHub } from '../src/hub';
import { loadConfig } from '../src/config';
import { sources } from '../src/sources';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

function configWith(env: Record<string, string>) {
  const urls = Object.fromEntries(
    sources.map((s) => [`${s.name.toUpperCase()}_DATABASE_URL`, t.hub.databases.bySource.get(s.name)!.url]),
  );
  return loadConfig(
    sources.map((s) => s.name),
    { SEED_DEMO_DATA: 'false', ...urls, ...env },
  );
}

test('a source field without a catalogue item stops the start, naming the field', async () => {
  await t.sql('directory', `DELETE FROM resource_item WHERE coordinate = 'KeyProject.startYear'`);
  try {
    await expect(initHub(configWith({ NODE_ENV: 'test' }), pino({ level: 'silent' }))).rejects.toThrow(
      /no catalogue item.*KeyProject\.startYear/,
    );
  } finally {
    await t.sql(
      'directory',
      `INSERT INTO resource_item VALUES ('KeyProject.startYear', 'DEC-KEY-PROJECT', '开工年度', 'CONDITIONAL', 'PLAIN')`,
    );
  }
});

test('production mode refuses to start while development credentials are enabled', async () => {
  await expect(initHub(configWith({ NODE_ENV: 'production' }), pino({ level: 'silent' }))).rejects.toThrow(
    /development credentials are enabled: hub-admin, hub-auditor/,
  );
  await t.sql(
    'directory',
    `UPDATE client SET disabled_at = now(), disabled_reason = 'go live' WHERE created_by = 'demo-seed'`,
  );
  const hub = await initHub(configWith({ NODE_ENV: 'production' }), pino({ level: 'silent' }));
  await hub.close();
});

test('a migration that fails on a reachable database stops the start, naming the source and its variable', async () => {
  // Forget that the decision schema was applied: the migration runs again and its CREATE TABLE fails.
  const [applied] = await t.sql<{ id: number; name: string; executed_at: Date }>(
    'decision',
    `DELETE FROM hub_migrations WHERE name = 'Migration20261127000001' RETURNING id, name, executed_at`,
  );
  try {
    await expect(initHub(configWith({ NODE_ENV: 'test' }), pino({ level: 'silent' }))).rejects.toThrow(
      /cannot migrate the decision database \(DECISION_DATABASE_URL\): Migration20261127000001: relation "policy_document" already exists\. /,
    );
  } finally {
    await t.sql('decision', `INSERT INTO hub_migrations (id, name, executed_at) VALUES ($1, $2, $3)`, [
      applied.id,
      applied.name,
      applied.executed_at,
    ]);
  }
  // The failed run recorded nothing: the ledger holds only the row put back above.
  const [{ count }] = await t.sql<{ count: number }>(
    'decision',
    `SELECT count(*)::int AS count FROM hub_migrations`,
  );
  expect(count).toBe(1);
});
