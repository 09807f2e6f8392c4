import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, zoneOffsetAt } from '../../src/parse/dates.js';

const SH = { timezone: 'Asia/Shanghai' };

function eq(input: string, expected: string | null, ctx?: Parameters<typeof parseDate>[1]): void {
  assert.equal(parseDate(input, ctx), expected, `parseDate(${JSON.stringify(input)}, ${JSON.stringify(ctx)})`);
}

test('RFC 822 / 1123 with weekday, zone names and numeric zones', () => {
  eq('Thu, 27 Jan 2022 10:09:07 GMT', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 10:09:07 UT', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 10:09:07 UTC', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 10:09:07 Z', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 18:09:07 +0800', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 18:09:07 +08:00', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 18:09:07 +0800 (CST)', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 18:09:07 GMT+8', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 05:09:07 -0500', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 05:09:07 EST', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 06:09:07 EDT', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 02:09:07 PST', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 03:09:07 PDT', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 03:09:07 MST', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 04:09:07 MDT', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 05:09:07 CDT', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 11:09:07 MET', '2022-01-27T10:09:07.000Z');
  eq('Wed, 19 Feb 2012 22:40:00 GMT-01:01', '2012-02-19T23:41:00.000Z');
  eq('Wed, 19 Aug 2009 18:28:00 Etc/GMT', '2009-08-19T18:28:00.000Z');
});

test('RFC 822 variants: no weekday, 2-digit years, no seconds, no time, full month names, any case', () => {
  eq('27 Jan 2022 10:09:07 GMT', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 22 10:09:07 GMT', '2022-01-27T10:09:07.000Z');
  eq('Thu, 01 Jan 99 10:09:07 GMT', '1999-01-01T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 10:09 GMT', '2022-01-27T10:09:00.000Z');
  eq('Thu, 27 Jan 2022', '2022-01-27T00:00:00.000Z');
  eq('Thu,  5 Apr 2012 10:00:00 GMT', '2012-04-05T10:00:00.000Z');
  eq('Thu, 27 January 2022 10:09:07 GMT', '2022-01-27T10:09:07.000Z');
  eq('THU, 27 JAN 2022 10:09:07 GMT', '2022-01-27T10:09:07.000Z');
  eq('thu, 27 jan 2022 10:09:07 gmt', '2022-01-27T10:09:07.000Z');
  eq('Mon, 13 Feb, 2012 06:28:00 UTC', '2012-02-13T06:28:00.000Z');
  eq('Fri,24 Nov 2023 18:28:36 -0000', '2023-11-24T18:28:36.000Z');
  eq('03 Apr 02 1500 GMT', '2002-04-03T15:00:00.000Z');
  eq('Thu, 27 Sept 2022 10:09:07 GMT', '2022-09-27T10:09:07.000Z');
});

test('RFC 822 short US zone letters', () => {
  eq('Mon, 26 January 2004 16:31:00 AT', '2004-01-26T20:31:00.000Z');
  eq('Mon, 26 January 2004 16:31:00 ET', '2004-01-26T21:31:00.000Z');
  eq('Mon, 26 January 2004 16:31:00 CT', '2004-01-26T22:31:00.000Z');
  eq('Mon, 26 January 2004 16:31:00 MT', '2004-01-26T23:31:00.000Z');
  eq('Mon, 26 January 2004 16:31:00 PT', '2004-01-27T00:31:00.000Z');
});

test('CST is China Standard Time for Chinese zones or language, US Central otherwise', () => {
  eq('Thu, 27 Jan 2022 18:09:07 CST', '2022-01-27T10:09:07.000Z', SH);
  eq('Thu, 27 Jan 2022 18:09:07 CST', '2022-01-27T10:09:07.000Z', { timezone: 'Asia/Hong_Kong' });
  eq('Thu, 27 Jan 2022 18:09:07 CST', '2022-01-27T10:09:07.000Z', { timezone: 'Asia/Taipei' });
  eq('Thu, 27 Jan 2022 18:09:07 CST', '2022-01-27T10:09:07.000Z', { language: 'zh-cn' });
  eq('Thu, 27 Jan 2022 18:09:07 CST', '2022-01-27T10:09:07.000Z', { language: 'zh' });
  eq('Thu, 27 Jan 2022 04:09:07 CST', '2022-01-27T10:09:07.000Z');
  eq('Thu, 27 Jan 2022 04:09:07 CST', '2022-01-27T10:09:07.000Z', { timezone: 'America/Chicago', language: 'en-us' });
});

test('RFC 850 and asctime', () => {
  eq('Thursday, 27-Jan-22 10:09:07 GMT', '2022-01-27T10:09:07.000Z');
  eq('Sun Jan  4 16:29:06 2004', '2004-01-04T16:29:06.000Z');
  eq('Sun Jul 15 01:16:00 +0000 2012', '2012-07-15T01:16:00.000Z');
  eq('Thu Aug 30 2012 17:26:16 +0200', '2012-08-30T15:26:16.000Z');
  eq('Thu Aug 30 2012 17:26:16 GMT+0200 (Central European Summer Time)', '2012-08-30T15:26:16.000Z');
});

test('ISO 8601 / W3CDTF in all precisions', () => {
  eq('2003-12-31T10:14:55Z', '2003-12-31T10:14:55.000Z');
  eq('2003-12-31T10:14:55-08:00', '2003-12-31T18:14:55.000Z');
  eq('2003-12-31T18:14:55+08:00', '2003-12-31T10:14:55.000Z');
  eq('2003-12-31T18:14:55+0800', '2003-12-31T10:14:55.000Z');
  eq('2003-12-31T18:14:55+08', '2003-12-31T10:14:55.000Z');
  eq('2007-04-23T23:25:47.538+10:00', '2007-04-23T13:25:47.538Z');
  eq('2019-10-12T07:20:50.52Z', '2019-10-12T07:20:50.520Z');
  eq('2003-12-31T10:14Z', '2003-12-31T10:14:00.000Z');
  eq('2003-12-31', '2003-12-31T00:00:00.000Z');
  eq('2003-12', '2003-12-01T00:00:00.000Z');
  eq('2003', '2003-01-01T00:00:00.000Z');
  eq('2004-02-28T18:14:55-08:00', '2004-02-29T02:14:55.000Z');
  eq('2004-07-08 23:56:58 -00:20', '2004-07-09T00:16:58.000Z');
  eq('2004-07-08 23:56:58', '2004-07-08T23:56:58.000Z');
  eq('2004-07-08 23:56:58.0', '2004-07-08T23:56:58.000Z');
  eq('20031231T101455Z', '2003-12-31T10:14:55.000Z');
});

test('Unix timestamps in seconds and milliseconds', () => {
  eq('1643278147', '2022-01-27T10:09:07.000Z');
  eq('1643278147000', '2022-01-27T10:09:07.000Z');
  eq('22013', null);
  eq('013', null);
});

test('Chinese and slash forms, zone-less, read in the feed timezone', () => {
  eq('2022年01月27日 18:09', '2022-01-27T18:09:00.000Z');
  eq('2022年01月27日 18:09', '2022-01-27T10:09:00.000Z', SH);
  eq('2022年1月27日', '2022-01-26T16:00:00.000Z', SH);
  eq('2022年1月27日 18时09分', '2022-01-27T10:09:00.000Z', SH);
  eq('2022-01-27 18:09:07', '2022-01-27T10:09:07.000Z', SH);
  eq('2022/01/27 18:09', '2022-01-27T10:09:00.000Z', SH);
  eq('2022/1/27 18:09:07', '2022-01-27T10:09:07.000Z', SH);
  eq('2022.01.27 18:09', '2022-01-27T10:09:00.000Z', SH);
});

test('zone-less stamps honour daylight saving of the feed timezone', () => {
  eq('2022-07-01 12:00:00', '2022-07-01T16:00:00.000Z', { timezone: 'America/New_York' });
  eq('2022-01-01 12:00:00', '2022-01-01T17:00:00.000Z', { timezone: 'America/New_York' });
  eq('Fri, 01 Jul 2022 12:00:00', '2022-07-01T10:00:00.000Z', { timezone: 'Europe/Berlin' });
  // a zone in the string wins over the feed timezone
  eq('2022-07-01T12:00:00Z', '2022-07-01T12:00:00.000Z', { timezone: 'America/New_York' });
});

test('zone offsets are right at every quarter hour around transitions, in zones with 30- and 45-minute steps too', () => {
  // the same question asked of a formatter made here: offset = the instant's wall clock in the zone minus UTC
  const reference = (zone: string, ms: number): number => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
        .formatToParts(new Date(ms))
        .map((x) => [x.type, Number(x.value)]),
    );
    return (Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000) / 60_000;
  };
  const days = [
    ['America/New_York', '2024-03-09', '2024-11-02'],
    ['Europe/London', '2024-03-30', '2024-10-26'],
    ['Australia/Lord_Howe', '2024-04-06', '2024-10-05'],
    ['Asia/Kathmandu', '1985-12-31', '2024-01-01'],
    ['Pacific/Chatham', '2024-04-06', '2024-09-28'],
    ['Asia/Shanghai', '1991-04-13', '1991-09-14'],
  ] as const;
  let changes = 0;
  for (const [zone, ...starts] of days) {
    for (const start of starts) {
      let last: number | null = null;
      for (let ms = Date.parse(`${start}T00:00:00Z`); ms < Date.parse(`${start}T00:00:00Z`) + 3 * 86_400_000; ms += 900_000) {
        for (const at of [ms, ms + 1, ms + 899_999]) assert.equal(zoneOffsetAt(zone, at), reference(zone, at), `${zone} at ${new Date(at).toISOString()}`);
        const off = zoneOffsetAt(zone, ms);
        if (last !== null && off !== last) changes++;
        last = off;
      }
    }
  }
  assert.ok(changes >= 10, `only ${changes} transitions crossed`);
  assert.equal(zoneOffsetAt('Not/AZone', Date.UTC(2024, 0, 1)), 0);
});

test('month-first English forms and 12-hour clocks', () => {
  eq('January 27, 2022', '2022-01-27T00:00:00.000Z');
  eq('Jan 27, 2022 10:09 AM', '2022-01-27T10:09:00.000Z');
  eq('Sat, Dec 16 2023 02:02:33 PM', '2023-12-16T14:02:33.000Z');
  eq('Dec 16 2023 12:02:33 am', '2023-12-16T00:02:33.000Z');
});

test('other languages month abbreviations that are unambiguous', () => {
  eq('Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z');
  eq('Di, 03 Okt 2023 10:00:00 +0200', '2023-10-03T08:00:00.000Z');
});

test('unparseable or impossible dates are null, never a guess', () => {
  for (const bad of [
    '', '   ', 'yesterday', 'Sun, 16 Dec 2012 1:2:3:4 GMT', 'Sun, 16 zzz 2012 11:47:32 GMT', 'Sun, Dec x 2012 11:47:32 GMT',
    'Sun, 16 Dec zz 11:47:32 GMT', 'Sun, 16 Dec 2012 11:47:32 +zz:00', 'Sun, 16 Dec 2012 11:47:32 +00:zz',
    'Sun, 99 Jun 2009 12:00:00 GMT', '9999-12-31T23:59:59-99:99', '2003-12-31T25:14:55Z', '2003-12-31T10:61:55Z',
    '2003-12-31T10:14:61Z', '2013-01-27-01', '2013-01-28T11:30:00-06:00Textra', '2013-xx-27', '2013-01-28T09:xx:00Z',
    '2013-01-28T09:00:00+00:xx', '2022-02-30', 'Thu, 31 Feb 2022 10:00:00 GMT', 'Thu, 27 Jan 2022 10:09:07 XYZ',
  ]) {
    eq(bad, null);
  }
  assert.equal(parseDate(null), null);
  assert.equal(parseDate(undefined), null);
});

test('surrounding whitespace and newlines are ignored', () => {
  eq('\n   Thu, 27 Jan 2022 10:09:07 GMT\n  ', '2022-01-27T10:09:07.000Z');
  eq(' 2003-12-31T10:14:55Z ', '2003-12-31T10:14:55.000Z');
});
