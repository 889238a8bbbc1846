/**
 * `npm run bench`: the hub against a raw-SQL baseline and PostGraphile 4 on the same data, in one run (issue 5).
 *
 *   npm run bench -- [--scale 1] [--seconds 6] [--rounds 5] [--connections 16] [--only 1,2,6]
 *                    [--data-dir DIR] [--port 54340] [--out BENCHMARKS.md] [--cpu-prof DIR]
 *
 * Starts an embedded PostgreSQL with pg_stat_statements in its own folder (one per scale, kept between runs, so
 * the scale-50 data is seeded once), seeds it when it is not at the asked scale, starts the hub, the baseline and
 * PostGraphile as separate processes, checks that they give the same answers, counts SQL statements per request,
 * loads each scenario with autocannon in alternating order, and writes BENCHMARKS.md with an SVG chart.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedCluster, folderBlockingPostgresUser } from '../src/embedded-postgres';
import { embeddedDatabaseName } from '../src/databases';
import { sources, type SourceName } from '../src/sources';
import { ensureGatewayInstalled, startFederation, type Federation } from '../src/federation';
import { FEDERATED_BENCH_ENV, measureFederatedBreakdown, type FederatedBreakdown } from './harness/federated';
import { startServerProcess, type ServerProcess } from './harness/processes';
import { median, pairedRatio, runLoad, type HttpRequest } from './harness/load';
import { StatementCounter } from './harness/statements';
import { loadScenarios, type LoadScenario, type SystemName } from './harness/scenarios';
import { measureAuditFloor } from './harness/audit-floor';
import { runScaleScenario, type ScaleResult } from './harness/scale';
import { cpuAccountingAvailable, postmasterPid, startCpuMeter, type CpuPerRequest } from './harness/cpu';
import { renderChart, renderReport, type ScenarioResult, type SystemResult } from './harness/report';

const ROOT = path.resolve(__dirname, '..', '..');
const BASE_ENTERPRISES = 20_000;
/** Where the hand-written notes of BENCHMARKS.md begin: everything from here on survives a new run. */
const KEPT_NOTES_MARKER = '<!-- notes kept by npm run bench -->';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    only: { type: 'string' },
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '54340' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    // Writes a V8 CPU profile of the hub process into DIR when the run ends (open it in Chrome DevTools).
    'cpu-prof': { type: 'string' },
  },
});

/** A positive number from an option, or exit with a message naming it. */
function numberOption(name: string, value: string | undefined, integer = true): number {
  const n = Number(value);
  if (!(n > 0) || (integer && !Number.isInteger(n))) {
    process.stderr.write(`--${name} must be a positive ${integer ? 'integer' : 'number'}; got "${value}".\n`);
    process.exit(2);
  }
  return n;
}

const scale = numberOption('scale', args.scale, false);
const seconds = numberOption('seconds', args.seconds);
const rounds = numberOption('rounds', args.rounds);
const connections = numberOption('connections', args.connections);
const port = numberOption('port', args.port);
const only = args.only ? new Set(args.only.split(',').map((s) => Number(s.trim()))) : null;

const say = (line: string) => process.stdout.write(`${line}\n`);

/** PostGraphile lives in its own package (it brings graphql 15); install it on first use. */
function ensurePostGraphile(): string {
  const dir = path.join(ROOT, 'bench', 'postgraphile');
  if (!fs.existsSync(path.join(dir, 'node_modules', 'postgraphile', 'package.json'))) {
    say('installing PostGraphile 4 into bench/postgraphile (first run only)');
    const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    if (npm.status !== 0) throw new Error(`npm ci in ${dir} failed with status ${npm.status}`);
  }
  return (
    JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'postgraphile', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/** The data folder: per scale under .data, or under /var/tmp when the postgres user cannot reach .data. */
function dataDirectory(): string {
  if (args['data-dir']) return path.resolve(args['data-dir']);
  const wanted = path.join(ROOT, '.data', `bench-scale-${scale}`);
  return folderBlockingPostgresUser(wanted)
    ? path.join('/var/tmp', `exchange-hub-bench-scale-${scale}`)
    : wanted;
}

/** The first row of `sql`; null when there is none or the table does not exist yet (not migrated). */
async function queryOne<T>(url: string, sql: string, params: unknown[] = []): Promise<T | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return ((await client.query(sql, params)).rows[0] as T | undefined) ?? null;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null; // undefined_table
    throw error;
  } finally {
    await client.end();
  }
}

/** True when the databases hold a finished seed at this scale (the decision source is seeded last). */
async function seededAtScale(urls: Record<string, string>): Promise<boolean> {
  const enterprises = await queryOne<{ n: number }>(urls.fiscal, 'SELECT count(*)::int AS n FROM enterprise');
  const decision = await queryOne<{ any: boolean }>(
    urls.decision,
    'SELECT EXISTS (SELECT 1 FROM key_project) AS any',
  );
  return enterprises?.n === Math.round(BASE_ENTERPRISES * scale) && decision?.any === true;
}

async function fetchJson(url: string, init: RequestInit): Promise<any> {
  const res = await fetch(url, init);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

async function send(baseUrl: string, request: HttpRequest): Promise<any> {
  return fetchJson(baseUrl + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
}

/** PostgreSQL numerics arrive as strings from PostGraphile; compare them as numbers. */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    ['amount', 'registeredCapital', 'value'].includes(key) && typeof v === 'string' ? Number(v) : v,
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const postgraphileVersion = ensurePostGraphile();
  const dataDir = dataDirectory();
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  say(`data in ${dataDir}, logs in ${logDir}`);
  const flags = ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'max_connections=200'];
  const cluster = await startEmbeddedCluster({ dataDir, port, postgresFlags: flags, onLog: say });
  const databases = sources.map((s) => embeddedDatabaseName(s.name));
  await cluster.ensureDatabases(databases);
  const urls = Object.fromEntries(sources.map((s) => [s.name, cluster.url(embeddedDatabaseName(s.name))]));
  const urlEnv = Object.fromEntries(
    sources.map((s) => [`${s.name.toUpperCase()}_DATABASE_URL`, urls[s.name]]),
  );
  const children: ServerProcess[] = [];
  // CPU per request comes from /proc (Linux only): each system's server process, and the whole cluster.
  let cpuPids: { server: Record<SystemName, number[]>; postgres: number } | null = null;
  let federation: Federation | null = null;
  try {
    // A data folder seeded at this scale is kept; a source added since (an empty database) is seeded into it
    // at this scale without touching the others (`seed` without --reset fills empty databases only).
    const seeded = await seededAtScale(urls);
    say(
      seeded
        ? `seeding any source added since scale ${scale} was seeded`
        : `seeding scale ${scale} (once per data folder; scale 50 takes about 10 minutes)`,
    );
    const seed = spawnSync(
      process.execPath,
      [path.join(ROOT, 'dist/src/main.js'), 'seed', '--scale', String(scale), ...(seeded ? [] : ['--reset'])],
      {
        stdio: 'inherit',
        env: { ...process.env, ...urlEnv, NODE_ENV: 'development', LOG_LEVEL: seeded ? 'warn' : 'info' },
      },
    );
    if (seed.status !== 0) throw new Error(`seeding failed with status ${seed.status}`);

    say('starting the hub, the baseline and PostGraphile');
    const common = { ...urlEnv, NODE_ENV: 'production', LOG_LEVEL: 'warn', DB_POOL_MAX: '10' };
    const hub = await startServerProcess(
      'hub',
      process.execPath,
      [
        ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'])}`] : []),
        path.join(ROOT, 'dist/bench/hub-server.js'),
      ],
      {
        env: {
          ...common,
          NODE_ENV: 'production',
          SEED_DEMO_DATA: 'false',
          MAX_PAGE_SIZE: '5000',
          MAX_QUERY_COST: '10000000',
          // The load is one client: its quota and pool share are those of a client an administrator gave the
          // whole hub (the counters still run, so their cost is measured).
          GRAPHQL_MAX_CONCURRENT: '10000',
          GRAPHQL_RATE_LIMIT_PER_MINUTE: '100000000',
          DB_POOL_PER_CLIENT: '10',
        },
        logFile: path.join(logDir, 'hub.log'),
      },
    );
    children.push(hub);
    const baseline = await startServerProcess(
      'baseline',
      process.execPath,
      [path.join(ROOT, 'dist/bench/baseline.js')],
      {
        env: common,
        logFile: path.join(logDir, 'baseline.log'),
      },
    );
    children.push(baseline);
    const postgraphile = await startServerProcess('postgraphile', process.execPath, ['server.js'], {
      cwd: path.join(ROOT, 'bench', 'postgraphile'),
      env: { DATABASE_URL: urls.fiscal, POOL_MAX: '10', NODE_ENV: 'production' },
      logFile: path.join(logDir, 'postgraphile.log'),
    });
    children.push(postgraphile);
    // The same hub federated: each source its own subgraph process and one gateway, with the hub's settings.
    await ensureGatewayInstalled(ROOT, say);
    federation = await startFederation({
      projectRoot: ROOT,
      databaseUrls: urls as Record<SourceName, string>,
      replicas: 1,
      logDir,
      env: {
        ...FEDERATED_BENCH_ENV,
        GATEWAY_SERVER_TIMING: 'true',
      },
    });
    const gateway = federation.gateways[0];
    const federatedPids = [gateway.pid, ...[...federation.subgraphs.values()].map((s) => s.pid)];
    // Each system: the processes that serve it (the hub process serves all three hub variants) and its port.
    const servedBy: Record<SystemName, [number[], number]> = {
      hub: [[hub.pid], hub.ports.hub],
      'hub, permissions off': [[hub.pid], hub.ports.noPermissions],
      'hub, audit off': [[hub.pid], hub.ports.noAudit],
      baseline: [[baseline.pid], baseline.ports.port],
      postgraphile: [[postgraphile.pid], postgraphile.ports.port],
      'hub, federated': [federatedPids, gateway.port],
    };
    const systemNames = Object.keys(servedBy) as SystemName[];
    const baseUrl = Object.fromEntries(
      systemNames.map((s) => [s, `http://127.0.0.1:${servedBy[s][1]}`]),
    ) as Record<SystemName, string>;
    if (cpuAccountingAvailable()) {
      cpuPids = {
        postgres: postmasterPid(path.join(dataDir, 'pg')),
        server: Object.fromEntries(systemNames.map((s) => [s, servedBy[s][0]])) as Record<
          SystemName,
          number[]
        >,
      };
    }

    // The hub's refresher brings the revenue cube up to date after a seed or an upgrade; aggregates wait for it.
    for (;;) {
      const stale = await queryOne<{ n: number }>(
        urls.fiscal,
        'SELECT count(*)::int AS n FROM revenue_summary_stale',
      );
      if (!stale?.n) break;
      say(`waiting for the hub to refresh the revenue summary: ${stale.n} stale months`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }

    const token = async (clientId: string, secret: string) =>
      (
        await fetchJson(`${baseUrl.hub}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: secret,
          }),
        })
      ).access_token as string;
    const tokens = {
      taxOffice: await token('tax-office-app', 'dev-secret-tax-office'),
      shinanPlanning: await token('shinan-planning-app', 'dev-secret-shinan'),
      dashboard: await token('general-office-dashboard', 'dev-secret-general-office'),
    };
    const sample = new pg.Client({ connectionString: urls.fiscal });
    await sample.connect();
    const creditCodes = (
      await sample.query<{ credit_code: string }>(
        `SELECT credit_code FROM enterprise ORDER BY md5(credit_code) LIMIT 1000`,
      )
    ).rows.map((r) => r.credit_code);
    const rows = (
      await sample.query<{ enterprises: number; payments: number }>(
        `SELECT (SELECT count(*) FROM enterprise)::int AS enterprises, (SELECT count(*) FROM tax_payment)::float8 AS payments`,
      )
    ).rows[0];
    const postgresVersion = (
      await sample.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0].v;
    await sample.end();
    // The districts of the demo data (every region but the city itself), from the directory.
    const directory = new pg.Client({ connectionString: urls.directory });
    await directory.connect();
    const districts = (
      await directory.query<{ code: string }>(`SELECT code FROM region WHERE kind <> 'CITY' ORDER BY code`)
    ).rows.map((r) => r.code);
    await directory.end();

    const counter = await StatementCounter.open(cluster.url('postgres'));
    const countStatements = async (system: SystemName, request: (i: number) => HttpRequest) => {
      if (typeof counter === 'string') return null;
      await counter.reset();
      const n = 20;
      for (let i = 0; i < n; i++) await send(baseUrl[system], request(i));
      return counter.perRequest(databases, n);
    };

    const results: ScenarioResult[] = [];
    for (const scenario of loadScenarios({ tokens, creditCodes, districts })) {
      if (only && !only.has(scenario.id)) continue;
      const result = await runScenario(scenario, baseUrl, countStatements);
      if (scenario.id === 5 && cpuPids) {
        say('   the audit record alone (4 writers, 5 s)');
        // Scenario 5's load ran last as the tax office, so its newest record is the typical query's.
        result.auditFloor = await measureAuditFloor({
          directoryUrl: urls.directory,
          postmasterPid: cpuPids.postgres,
          clientId: 'tax-office-app',
          appenders: 4,
          seconds: 5,
        });
      }
      results.push(result);
    }
    const breakdowns: FederatedBreakdown[] = [];
    for (const scenario of loadScenarios({ tokens, creditCodes, districts })) {
      if (!scenario.systems['hub, federated'] || (only && !only.has(scenario.id))) continue;
      say(`   where a federated request's time goes: scenario ${scenario.id}`);
      const request = scenario.systems.hub!;
      breakdowns.push(
        await measureFederatedBreakdown({
          label: `${scenario.id}. ${scenario.id === 1 ? 'point lookup' : 'cross-source, 50 enterprises'}`,
          hubUrl: baseUrl.hub,
          gatewayUrl: baseUrl['hub, federated'],
          directoryUrl: urls.directory,
          request,
          // A document the gateway has not planned yet: the same request under a new operation name.
          coldRequest: (k) => {
            const r = request(k);
            const body = JSON.parse(r.body!) as { query: string; variables: unknown };
            return {
              ...r,
              body: JSON.stringify({
                ...body,
                query: `query Cold${k}${Date.now()} ${body.query.replace(/^query\s*/, '')}`,
              }),
            };
          },
          n: 200,
          cold: 10,
        }),
      );
    }
    let scaleResult: ScaleResult | null = null;
    if (!only || only.has(6)) {
      say('6. scale: deep pages and dashboard aggregates');
      scaleResult = await runScaleScenario({ hubUrl: baseUrl.hub, fiscalUrl: urls.fiscal, tokens, runs: 20 });
    }
    if (typeof counter !== 'string') await counter.close();

    const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
    const chartFile = args.out.replace(/\.md$/, '') + '.svg';
    const report = renderReport(
      {
        command,
        date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
        cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}`,
        memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
        node: process.version,
        postgres: postgresVersion,
        postgraphile: postgraphileVersion,
        scale,
        rows: { enterprises: rows.enterprises, taxPayments: rows.payments },
        seconds,
        rounds,
        statementsUnavailable: typeof counter === 'string' ? counter : null,
      },
      results,
      scaleResult,
      path.basename(chartFile),
      breakdowns,
    );
    fs.writeFileSync(path.resolve(ROOT, args.out), report + keptNotes(path.resolve(ROOT, args.out)));
    fs.writeFileSync(path.resolve(ROOT, chartFile), renderChart(results, scaleResult));
    say('');
    say(report);
    say(`wrote ${args.out} and ${chartFile} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await federation?.stop();
    for (const child of children.reverse()) await child.stop();
    await cluster.stop();
  }

  /** Checks answers, counts statements, then loads each system in turn for every round. */
  async function runScenario(
    scenario: LoadScenario,
    baseUrl: Record<SystemName, string>,
    countStatements: (
      system: SystemName,
      request: (i: number) => HttpRequest,
    ) => Promise<SystemResult['statements']>,
  ): Promise<ScenarioResult> {
    const systems = Object.keys(scenario.systems) as SystemName[];
    const conns = Math.min(connections, scenario.connections ?? connections);
    say(`${scenario.id}. ${scenario.title}`);
    for (let i = 0; i < 3; i++) {
      const answers = await Promise.all(
        systems.map(async (s) => [s, await send(baseUrl[s], scenario.systems[s]!(i))] as const),
      );
      for (const [system, body] of answers) {
        if (body.errors)
          throw new Error(
            `${system} answered scenario ${scenario.id} with errors: ${JSON.stringify(body.errors).slice(0, 300)}`,
          );
      }
      const compared = (scenario.sameAnswers ?? []).map((s) =>
        normalise(answers.find(([name]) => name === s)![1].data),
      );
      if (compared.some((a) => !isDeepStrictEqual(a, compared[0]))) {
        throw new Error(
          `scenario ${scenario.id}: ${scenario.sameAnswers!.join(', ')} gave different answers to request ${i}`,
        );
      }
    }
    const statements: Partial<Record<SystemName, SystemResult['statements']>> = {};
    for (const s of systems) statements[s] = await countStatements(s, scenario.systems[s]!);
    const growth = [];
    for (const g of scenario.growth ?? []) {
      const bySystem: Partial<Record<SystemName, SystemResult['statements']>> = {};
      for (const s of Object.keys(g.systems) as SystemName[])
        bySystem[s] = await countStatements(s, g.systems[s]!);
      growth.push({ label: g.label, bySystem });
    }
    for (const s of systems)
      await runLoad(baseUrl[s], scenario.systems[s]!, { connections: conns, seconds: 2 });
    const loads = new Map<SystemName, SystemResult['rounds']>(systems.map((s) => [s, []]));
    for (let round = 0; round < rounds; round++) {
      // Rotate the order each round, so no system always runs first (cold) or last (after the others' load).
      const order = systems.map((_, k) => systems[(k + round) % systems.length]);
      for (const s of order) {
        const meter = cpuPids ? startCpuMeter(cpuPids.server[s], cpuPids.postgres) : null;
        const r = await runLoad(baseUrl[s], scenario.systems[s]!, {
          connections: conns,
          seconds: seconds * (scenario.secondsFactor ?? 1),
        });
        if (meter) r.cpu = meter.stop(r.requests);
        loads.get(s)!.push(r);
        say(
          `   round ${round + 1}/${rounds} ${s.padEnd(22)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms${r.errors ? `  errors ${r.errors}` : ''}`,
        );
      }
    }
    const bySystem: Partial<Record<SystemName, SystemResult>> = {};
    for (const s of systems) {
      const rs = loads.get(s)!;
      bySystem[s] = {
        rounds: rs,
        requestsPerSecond: median(rs.map((r) => r.requestsPerSecond)),
        p50: median(rs.map((r) => r.p50)),
        p99: median(rs.map((r) => r.p99)),
        errors: rs.reduce((a, r) => a + r.errors, 0),
        statements: statements[s] ?? null,
        cpu: medianCpu(rs.map((r) => r.cpu)),
      };
    }
    const ratios = scenario.targets.map((target) => {
      const ratio = pairedRatio(loads.get(target.of)!, loads.get(target.over)!);
      return { target, ratio, met: ratio >= target.atLeast };
    });
    for (const q of ratios)
      say(
        `   hub ÷ ${q.target.over}: ${q.ratio.toFixed(3)} (target ≥ ${q.target.atLeast}) ${q.met ? 'met' : 'MISSED'}`,
      );
    const references = (scenario.references ?? []).map((q) => ({
      ...q,
      ratio: pairedRatio(loads.get(q.of)!, loads.get(q.over)!),
    }));
    for (const q of references) say(`   ${q.of} ÷ ${q.over}: ${q.ratio.toFixed(3)}`);
    return { scenario, connections: conns, bySystem, growth, ratios, references };
  }
}

/** The part-by-part medians of the rounds' CPU figures; null when any round has none. */
function medianCpu(rounds: readonly (CpuPerRequest | undefined)[]): CpuPerRequest | null {
  if (!rounds.length || rounds.some((c) => !c)) return null;
  const all = rounds as CpuPerRequest[];
  return {
    server: median(all.map((c) => c.server)),
    postgres: median(all.map((c) => c.postgres)),
    loadGenerator: median(all.map((c) => c.loadGenerator)),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});

/**
 * The hand-written part of an existing report, from KEPT_NOTES_MARKER on (comparisons between runs of different
 * code, which one run cannot write), so that a new run keeps it below its own figures.
 */
function keptNotes(file: string): string {
  if (!fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf(KEPT_NOTES_MARKER);
  return at < 0 ? '' : `\n${text.slice(at)}`;
}
