// Feeds out: Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the newest posts, read back by an independent parser
// (feedsmith, and @rowanmanning/feed-parser) and by feedmill's own parseFeed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed, detectAtomFeed, detectRssFeed, detectJsonFeed } from 'feedsmith';
import { parseFeed as rowanParse } from '@rowanmanning/feed-parser';
import { parseFeed } from '../../src/parse/index.js';
import { categorySlug, newestPosts, postPageUrl, renderFeedsOut, type PublishedPost } from '../../src/feeds-out/index.js';
import { writeFeedsOut } from '../../src/feeds-out/write.js';
import type { FeedsOutConfig } from '../../src/model.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function post(n: number, over: Partial<PublishedPost['meta']> = {}, html?: string): PublishedPost {
  return {
    identity: `https://news.example/${n}`,
    file: `2022-01-${String(n).padStart(2, '0')}-p${n}.md`,
    meta: {
      title: `Post ${n}`,
      date: Date.UTC(2022, 0, n, 20, 30),
      categories: n % 2 ? ['科技', 'Site', 'Channel'] : ['Open Source'],
      author: n % 2 ? '观察者网' : '',
      image: n % 3 ? `https://img.example/${n}.jpg` : '',
      link: `https://news.example/${n}`,
      ...over,
    },
    ...(html !== undefined ? { html } : {}),
  };
}

const awkward = post(30, { title: 'A <b>&amp;</b> "quote" ]]> \u0001 end', categories: ['科技'], author: 'R&D <team>' }, '<p>Body & <em>more</em> ]]></p>');
const POSTS = [...Array.from({ length: 25 }, (_, i) => post(i + 1)), awkward];

const config: FeedsOutConfig = {
  dir: '/unused',
  limit: 10,
  formats: ['atom', 'rss', 'json'],
  siteUrl: 'https://blog.example.com/',
  title: 'My news',
  description: 'Everything new',
  postUrl: ':year/:month/:day/:title/',
  perCategory: true,
};

function files(): Map<string, string> {
  return new Map(renderFeedsOut(POSTS, config, 'Asia/Shanghai').map((f) => [f.path, f.text]));
}

test('post URLs follow the permalink pattern with the date in the site zone', () => {
  const site = { title: 't', siteUrl: 'https://b.example/blog/', postUrl: ':year/:month/:day/:title/', timezone: 'Asia/Shanghai' };
  // 20:30 UTC on Jan 1 is Jan 2 in Shanghai
  assert.equal(postPageUrl(post(1), site), 'https://b.example/blog/2022/01/02/2022-01-01-p1/');
  assert.equal(postPageUrl(post(1), { ...site, postUrl: '/posts/:name.html', timezone: 'UTC' }), 'https://b.example/blog/posts/2022-01-01-p1.html');
  assert.equal(postPageUrl({ ...post(1), file: '新闻 1.md' }, { ...site, postUrl: ':i_month/:i_day/:title/' }), 'https://b.example/blog/1/2/%E6%96%B0%E9%97%BB%201/');
});

test('the files: three formats for all posts and per first category, newest first, at most limit', () => {
  const f = files();
  assert.deepEqual([...f.keys()].sort(), [
    'atom.xml', 'categories/open-source/atom.xml', 'categories/open-source/feed.json', 'categories/open-source/rss.xml',
    'categories/科技/atom.xml', 'categories/科技/feed.json', 'categories/科技/rss.xml', 'feed.json', 'rss.xml',
  ]);
  assert.deepEqual(newestPosts(POSTS, 3).map((p) => p.meta.title.slice(0, 6)), ['A <b>&', 'Post 2', 'Post 2'].map((s) => s.slice(0, 6)));
  assert.equal(categorySlug('Open Source'), 'open-source');
  assert.equal(categorySlug('!!!'), 'category');
});

test('Atom 1.0: feedsmith, rowanmanning and feedmill read the same entries back', () => {
  const text = files().get('atom.xml')!;
  assert.ok(detectAtomFeed(text));
  const atom = parseAtomFeed(text);
  assert.equal(atom.title?.value, 'My news');
  assert.equal(atom.id, 'https://blog.example.com/atom.xml');
  assert.equal(atom.entries?.length, 10);
  const first = atom.entries![0]!;
  assert.equal(first.title?.value, 'A <b>&amp;</b> "quote" ]]>  end', 'title text kept, control character dropped');
  assert.equal(first.id, 'https://blog.example.com/2022/01/31/2022-01-30-p30/');
  assert.equal(first.published, '2022-01-30T20:30:00Z');
  assert.deepEqual(first.authors?.map((a) => a.name), ['R&D <team>']);
  assert.deepEqual(first.categories?.map((c) => c.term), ['科技']);
  assert.equal(first.content?.value, '<p>Body & <em>more</em> ]]></p>');
  assert.equal(atom.entries![1]!.title?.value, 'Post 25');

  const own = parseFeed(text, { url: 'https://blog.example.com/atom.xml' });
  assert.equal(own.format, 'atom');
  assert.equal(own.bozo, false);
  assert.equal(own.items.length, 10);
  assert.equal(own.items[0]!.title, 'A <b>&amp;</b> "quote" ]]>  end');
  assert.equal(own.items[0]!.published, '2022-01-30T20:30:00.000Z');
  assert.equal(own.items[1]!.image, 'https://img.example/25.jpg');

  const rowan = rowanParse(text);
  assert.equal(rowan.items.length, 10);
  assert.equal(rowan.items[1]!.url, 'https://blog.example.com/2022/01/26/2022-01-25-p25/');
});

test('RSS 2.0: feedsmith, rowanmanning and feedmill read the same items back', () => {
  const text = files().get('rss.xml')!;
  assert.ok(detectRssFeed(text));
  const rss = parseRssFeed(text);
  assert.equal(rss.title, 'My news');
  assert.equal(rss.link, 'https://blog.example.com/');
  assert.equal(rss.items?.length, 10);
  const it = rss.items![1]!;
  assert.equal(it.title, 'Post 25');
  assert.equal(it.pubDate, 'Tue, 25 Jan 2022 20:30:00 GMT');
  assert.equal(it.guid?.value, 'https://blog.example.com/2022/01/26/2022-01-25-p25/');
  assert.deepEqual(it.categories?.map((c) => c.name), ['科技', 'Site', 'Channel']);
  assert.deepEqual(it.dc?.creators, ['观察者网']);

  const own = parseFeed(text);
  assert.equal(own.format, 'rss');
  assert.equal(own.bozo, false);
  assert.equal(own.items[0]!.content ?? own.items[0]!.summary, '<p>Body & <em>more</em> ]]></p>');
  assert.equal(own.items[1]!.link, 'https://blog.example.com/2022/01/26/2022-01-25-p25/');
  assert.equal(own.items[1]!.authors[0]?.name, '观察者网');
  assert.equal(own.items[1]!.image, 'https://img.example/25.jpg');

  assert.equal(rowanParse(text).items.length, 10);
});

test('JSON Feed 1.1: feedsmith and feedmill read it; every item has content', () => {
  const text = files().get('feed.json')!;
  const json = JSON.parse(text) as { version: string; items: Array<Record<string, unknown>> };
  assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
  assert.ok(detectJsonFeed(json));
  const parsed = parseJsonFeed(json);
  assert.equal(parsed.items?.length, 10);
  assert.equal(parsed.items![0]!.content_html, '<p>Body & <em>more</em> ]]></p>');
  assert.equal(parsed.items![1]!.content_text, 'Post 25');
  assert.deepEqual(parsed.items![1]!.authors?.map((a) => a.name), ['观察者网']);
  assert.equal(parsed.items![1]!.external_url, 'https://news.example/25');
  for (const item of json.items) assert.ok('content_html' in item || 'content_text' in item);

  const own = parseFeed(text);
  assert.equal(own.format, 'json');
  assert.equal(own.bozo, false);
  assert.equal(own.items[1]!.published, '2022-01-25T20:30:00.000Z');
  assert.deepEqual(own.items[1]!.categories, ['科技', 'Site', 'Channel']);
});

test('per-category feeds hold only that first category, titled with it', () => {
  const f = files();
  const oss = parseAtomFeed(f.get('categories/open-source/atom.xml')!);
  assert.equal(oss.title?.value, 'My news · Open Source');
  assert.equal(oss.id, 'https://blog.example.com/categories/open-source/atom.xml');
  assert.equal(oss.entries?.length, 10);
  assert.ok(oss.entries!.every((e) => e.categories?.[0]?.term === 'Open Source'));
  const tech = parseRssFeed(f.get('categories/科技/rss.xml')!);
  assert.ok(tech.items!.every((i) => i.categories?.[0]?.name === '科技'));
  assert.match(f.get('categories/科技/rss.xml')!, /href="https:\/\/blog\.example\.com\/categories\/%E7%A7%91%E6%8A%80\/rss\.xml"/);
});

test('an empty site gives valid empty feeds; only chosen formats; no per-category set when off', () => {
  const out = renderFeedsOut([], { ...config, formats: ['atom', 'json'], perCategory: false }, 'UTC');
  assert.deepEqual(out.map((f) => f.path), ['atom.xml', 'feed.json']);
  assert.equal(parseAtomFeed(out[0]!.text).entries, undefined);
  assert.equal(parseFeed(out[0]!.text).items.length, 0);
  assert.deepEqual((JSON.parse(out[1]!.text) as { items: unknown[] }).items, []);
});

test('writeFeedsOut writes every file, then only the files whose text changed', async () => {
  const dir = tempDir('feedmill-feeds-out-');
  dirs.push(dir);
  const cfg = { ...config, dir };
  const first = await writeFeedsOut(POSTS, cfg, 'UTC');
  assert.equal(first.length, 9);
  assert.equal(readFileSync(join(dir, 'atom.xml'), 'utf8'), renderFeedsOut(POSTS, cfg, 'UTC')[0]!.text);
  assert.ok(!readdirSync(dir).includes('.feedmill-tmp'));
  const mtime = statSync(join(dir, 'rss.xml')).mtimeMs;
  assert.deepEqual(await writeFeedsOut(POSTS, cfg, 'UTC'), []);
  assert.equal(statSync(join(dir, 'rss.xml')).mtimeMs, mtime);
  // a new Open Source post changes the whole-site feeds and its category's, not 科技's
  const changed = await writeFeedsOut([...POSTS, post(28, { date: Date.UTC(2022, 1, 1) })], cfg, 'UTC');
  assert.deepEqual(changed.map((p) => p.slice(dir.length + 1)).sort(), [
    'atom.xml', 'categories/open-source/atom.xml', 'categories/open-source/feed.json', 'categories/open-source/rss.xml', 'feed.json', 'rss.xml',
  ]);
});
