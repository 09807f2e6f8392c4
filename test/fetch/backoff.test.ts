import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextAttemptAfterFailure, isDue } from '../../src/fetch/backoff.js';

const MIN = 60_000;
const H = 60 * MIN;

test('the first failure is retried on the next run, later ones back off exponentially', () => {
  const now = 1_000_000;
  assert.equal(nextAttemptAfterFailure(1, now), now);
  assert.equal(nextAttemptAfterFailure(2, now), now + 5 * MIN);
  assert.equal(nextAttemptAfterFailure(3, now), now + 10 * MIN);
  assert.equal(nextAttemptAfterFailure(4, now), now + 20 * MIN);
});

test('the backoff is capped, by default at 24 h', () => {
  assert.equal(nextAttemptAfterFailure(50, 0), 24 * H);
  assert.equal(nextAttemptAfterFailure(1000, 0, 2 * H), 2 * H);
});

test('a longer Retry-After is honoured within the cap', () => {
  assert.equal(nextAttemptAfterFailure(1, 0, 24 * H, 3 * H), 3 * H);
  assert.equal(nextAttemptAfterFailure(1, 0, 24 * H, 48 * H), 24 * H);
  assert.equal(nextAttemptAfterFailure(4, 0, 24 * H, 1000), 20 * MIN);
  assert.equal(nextAttemptAfterFailure(2, 0, 24 * H, null), 5 * MIN);
});

test('isDue: new, healthy and backed-off-but-expired feeds are due; gone and backing-off ones are not', () => {
  assert.equal(isDue(null, 5), true);
  assert.equal(isDue({ gone: false, nextAttempt: null }, 5), true);
  assert.equal(isDue({ gone: false, nextAttempt: 5 }, 5), true);
  assert.equal(isDue({ gone: false, nextAttempt: 6 }, 5), false);
  assert.equal(isDue({ gone: true, nextAttempt: null }, 5), false);
});
