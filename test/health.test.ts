import { createTestHub, type TestHub } from './helpers/test-hub';
import { sources } from '../src/sources';

let t: TestHub;
beforeAll(async () => {
  t = await createTestHub();
});
afterAll(() => t.close());

test('GET /health answers ok without touching the databases', async () => {
  const res = await fetch(`${t.baseUrl}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('GET /ready reports every source up', async () => {
  const res = await fetch(`${t.baseUrl}/ready`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    status: 'ready',
    sources: Object.fromEntries(sources.map((s) => [s.name, 'up'])),
  });
});

test("every response carries the hub's own request id; a client's X-Request-Id never becomes it", async () => {
  const first = await fetch(`${t.baseUrl}/health`, { headers: { 'x-request-id': 'req-123' } });
  const second = await fetch(`${t.baseUrl}/health`, { headers: { 'x-request-id': 'req-123' } });
  const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
  for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(ids[0]).not.toBe(ids[1]);
});
