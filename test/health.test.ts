import { createTestHub, type TestHub } from './helpers/test-hub';

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
    sources: { directory: 'up', statistics: 'up', fiscal: 'up', decision: 'up' },
  });
});

test('every response carries a request id, and a given one is echoed', async () => {
  const res = await fetch(`${t.baseUrl}/health`, { headers: { 'x-request-id': 'req-123' } });
  expect(res.headers.get('x-request-id')).toBe('req-123');
});
