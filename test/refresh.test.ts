// refreshFeed, the per-feed function, called on its own as a library user or a queue worker would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromObject, createFetcher, feedContext, openStore, refreshFeed } from '../src/index.js';
import { resolveSources } from '../src/config/sources.js';
import type { Config, Source, Store } from '../src/model.js';
import { tempDir } from './helpers.js';
import { FeedServer, rss } from './e2e/support.js';

let server: FeedServer;
before(async () => {
  server = await new FeedServer().start();
});
after(() => server.close());

async function setup(path: string): Promise<{ dir: string; config: Config; source: Source; store: Store; refresh: () => ReturnType<typeof refreshFeed> }> {
  const dir = tempDir();
  const config = configFromObject({ output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0 }, feeds: [{ url: server.url(path), categories: ['新闻', '站点', '头条'] }] }, dir);
  const [source] = await resolveSources(config, { offline: true });
  const store = await openStore(config.state);
  const fetcher = createFetcher(config.fetch);
  const refresh = () => refreshFeed(source!, feedContext(config, store, fetcher));
  return { dir, config, source: source!, store, refresh };
}

const postsIn = (dir: string): string[] => readdirSync(join(dir, 'posts')).filter((n) => n.endsWith('.md')).sort();

test('one feed: new posts, then nothing new, then an edited item rewritten in place', async () => {
  const items = [{ title: 'A', guid: 'a', html: '<p>first</p>', date: 'Thu, 27 Jan 2022 10:09:07 GMT' }];
  server.set('/one.xml', rss('One', 'https://one.example/', items));
  const { dir, store, refresh } = await setup('/one.xml');
  const first = await refresh();
  assert.equal(first.outcome, 'ok');
  assert.equal(first.newPosts, 1);
  const [name] = postsIn(dir);
  const second = await refresh();
  assert.equal(second.outcome, 'unchanged', 'same bytes: not parsed again');
  server.set('/one.xml', rss('One', 'https://one.example/', [{ ...items[0]!, html: '<p>edited</p>' }]));
  const third = await refresh();
  assert.equal(third.updatedPosts, 1);
  assert.deepEqual(postsIn(dir), [name]);
  assert.match(readFileSync(join(dir, 'posts', name!), 'utf8'), /edited/);
  const [record] = await store.listItems(first.key);
  assert.equal(record!.pending, false);
  assert.equal(record!.meta?.title, 'A');
  await store.close();
});

test('a post the user deleted is not written again, even when its item changes', async () => {
  server.set('/del.xml', rss('Del', 'https://del.example/', [{ title: 'D', guid: 'd', html: '<p>v1</p>' }]));
  const { dir, store, refresh } = await setup('/del.xml');
  await refresh();
  unlinkSync(join(dir, 'posts', postsIn(dir)[0]!));
  server.set('/del.xml', rss('Del', 'https://del.example/', [{ title: 'D', guid: 'd', html: '<p>v2</p>' }]));
  const r = await refresh();
  assert.equal(r.newPosts + r.updatedPosts, 0);
  assert.deepEqual(postsIn(dir), []);
  await store.close();
});

test('an item claimed by an interrupted run is written with the date and file it was claimed with', async () => {
  // no pubDate: the post's date is when the item was first seen, which must not move between runs
  server.set('/resume.xml', rss('Resume', 'https://resume.example/', [{ title: 'R', guid: 'r', html: '<p>undated</p>' }]));
  const { dir, source, store, refresh } = await setup('/resume.xml');
  const claimed = await store.claimItems([
    { identity: 'r', guid: 'r', link: null, feedKey: source.key, contentHash: '', file: 'claimed-earlier.md', firstSeen: Date.UTC(2023, 4, 6, 7, 8, 9), pending: true, meta: null },
  ]);
  assert.equal(claimed[0]!.kind, 'claimed');
  const r = await refresh();
  assert.equal(r.newPosts, 1);
  assert.deepEqual(postsIn(dir), ['claimed-earlier.md']);
  assert.match(readFileSync(join(dir, 'posts', 'claimed-earlier.md'), 'utf8'), /\ndate: Sat, 06 May 2023 07:08:09 GMT\n/);
  const [record] = await store.listItems(source.key);
  assert.equal(record!.pending, false);
  await store.close();
});

test('a post that cannot be written gives its claim back, and the next run writes it', async () => {
  server.set('/nowrite.xml', rss('NoWrite', 'https://nowrite.example/', [{ title: 'N', guid: 'n', html: '<p>n</p>' }]));
  const { dir, source, store, refresh } = await setup('/nowrite.xml');
  writeFileSync(join(dir, 'posts'), 'a file where the folder of posts should be');
  const r = await refresh();
  assert.equal(r.outcome, 'failed');
  assert.match(r.reason ?? '', /could not write 1 of 1 posts/);
  assert.deepEqual(await store.listItems(source.key), [], 'the claim was released');
  rmSync(join(dir, 'posts'));
  mkdirSync(join(dir, 'posts'));
  const again = await refresh();
  assert.equal(again.newPosts, 1);
  assert.equal(postsIn(dir).length, 1);
  await store.close();
});

test('a feed the store cannot save is failed and unsaved; its posts stay claimed and the next refresh completes them', async () => {
  server.set('/nosave.xml', rss('NoSave', 'https://nosave.example/', [{ title: 'S', guid: 's', html: '<p>s</p>' }]));
  const { dir, config, source, store } = await setup('/nosave.xml');
  const fetcher = createFetcher(config.fetch);
  // the state store as it is, but for a save that fails as a lost database connection would
  const failing: Store = Object.assign(Object.create(store) as Store, {
    saveFeed: () => Promise.reject(new Error('Connection terminated unexpectedly')),
  });
  const r = await refreshFeed(source, feedContext(config, failing, fetcher));
  assert.equal(r.outcome, 'failed');
  assert.equal(r.unsaved, true);
  assert.match(r.reason ?? '', /could not save what was written: Connection terminated/);
  const [name] = postsIn(dir);
  assert.deepEqual((await store.listItems(source.key)).map((i) => [i.file, i.pending]), [[name, true]]);
  const again = await refreshFeed(source, feedContext(config, store, fetcher));
  assert.deepEqual([again.outcome, again.newPosts, again.unsaved], ['ok', 1, undefined]);
  assert.deepEqual(postsIn(dir), [name], 'the same file, not a second one');
  assert.deepEqual((await store.listItems(source.key)).map((i) => [i.file, i.pending]), [[name, false]]);
  await store.close();
});

test('a document cut off in the middle is reported as partial, its complete items are posted', async () => {
  const full = rss('Cut', 'https://cut.example/', [
    { title: 'First', guid: 'c1', html: '<p>one</p>' },
    { title: 'Second', guid: 'c2', html: '<p>two</p>' },
  ]);
  server.set('/cut.xml', full.slice(0, full.indexOf('<title>Second')));
  const { dir, store, refresh } = await setup('/cut.xml');
  const r = await refresh();
  assert.equal(r.outcome, 'partial');
  assert.match(r.reason ?? '', /ends early/);
  assert.equal(r.newPosts, 1);
  assert.equal(postsIn(dir).length, 1);
  // the cut document is not remembered as seen: the whole one is processed when it comes
  server.set('/cut.xml', full);
  const whole = await refresh();
  assert.equal(whole.outcome, 'ok');
  assert.equal(whole.newPosts, 1);
  await store.close();
});

test('the feed\'s <ttl> / max-age is stored with its success, kept on a 304, dropped when a new body asks nothing', async () => {
  const { createServer } = await import('node:http');
  let body = rss('Hint', 'https://hint.example/', [{ title: 'H', guid: 'h', html: '<p>h</p>' }]).replace('<channel>', '<channel>\n    <ttl>180</ttl>');
  let etag = '"v1"';
  const hints = createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body);
  });
  await new Promise<void>((r) => hints.listen(0, '127.0.0.1', r));
  const dir = tempDir();
  const config = configFromObject({ output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0 }, feeds: [{ url: `http://127.0.0.1:${(hints.address() as { port: number }).port}/hint.xml` }] }, dir);
  const [source] = await resolveSources(config, { offline: true });
  const store = await openStore(config.state);
  const ctx = feedContext(config, store, createFetcher(config.fetch));
  try {
    assert.equal((await refreshFeed(source!, ctx)).cacheForMs, 180 * 60_000);
    assert.equal((await store.getFeed(source!.key))!.cacheForMs, 180 * 60_000);
    assert.equal((await refreshFeed(source!, ctx)).outcome, 'not-modified');
    assert.equal((await store.getFeed(source!.key))!.cacheForMs, 180 * 60_000, 'a 304 keeps it');
    body = rss('Hint', 'https://hint.example/', [{ title: 'H2', guid: 'h2', html: '<p>h2</p>' }]);
    etag = '"v2"';
    assert.equal((await refreshFeed(source!, ctx)).outcome, 'ok');
    assert.equal((await store.getFeed(source!.key))!.cacheForMs, null, 'a new body without a hint clears it');
  } finally {
    await store.close();
    hints.closeAllConnections();
    await new Promise<void>((r) => hints.close(() => r()));
  }
});
