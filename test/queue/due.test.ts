import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedHealth, Source } from '../../src/model.js';
import { DEFAULT_INTERVAL_MS, isDue, nextRefresh } from '../../src/queue/due.js';
import { hostOf, queueSchema } from '../../src/queue/feed-queue.js';

const source: Source = { key: 'k', url: 'https://a.example/feed', fallbackUrls: [], categories: [], limit: 30, timezone: 'UTC', headers: {}, filters: [], rewrite: [] };
const health = (patch: Partial<FeedHealth>): FeedHealth => ({
  key: 'k', url: source.url, title: null, categories: [], etag: null, lastModified: null, bodyHash: null, lastSuccess: null, lastError: null,
  lastErrorAt: null, failures: 0, nextAttempt: null, gone: false, permanentRedirect: null, itemsKnown: 0, fetchMs: null, cacheForMs: null, imageFailures: [], articleFailures: [], ...patch,
});

test('due: a new feed at once; then its interval (or the default) after the last success', () => {
  assert.equal(nextRefresh(source, null), 0);
  assert.equal(nextRefresh(source, health({ lastSuccess: 1000 })), 1000 + DEFAULT_INTERVAL_MS);
  assert.equal(nextRefresh({ ...source, interval: 5 * 60_000 }, health({ lastSuccess: 1000 })), 1000 + 5 * 60_000);
  assert.equal(isDue({ ...source, interval: 60_000 }, health({ lastSuccess: 0 }), 59_999), false);
  assert.equal(isDue({ ...source, interval: 60_000 }, health({ lastSuccess: 0 }), 60_000), true);
});

test('due: a feed that asks for longer (max-age, <ttl>) waits that long after its last success, never less than its interval', () => {
  assert.equal(nextRefresh(source, health({ lastSuccess: 1000, cacheForMs: 2 * 3_600_000 })), 1000 + 2 * 3_600_000);
  assert.equal(nextRefresh(source, health({ lastSuccess: 1000, cacheForMs: 60_000 })), 1000 + DEFAULT_INTERVAL_MS);
  assert.equal(isDue({ ...source, interval: 60_000 }, health({ lastSuccess: 0, cacheForMs: 180 * 60_000 }), 3_600_000), false);
  assert.equal(isDue({ ...source, interval: 60_000 }, health({ lastSuccess: 0, cacheForMs: 180 * 60_000 }), 180 * 60_000), true);
  // backoff and gone still decide alone
  assert.equal(nextRefresh(source, health({ lastSuccess: 0, cacheForMs: 9_999_999, nextAttempt: 5 })), 5);
  assert.equal(nextRefresh(source, health({ lastSuccess: 0, cacheForMs: 9_999_999, gone: true })), Infinity);
});

test('due: a failing feed when its backoff ends, a gone one never, a moved URL at once', () => {
  assert.equal(nextRefresh(source, health({ lastSuccess: 0, failures: 3, nextAttempt: 77_000 })), 77_000);
  assert.equal(nextRefresh(source, health({ gone: true, nextAttempt: 5 })), Infinity);
  assert.equal(nextRefresh({ ...source, url: 'https://b.example/feed' }, health({ lastSuccess: Date.now() })), 0);
});

test('queue: grouped by host with its port; the queue schema follows a schema pinned in the URL', () => {
  assert.equal(hostOf('http://127.0.0.1:8080/f.xml'), '127.0.0.1:8080');
  assert.equal(hostOf('file:///srv/f.xml'), 'local');
  assert.equal(queueSchema('postgres://u@db/blog'), 'feedmill_queue');
  assert.equal(queueSchema('postgres://u@db/blog?options=-c%20search_path%3Dsite_a'), 'site_a_queue');
});

test('config: a feed interval: is a duration; a bad one is named', async () => {
  const { configFromText } = await import('../../src/config/yaml-text.js');
  const { resolveSources } = await import('../../src/config/sources.js');
  const config = configFromText('feeds:\n  - url: https://a.example/feed\n    interval: 15m\n  - url: https://b.example/feed\n', '/tmp/c.yml');
  const [a, b] = await resolveSources(config, { offline: true });
  assert.equal(a!.interval, 15 * 60_000);
  assert.equal(b!.interval, undefined);
  assert.throws(() => configFromText('feeds:\n  - url: https://a.example/feed\n    interval: soon\n', '/tmp/c.yml'), /feeds\[0\]\.interval.*expected a duration/s);
});
