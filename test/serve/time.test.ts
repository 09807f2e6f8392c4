// Days in the site's zone: where each calendar day starts, across DST changes (one that skips midnight too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOf, lastDays, nextDay, startOfDay } from '../../src/serve/time.js';

test('startOfDay: midnight in the zone, an hour apart across a DST change', () => {
  assert.equal(startOfDay('2026-01-27', 'Asia/Shanghai'), Date.UTC(2026, 0, 26, 16));
  assert.equal(startOfDay('2026-01-27', 'Asia/Kolkata'), Date.UTC(2026, 0, 26, 18, 30));
  assert.equal(startOfDay('2026-01-27', 'UTC'), Date.UTC(2026, 0, 27));
  assert.equal(startOfDay('2026-03-08', 'America/New_York'), Date.UTC(2026, 2, 8, 5));
  assert.equal(startOfDay('2026-03-09', 'America/New_York'), Date.UTC(2026, 2, 9, 4));
  assert.equal(startOfDay('2026-11-02', 'America/New_York'), Date.UTC(2026, 10, 2, 5));
});

test('startOfDay: every day of a year in zones with DST starts on that day, the minute before is the day before', () => {
  for (const zone of ['America/New_York', 'America/Santiago', 'Asia/Beirut', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Shanghai']) {
    let day = '2026-01-01';
    let previous = '2025-12-31';
    let last = -Infinity;
    for (let i = 0; i < 366; i++) {
      const t = startOfDay(day, zone);
      assert.equal(dayOf(t, zone), day, `${zone} ${day}`);
      assert.equal(dayOf(t - 60_000, zone), previous, `${zone} ${day}: the minute before`);
      assert.ok(t > last);
      last = t;
      previous = day;
      day = nextDay(day);
    }
  }
});

test('lastDays and nextDay: calendar days, month and year ends included', () => {
  assert.deepEqual(lastDays(Date.UTC(2026, 0, 1, 17), 3, 'Asia/Shanghai'), ['2025-12-31', '2026-01-01', '2026-01-02']);
  assert.equal(nextDay('2028-02-28'), '2028-02-29');
  assert.equal(nextDay('2026-12-31'), '2027-01-01');
});
