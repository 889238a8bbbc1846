/**
 * Memory comes back: after a battery of documents that fill every cache (hundreds of distinct valid documents,
 * each parsed, validated, planned and compiled; large invalid ones; a token flood), the heap is within 100 MB of
 * where it started. Every cache on the path is bounded in bytes or in entries of bounded size.
 */
import { createTestHub, type TestHub } from '../helpers/test-hub';
import { heapUsedMb, watch } from './watch';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

/** A distinct valid document near the token limit: many aliased region lookups with different codes. */
function distinctDocument(i: number): string {
  const fields = Array.from(
    { length: 20 },
    (_, j) =>
      `r${j}: region(code: "${370200 + ((i * 20 + j) % 100_000)}") { code name kind parent { code name kind parent { code name } } }`,
  );
  return `query Q${i} { ${fields.join(' ')} }`;
}

// Minutes of work on a busy 2-core machine (44 s on a quiet one): the timeout only stops a hung test.
test('caches stay bounded: heap back within 100 MB after 600 distinct documents, 100 large invalid ones and a token flood', async () => {
  const token = await t.token();
  const post = (query: string) =>
    fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    }).then(async (res) => ({ status: res.status, text: await res.text() }));
  // Warm up (first compilations, pools, prepared statements) before the baseline.
  for (let i = 0; i < 5; i++) await post(distinctDocument(100_000 + i));
  const before = await heapUsedMb();
  let peakRss = 0;
  const watched = await watch(t.baseUrl, async () => {
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    for (let batch = 0; batch < 60; batch++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, k) => post(distinctDocument(batch * 10 + k))),
      );
      for (const r of results) count(r.status);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    for (let i = 0; i < 100; i++)
      count((await post(`{ region(code: "${i}") { ${'nme '.repeat(7_000)} } }`)).status);
    const flood = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${t.baseUrl}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `grant_type=client_credentials&client_id=flood-${i}&client_secret=${'s'.repeat(200)}`,
        }).then((r) => r.status),
      ),
    );
    for (const s of flood) count(s);
    return statuses;
  });
  expect(watched.probes).toBeGreaterThan(0);
  expect(watched.slowestHealthMs).toBeLessThan(1000);
  expect(watched.result.get(200)).toBe(600);
  const after = await heapUsedMb();
  process.stderr.write(
    `memory: heap ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after; peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB\n`,
  );
  expect(after - before).toBeLessThan(100);
}, 240_000);
