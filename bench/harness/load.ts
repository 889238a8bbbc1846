/**
 * Load generation: autocannon at fixed concurrency, each request built by the scenario (so lookups vary keys).
 */
import autocannon from 'autocannon';
import type { CpuPerRequest } from './cpu';

/** One HTTP request of a scenario against one system. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  requests: number;
  /** CPU milliseconds per request, where /proc can be read. */
  cpu?: CpuPerRequest;
}

/**
 * Runs `connections` concurrent clients against `baseUrl` for `seconds`, the i-th request being `request(i)`.
 */
export function runLoad(
  baseUrl: string,
  request: (i: number) => HttpRequest,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections: options.connections,
        duration: options.seconds,
        requests: [
          {
            setupRequest: (req) => {
              const r = request(i++);
              return { ...req, method: r.method, path: r.path, headers: r.headers ?? {}, body: r.body };
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts + result.non2xx,
          requests: result.requests.total,
        });
      },
    );
  });
}

/**
 * The median, over rounds, of `of`'s requests/s divided by `over`'s in the same round. Why per round: within a
 * round the two ran back to back, so a slow spell of the shared machine hits both sides of each ratio, where a
 * ratio of the two medians can pair one system's good round with the other's bad one.
 */
export function pairedRatio(
  of: readonly { requestsPerSecond: number }[],
  over: readonly { requestsPerSecond: number }[],
): number {
  if (of.length !== over.length) throw new Error(`pairedRatio: ${of.length} rounds against ${over.length}`);
  return median(of.map((r, i) => r.requestsPerSecond / over[i].requestsPerSecond));
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
