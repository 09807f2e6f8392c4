// fulltext inside refreshFeed, with the store as the record of article pages: two workers (two stores on one database,
// two HTTP layers) share what either fetched, on SQLite and on PostgreSQL (127.0.0.1:5432, db `test`, skipped with a
// message when the server is not there). The article's lazy picture is downloaded in images.mode download like any
// feed picture.
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
import { startImageServer, type ImageServer } from '../images/image-server.js';

let images: ImageServer;
const server = new FeedServer();
const db = new Database('fulltext');

before(async () => {
  images = await startImageServer();
  await server.start();
});
after(async () => {
  await server.close();
  await images.close();
});

async function twoWorkersShareArticles(state: string, kind: string): Promise<void> {
  const dir = tempDir();
  const photo = images.url('img.example', '/photo.jpg').replace('img.example', '127.0.0.1');
  const page = `/${kind}/article.html`;
  const articleUrl = server.set(
    page,
    `<!doctype html><html><head><title>A page</title></head><body><nav><a href="/">Home</a></nav><article>
<p>${'The whole story, told only on the page itself. '.repeat(10)}</p><p><img src="/lazy.gif" data-src="${photo}" alt="photo"></p>
<p>${'More of the story that the feed leaves out. '.repeat(10)}</p></article></body></html>`,
    'text/html; charset=utf-8',
  );
  const a = server.set(`/${kind}-a.xml`, rss('A', 'https://a.example/', [{ title: 'Post', guid: `urn:${kind}:1`, link: articleUrl, html: '<p>The story begins…</p>', date: 'Mon, 01 Jul 2024 08:00:00 GMT' }]));
  const config = configFromObject(
    {
      output: { dir: 'posts' },
      state,
      images: { mode: 'download' },
      fetch: { retries: 0 },
      feeds: [{ url: a, categories: ['x'], fulltext: 'auto' }],
    },
    dir,
  );
  const [sa] = await resolveSources(config, { offline: true });
  const stores: Store[] = [await openStore(config.state), await openStore(config.state)];
  const fetchers = [createFetcher(config.fetch), createFetcher(config.fetch)];
  const pageHits = () => server.hits.filter((h) => h === page).length;
  try {
    const r1 = await refreshFeed(sa!, feedContext(config, stores[0]!, fetchers[0]!));
    assert.deepEqual([r1.outcome, r1.newPosts, r1.articleFailures, r1.warnings], ['ok', 1, undefined, []]);
    assert.equal(pageHits(), 1);
    // the other worker renders the feed again (forced): the article worker 1 recorded is known to it, the post the same
    const r2 = await refreshFeed(sa!, { ...feedContext(config, stores[1]!, fetchers[1]!), force: true });
    assert.deepEqual([r2.outcome, r2.newPosts, r2.updatedPosts, r2.unchangedPosts], ['ok', 0, 0, 1]);
    assert.equal(pageHits(), 1, `${kind}: an article another worker recorded is not fetched again`);
    const texts = readdirSync(join(dir, 'posts')).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(dir, 'posts', f), 'utf8'));
    assert.equal(texts.length, 1);
    for (const t of texts) {
      assert.match(t, /More of the story that the feed leaves out/);
      assert.doesNotMatch(t, /Home|lazy\.gif/);
      // the article's lazy picture, downloaded as any feed picture
      assert.match(t, /<img src="\/images\/feedmill\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg"/, `${kind}: the article's picture is the site's own`);
    }
    assert.equal((await stores[1]!.getArticle(articleUrl))?.status, 'extracted');
    // nothing failed or waits: the feed keeps its body hash, and the same body is not parsed again
    const again = await refreshFeed(sa!, feedContext(config, stores[1]!, fetchers[1]!));
    assert.equal(again.outcome, 'unchanged');
    assert.deepEqual((await stores[1]!.getFeed(sa!.key))!.articleFailures, []);
  } finally {
    for (const s of stores) await s.close();
    for (const f of fetchers) await f.close();
  }
}

test('fulltext in refreshFeed, SQLite: two workers share the article records', async () => {
  await twoWorkersShareArticles('state.db', 'sqlite');
});

test('fulltext in refreshFeed, PostgreSQL: two workers share the article records', async (t) => {
  if (!(await needPostgres(t))) return;
  const { url } = await db.fresh();
  await twoWorkersShareArticles(url, 'postgres');
});
