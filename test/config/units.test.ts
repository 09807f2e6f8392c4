import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatSize, parseDuration, parseSize } from '../../src/config/units.js';

test('durations: units, compounds and plain milliseconds', () => {
  assert.equal(parseDuration('20s'), 20_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('24h'), 86_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration(' 10 s '), 10_000);
  assert.equal(parseDuration(1500), 1500);
  assert.equal(parseDuration('1500'), 1500);
  assert.equal(parseDuration('0'), 0);
});

test('durations: rejects what is not one', () => {
  for (const bad of ['', 'ten', '20x', '5 minutes', '-1s', 's', '1h30', true, null, [], -5, Number.NaN]) {
    assert.equal(parseDuration(bad), null, String(bad));
  }
});

test('sizes: binary multiples and plain bytes', () => {
  assert.equal(parseSize('10MB'), 10 * 1024 * 1024);
  assert.equal(parseSize('512KB'), 512 * 1024);
  assert.equal(parseSize('512kb'), 512 * 1024);
  assert.equal(parseSize('1GB'), 1024 ** 3);
  assert.equal(parseSize('1.5MB'), 1.5 * 1024 * 1024);
  assert.equal(parseSize('300B'), 300);
  assert.equal(parseSize('300'), 300);
  assert.equal(parseSize(4096), 4096);
  assert.equal(parseSize('2 MiB'), 2 * 1024 * 1024);
});

test('sizes: rejects what is not one', () => {
  for (const bad of ['', 'big', '10XB', 'MB', '-1MB', false, {}, -1]) assert.equal(parseSize(bad), null, String(bad));
});

test('formatting for messages', () => {
  assert.equal(formatDuration(20_000), '20s');
  assert.equal(formatDuration(86_400_000), '24h');
  assert.equal(formatDuration(300_000), '5m');
  assert.equal(formatDuration(1500), '1500ms');
  assert.equal(formatSize(10 * 1024 * 1024), '10MB');
  assert.equal(formatSize(512 * 1024), '512KB');
  assert.equal(formatSize(100), '100B');
});
