// The pieces a run wires around the extractor: when to fetch, which rule, the request, the item after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Entry } from '../../src/model.js';
import { articleRequest, extractArticle, loadSiteRules, ruleForPage, shouldFetchArticle, withArticle } from '../../src/fulltext/index.js';
import { fixture } from '../helpers.js';

const entry = (over: Partial<Entry> = {}): Entry => ({
  id: '1', title: 't', link: 'https://www.ithome.com/0/600/001.htm', published: null, updated: null, authors: [], categories: [],
  summary: null, content: '<p>IT之家 1 月 27 日消息，某品牌发布新款轻薄笔记本……</p>', enclosures: [], image: null, ...over,
});

test('shouldFetchArticle: never by default, always and feed rules when there is a web link, auto by needsFullText', () => {
  const long = entry({ content: `<p>${'完整的正文段落。'.repeat(60)}</p>` });
  assert.equal(shouldFetchArticle(undefined, entry()), false);
  assert.equal(shouldFetchArticle('never', entry()), false);
  assert.equal(shouldFetchArticle('always', long), true);
  assert.equal(shouldFetchArticle({ selector: '.post', remove: [] }, long), true);
  assert.equal(shouldFetchArticle('auto', entry()), true);
  assert.equal(shouldFetchArticle('auto', long), false);
  assert.equal(shouldFetchArticle('always', entry({ link: null })), false);
  assert.equal(shouldFetchArticle('always', entry({ link: 'mailto:a@example.org' })), false);
});

test("ruleForPage: the feed's own rule, else the site rule of the page's host", () => {
  const { rules } = loadSiteRules();
  assert.equal(ruleForPage('auto', rules, 'https://www.ithome.com/0/1.htm')?.selector, '#paragraph');
  assert.equal(ruleForPage(undefined, rules, 'https://blog.example.org/1'), null);
  assert.deepEqual(ruleForPage({ selector: '.x', remove: ['.y'] }, rules, 'https://www.ithome.com/0/1.htm'), { selector: '.x', remove: ['.y'] });
});

test("articleRequest asks for HTML and carries none of the feed's headers", () => {
  const r = articleRequest('https://www.ithome.com/0/600/001.htm');
  assert.equal(r.url, 'https://www.ithome.com/0/600/001.htm');
  assert.deepEqual(Object.keys(r.headers), ['accept']);
  assert.match(r.headers.accept!, /^text\/html/);
});

test("withArticle: the article becomes the content; the item's own image stays, else the page's", () => {
  const article = extractArticle(readFileSync(fixture('fulltext', 'ithome-article.html')), { url: 'https://www.ithome.com/0/600/001.htm' })!;
  const e = withArticle(entry(), article);
  assert.equal(e.content, article.html);
  assert.equal(e.image, 'https://img.ithome.com/newsuploadfiles/2022/1/test-1.jpg');
  assert.equal(e.summary, null);
  assert.equal(withArticle(entry({ image: 'https://img.example/own.jpg' }), article).image, 'https://img.example/own.jpg');
});
