// feedmill sync on its own, with the embedded store: posts kept in the store by refreshFeed with the
// store-only sink (as workers do) are written, rewritten and removed in a site's folder, idempotently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromObject, createFetcher, openStore, refreshFeed } from '../src/index.js';
import { resolveSources } from '../src/config/sources.js';
import { StoreSink } from '../src/output/post-sink.js';
import { MANIFEST, sync } from '../src/sync.js';
import { tempDir } from './helpers.js';
import { FeedServer, rss } from './e2e/support.js';

let server: FeedServer;
before(async () => {
  server = await new FeedServer().start();
});
after(() => server.close());

const item = (feed: string, n: number, text = 'body') => ({ title: `${feed} ${n}`, guid: `${feed}-${n}`, html: `<p>${feed}-${n} ${text}</p>`, date: new Date(Date.UTC(2024, 0, 1, 0, n)).toUTCString() });

test('sync: writes the kept posts, nothing the second time, rewrites a changed post, keeps a deleted one deleted, removes only its own files', async () => {
  server.set('/a.xml', rss('A', 'https://a.example/', [item('a', 1), item('a', 2)]));
  server.set('/b.xml', rss('B', 'https://b.example/', [item('b', 1)]));
  const dir = tempDir();
  const config = configFromObject(
    { output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0 }, feeds: [{ url: server.url('/a.xml'), categories: ['甲'] }, { url: server.url('/b.xml'), categories: ['乙'] }] },
    dir,
  );
  const sources = await resolveSources(config, { offline: true });
  const store = await openStore(config.state);
  const fetcher = createFetcher(config.fetch);
  const ctx = { config, store, fetcher, posts: new StoreSink(store), keepTexts: true, force: true };
  try {
    for (const s of sources) assert.equal((await refreshFeed(s, ctx)).newPosts, s.url.endsWith('a.xml') ? 2 : 1);
    assert.equal(existsSync(join(dir, 'posts')), false, 'the store-only sink writes no file');

    const posts = join(dir, 'posts');
    assert.deepEqual(await sync(config, { store }), { written: 3, rewritten: 0, removed: 0, unchanged: 0, leftAlone: 0, withoutText: 0 });
    const files = readdirSync(posts).filter((f) => f.endsWith('.md')).sort();
    assert.equal(files.length, 3);
    for (const f of files) assert.equal(readFileSync(join(posts, f), 'utf8'), await store.getPostText((await store.listPosts({ limit: 10 })).items.find((i) => i.file === f)!.identity));
    assert.deepEqual(await sync(config, { store }), { written: 0, rewritten: 0, removed: 0, unchanged: 3, leftAlone: 0, withoutText: 0 });

    // an item edited upstream: its post is rewritten in place, under the same name
    server.set('/a.xml', rss('A', 'https://a.example/', [item('a', 1, 'edited'), item('a', 2)]));
    assert.equal((await refreshFeed(sources[0]!, ctx)).updatedPosts, 1);
    assert.deepEqual(await sync(config, { store }), { written: 0, rewritten: 1, removed: 0, unchanged: 2, leftAlone: 0, withoutText: 0 });
    assert.deepEqual(readdirSync(posts).filter((f) => f.endsWith('.md')).sort(), files);
    assert.ok(files.some((f) => readFileSync(join(posts, f), 'utf8').includes('a-1 edited')));

    // the site's owner deletes a post and writes one of their own: neither is touched
    const bPost = files.find((f) => readFileSync(join(posts, f), 'utf8').includes('b-1'))!;
    rmSync(join(posts, bPost));
    writeFileSync(join(posts, 'about.md'), 'mine');
    assert.deepEqual(await sync(config, { store }), { written: 0, rewritten: 0, removed: 0, unchanged: 2, leftAlone: 1, withoutText: 0 });
    assert.equal(existsSync(join(posts, bPost)), false);

    // a site that keeps only feed A from now on: A's posts stay, what sync wrote for others goes, the owner's file stays
    const before = readdirSync(posts).length;
    assert.deepEqual(await sync(config, { store, categories: ['甲'] }), { written: 0, rewritten: 0, removed: 0, unchanged: 2, leftAlone: 0, withoutText: 0 });
    assert.equal(readdirSync(posts).length, before);
    const manifest = JSON.parse(readFileSync(join(posts, MANIFEST), 'utf8')) as { files: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.files).sort(), files.filter((f) => f !== bPost));
    assert.equal(readFileSync(join(posts, 'about.md'), 'utf8'), 'mine');
  } finally {
    await fetcher.close();
    await store.close();
  }
});

test('sync: another site with a subset; an item leaving the subset has its file removed', async () => {
  server.set('/c.xml', rss('C', 'https://c.example/', [item('c', 1)]));
  server.set('/d.xml', rss('D', 'https://d.example/', [item('d', 1)]));
  const dir = tempDir();
  const config = configFromObject({ output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0 }, feeds: [{ url: server.url('/c.xml') }, { url: server.url('/d.xml') }] }, dir);
  const sources = await resolveSources(config, { offline: true });
  const store = await openStore(config.state);
  const fetcher = createFetcher(config.fetch);
  try {
    for (const s of sources) await refreshFeed(s, { config, store, fetcher, posts: new StoreSink(store), keepTexts: true });
    const site = join(dir, 'site-c');
    assert.equal((await sync(config, { store, dir: site, feeds: [sources[0]!.key] })).written, 1);
    assert.equal((await sync(config, { store, dir: site, feeds: [sources[0]!.key, sources[1]!.key] })).written, 1);
    assert.equal((await sync(config, { store, dir: site, feeds: [sources[1]!.key] })).removed, 1);
    const left = readdirSync(site).filter((f) => f.endsWith('.md'));
    assert.equal(left.length, 1);
    assert.match(readFileSync(join(site, left[0]!), 'utf8'), /d-1 body/);
  } finally {
    await fetcher.close();
    await store.close();
  }
});
