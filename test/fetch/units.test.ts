import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration } from '../../src/fetch/format.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, shouldFallBack } from '../../src/fetch/retry.js';
import { encodingsToUndo } from '../../src/fetch/body.js';
import { HostLimiter } from '../../src/fetch/host-limit.js';
import { isLocalSource } from '../../src/fetch/file.js';

test('durations and sizes read like a person wrote them', () => {
  assert.equal(formatDuration(20_000), '20s');
  assert.equal(formatDuration(1500), '1.5s');
  assert.equal(formatDuration(250), '250ms');
  assert.equal(formatDuration(120_000), '2m');
  assert.equal(formatDuration(3600_000), '1h');
  assert.equal(formatBytes(10 * 1024 * 1024), '10MB');
  assert.equal(formatBytes(10_000_000), '10MB');
  assert.equal(formatBytes(512 * 1024), '512KB');
  assert.equal(formatBytes(1234), '1234 bytes');
});

test('Retry-After: seconds or an HTTP date', () => {
  assert.equal(parseRetryAfter('120'), 120_000);
  assert.equal(parseRetryAfter(' 0 '), 0);
  const now = Date.parse('Thu, 27 Jan 2022 10:09:07 GMT');
  assert.equal(parseRetryAfter('Thu, 27 Jan 2022 10:10:07 GMT', now), 60_000);
  assert.equal(parseRetryAfter('Thu, 27 Jan 2022 10:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon'), null);
  assert.equal(parseRetryAfter(undefined), null);
});

test('backoff doubles, jitters within [half, full], and is capped', () => {
  assert.equal(backoffDelay(0, 500, 30_000, () => 0), 250);
  assert.equal(backoffDelay(0, 500, 30_000, () => 0.999999), 500);
  assert.equal(backoffDelay(3, 500, 30_000, () => 0.999999), 4000);
  assert.equal(backoffDelay(20, 500, 30_000, () => 0.999999), 30_000);
});

test('retry and fallback policy by status', () => {
  for (const s of [408, 429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [400, 401, 403, 404, 410, 501]) assert.equal(isRetryableStatus(s), false, String(s));
  for (const s of [null, 403, 429, 500, 503]) assert.equal(shouldFallBack(s), true, String(s));
  for (const s of [400, 404, 410]) assert.equal(shouldFallBack(s), false, String(s));
});

test('Content-Encoding is undone last-applied first', () => {
  assert.deepEqual(encodingsToUndo('gzip'), ['gzip']);
  assert.deepEqual(encodingsToUndo('deflate, br'), ['br', 'deflate']);
  assert.deepEqual(encodingsToUndo('identity'), []);
  assert.deepEqual(encodingsToUndo(null), []);
});

test('local sources: file URLs and paths, not http(s)', () => {
  assert.equal(isLocalSource('file:///tmp/a.xml'), true);
  assert.equal(isLocalSource('/tmp/a.xml'), true);
  assert.equal(isLocalSource('feeds/a.xml'), true);
  assert.equal(isLocalSource('https://rsshub.app/guancha/headline'), false);
});

test('host limiter hands slots over in order and keeps hosts apart', async () => {
  const limiter = new HostLimiter(1);
  const order: string[] = [];
  const a1 = await limiter.acquire('a');
  const b1 = await limiter.acquire('b'); // another host is not blocked by a
  const waiting = [limiter.acquire('a').then((r) => (order.push('a2'), r)), limiter.acquire('a').then((r) => (order.push('a3'), r))];
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(order, []);
  a1();
  const a2 = await waiting[0]!;
  assert.deepEqual(order, ['a2']);
  a2();
  a2(); // releasing twice is harmless
  (await waiting[1]!)();
  b1();
  assert.deepEqual(order, ['a2', 'a3']);
  (await limiter.acquire('a'))();
});

test('readCappedBody: deflate split at any byte, truncated gzip kept, garbage named', async () => {
  const { readCappedBody, DecodeError, BodyTooLargeError } = await import('../../src/fetch/body.js');
  const { Readable } = await import('node:stream');
  const zlib = await import('node:zlib');
  const text = 'feedmill '.repeat(1000);
  for (const packed of [zlib.deflateSync(text), zlib.deflateRawSync(text)]) {
    const pieces = [packed.subarray(0, 1), packed.subarray(1, 2), packed.subarray(2)];
    const out = await readCappedBody(Readable.from(pieces), ['deflate'], 1 << 20);
    assert.equal(out.toString(), text);
  }
  const gz = zlib.gzipSync(text);
  const cut = await readCappedBody(Readable.from([gz.subarray(0, gz.length - 10)]), ['gzip'], 1 << 20);
  assert.ok(text.startsWith(cut.toString()) && cut.length > 0, 'a truncated gzip body keeps what arrived');
  await assert.rejects(readCappedBody(Readable.from([Buffer.from('not gzip at all')]), ['gzip'], 1 << 20), DecodeError);
  await assert.rejects(readCappedBody(Readable.from([Buffer.from(text)]), [], 100), BodyTooLargeError);
  const exact = await readCappedBody(Readable.from([Buffer.from(text)]), [], text.length);
  assert.equal(exact.length, text.length, 'a body of exactly maxBytes is fine');
});
