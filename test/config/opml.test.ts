import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildOpml, parseOpml } from '../../src/config/opml.js';
import { fixture } from '../helpers.js';

test('reads nested folders as categories, with non-ASCII names and entities', () => {
  const doc = parseOpml(readFileSync(fixture('config', 'subscriptions.opml'), 'utf8'));
  assert.equal(doc.title, '我的订阅 & more');
  assert.deepEqual(doc.feeds, [
    { url: 'https://rsshub.app/guancha/headline', title: '观察者网 头条', categories: ['新闻', '国内'] },
    { url: 'https://36kr.com/feed', title: '36氪', htmlUrl: 'https://36kr.com/', categories: ['新闻', '国内', '科技'] },
    { url: 'https://example.com/atom.xml?a=1&b=2', title: 'Ümlaut "quoted" <blog>', categories: ['Blogs'] },
    { url: 'https://top.example/rss', title: 'Top level', categories: [] },
    { url: 'https://cat.example/rss', title: 'With category attribute', categories: ['Tech', 'Rust'] },
  ]);
});

test('build then parse gives the same feeds (round trip), nesting and escaping included', () => {
  const feeds = [
    { url: 'https://rsshub.app/guancha/headline', categories: ['新媒体', '观察者网', '头条'] },
    { url: 'https://rsshub.app/guancha/member/recommend', categories: ['新媒体', '观察者网', '观学院'] },
    { url: 'https://a.example/feed?x=1&y="2"', title: 'A <b> & "c"\tTab', categories: ['Ünïcödé', 'Blog'] },
    { url: 'https://rsshub.app/juejin/category/frontend', categories: ['编程', '掘金', '分类'] },
    { url: 'https://b.example/rss', title: 'No folder', categories: [] },
  ];
  const xml = buildOpml(feeds, { title: 'feedmill subscriptions' });
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<opml version="2\.0">/);
  // one folder per name at each level: 新媒体 › 观察者网 holds both guancha feeds
  assert.equal(xml.match(/text="新媒体"/g)!.length, 1);
  assert.equal(xml.match(/text="观察者网"/g)!.length, 1);
  const back = parseOpml(xml);
  assert.equal(back.title, 'feedmill subscriptions');
  const norm = (f: { url: string; categories: string[]; title?: string }) => ({
    url: f.url,
    categories: f.categories,
    title: f.title ?? f.categories[f.categories.length - 1] ?? f.url,
  });
  const byUrl = (a: { url: string }, b: { url: string }) => a.url.localeCompare(b.url);
  assert.deepEqual(back.feeds.map(norm).sort(byUrl), feeds.map(norm).sort(byUrl));
  assert.equal(buildOpml(back.feeds, { title: 'feedmill subscriptions' }), xml, 'a second round gives the same bytes');
});

test('rejects what is not OPML', () => {
  assert.throws(() => parseOpml('<html><body>hi</body></html>'), /not an OPML file/);
});
