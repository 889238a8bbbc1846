/**
 * CPU time per request, from /proc: how much of the machine a system used for each answer, split into its server
 * process, PostgreSQL (every process of the cluster) and the load generator.
 *
 * Why: requests per second on a shared 2-core machine move with everything else running on it, and a system that
 * needs more CPU per answer also leaves less for the database and the load generator. CPU milliseconds per request
 * are steadier from run to run, and they say where the time goes.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/** CPU milliseconds per request, per part. */
export interface CpuPerRequest {
  server: number;
  postgres: number;
  loadGenerator: number;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces), or null if the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

// Indexes into statFields (proc(5) numbers them from 1 with pid and comm first): ppid, utime, stime, cutime, cstime.
const PPID = 1;
const UTIME = 11;
const STIME = 12;
const CUTIME = 13;
const CSTIME = 14;

const ticksToMs = (ticks: number) => (ticks * 1000) / CLOCK_TICKS;

/** User + system CPU of one process, in ms; 0 when it is gone. */
function processMs(pid: number): number {
  const f = statFields(pid);
  return f ? ticksToMs(Number(f[UTIME]) + Number(f[STIME])) : 0;
}

/**
 * CPU of a PostgreSQL cluster in ms: the postmaster, its live children, and (through the postmaster's cutime and
 * cstime) every child that has exited, so backends that come and go between two samples are still counted.
 */
function clusterMs(postmasterPid: number): number {
  const own = statFields(postmasterPid);
  if (!own) return 0;
  let total = ticksToMs(Number(own[UTIME]) + Number(own[STIME]) + Number(own[CUTIME]) + Number(own[CSTIME]));
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[PPID]) === postmasterPid) total += ticksToMs(Number(f[UTIME]) + Number(f[STIME]));
  }
  return total;
}

/** The postmaster's pid from its lock file in the data directory. */
export function postmasterPid(databaseDir: string): number {
  const pid = Number(fs.readFileSync(`${databaseDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0)
    throw new Error(`no postmaster pid in ${databaseDir}/postmaster.pid`);
  return pid;
}

/** True where /proc can be read (Linux); elsewhere the report leaves CPU out. */
export function cpuAccountingAvailable(): boolean {
  return statFields(process.pid) !== null;
}

/**
 * Measures CPU per request of one load run: `start()` before it, `stop(requests)` after it. The server is every
 * process in `serverPids` (a federated hub is a gateway and its subgraphs); the load generator is this process
 * (autocannon runs in it).
 */
export function startCpuMeter(
  serverPids: readonly number[],
  postgresPid: number,
): { stop(requests: number): CpuPerRequest } {
  // Cumulative CPU ms so far, per part: the same shape as the per-request answer.
  const sample = (): CpuPerRequest => {
    const own = process.cpuUsage();
    return {
      server: serverPids.reduce((sum, pid) => sum + processMs(pid), 0),
      postgres: clusterMs(postgresPid),
      loadGenerator: (own.user + own.system) / 1000,
    };
  };
  const before = sample();
  return {
    stop(requests) {
      const after = sample();
      const per = (part: keyof CpuPerRequest) => (requests ? (after[part] - before[part]) / requests : 0);
      return { server: per('server'), postgres: per('postgres'), loadGenerator: per('loadGenerator') };
    },
  };
}
