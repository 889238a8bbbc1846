/**
 * A running embedded server is shared, not taken over: a process that finds it running while the process that
 * started it lives (a CLI command beside `npm start`) uses it and leaves it running; one that finds its starter
 * gone adopts it. Pinned on the test cluster itself, with a stand-in owner process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedCluster } from '../src/embedded-postgres';

const dataDir = process.env.HUB_TEST_PG_DATA_DIR!;
const port = Number(new URL(process.env.HUB_TEST_PG_BASE_URL!).port);
const ownerFile = path.join(dataDir, 'owner.pid');
let realOwner: string;
let standIn: ChildProcess;

beforeAll(() => {
  realOwner = fs.readFileSync(ownerFile, 'utf8');
  // A live process that is not this one, to play the hub that started the server.
  standIn = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
});
afterAll(() => {
  fs.writeFileSync(ownerFile, realOwner);
  standIn.kill();
});

async function serverAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return (await client.query('SELECT 1 AS one')).rows[0].one === 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}

test('beside a live owner, a second process uses the server and its stop() leaves it running', async () => {
  fs.writeFileSync(ownerFile, `${standIn.pid}\n`);
  const logs: string[] = [];
  const guest = await startEmbeddedCluster({ dataDir, port, onLog: (line) => logs.push(line) });
  expect(logs.join('\n')).toMatch(
    new RegExp(
      `using the PostgreSQL server that process ${standIn.pid} runs on .*it keeps running after this one`,
    ),
  );
  await guest.stop();
  guest.stopSync();
  expect(await serverAnswers(guest.url('postgres'))).toBe(true);
  expect(fs.readFileSync(ownerFile, 'utf8').trim()).toBe(String(standIn.pid));
});

test('when the owner is gone, the next process adopts the server and becomes its owner', async () => {
  // A pid that no process has: the one of a short-lived child that has exited.
  const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => gone.once('exit', resolve));
  fs.writeFileSync(ownerFile, `${gone.pid}\n`);
  const logs: string[] = [];
  await startEmbeddedCluster({ dataDir, port, onLog: (line) => logs.push(line) });
  expect(logs.join('\n')).toMatch(/adopting the PostgreSQL server already running/);
  expect(fs.readFileSync(ownerFile, 'utf8').trim()).toBe(String(process.pid));
  // Not stopped here: the test cluster belongs to jest's global setup, which afterAll hands it back to.
});
