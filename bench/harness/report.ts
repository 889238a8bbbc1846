/**
 * BENCHMARKS.md and its chart, from one run's results.
 */
import { pairedRatio, type LoadResult } from './load';
import type { AuditFloor } from './audit-floor';
import type { CpuPerRequest } from './cpu';
import type { LoadScenario, SystemName, Target } from './scenarios';
import type { StatementCounts } from './statements';
import type { ScaleResult } from './scale';
import type { FederatedBreakdown } from './federated';

export interface SystemResult {
  rounds: LoadResult[];
  /** Medians over the rounds. */
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  statements: StatementCounts | null;
  /** Medians over the rounds, part by part; null where /proc cannot be read. */
  cpu: CpuPerRequest | null;
}

export interface ScenarioResult {
  scenario: Pick<LoadScenario, 'id' | 'title' | 'targets'>;
  connections: number;
  bySystem: Partial<Record<SystemName, SystemResult>>;
  growth: { label: string; bySystem: Partial<Record<SystemName, StatementCounts | null>> }[];
  ratios: { target: Target; ratio: number; met: boolean }[];
  /** Ratios without a target (LoadScenario.references). */
  references?: { of: SystemName; over: SystemName; ratio: number }[];
  /** Scenario 5: what the record costs with nothing else running (bench/harness/audit-floor.ts). */
  auditFloor?: AuditFloor | null;
}

export interface RunFacts {
  command: string;
  date: string;
  cpus: string;
  memory: string;
  node: string;
  postgres: string;
  postgraphile: string;
  scale: number;
  rows: { enterprises: number; taxPayments: number };
  seconds: number;
  rounds: number;
  /** Why statement counts are missing, when they are. */
  statementsUnavailable: string | null;
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Statements per request as "3 (fiscal 2, directory 1)"; audit-trail writes listed apart. */
function formatStatements(s: StatementCounts | null | undefined): string {
  if (!s) return 'n/a';
  const parts = Object.entries(s.byDatabase)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([db, n]) => `${db.replace(/^hub_/, '')} ${fixed(n, n % 1 ? 2 : 0)}`);
  return `${fixed(s.total, s.total % 1 ? 2 : 0)} (${parts.join(', ')})`;
}

/** CPU per request as "0.31 + 0.19 (+ 0.06)". */
function formatCpu(cpu: CpuPerRequest | null): string {
  if (!cpu) return 'n/a';
  return `${fixed(cpu.server, 3)} + ${fixed(cpu.postgres, 3)} (+ ${fixed(cpu.loadGenerator, 3)})`;
}

const totalCpu = (cpu: CpuPerRequest) => cpu.server + cpu.postgres + cpu.loadGenerator;

/**
 * The most a server could reach, as a share of the requests/s of one that costs `cpu` per request, if it did the
 * same work plus `extraMs` of CPU per request: when CPU is what runs out, requests/s go as 1 / CPU per request.
 */
const reachable = (cpu: CpuPerRequest, extraMs: number) => totalCpu(cpu) / (totalCpu(cpu) + extraMs);

/**
 * Where a scenario ran the hub with and without its audit trail beside a system that keeps none: what one audit
 * record costs in CPU (hub minus hub without audit), and the most any server writing it could reach over that
 * system — the other system's CPU per request over the same plus the record's cost — when CPU is what runs out.
 */
function auditCeiling(r: ScenarioResult): string | null {
  const hub = r.bySystem.hub?.cpu;
  const noAudit = r.bySystem['hub, audit off']?.cpu;
  if (!hub || !noAudit) return null;
  const record = totalCpu(hub) - totalCpu(noAudit);
  // On a light request two noisy measurements can come out the other way round: say so instead of a negative cost.
  if (record <= 0) {
    return `The audit record's CPU cost is within this run's noise (hub minus hub without audit: ${fixed(record, 3)} ms).`;
  }
  const lines = [
    `The audit record of each request costs ${fixed(record, 3)} ms of CPU (hub minus hub without audit: ` +
      `${fixed(hub.server - noAudit.server, 3)} in the hub, ${fixed(hub.postgres - noAudit.postgres, 3)} in PostgreSQL).`,
  ];
  if (r.ratios.some((q) => q.target.over === 'hub, audit off')) {
    lines.push(
      `By CPU alone, that cost leaves the hub at ${fixed(reachable(noAudit, record), 3)} of its requests/s without audit.`,
    );
  }
  for (const other of ['baseline', 'postgraphile'] as const) {
    const cpu = r.bySystem[other]?.cpu;
    if (!cpu) continue;
    lines.push(
      `A server as cheap as ${other} that also wrote this record could reach at most ${fixed(reachable(cpu, record), 3)} of ${other}'s requests/s.`,
    );
  }
  return lines.join(' ');
}

/**
 * The record's cost with nothing else running, and the most audit on ÷ off can reach with it: the CPU per request
 * without audit over the same plus that cost.
 */
function auditFloorText(r: ScenarioResult): string | null {
  const floor = r.auditFloor;
  const noAudit = r.bySystem['hub, audit off']?.cpu;
  if (!floor || !noAudit) return null;
  return (
    `The record alone (the hub's AuditStore appending copies of this scenario's record from ${floor.appenders} ` +
    `writers, so ${floor.appenders} to a commit, with nothing else running): ${int(floor.recordsPerSecond)} records/s, ` +
    `${fixed(floor.writerMs, 3)} ms of CPU in the writer and ${fixed(floor.postgresMs, 3)} ms in PostgreSQL per record. ` +
    `At that cost, audit on ÷ off on this query can reach at most ${fixed(reachable(noAudit, floor.writerMs + floor.postgresMs), 3)}.`
  );
}

/**
 * Where the hub also ran without its audit trail beside the baseline and PostGraphile: the throughput ratios the
 * hub reaches without the record, and the ratio PostGraphile (no authentication, permissions or audit) reaches
 * over the baseline, as a measure of what a GraphQL layer alone costs on the same request.
 */
function withoutAuditRatios(r: ScenarioResult): string | null {
  const noAudit = r.bySystem['hub, audit off']?.rounds;
  const baseline = r.bySystem.baseline?.rounds;
  const postgraphile = r.bySystem.postgraphile?.rounds;
  if (!noAudit || !baseline || !postgraphile) return null;
  return (
    `Without its audit record the hub reaches ${fixed(pairedRatio(noAudit, baseline), 3)} of baseline's requests/s and ` +
    `${fixed(pairedRatio(noAudit, postgraphile), 3)} of postgraphile's. PostGraphile itself, which checks no token, ` +
    `applies no permissions and writes no audit record, reaches ${fixed(pairedRatio(postgraphile, baseline), 3)} of baseline's.`
  );
}

/** The ratio chart: one bar per target, green when met, with the target marked. */
export function renderChart(results: readonly ScenarioResult[], scale: ScaleResult | null): string {
  const bars = results.flatMap((r) =>
    r.ratios.map((q) => ({
      label: `${r.scenario.id}. hub ÷ ${q.target.over}`,
      value: q.ratio,
      target: q.target.atLeast,
      met: q.met,
    })),
  );
  if (scale) {
    for (const p of scale.pages) {
      const ratio = p.firstPage.medianMs / p.deepPage.medianMs;
      bars.push({
        label: `6. page 1 ÷ page ${p.deepPageNumber} time`,
        value: ratio,
        target: 1 / 1.5,
        met: ratio >= 1 / 1.5,
      });
    }
  }
  const rowHeight = 30;
  const left = 300;
  const width = 860;
  const plot = width - left - 80;
  const max = Math.max(2, ...bars.map((b) => b.value), ...bars.map((b) => b.target)) * 1.05;
  const x = (v: number) => left + (v / max) * plot;
  const height = 60 + bars.length * rowHeight + 30;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = bars.map((b, i) => {
    const y = 50 + i * rowHeight;
    return [
      `<text x="${left - 10}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text>`,
      `<rect x="${left}" y="${y + 3}" width="${Math.max(1, x(b.value) - left).toFixed(1)}" height="${rowHeight - 10}" fill="${b.met ? '#3a8f5c' : '#c0392b'}"/>`,
      `<text x="${(x(b.value) + 6).toFixed(1)}" y="${y + 15}">${b.value.toFixed(2)}</text>`,
      `<line x1="${x(b.target).toFixed(1)}" x2="${x(b.target).toFixed(1)}" y1="${y}" y2="${y + rowHeight - 4}" stroke="#222" stroke-width="2" stroke-dasharray="3,2"/>`,
    ].join('\n  ');
  });
  const ticks = [0, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10]
    .filter((t) => t <= max)
    .map(
      (t) =>
        `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="45" y2="${height - 25}" stroke="#ddd"/>` +
        `<text x="${x(t).toFixed(1)}" y="${height - 10}" text-anchor="middle" fill="#666">${t}</text>`,
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">Hub throughput relative to each system (same run; dashed line = target, higher is better)</text>
  ${ticks.join('\n  ')}
  ${rows.join('\n  ')}
</svg>
`;
}

/** The Markdown report. */
export function renderReport(
  facts: RunFacts,
  results: readonly ScenarioResult[],
  scale: ScaleResult | null,
  chartFile: string,
  federated: readonly FederatedBreakdown[] = [],
): string {
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push(
    'Written by `npm run bench` (bench/run.ts); rerun it to refresh this file. Every system runs on the same',
    'PostgreSQL and data, one after another in alternating order within each round, so the shared machine treats',
    'them alike. A ratio is the median of the per-round ratios (each round runs every system once, back to back);',
    'the requests/s, latency and CPU columns are the medians of the rounds.',
    '',
  );
  out.push('## Run', '');
  out.push(`- Command: \`${facts.command}\``);
  out.push(`- Date: ${facts.date}`);
  out.push(`- Machine: ${facts.cpus}, ${facts.memory} RAM; load generator, servers and PostgreSQL share it`);
  out.push(`- Node ${facts.node}, PostgreSQL ${facts.postgres}, PostGraphile ${facts.postgraphile}`);
  out.push(
    `- Data: scale ${facts.scale} — ${int(facts.rows.enterprises)} enterprises, ${int(facts.rows.taxPayments)} tax payments`,
  );
  out.push(
    `- Load: autocannon, ${facts.rounds} rounds of ${facts.seconds} s per system after a warm-up; statements counted with pg_stat_statements over 20 sequential requests`,
  );
  if (facts.statementsUnavailable) out.push(`- Statement counts unavailable: ${facts.statementsUnavailable}`);
  out.push('', `![Hub throughput relative to the other systems](${chartFile})`, '');
  out.push('## Targets', '');
  out.push('| Scenario | Comparison | Target | Measured | Met |', '|---|---|---|---|---|');
  for (const r of results) {
    for (const q of r.ratios) {
      out.push(
        `| ${r.scenario.id} | hub ÷ ${q.target.over} (requests/s) | ≥ ${q.target.atLeast} | ${q.ratio.toFixed(3)} | ${q.met ? 'yes' : '**no**'} |`,
      );
    }
  }
  if (scale) {
    for (const p of scale.pages) {
      const ratio = p.deepPage.medianMs / p.firstPage.medianMs;
      out.push(
        `| 6 | ${p.list}: page ${p.deepPageNumber} ÷ page 1 (median latency) | < 1.5 | ${ratio.toFixed(3)} | ${ratio < 1.5 ? 'yes' : '**no**'} |`,
      );
    }
    const slowest = Math.max(...scale.aggregates.map((a) => a.maxMs));
    out.push(
      `| 6 | slowest dashboard aggregate over a year (worst run) | < 1000 ms | ${fixed(slowest)} ms | ${slowest < 1000 ? 'yes' : '**no**'} |`,
    );
  }
  out.push('');
  for (const r of results) {
    out.push(`## ${r.scenario.id}. ${r.scenario.title}`, '');
    out.push(`${r.connections} connections.`, '');
    out.push(
      '| System | Requests/s | p50 ms | p99 ms | Errors | CPU ms per request: server + PostgreSQL (+ load generator) | SQL statements per request |',
      '|---|---|---|---|---|---|---|',
    );
    for (const [system, s] of Object.entries(r.bySystem)) {
      if (!s) continue;
      out.push(
        `| ${system} | ${int(s.requestsPerSecond)} | ${fixed(s.p50)} | ${fixed(s.p99)} | ${s.errors} | ${formatCpu(s.cpu)} | ${formatStatements(s.statements)} |`,
      );
    }
    for (const g of r.growth) {
      out.push(
        `| *statements with ${g.label}* | | | | | | ${Object.entries(g.bySystem)
          .map(([system, s]) => `${system}: ${formatStatements(s)}`)
          .join('; ')} |`,
      );
    }
    for (const q of r.references ?? []) {
      out.push(
        '',
        `${q.of} ÷ ${q.over}: ${fixed(q.ratio, 3)} of its requests/s (a reference, no target; see "Federated" below).`,
      );
    }
    const ceiling = auditCeiling(r);
    if (ceiling) out.push('', ceiling);
    const floor = auditFloorText(r);
    if (floor) out.push('', floor);
    const withoutAudit = withoutAuditRatios(r);
    if (withoutAudit) out.push('', withoutAudit);
    out.push('');
  }
  if (federated.length) {
    out.push('## Federated: where the time goes', '');
    out.push(
      'The hub run federated (`npm run start:federated`): each source its own subgraph process, one Hive Gateway',
      'in front, the same databases. One request at a time to each side; the parts are the medians of the',
      "gateway's Server-Timing and of the subgraphs' own audit durations (bench/harness/federated.ts).",
      '',
      '| Request | Single process ms | Federated ms | Front checks | Planning (cold: first request of a document) | Fetches: wall (sum, count) | In subgraphs | Hop | Merge + audit |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const b of federated) {
      const hop = b.fetchSumMs - b.subgraphMs;
      out.push(
        `| ${b.label} | ${fixed(b.singleMs, 2)} | ${fixed(b.federatedMs, 2)} | ${fixed(b.frontMs, 2)} | ${fixed(b.planMs, 2)} (cold ${fixed(b.coldPlanMs, 2)}) | ${fixed(b.fetchWallMs, 2)} (${fixed(b.fetchSumMs, 2)}, ${fixed(b.fetches, 0)}) | ${fixed(b.subgraphMs, 2)} | ${fixed(hop, 2)} | ${fixed(b.mergeMs, 2)} |`,
      );
    }
    out.push(
      '',
      'Columns are medians taken apart, so they need not add up exactly. "Hop" is the fetches\' sum less the',
      "subgraphs' own time: HTTP over loopback, (de)serialising, and each subgraph's request checks.",
      '',
    );
  }
  if (scale) {
    out.push('## 6. Scale: deep keyset pages and dashboard aggregates', '');
    out.push(
      'One request at a time, as the tax office (pages) and the general office dashboard (aggregates).',
      '',
    );
    out.push('| List | Page | Rows | Median ms | Worst ms |', '|---|---|---|---|---|');
    for (const p of scale.pages) {
      for (const row of [p.firstPage, p.deepPage]) {
        out.push(`| ${p.list} | ${row.label} | ${row.rows} | ${fixed(row.medianMs)} | ${fixed(row.maxMs)} |`);
      }
    }
    out.push('', '| Aggregate | Groups | Median ms | Worst ms |', '|---|---|---|---|');
    for (const a of scale.aggregates)
      out.push(`| ${a.label} | ${a.rows} | ${fixed(a.medianMs)} | ${fixed(a.maxMs)} |`);
    out.push(
      '',
      `Without the revenue cube (the same "${scale.withoutCube.label}" summed from the tax payments, as the hub did`,
      `before): ${fixed(scale.withoutCube.ms / 1000, 2)} s.`,
    );
    out.push('');
  }
  return out.join('\n');
}
