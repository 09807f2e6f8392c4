// When watch fetches a feed next, and how long a feed asks to be left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextFetchAt } from '../../src/run/schedule.js';
import { cacheFor, maxAgeMs } from '../../src/fetch/cache-hint.js';
import { parseFeed } from '../../src/parse/index.js';

test('nextFetchAt: the interval, unless the feed asks for longer or backs off', () => {
  const base = { fetchedAt: 1_000_000, intervalMs: 60_000, cacheForMs: null, nextAttempt: null };
  assert.equal(nextFetchAt(base), 1_060_000);
  assert.equal(nextFetchAt({ ...base, cacheForMs: 30_000 }), 1_060_000, 'a shorter max-age does not make it sooner');
  assert.equal(nextFetchAt({ ...base, cacheForMs: 3_600_000 }), 4_600_000);
  assert.equal(nextFetchAt({ ...base, nextAttempt: 9_000_000 }), 9_000_000);
  assert.equal(nextFetchAt({ ...base, nextAttempt: 1_000_000 }), 1_060_000, 'a due retry still waits for the interval');
});

test('maxAgeMs reads max-age and s-maxage; no-cache and no-store say nothing', () => {
  assert.equal(maxAgeMs('public, max-age=600'), 600_000);
  assert.equal(maxAgeMs('max-age=600, s-maxage=60'), 60_000, 's-maxage is the shared caches\' value');
  assert.equal(maxAgeMs('Max-Age="120"'), 120_000);
  assert.equal(maxAgeMs('no-cache, max-age=600'), null);
  assert.equal(maxAgeMs('no-store'), null);
  assert.equal(maxAgeMs('max-age=-1'), null);
  assert.equal(maxAgeMs('max-age=abc'), null);
  assert.equal(maxAgeMs(undefined), null);
});

test('cacheFor: the longer of max-age and the feed\'s <ttl> (minutes), from a parsed document', () => {
  const doc = parseFeed('<rss version="2.0"><channel><title>t</title><ttl>15</ttl><item><title>a</title><ttl>999</ttl></item></channel></rss>');
  assert.equal(doc.ttlMinutes, 15, 'the channel\'s ttl, not an item\'s');
  assert.deepEqual(cacheFor({ 'cache-control': 'max-age=60' }, doc), { cacheForMs: 900_000 });
  assert.deepEqual(cacheFor({ 'cache-control': 'max-age=7200' }, doc), { cacheForMs: 7_200_000 });
  assert.deepEqual(cacheFor({}, null), {});
  const junk = parseFeed('<rss version="2.0"><channel><title>t</title><ttl>soon</ttl></channel></rss>');
  assert.equal(junk.ttlMinutes, undefined);
});
