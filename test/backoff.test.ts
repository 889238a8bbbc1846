/**
 * The token endpoint's back-off, as pure bookkeeping with the clock passed in: locks grow, successes clear,
 * quiet keys are forgotten, and the number of keys stays bounded.
 */
import { FailureBackoff } from '../auth/backoff';

const options = { freeFailures: 3, firstLockSeconds: 1, maxLockSeconds: 60, maxEntries: 100 };

test('after the free failures a key is locked, and each further failure doubles the lock up to the longest', () => {
  const b = new FailureBackoff(options);
  let now = 1_000_000;
  for (let i = 0; i < 2; i++) b.fail('k', now);
  expect(b.retryAfter('k', now)).toBe(0);
  b.fail('k', now);
  expect(b.retryAfter('k', now)).toBe(1);
  const locks = [];
  for (let i = 0; i < 8; i++) {
    now += 1000;
    b.fail('k', now);
    locks.push(b.retryAfter('k', now));
  }
  expect(locks).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
});

test('a success clears a key; a key quiet for longer than the longest lock starts again from zero', () => {
  const b = new FailureBackoff(options);
  for (let i = 0; i < 3; i++) b.fail('a', 0);
  b.succeed('a');
  expect(b.retryAfter('a', 0)).toBe(0);
  for (let i = 0; i < 2; i++) b.fail('b', 0);
  b.fail('b', 61_000); // more than 60 s after the last: counted as the first
  expect(b.retryAfter('b', 61_000)).toBe(0);
});

test('at most maxEntries keys are kept, the least recently failed forgotten first', () => {
  const b = new FailureBackoff({ ...options, maxEntries: 10 });
  for (let i = 0; i < 1000; i++) b.fail(`key-${i}`, 0);
  expect(b.size).toBe(10);
});
