/**
 * Starts a real PostgreSQL (the embedded cluster) in a fresh temporary folder on a free port, and builds one
 * migrated and seeded template database per source. Test files clone the templates.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEmbeddedCluster } from '../src/embedded-postgres';
import { loadConfig } from '../src/config';
import { openDatabases, prepareDatabases } from '../src/databases';
import { runMaintenanceOnce } from '../src/maintenance';
import { sources } from '../src/sources';
import pg from 'pg';
import { ClientSecrets } from '../auth/secrets';
import { TEMPLATE_PREFIX, TEST_READER, TEST_SCALE } from './helpers/cluster';
import { ensureGatewayInstalled } from '../src/federation';

/**
 * Adds TEST_READER and its grants (to that app only, so other apps of its department are unaffected): every
 * CONDITIONAL item of every resource another department provides, in clear.
 */
async function addTestReader(directoryUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: directoryUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO client (client_id, name, role, department_code, secret_hash, created_by) VALUES ($1, 'test reader', 'DEPARTMENT', $2, $3, 'test-setup')`,
      [
        TEST_READER.clientId,
        TEST_READER.departmentCode,
        (await ClientSecrets.load(async (sql, values) => (await client.query(sql, values)).rows)).hash(
          TEST_READER.secret,
        ),
      ],
    );
    await client.query(
      `INSERT INTO access_grant (consumer_department_code, consumer_client_id, resource_code, items, purpose, clear_sensitive, created_by)
       SELECT $1, $2, r.code, array_agg(i.coordinate ORDER BY i.coordinate), 'tests read everything', true, 'test-setup'
       FROM resource r JOIN resource_item i ON i.resource_code = r.code
       WHERE i.share_type = 'CONDITIONAL' AND r.provider_department_code <> $1
       GROUP BY r.code`,
      [TEST_READER.departmentCode, TEST_READER.clientId],
    );
    // The demo's waiting sharing requests are for people trying the console; tests file their own and count them.
    await client.query('DELETE FROM sharing_request_item');
    await client.query('DELETE FROM sharing_request');
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  // The federation test runs Hive Gateway, which lives in its own package (gateway/): installed on first use,
  // while the templates are seeded.
  const gatewayInstalled = ensureGatewayInstalled(path.resolve(__dirname, '..'), (line) =>
    process.stderr.write(`\n${line}\n`),
  );
  gatewayInstalled.catch(() => undefined); // awaited (and thrown) below, once the templates are seeded
  const started = Date.now();
  // Under the system temp folder, which every user may traverse: the server runs as `postgres` when we are root.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-test-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const cluster = await startEmbeddedCluster({
    dataDir,
    port,
    // Tests need durability of nothing: skip fsync for speed.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
  });
  (globalThis as Record<string, unknown>).__HUB_TEST_CLUSTER__ = { cluster, dataDir };
  // The server is a daemon (pg_ctl): if jest is interrupted before its teardown, stop it on the way out anyway.
  process.once('exit', () => {
    try {
      cluster.stopSync();
      fs.rmSync(dataDir, { recursive: true, force: true });
    } catch {
      // already stopped by the teardown
    }
  });

  const templates = sources.map((s) => TEMPLATE_PREFIX + s.name);
  await cluster.ensureDatabases(templates);
  const env = Object.fromEntries(
    sources.map((s) => [`${s.name.toUpperCase()}_DATABASE_URL`, cluster.url(TEMPLATE_PREFIX + s.name)]),
  );
  const config = loadConfig(
    sources.map((s) => s.name),
    { ...env, NODE_ENV: 'test' },
  );
  const logger = pino({ level: 'warn' });
  const databases = await openDatabases(config, logger);
  try {
    await prepareDatabases(
      databases,
      { projectRoot: config.projectRoot, seed: true, scale: TEST_SCALE, progress: false },
      logger,
    );
    // Templates carry a fresh revenue cube, so tests exercise it (test hubs run no background upkeep).
    await runMaintenanceOnce(databases, logger);
  } finally {
    await databases.close();
  }
  await addTestReader(cluster.url(TEMPLATE_PREFIX + 'directory'));
  process.env.HUB_TEST_PG_BASE_URL = cluster.url('').replace(/\/$/, '');
  // The cluster's folder, for the test that pins how a second process shares a running server.
  process.env.HUB_TEST_PG_DATA_DIR = dataDir;
  process.stderr.write(
    `\nTest PostgreSQL on port ${port}, templates seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  await gatewayInstalled;
}
