/**
 * What the hostile tests watch while an attack runs against the in-process test hub: that /health keeps
 * answering, how long the event loop was blocked at most, and whether memory comes back afterwards.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
/** A full collection, so heap figures say what is still held rather than what is merely uncollected. */
export const collectGarbage = vm.runInNewContext('gc') as () => void;

export interface Watched<T> {
  result: T;
  /** Slowest /health answer while the attack ran, ms (Infinity when one failed). */
  slowestHealthMs: number;
  /** /health probes answered while the attack ran (at least one: the first is sent as the attack starts). */
  probes: number;
}

/**
 * Runs `attack` while probing `${baseUrl}/health` every 50 ms (the hub runs in this process,
 * test/helpers/test-hub.ts). `slowestHealthMs` is Infinity when a probe failed.
 */
export async function watch<T>(baseUrl: string, attack: () => Promise<T>): Promise<Watched<T>> {
  let running = true;
  let slowest = 0;
  let probes = 0;
  const prober = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
        await res.text();
        slowest = Math.max(slowest, res.ok ? performance.now() - started : Infinity);
      } catch {
        slowest = Infinity;
      }
      probes++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  let result: T;
  try {
    result = await attack();
  } finally {
    running = false;
    await prober;
  }
  return { result, slowestHealthMs: slowest, probes };
}

/**
 * The longest event-loop block one request causes, ms: the smallest of `tries` measurements, so that a pause
 * the machine imposes (another process on the same core) is not counted against the hub. What the hub does
 * synchronously per request does not shrink on a retry; what the machine adds does.
 */
export async function eventLoopBlockMs(run: () => Promise<unknown>, tries = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    await run();
    // Let the histogram see the last tick.
    await new Promise((resolve) => setTimeout(resolve, 20));
    histogram.disable();
    best = Math.min(best, histogram.max / 1e6);
    if (best < 50) break;
  }
  return best;
}

/**
 * Heap in use after full collections, MB. Several, with turns of the event loop between them: objects held only
 * by weak references and finalizers, and V8's lazily swept pages, need more than one collection to be counted out
 * need more than one collection to be counted out.
 */
export async function heapUsedMb(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
