// withFetchedArticle against real pages on 127.0.0.1, through the real HTTP layer, recorded in a real SQLite store:
// what is fetched, what is recorded, and what the post is told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Entry, FulltextSetting } from '../../src/model.js';
import { createHttp, type Http } from '../../src/fetch/http.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { ArticleRun, MAX_ARTICLE_ATTEMPTS, articleFetching, withFetchedArticle } from '../../src/fulltext/index.js';
import { FeedServer } from '../e2e/support.js';

const server = new FeedServer();
let http: Http;

before(async () => {
  await server.start();
  http = createHttp({ timeout: 10_000, connectTimeout: 5_000, maxBytes: 1 << 20, perHost: 4, retries: 0, userAgent: 'feedmill-test', proxy: 'none' });
});
after(async () => {
  await http.close();
  await server.close();
});

const ARTICLE = `<!doctype html><html><head><title>Page</title><meta property="og:image" content="/og.png"></head><body>
<nav><a href="/">Home</a></nav><div class="mine"><p>${'The whole article, only on the page. '.repeat(12)}</p><div class="x">drop me</div></div>
<div class="other"><p>${'Other text that a rule leaves out. '.repeat(20)}</p></div></body></html>`;

const entry = (link: string, over: Partial<Entry> = {}): Entry => ({
  id: link, title: 'T', link, published: null, updated: null, authors: [], categories: [], summary: null, content: '<p>Teaser…</p>', enclosures: [], image: null, ...over,
});

function setup(maxPerRun?: number): { store: SqliteStore; run: ArticleRun; fetching: ReturnType<typeof articleFetching> } {
  const store = openSqliteStore(':memory:');
  const run = new ArticleRun(maxPerRun === undefined ? undefined : { maxPerRun });
  return { store, run, fetching: articleFetching(http, store, run) };
}

const hits = (path: string): number => server.hits.filter((h) => h === path).length;

test("a feed's own rule picks the element and drops what it names; the page's og:image is the item's picture; recorded and never fetched again", async () => {
  const url = server.set('/rule.html', ARTICLE, 'text/html; charset=utf-8');
  const { store, fetching } = setup();
  const rule: FulltextSetting = { selector: '.mine', remove: ['.x'] };
  const got = await withFetchedArticle(entry(url), rule, fetching);
  assert.match(got.entry.content!, /The whole article/);
  assert.doesNotMatch(got.entry.content!, /drop me|Other text/);
  assert.equal(got.entry.image, server.url('/og.png'));
  assert.deepEqual(got.article, { failure: null, failedNow: false, retryLater: false, deferred: false });
  const again = await withFetchedArticle(entry(url), rule, fetching);
  assert.equal(again.entry.content, got.entry.content);
  assert.equal(hits('/rule.html'), 1);
  assert.equal((await store.getArticle(url))?.status, 'extracted');
  await store.close();
});

test('never, and auto for a whole body, fetch nothing and tell nothing', async () => {
  const url = server.set('/unasked.html', ARTICLE, 'text/html');
  const { store, fetching } = setup();
  assert.deepEqual(await withFetchedArticle(entry(url), 'never', fetching), { entry: entry(url) });
  const whole = entry(url, { content: `<p>${'A whole body in the feed itself. '.repeat(20)}</p>` });
  assert.deepEqual(await withFetchedArticle(whole, 'auto', fetching), { entry: whole });
  assert.equal(hits('/unasked.html'), 0);
  await store.close();
});

test('a page without an article keeps the feed body, is retried while attempts last, then left alone', async () => {
  const url = server.set('/empty.html', '<!doctype html><html><body><nav><a href="/">Home</a></nav></body></html>', 'text/html');
  const { store, fetching } = setup();
  for (let i = 1; i <= MAX_ARTICLE_ATTEMPTS + 1; i++) {
    const got = await withFetchedArticle(entry(url), 'always', fetching);
    assert.equal(got.entry.content, '<p>Teaser…</p>');
    const tried = i <= MAX_ARTICLE_ATTEMPTS;
    assert.equal(got.article!.failedNow, tried, `call ${i}`);
    assert.equal(got.article!.retryLater, i < MAX_ARTICLE_ATTEMPTS, `call ${i}`);
    assert.equal(got.article!.failure, `article ${url}: no article found in the page${i >= MAX_ARTICLE_ATTEMPTS ? ` (tried ${MAX_ARTICLE_ATTEMPTS} times; not retried)` : ''}`);
    assert.equal(hits('/empty.html'), Math.min(i, MAX_ARTICLE_ATTEMPTS));
  }
  await store.close();
});

test('a link to a PDF is refused for good after one request; a 410 too', async () => {
  const pdf = server.set('/paper.pdf', '%PDF-1.7\n', 'application/pdf');
  const gone = server.set('/gone.html', 'gone', 'text/html', 410);
  const { store, fetching } = setup();
  for (let i = 0; i < 2; i++) {
    const a = await withFetchedArticle(entry(pdf), 'always', fetching);
    assert.equal(a.article!.failure, `article ${pdf}: not a web page: application/pdf (not retried)`);
    assert.equal(a.article!.retryLater, false);
    const g = await withFetchedArticle(entry(gone), 'always', fetching);
    assert.match(g.article!.failure!, /: HTTP 410 Gone \(not retried\)$/);
  }
  assert.equal(hits('/paper.pdf'), 1);
  assert.equal(hits('/gone.html'), 1);
  await store.close();
});

test('two items with one article in one run: one request', async () => {
  const url = server.set('/shared.html', ARTICLE, 'text/html');
  const { store, fetching } = setup();
  const [a, b] = await Promise.all([withFetchedArticle(entry(url), 'always', fetching), withFetchedArticle(entry(url, { id: 'other' }), 'always', fetching)]);
  assert.match(a.entry.content!, /The whole article/);
  assert.equal(b.entry.content, a.entry.content);
  assert.equal(hits('/shared.html'), 1);
  await store.close();
});

test('the cap: past maxPerRun an item keeps its body, deferred to a later run, nothing fetched or recorded', async () => {
  const one = server.set('/cap-1.html', ARTICLE, 'text/html');
  const two = server.set('/cap-2.html', ARTICLE, 'text/html');
  const { store, run, fetching } = setup(1);
  assert.equal(run.max, 1);
  const a = await withFetchedArticle(entry(one), 'always', fetching);
  const b = await withFetchedArticle(entry(two), 'always', fetching);
  assert.match(a.entry.content!, /The whole article/);
  assert.deepEqual(b.article, { failure: null, failedNow: false, retryLater: true, deferred: true });
  assert.equal(hits('/cap-2.html'), 0);
  assert.equal(await store.getArticle(two), null);
  assert.equal(new ArticleRun().max, 200, 'the default cap');
  await store.close();
});

test('a run stopped mid-request: no attempt is recorded, the item is tried again later', async () => {
  const url = server.set('/stopped.html', ARTICLE, 'text/html');
  const { store, run } = setup();
  const stop = new AbortController();
  stop.abort();
  const got = await withFetchedArticle(entry(url), 'always', articleFetching(http, store, run, stop.signal));
  assert.deepEqual(got.article, { failure: null, failedNow: false, retryLater: true, deferred: false });
  assert.equal(await store.getArticle(url), null);
  await store.close();
});
