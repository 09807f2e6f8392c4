// The `fulltext: auto` rule: fetch the page only when the item's body is empty, short or cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsFullText } from '../../src/fulltext/index.js';

const link = 'https://example.org/a/1';
const long = (s: string) => `<p>${'这是一段足够长的正文，用来确认长正文不会被当成摘要。'.repeat(12)}</p><p>${s}</p>`;
const entry = (content: string | null, summary: string | null = null, l: string | null = link) => ({ link: l, content, summary });

test('empty and short bodies need the article', () => {
  assert.equal(needsFullText(entry(null, null)), true);
  assert.equal(needsFullText(entry('<p> </p><img src="x.jpg">')), true);
  assert.equal(needsFullText(entry(null, '<p>IT之家 1 月 27 日消息，某品牌今天发布了新款笔记本电脑。</p>')), true);
  assert.equal(needsFullText(entry('A short teaser of a longer post about feeds.')), true);
});

test('long bodies that end like a whole text do not', () => {
  assert.equal(needsFullText(entry(long('文章到此结束。'))), false);
  assert.equal(needsFullText(entry(null, `<p>${'A full paragraph of an English article that goes on for a while. '.repeat(6)}</p>`)), false);
});

test('long bodies cut with a truncation mark do', () => {
  for (const end of ['……', '...', '[…]', '[...]', '<a href="/a/1">阅读全文</a>', '查看全文 &raquo;', '(more…)', '<a href="x">Read more</a>', 'Continue reading →', '点击查看更多', '未完待续']) {
    assert.equal(needsFullText(entry(long(end))), true, end);
  }
  assert.equal(needsFullText(entry(long('The end &hellip;'))), true);
});

test('the body is the content when there is one, else the summary', () => {
  assert.equal(needsFullText(entry(long('完。'), '<p>短摘要</p>')), false);
  assert.equal(needsFullText(entry('<p>短</p>', long('完。'))), true);
});

test('an item without a link has nothing to fetch', () => {
  assert.equal(needsFullText(entry(null, null, null)), false);
});
