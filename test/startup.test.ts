/**
 * The hub refuses to start when the catalogue does not cover the schema, when a reachable database cannot be
 * migrated, or, in production, while development credentials are enabled.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createTestHub, type TestHub } from './helpers/test-hub';
import { initHub } from '../src/hub';
import { loadConfig, PROJECT_ROOT } from '../src/config';
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
  // A copy of the project whose decision SDL no longer declares KeyProject.startYear as an item. The directory
  // does not know the field either (it was never declared there), so nothing covers it.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-startup-'));
  try {
    fs.cpSync(path.join(PROJECT_ROOT, 'schema'), path.join(root, 'schema'), { recursive: true });
    fs.copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(root, 'package.json'));
    const file = path.join(root, 'schema', 'decision.graphql');
    const sdl = fs.readFileSync(file, 'utf8');
    const undeclared = sdl.replace(/(startYear: Int) @item\([^)]*\)/, '$1');
    expect(undeclared).not.toBe(sdl);
    fs.writeFileSync(file, undeclared);
    await t.sql('directory', `DELETE FROM resource_item WHERE coordinate = 'KeyProject.startYear'`);
    await expect(
      initHub({ ...configWith({ NODE_ENV: 'test' }), projectRoot: root }, pino({ level: 'silent' })),
    ).rejects.toThrow(/no catalogue item.*KeyProject\.startYear/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    await t.sql(
      'directory',
      `INSERT INTO resource_item VALUES ('KeyProject.startYear', 'DEC-KEY-PROJECT', '开工年度', 'CONDITIONAL', 'PLAIN')
       ON CONFLICT DO NOTHING`,
    );
  }
});

test('a catalogue item the directory lacks is stored from its declaration at start', async () => {
  await t.sql('directory', `DELETE FROM resource_item WHERE coordinate = 'KeyProject.startYear'`);
  const hub = await initHub(configWith({ NODE_ENV: 'test' }), pino({ level: 'silent' }));
  await hub.close();
  expect(
    await t.sql(
      'directory',
      `SELECT name, share_type FROM resource_item WHERE coordinate = 'KeyProject.startYear'`,
    ),
  ).toEqual([{ name: '开工年度', share_type: 'CONDITIONAL' }]);
});

test("an item classified in the directory otherwise than declared keeps the directory's classification, with a warning", async () => {
  await t.sql(
    'directory',
    `UPDATE resource_item SET sensitivity = 'PERSON_NAME' WHERE coordinate = 'Enterprise.name'`,
  );
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  try {
    const hub = await initHub(configWith({ NODE_ENV: 'test' }), logger);
    await hub.close();
    const warning = lines.map((l) => JSON.parse(l)).find((l) => l.items);
    expect(warning.items).toEqual([
      'Enterprise.name: FIS-ENTERPRISE/UNCONDITIONAL/PERSON_NAME -> FIS-ENTERPRISE/UNCONDITIONAL/PLAIN',
    ]);
    const [item] = await t.sql(
      'directory',
      `SELECT sensitivity FROM resource_item WHERE coordinate = 'Enterprise.name'`,
    );
    expect(item.sensitivity).toBe('PERSON_NAME');
  } finally {
    await t.sql(
      'directory',
      `UPDATE resource_item SET sensitivity = 'PLAIN' WHERE coordinate = 'Enterprise.name'`,
    );
  }
});

test('production mode refuses to start while development credentials are enabled', async () => {
  await expect(initHub(configWith({ NODE_ENV: 'production' }), pino({ level: 'silent' }))).rejects.toThrow(
    /development credentials are enabled: client hub-admin, client hub-auditor.*console user admin/,
  );
  await t.sql(
    'directory',
    `UPDATE client SET disabled_at = now(), disabled_reason = 'go live' WHERE created_by = 'demo-seed'`,
  );
  // The demo console users still stand in the way.
  await expect(initHub(configWith({ NODE_ENV: 'production' }), pino({ level: 'silent' }))).rejects.toThrow(
    /development credentials are enabled: console user admin, console user auditor/,
  );
  await t.sql('directory', `UPDATE console_user SET disabled_at = now() WHERE created_by = 'demo-seed'`);
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
