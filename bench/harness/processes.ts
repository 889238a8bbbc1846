/**
 * The benchmarked servers run as child processes, each announcing its ports as one JSON line on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';

export interface ServerProcess {
  /** The ports the child printed, e.g. { port: 41234 } or { hub: 1, noAudit: 2 }. */
  ports: Record<string, number>;
  /** The child's process id (for CPU accounting). */
  pid: number;
  /** Sends SIGTERM and waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/**
 * Starts `command args` with `env` added, its stderr appended to `logFile`, and resolves with the ports from
 * the first JSON line it prints. Rejects, pointing at the log, if it exits or stays silent for `timeoutMs`.
 */
export function startServerProcess(
  name: string,
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string; logFile: string; timeoutMs?: number },
): Promise<ServerProcess> {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', log],
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start: ${why}; see ${options.logFile}`));
    };
    const timer = setTimeout(
      () => fail(`no ports after ${options.timeoutMs ?? 120_000} ms`),
      options.timeoutMs ?? 120_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`exited with code ${code}`);
    });
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let ports: Record<string, number>;
      try {
        ports = JSON.parse(line) as Record<string, number>;
      } catch {
        return; // not the announcement
      }
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ ports, pid: child.pid!, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
