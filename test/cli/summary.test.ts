import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedReport, RunSummary } from '../../src/model.js';
import { ProgressLine, feedLine, renderSummary } from '../../src/cli/summary.js';
import { displayWidth, table, truncate } from '../../src/cli/text.js';

const report = (over: Partial<FeedReport>): FeedReport => ({
  key: 'rsshub:/guancha/headline',
  url: 'https://rsshub.app/guancha/headline',
  categories: ['新媒体', '观察者网', '头条'],
  outcome: 'ok',
  newPosts: 3,
  updatedPosts: 1,
  unchangedPosts: 7,
  reason: null,
  warnings: [],
  ...over,
});

test('display width: CJK and emoji take two columns', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('观察者网'), 8);
  assert.equal(displayWidth('a😀b'), 4);
  assert.equal(truncate('新媒体观察者网', 7), '新媒体…');
  assert.equal(truncate('short', 10), 'short');
});

test('tables align by display width', () => {
  const lines = table(['A', 'B', 'C'], [['观察者网', '1', 'x'], ['ab', '22', 'y']], ['left', 'right', 'left']);
  assert.deepEqual(lines, ['A          B  C', '观察者网   1  x', 'ab        22  y']);
});

test('the run summary: one row per feed with counts, reason and categories, warnings, totals', () => {
  const summary: RunSummary = {
    feeds: [
      report({}),
      report({ key: 'https://x.example/feed', categories: [], outcome: 'failed', newPosts: 0, updatedPosts: 0, unchangedPosts: 0, reason: 'timeout after 20s' }),
      report({ key: 'rsshub:/cnbeta', categories: ['科技'], outcome: 'not-modified', newPosts: 0, updatedPosts: 0, unchangedPosts: 0, warnings: ['moved permanently to https://y/: update the config'] }),
      report({ key: 'https://gone.example/rss', categories: ['博客'], outcome: 'skipped', newPosts: 0, updatedPosts: 0, unchangedPosts: 0, reason: 'gone (HTTP 410)' }),
    ],
    newPosts: 3,
    updatedPosts: 1,
    failedFeeds: 1,
    backingOffFeeds: 0,
    interrupted: false,
    durationMs: 1234,
  };
  const out = renderSummary(summary);
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0]!, /^RESULT +NEW +UPDATED +UNCHANGED +FEED +REASON · CATEGORIES$/);
  assert.match(lines[1]!, /^ok +3 +1 +7 +rsshub:\/guancha\/headline +新媒体 › 观察者网 › 头条$/);
  assert.match(lines[2]!, /^FAILED +- +- +- +https:\/\/x\.example\/feed +timeout after 20s$/);
  assert.match(lines[3]!, /^unchanged \(304\) +0 +0 +0 +rsshub:\/cnbeta +科技$/);
  assert.match(lines[4]!, /^skipped +- +- +- +https:\/\/gone\.example\/rss +gone \(HTTP 410\) · 博客$/);
  assert.equal(lines[5], 'warning: rsshub:/cnbeta: moved permanently to https://y/: update the config');
  assert.equal(lines[6], '4 feeds · 3 new · 1 updated · 1 failed · 1 skipped · 1 with nothing new · 1.2s');
  // the FEED column starts at the same display column on every row
  const col = (l: string, s: string) => displayWidth(l.slice(0, l.indexOf(s)));
  assert.equal(col(lines[1]!, 'rsshub:'), col(lines[2]!, 'https:'));
});

test('the run summary lists only the feeds where something happened, unless asked for all', () => {
  const quiet = (i: number, outcome: FeedReport['outcome']) =>
    report({ key: `https://q.example/${i}`, outcome, newPosts: 0, updatedPosts: 0, unchangedPosts: 5 });
  const summary: RunSummary = {
    feeds: [quiet(1, 'not-modified'), report({ key: 'https://news.example/feed', newPosts: 2 }), quiet(2, 'unchanged'), quiet(3, 'ok')],
    newPosts: 2,
    updatedPosts: 1,
    failedFeeds: 0,
    backingOffFeeds: 0,
    interrupted: false,
    durationMs: 2300,
  };
  const lines = renderSummary(summary).trimEnd().split('\n');
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(lines[1]!, /^ok +2 +1 +7 +https:\/\/news\.example\/feed /);
  assert.equal(lines[2], '4 feeds · 2 new · 1 updated · 0 failed · 3 with nothing new · 2.3s');
  const all = renderSummary(summary, { all: true }).trimEnd().split('\n');
  assert.equal(all.length, 6);
  assert.match(all[1]!, /^unchanged \(304\) +0 +0 +5 +https:\/\/q\.example\/1 /);
  assert.match(all[3]!, /^unchanged +0 +0 +5 +https:\/\/q\.example\/2 /);
  // nothing happened anywhere: no table, only the totals
  const idle = renderSummary({ ...summary, feeds: [quiet(1, 'not-modified'), quiet(2, 'not-modified')], newPosts: 0, updatedPosts: 0 });
  assert.equal(idle, '2 feeds · 0 new · 0 updated · 0 failed · 2 with nothing new · 2.3s\n');
});

test('plain log lines and the terminal progress line', () => {
  assert.equal(feedLine(report({}), 2, 5), '[2/5] ok rsshub:/guancha/headline: 3 new, 1 updated, 7 unchanged');
  assert.equal(feedLine(report({ outcome: 'failed', reason: 'HTTP 503' }), 3, 5), '[3/5] FAILED rsshub:/guancha/headline: HTTP 503');
  assert.equal(feedLine(report({ outcome: 'not-modified', newPosts: 0, updatedPosts: 0, unchangedPosts: 0 }), 4, 5), '[4/5] unchanged (304) rsshub:/guancha/headline');
  let written = '';
  const fake = { columns: 100, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
  const p = new ProgressLine(fake);
  p.update(report({}), 1, 2);
  p.update(report({ outcome: 'failed', newPosts: 0 }), 2, 2);
  p.clear();
  assert.equal(
    written,
    '\r\x1b[2Kfeedmill: 1/2 feeds · 3 new · 0 failed · rsshub:/guancha/headline' +
      '\r\x1b[2Kfeedmill: 2/2 feeds · 3 new · 1 failed · rsshub:/guancha/headline' +
      '\r\x1b[2K',
  );
});

test('display width and truncation: ASCII and wide text agree on the column rules', async () => {
  const { displayWidth, truncate } = await import('../../src/cli/text.js');
  assert.equal(displayWidth('feed-1'), 6);
  assert.equal(displayWidth('观察者网 头条'), 13);
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abcd', 4), 'abcd');
  assert.equal(truncate('观察者网头条', 5), '观察…');
  assert.equal(truncate('ab\tcd', 3), 'ab…');
});

test('the run summary names the pictures a feed could not download, a few per feed, and counts them', () => {
  const lines = Array.from({ length: 5 }, (_, i) => `image http://wx${i}.sinaimg.cn/large/${i}.jpg: HTTP 403 Forbidden`);
  const summary: RunSummary = {
    // a feed with nothing new still gets its row when pictures failed
    feeds: [report({ newPosts: 0, updatedPosts: 0, unchangedPosts: 4, imageFailures: lines }), report({ key: 'rsshub:/weibo/user/1', imageFailures: [lines[0]!] })],
    newPosts: 3,
    updatedPosts: 1,
    failedFeeds: 0,
    backingOffFeeds: 0,
    durationMs: 1500,
    interrupted: false,
  };
  const out = renderSummary(summary, { width: 140 });
  assert.match(out, /^ok +0 +0 +4 +rsshub:\/guancha\/headline /m);
  assert.ok(
    out.includes(
      [
        `warning: rsshub:/guancha/headline: ${lines[0]}`,
        `warning: rsshub:/guancha/headline: ${lines[1]}`,
        `warning: rsshub:/guancha/headline: ${lines[2]}`,
        'warning: rsshub:/guancha/headline: … and 2 more pictures not downloaded (feedmill status lists them)',
        `warning: rsshub:/weibo/user/1: ${lines[0]}`,
        '2 feeds · 3 new · 1 updated · 0 failed · 6 pictures not downloaded · 1 with nothing new · 1.5s',
      ].join('\n'),
    ),
    out,
  );
  assert.equal(feedLine(summary.feeds[1]!, 2, 2), '[2/2] ok rsshub:/weibo/user/1: 3 new, 1 updated, 7 unchanged, 1 picture not downloaded');
});

test('articles not fetched: a few lines per feed (the post keeps the feed\'s text), counted in the totals and the log line', () => {
  const lines = Array.from({ length: 4 }, (_, i) => `article https://www.ithome.com/0/760/00${i}.htm: HTTP 404 Not Found`);
  const summary: RunSummary = {
    // a feed with nothing new still gets its row when articles failed
    feeds: [report({ newPosts: 0, updatedPosts: 0, unchangedPosts: 4, articleFailures: lines }), report({ key: 'rsshub:/ithome/ranking', articleFailures: [lines[0]!], imageFailures: ['image x: y'] })],
    newPosts: 3,
    updatedPosts: 1,
    failedFeeds: 0,
    backingOffFeeds: 0,
    durationMs: 1500,
    interrupted: false,
  };
  const out = renderSummary(summary, { width: 140 });
  assert.match(out, /^ok +0 +0 +4 +rsshub:\/guancha\/headline /m);
  assert.ok(
    out.includes(
      [
        `warning: rsshub:/guancha/headline: ${lines[0]} (the post keeps the feed's text)`,
        `warning: rsshub:/guancha/headline: ${lines[1]} (the post keeps the feed's text)`,
        `warning: rsshub:/guancha/headline: ${lines[2]} (the post keeps the feed's text)`,
        'warning: rsshub:/guancha/headline: … and 1 more articles not fetched (feedmill status lists them)',
        `warning: rsshub:/ithome/ranking: ${lines[0]} (the post keeps the feed's text)`,
        '2 feeds · 3 new · 1 updated · 0 failed · 1 picture not downloaded · 5 articles not fetched · 1 with nothing new · 1.5s',
      ].join('\n'),
    ),
    out,
  );
  assert.equal(feedLine(summary.feeds[1]!, 2, 2), '[2/2] ok rsshub:/ithome/ranking: 3 new, 1 updated, 7 unchanged, 1 picture not downloaded, 1 article not fetched');
});
