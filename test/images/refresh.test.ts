// Download mode inside refreshFeed, with the store as the record of image URLs: two workers (two stores on one
// database, two HTTP layers) share what either downloaded, on SQLite and on PostgreSQL (127.0.0.1:5432, db `test`,
// skipped with a message when the server is not there).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromObject, createFetcher, feedContext, openStore, refreshFeed } from '../../src/index.js';
import { resolveSources } from '../../src/config/sources.js';
import type { Store } from '../../src/model.js';
import { tempDir } from '../helpers.js';
import { Database, needPostgres } from '../postgres.js';
import { FeedServer, rss } from '../e2e/support.js';
import { startImageServer, type ImageServer } from './image-server.js';

let images: ImageServer;
const feeds = new FeedServer();
const db = new Database('images');

before(async () => {
  images = await startImageServer();
  await feeds.start();
});
after(async () => {
  await feeds.close();
  await images.close();
});

async function twoWorkersShareDownloads(state: string, kind: string): Promise<void> {
  const dir = tempDir();
  const photo = images.url('img.example', '/photo.jpg').replace('img.example', '127.0.0.1');
  const other = images.url('img.example', '/other.png').replace('img.example', '127.0.0.1');
  const item = (id: string, html: string) => ({ title: `Post ${id}`, guid: `urn:${kind}:${id}`, link: `https://a.example/${kind}/${id}`, html, date: 'Mon, 01 Jul 2024 08:00:00 GMT' });
  const a = feeds.set(`/${kind}-a.xml`, rss('A', 'https://a.example/', [item('a1', `<p><img src="${photo}"></p>`)]));
  const b = feeds.set(`/${kind}-b.xml`, rss('B', 'https://a.example/', [item('b1', `<p><img src="${photo}"><img src="${other}"></p>`)]));
  const config = configFromObject(
    { output: { dir: 'posts' }, state, images: { mode: 'download' }, fetch: { retries: 0 }, feeds: [{ url: a, categories: ['x'] }, { url: b, categories: ['x'] }] },
    dir,
  );
  const [sa, sb] = await resolveSources(config, { offline: true });
  const stores: Store[] = [await openStore(config.state), await openStore(config.state)];
  const fetchers = [createFetcher(config.fetch), createFetcher(config.fetch)];
  const photoHits = () => images.hits('127.0.0.1', '/photo.jpg');
  const otherHits = () => images.hits('127.0.0.1', '/other.png');
  try {
    const before = photoHits();
    const otherBefore = otherHits();
    const r1 = await refreshFeed(sa!, feedContext(config, stores[0]!, fetchers[0]!));
    assert.deepEqual([r1.outcome, r1.newPosts, r1.imageFailures], ['ok', 1, undefined]);
    assert.equal(photoHits(), before + 1);
    // the other worker: the picture worker 1 stored is known to it, only the new one is fetched
    const r2 = await refreshFeed(sb!, feedContext(config, stores[1]!, fetchers[1]!));
    assert.deepEqual([r2.outcome, r2.newPosts], ['ok', 1]);
    assert.equal(photoHits(), before + 1, `${kind}: a picture another worker stored is not fetched again`);
    assert.equal(otherHits(), otherBefore + 1);
    const texts = readdirSync(join(dir, 'posts')).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(dir, 'posts', f), 'utf8'));
    assert.equal(texts.length, 2);
    for (const t of texts) assert.doesNotMatch(t, /<img src="http/, `${kind}: every picture is the site's own`);
    const stored = await stores[0]!.getImage(photo);
    assert.equal(stored?.status, 'stored');
    // nothing failed: the feed keeps its body hash, and the same body is not parsed again
    const again = await refreshFeed(sa!, feedContext(config, stores[1]!, fetchers[1]!));
    assert.equal(again.outcome, 'unchanged');
    assert.deepEqual((await stores[1]!.getFeed(sa!.key))!.imageFailures, []);
  } finally {
    for (const s of stores) await s.close();
    for (const f of fetchers) await f.close();
  }
}

test('download mode in refreshFeed, SQLite: two workers share the image records', async () => {
  await twoWorkersShareDownloads('state.db', 'sqlite');
});

test('download mode in refreshFeed, PostgreSQL: two workers share the image records', async (t) => {
  if (!(await needPostgres(t))) return;
  const { url } = await db.fresh();
  await twoWorkersShareDownloads(url, 'postgres');
});
