// The Store contract, registered for any implementation: every store must pass the same tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClaimResult, ItemRecord, PostMeta, Store } from '../../src/model.js';

export interface StoreFactory {
  /** a store on a fresh, empty database */
  open(): Promise<Store>;
  /** a second store on the same database as `store` (another process or worker) */
  twin(store: Store): Promise<Store>;
}

export const item = (over: Partial<ItemRecord> = {}): ItemRecord => ({
  identity: 'urn:a:1',
  guid: 'urn:a:1',
  link: 'https://example.com/a/1',
  feedKey: 'https://example.com/a.xml',
  contentHash: 'h1',
  file: '2022-01-27-aaaa.md',
  firstSeen: 1000,
  pending: false,
  meta: null,
  ...over,
});

const meta = (over: Partial<PostMeta> = {}): PostMeta => ({
  title: '观察者网 headline',
  date: Date.UTC(2022, 0, 27),
  categories: ['新媒体', '观察者网'],
  author: 'guancha',
  image: 'https://i.example/a.jpg',
  link: 'https://example.com/a/1',
  ...over,
});

const q = (identity: string, guid: string | null = null, link: string | null = null) => ({ identity, guid, link });

/** Registers the contract tests for one implementation. */
export function storeContract(name: string, factory: StoreFactory): void {
  const using = (title: string, fn: (s: Store) => Promise<void>): void => {
    test(`${name}: ${title}`, async () => {
      const s = await factory.open();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    });
  };

  using('updateFeed creates the row and merges: undefined fields are kept, null clears', async (s) => {
    assert.equal(await s.getFeed('k'), null);
    await s.updateFeed('k', { url: 'https://example.com/a.xml', categories: ['新媒体', '观察者网', '头条'], etag: '"e1"' });
    await s.updateFeed('k', { lastModified: 'Thu, 27 Jan 2022 10:09:07 GMT', lastSuccess: 5, etag: undefined });
    const f = (await s.getFeed('k'))!;
    assert.deepEqual(f, {
      key: 'k', url: 'https://example.com/a.xml', title: null, categories: ['新媒体', '观察者网', '头条'], etag: '"e1"',
      lastModified: 'Thu, 27 Jan 2022 10:09:07 GMT', bodyHash: null, lastSuccess: 5, lastError: null, lastErrorAt: null,
      failures: 0, nextAttempt: null, gone: false, permanentRedirect: null, itemsKnown: 0, fetchMs: null, cacheForMs: null, imageFailures: [], articleFailures: [],
    });
    await s.updateFeed('k', { lastError: 'HTTP 503', lastErrorAt: 9, failures: 2, nextAttempt: 99, gone: true, permanentRedirect: 'https://new/', fetchMs: 41, title: 'T', bodyHash: 'b', cacheForMs: 7_200_000 });
    await s.updateFeed('k', { etag: null, categories: null as unknown as string[] });
    const g = (await s.getFeed('k'))!;
    assert.deepEqual(
      [g.lastError, g.lastErrorAt, g.failures, g.nextAttempt, g.gone, g.permanentRedirect, g.fetchMs, g.title, g.bodyHash, g.cacheForMs],
      ['HTTP 503', 9, 2, 99, true, 'https://new/', 41, 'T', 'b', 7_200_000],
    );
    assert.equal(g.etag, null, 'an explicit null clears a field');
    // a max-age of a year and more does not fit 32 bits
    await s.updateFeed('k', { cacheForMs: 999_999_999_000 });
    assert.equal((await s.getFeed('k'))!.cacheForMs, 999_999_999_000);
    await s.updateFeed('k', { cacheForMs: null });
    assert.equal((await s.getFeed('k'))!.cacheForMs, null);
    assert.deepEqual(g.categories, [], 'a null list is an empty one');
    assert.equal(g.lastSuccess, 5, 'fields not in the patch are kept');
    await s.updateFeed('b', {});
    await s.updateFeed('B', { url: 'https://b/' });
    assert.deepEqual((await s.listFeeds()).map((x) => x.key), ['B', 'b', 'k']);
    assert.equal((await s.getFeed('b'))!.url, '');
  });

  using('image failures of a feed: kept as a list, replaced, a null clears them', async (s) => {
    const lines = ['image https://wx1.sinaimg.cn/large/a.jpg: HTTP 403 Forbidden', 'image http://img.example/中文.png: SVG refused'];
    await s.updateFeed('k', { imageFailures: lines, etag: '"e"' });
    assert.deepEqual((await s.getFeed('k'))!.imageFailures, lines);
    await s.updateFeed('k', { etag: '"f"' });
    assert.deepEqual((await s.getFeed('k'))!.imageFailures, lines, 'a patch without the field keeps it');
    await s.saveFeed('k', { items: [], release: [], feed: { imageFailures: [lines[1]!] } });
    assert.deepEqual((await s.listFeeds())[0]!.imageFailures, [lines[1]]);
    await s.updateFeed('k', { imageFailures: null as unknown as string[] });
    assert.deepEqual((await s.getFeed('k'))!.imageFailures, []);
  });

  using('images: a record per URL, JSON round trip, replaced on put; unknown URLs are null', async (s) => {
    const url = 'https://wx1.sinaimg.cn/large/0a1B2c.jpg?x=1&y=中';
    assert.equal(await s.getImage(url), null);
    const failed = { status: 'failed' as const, reason: 'HTTP 403 Forbidden', attempts: 1, permanent: false, at: 1_700_000_000_123 };
    await s.putImage(url, failed);
    assert.deepEqual(await s.getImage(url), failed);
    const stored = { status: 'stored' as const, sha256: 'ab'.repeat(32), ext: 'jpg', bytes: 48_213, width: 640, height: 480, at: 1_700_000_000_456 };
    await s.putImage(url, stored);
    assert.deepEqual(await s.getImage(url), stored);
    assert.equal(await s.getImage(url.toUpperCase()), null, 'URLs are compared exactly');
    await s.putImage('https://other.example/b.png', { ...failed, permanent: true, attempts: 3 });
    assert.deepEqual(await s.getImage(url), stored, 'another URL leaves it alone');
  });

  using('article failures of a feed: kept as a list beside the image failures, replaced, a null clears them', async (s) => {
    const lines = ['article https://www.ithome.com/0/1.htm: HTTP 404 Not Found', 'article https://36kr.com/p/中: no article found in the page'];
    await s.updateFeed('k', { articleFailures: lines, imageFailures: ['image x: y'] });
    assert.deepEqual((await s.getFeed('k'))!.articleFailures, lines);
    await s.saveFeed('k', { items: [], release: [], feed: { articleFailures: [lines[0]!] } });
    assert.deepEqual((await s.listFeeds())[0]!.articleFailures, [lines[0]]);
    assert.deepEqual((await s.getFeed('k'))!.imageFailures, ['image x: y'], 'the image failures are their own list');
    await s.updateFeed('k', { articleFailures: null as unknown as string[] });
    assert.deepEqual((await s.getFeed('k'))!.articleFailures, []);
  });

  using('articles: a record per URL, JSON round trip (whole pages, CJK, U+0000 dropped), replaced on put; unknown URLs are null', async (s) => {
    const url = 'https://www.guancha.cn/politics/2024_07_01_1.shtml?s=中&x=1';
    assert.equal(await s.getArticle(url), null);
    const failed = { status: 'failed' as const, reason: 'HTTP 503 Service Unavailable', attempts: 1, permanent: false, at: 1_700_000_000_123 };
    await s.putArticle(url, failed);
    assert.deepEqual(await s.getArticle(url), failed);
    const html = `<p>观察者网讯 ${'正文段落，'.repeat(4000)}</p><p><img src="https://i.guancha.cn/a.jpg" alt="&quot;图&quot;"></p>`;
    const extracted = { status: 'extracted' as const, html, title: '标题 "quoted"', image: 'https://i.guancha.cn/og.jpg', canonical: url, at: 1_700_000_000_456 };
    await s.putArticle(url, extracted);
    assert.deepEqual(await s.getArticle(url), extracted);
    assert.equal(await s.getArticle(url.toUpperCase()), null, 'URLs are compared exactly');
    await s.putArticle('https://other.example/b', { ...failed, permanent: true, attempts: 3 });
    assert.deepEqual(await s.getArticle(url), extracted, 'another URL leaves it alone');
    assert.equal(await s.getImage(url), null, 'articles and images are separate records');
    await s.putArticle('https://nul.example/1', { ...extracted, html: '<p>a\u0000b</p>', title: null, image: null });
    const nul = (await s.getArticle('https://nul.example/1'))!;
    assert.equal(nul.status === 'extracted' && nul.html.replaceAll('\u0000', ''), '<p>ab</p>');
  });

  using('findItems: by identity, else guid, else link (the oldest), in the order asked; misses are null', async (s) => {
    const a = item();
    const b = item({ identity: 'https://example.com/a/2', guid: null, link: 'https://example.com/a/2', file: 'b.md' });
    const c = item({ identity: 'hash:3', guid: 'g-3', link: 'https://example.com/a/3', file: 'c.md' });
    const d = item({ identity: 'hash:4', guid: 'g-4', link: 'https://example.com/a/3', file: 'd.md' });
    await s.claimItems([a, b, c, d]);
    await s.saveFeed(a.feedKey, { items: [a, b, c, d], release: [], feed: {} });
    const found = await s.findItems([
      q('urn:a:1'),
      // the guid changed upstream while the link stayed: still the same item
      q('urn:changed', 'urn:changed', 'https://example.com/a/1'),
      q('x', 'urn:a:1'),
      q('y', null, 'https://example.com/a/2'),
      q('z', 'nope', 'https://nope/'),
      q('other', 'g-3'),
      q('other', 'g-x', 'https://example.com/a/3'),
      q('hash:4', 'g-3', 'https://example.com/a/1'),
    ]);
    assert.deepEqual(found, [a, a, a, b, null, c, c, d]);
    assert.deepEqual(await s.findItems([]), []);
  });

  using('claimItems: a new item is claimed as pending; known by identity, guid or link; file-taken', async (s) => {
    const a = item({ contentHash: '', pending: true });
    assert.deepEqual(await s.claimItems([a]), [{ kind: 'claimed' }]);
    assert.deepEqual(await s.findItems([q('urn:a:1')]), [a]);
    const again = await s.claimItems([
      item({ feedKey: 'other-feed', file: 'x.md' }),
      item({ identity: 'new-id', guid: 'urn:a:1', link: null, file: 'y.md' }),
      item({ identity: 'new-id-2', guid: 'g2', link: 'https://example.com/a/1', file: 'z.md' }),
      item({ identity: 'fresh', guid: 'fresh', link: 'https://fresh/', file: a.file }),
    ]);
    assert.deepEqual(again, [{ kind: 'known', record: a }, { kind: 'known', record: a }, { kind: 'known', record: a }, { kind: 'file-taken' }]);
    // in one batch, in order: a later record sees the earlier ones
    const fresh = item({ identity: 'fresh', guid: 'fresh', link: 'https://fresh/', file: 'fresh.md', pending: true, contentHash: '' });
    const batch = await s.claimItems([fresh, item({ identity: 'fresh-2', guid: 'fresh', link: null, file: 'f2.md' }), item({ identity: 'other', guid: null, link: null, file: 'fresh.md' })]);
    assert.deepEqual(batch, [{ kind: 'claimed' }, { kind: 'known', record: fresh }, { kind: 'file-taken' }]);
    assert.deepEqual(await s.claimItems([]), []);
    assert.equal(await s.countItems(), 2);
    assert.equal((await s.getFeed(a.feedKey))!.itemsKnown, 2, 'claimed items count for a feed not yet recorded');
  });

  using('pending round trip: claimed, then saved with its hash and meta; first sighting and file kept', async (s) => {
    const claim = item({ contentHash: '', firstSeen: 1000, pending: true });
    await s.claimItems([claim]);
    assert.equal((await s.findItems([q(claim.identity)]))[0]!.pending, true);
    assert.deepEqual(await s.listPosts({}), { total: 0, items: [] }, 'a pending item is not listed');
    const written = item({ contentHash: 'sha-1', firstSeen: 5000, meta: meta() });
    await s.saveFeed(claim.feedKey, { items: [written], release: [], feed: { lastSuccess: 7 } });
    const [got] = await s.findItems([q(claim.identity)]);
    assert.deepEqual(got, { ...written, firstSeen: 1000, pending: false });
    assert.equal((await s.getFeed(claim.feedKey))!.lastSuccess, 7);
    // saved again without meta (an item stored before meta was kept): the meta stays
    await s.saveFeed(claim.feedKey, { items: [item({ contentHash: 'sha-2' })], release: [], feed: {} });
    const [again] = await s.findItems([q(claim.identity)]);
    assert.equal(again!.contentHash, 'sha-2');
    assert.deepEqual(again!.meta, meta());
  });

  using('confirm: a claim written as claimed only stops being pending; another feed\'s claim and written items stay as they are', async (s) => {
    const mine = item({ identity: 'c1', guid: 'g-c1', link: 'https://x/c1', file: 'c1.md', feedKey: 'f', pending: true, contentHash: 'h1', firstSeen: 1000, meta: meta() });
    const theirs = item({ identity: 'c2', guid: null, link: null, file: 'c2.md', feedKey: 'g', pending: true, contentHash: 'h2' });
    await s.claimItems([mine, theirs]);
    await s.saveFeed('f', { items: [], confirm: ['c1', 'c2', 'unknown'], release: [], feed: { lastSuccess: 9 } });
    const [c1, c2] = await s.findItems([q('c1'), q('c2')]);
    assert.deepEqual(c1, { ...mine, pending: false });
    assert.equal(c2!.pending, true, 'only this feed\'s claims are confirmed');
    assert.equal((await s.listPosts({})).total, 1, 'a confirmed post is listed');
    assert.equal((await s.getFeed('f'))!.lastSuccess, 9);
    // confirming again changes nothing
    await s.saveFeed('f', { items: [], confirm: ['c1'], release: [], feed: {} });
    assert.deepEqual((await s.findItems([q('c1')]))[0], { ...mine, pending: false });
  });

  using('release: a failed claim is removed so a later run retries; written items and other feeds\' claims stay', async (s) => {
    const mine = item({ identity: 'm1', guid: null, link: null, file: 'm1.md', feedKey: 'f', pending: true, contentHash: '' });
    const failed = item({ identity: 'm2', guid: null, link: null, file: 'm2.md', feedKey: 'f', pending: true, contentHash: '' });
    const theirs = item({ identity: 't1', guid: null, link: null, file: 't1.md', feedKey: 'g', pending: true, contentHash: '' });
    await s.claimItems([mine, failed, theirs]);
    await s.saveFeed('f', { items: [{ ...mine, pending: false, contentHash: 'h' }], release: ['m2', 't1', 'm1'], feed: {} });
    const [m1, m2, t1] = await s.findItems([q('m1'), q('m2'), q('t1')]);
    assert.equal(m1!.pending, false, 'a written item is never released');
    assert.equal(m2, null);
    assert.deepEqual(t1, theirs);
    assert.deepEqual(await s.claimItems([failed]), [{ kind: 'claimed' }], 'the next run claims it again');
  });

  using('saveFeed is atomic: a failing save leaves items, releases, texts and health as they were', async (s) => {
    const claimed = item({ identity: 'c1', guid: null, link: null, file: 'c1.md', feedKey: 'f', pending: true, contentHash: '' });
    await s.claimItems([claimed]);
    await s.updateFeed('f', { etag: '"old"' });
    const broken = item({ identity: 'zz', file: 'zz.md', feedKey: null as unknown as string });
    await assert.rejects(
      s.saveFeed('f', {
        items: [item({ identity: 'a0', guid: null, link: null, file: 'a0.md', feedKey: 'f' }), broken],
        release: ['c1'],
        feed: { etag: '"new"' },
        texts: { a0: 'text' },
      }),
    );
    assert.deepEqual(await s.findItems([q('a0'), q('c1'), q('zz')]), [null, claimed, null]);
    assert.equal((await s.getFeed('f'))!.etag, '"old"');
    assert.equal(await s.getPostText('a0'), null);
    assert.equal(await s.countItems(), 1);
  });

  using('kept post texts: saved with the items, read back, replaced, dropped with a released claim', async (s) => {
    const a = item({ identity: 'p1', guid: null, link: null, file: 'p1.md', feedKey: 'f' });
    const b = item({ identity: 'p2', guid: null, link: null, file: 'p2.md', feedKey: 'f' });
    await s.claimItems([a, b]);
    const text = '\n---\ntitle: \'头条\'\n---\n\n<div>   \n<p>正文</p>  \n</div>\n            ';
    await s.saveFeed('f', { items: [a], release: [], feed: {}, texts: { p1: text, p2: 'draft' } });
    assert.equal(await s.getPostText('p1'), text);
    assert.equal(await s.getPostText('nope'), null);
    await s.saveFeed('f', { items: [a], release: ['p2'], feed: {}, texts: { p1: 'v2' } });
    assert.equal(await s.getPostText('p1'), 'v2');
    assert.equal(await s.getPostText('p2'), null);
  });

  using('filesTaken, listItems (pending included), countItems per feed and in all', async (s) => {
    await s.claimItems([
      item({ identity: '1', guid: null, link: null, file: '1.md', feedKey: 'f' }),
      item({ identity: '2', guid: null, link: null, file: '2.md', feedKey: 'f' }),
      item({ identity: '3', guid: null, link: null, file: '3.md', feedKey: 'g' }),
    ]);
    await s.saveFeed('f', { items: [item({ identity: '1', guid: null, link: null, file: '1.md', feedKey: 'f' })], release: [], feed: {} });
    assert.deepEqual(await s.filesTaken(['1.md', 'free.md', '3.md']), new Set(['1.md', '3.md']));
    assert.deepEqual(await s.filesTaken([]), new Set());
    assert.deepEqual((await s.listItems('f')).map((r) => [r.identity, r.pending]), [['1', false], ['2', true]]);
    assert.deepEqual(await s.listItems('none'), []);
    assert.deepEqual([await s.countItems(), await s.countItems('f'), await s.countItems('g'), await s.countItems('none')], [3, 2, 1, 0]);
    assert.deepEqual((await s.listFeeds()).map((f) => [f.key, f.itemsKnown]), [['f', 2], ['g', 1]]);
  });

  using('items known per feed follow claims, saves that add an item or move it to another feed, releases and removals', async (s) => {
    const known = async (): Promise<Array<[string, number]>> => (await s.listFeeds()).map((f) => [f.key, f.itemsKnown]);
    const one = (identity: string, feedKey: string, pending = true): ItemRecord => item({ identity, guid: null, link: null, file: `${identity}.md`, feedKey, pending });
    await s.claimItems([one('1', 'f'), one('2', 'f'), one('3', 'g')]);
    assert.deepEqual(await s.claimItems([one('1', 'g'), one('4', 'f')]), [{ kind: 'known', record: one('1', 'f') }, { kind: 'claimed' }]);
    assert.deepEqual(await known(), [['f', 3], ['g', 1]]);
    // saved without a claim: a new item, and item 3 now listed by feed f (the feed that wrote it last owns it)
    await s.saveFeed('f', { items: [one('5', 'f', false), one('3', 'f', false), one('1', 'f', false)], release: ['2'], feed: {} });
    assert.deepEqual(await known(), [['f', 4], ['g', 0]]);
    assert.deepEqual([await s.countItems(), await s.countItems('f'), await s.countItems('g')], [4, 4, 0]);
    await s.saveFeed('g', { items: [], release: ['4', '1'], feed: {} });
    assert.deepEqual(await known(), [['f', 4], ['g', 0]], 'another feed cannot release them');
    await s.removeFeed('g');
    assert.deepEqual(await known(), [['f', 4]]);
  });

  using('listPosts: newest first, paged, with a total; title words, category and feed filters', async (s) => {
    const posts: ItemRecord[] = [];
    for (let i = 0; i < 25; i++) {
      posts.push(item({
        identity: `p${i}`, guid: null, link: `https://example.com/p/${i}`, file: `p${i}.md`, feedKey: i % 2 ? 'odd' : 'even',
        meta: meta({ title: i === 7 ? 'Rust 100% safe_code 新闻' : `News item ${i} 新闻`, date: Date.UTC(2022, 0, 1) + i * 3600_000, categories: i % 5 === 0 ? ['科技', 'five'] : ['科技'] }),
      }));
    }
    await s.claimItems(posts);
    await s.saveFeed('even', { items: posts.filter((p) => p.feedKey === 'even'), release: [], feed: {} });
    await s.saveFeed('odd', { items: posts.filter((p) => p.feedKey === 'odd'), release: [], feed: {} });
    // neither pending items nor items without meta are listed
    await s.claimItems([item({ identity: 'pending', guid: null, link: null, file: 'pending.md', meta: meta({ date: Date.UTC(2030, 0, 1) }) })]);
    await s.claimItems([item({ identity: 'old', guid: null, link: null, file: 'old.md' })]);
    await s.saveFeed('even', { items: [item({ identity: 'old', guid: null, link: null, file: 'old.md' })], release: [], feed: {} });
    const ids = (r: { items: ItemRecord[] }) => r.items.map((x) => x.identity);
    const first = await s.listPosts({ limit: 10 });
    assert.equal(first.total, 25);
    assert.deepEqual(ids(first), ['p24', 'p23', 'p22', 'p21', 'p20', 'p19', 'p18', 'p17', 'p16', 'p15']);
    assert.deepEqual(first.items[0], { ...posts[24]!, pending: false });
    assert.deepEqual(ids(await s.listPosts({ offset: 20, limit: 10 })), ['p4', 'p3', 'p2', 'p1', 'p0']);
    assert.deepEqual(ids(await s.listPosts({ offset: 30 })), []);
    const search = await s.listPosts({ search: '  news   ITEM 1 ' });
    assert.deepEqual(ids(search), ['p21', 'p19', 'p18', 'p17', 'p16', 'p15', 'p14', 'p13', 'p12', 'p11', 'p10', 'p1']);
    assert.equal(search.total, 12);
    assert.deepEqual(ids(await s.listPosts({ search: '0%' })), ['p7'], 'a % in the search is a character');
    assert.deepEqual(ids(await s.listPosts({ search: 'm_1' })), [], 'so is a _');
    assert.deepEqual(ids(await s.listPosts({ search: 'e_c' })), ['p7']);
    assert.deepEqual(ids(await s.listPosts({ search: '100% 新闻 rust' })), ['p7']);
    assert.equal((await s.listPosts({ search: '新闻' })).total, 25);
    assert.deepEqual(ids(await s.listPosts({ category: 'five' })), ['p20', 'p15', 'p10', 'p5', 'p0']);
    assert.equal((await s.listPosts({ category: '科技', feedKey: 'odd', limit: 3 })).total, 12);
    assert.deepEqual(ids(await s.listPosts({ category: 'five', feedKey: 'odd' })), ['p15', 'p5']);
    assert.deepEqual(await s.listPosts({ category: 'fiv' }), { total: 0, items: [] });
  });

  using('listPosts: posts of the same date come newest written first, whatever their feeds', async (s) => {
    const at = meta({ date: Date.UTC(2022, 0, 1) });
    const posts = ['c', 'a', 'b'].map((k, i) => item({ identity: `t${i}`, guid: null, link: null, file: `t${i}.md`, feedKey: k, meta: at }));
    for (const p of posts) {
      await s.claimItems([p]);
      await s.saveFeed(p.feedKey, { items: [p], release: [], feed: {} });
    }
    assert.deepEqual((await s.listPosts({})).items.map((x) => x.identity), ['t2', 't1', 't0']);
    assert.deepEqual((await s.listPosts({ offset: 1, limit: 1 })).items.map((x) => x.identity), ['t1']);
  });

  using('pruneItems makes tombstones: not listed, text gone, still found by identity, guid and link and holding the file', async (s) => {
    const a = item({ identity: 'a', guid: 'urn:a', link: 'https://example.com/a', file: 'a.md', feedKey: 'f', meta: meta({ date: 1 }) });
    const b = item({ identity: 'b', guid: null, link: 'https://example.com/b', file: 'b.md', feedKey: 'f', meta: meta({ date: 2 }) });
    await s.claimItems([a, b]);
    await s.saveFeed('f', { items: [a, b], release: [], feed: {}, texts: { a: 'text a', b: 'text b' } });
    await s.claimItems([item({ identity: 'p', guid: null, link: null, file: 'p.md', feedKey: 'f', meta: meta({ date: 3 }) })]);
    assert.equal(await s.pruneItems(['a', 'p', 'missing']), 1, 'a pending item is no post to prune');
    assert.equal(await s.pruneItems(['a']), 0, 'a tombstone is pruned once');
    assert.deepEqual((await s.listPosts({})).items.map((x) => x.identity), ['b']);
    assert.equal(await s.getPostText('a'), null);
    assert.equal(await s.getPostText('b'), 'text b');
    const [byId, byGuid, byLink] = await s.findItems([q('a'), q('x', 'urn:a'), q('y', null, 'https://example.com/a')]);
    for (const found of [byId, byGuid, byLink]) assert.deepEqual(found, { ...a, meta: null, pending: false });
    assert.deepEqual(await s.filesTaken(['a.md']), new Set(['a.md']));
    assert.deepEqual(await s.claimItems([item({ identity: 'a', guid: null, link: null, file: 'new.md', feedKey: 'f' })]), [{ kind: 'known', record: { ...a, meta: null, pending: false } }]);
    assert.equal(await s.pruneItems([]), 0);
  });

  using('removeFeed forgets a feed, its items and their texts, and nothing of other feeds', async (s) => {
    const mine = item({ identity: 'm', guid: null, link: null, file: 'm.md', feedKey: 'f', meta: meta() });
    const other = item({ identity: 'o', guid: null, link: null, file: 'o.md', feedKey: 'g', meta: meta() });
    await s.claimItems([mine, other]);
    await s.saveFeed('f', { items: [mine], release: [], feed: { url: 'https://example.com/f.xml' }, texts: { m: 'm' } });
    await s.saveFeed('g', { items: [other], release: [], feed: { url: 'https://example.com/g.xml' }, texts: { o: 'o' } });
    assert.equal(await s.removeFeed('f'), 1);
    assert.equal(await s.getFeed('f'), null);
    assert.deepEqual(await s.listItems('f'), []);
    assert.equal(await s.getPostText('m'), null);
    assert.equal(await s.getPostText('o'), 'o');
    assert.deepEqual((await s.listFeeds()).map((f) => [f.key, f.itemsKnown]), [['g', 1]]);
    assert.equal(await s.removeFeed('none'), 0);
  });

  using('listPosts countUpTo: the total stops at the bound, the page is the same; 0 counts nothing', async (s) => {
    const posts = Array.from({ length: 12 }, (_, i) =>
      item({ identity: `c${i}`, guid: null, link: null, file: `c${i}.md`, feedKey: 'f', meta: meta({ title: i % 3 ? `Other ${i}` : `Match ${i}`, date: 1000 + i, categories: i % 2 ? ['odd'] : ['even'] }) }),
    );
    await s.claimItems(posts);
    await s.saveFeed('f', { items: posts, release: [], feed: {} });
    const ids = (r: { items: ItemRecord[] }) => r.items.map((x) => x.identity);
    const all = await s.listPosts({ limit: 3 });
    const capped = await s.listPosts({ limit: 3, countUpTo: 5 });
    assert.equal(all.total, 12);
    assert.equal(capped.total, 5);
    assert.deepEqual(ids(capped), ids(all));
    assert.equal((await s.listPosts({ countUpTo: 50 })).total, 12, 'under the bound the count is exact');
    assert.equal((await s.listPosts({ countUpTo: 12 })).total, 12);
    assert.equal((await s.listPosts({ search: 'match', countUpTo: 3 })).total, 3);
    assert.equal((await s.listPosts({ search: 'match', countUpTo: 9 })).total, 4);
    assert.equal((await s.listPosts({ category: 'odd', offset: 4, limit: 2, countUpTo: 7 })).total, 6);
    assert.deepEqual(ids(await s.listPosts({ category: 'odd', offset: 4, limit: 2, countUpTo: 7 })), ['c3', 'c1']);
    const none = await s.listPosts({ limit: 2, countUpTo: 0 });
    assert.equal(none.total, 0);
    assert.deepEqual(ids(none), ['c11', 'c10']);
  });

  using('postCounts: written posts per feed and bucket [lo, hi); pending, undated and outside posts are not counted', async (s) => {
    const at = (feedKey: string, n: number, date: number) =>
      item({ identity: `${feedKey}-${n}`, guid: null, link: null, file: `${feedKey}-${n}.md`, feedKey, meta: meta({ date }) });
    const b = [1000, 2000, 3000, 5000];
    const written = [at('f', 1, 1000), at('f', 2, 1999), at('f', 3, 2000), at('f', 4, 4999), at('f', 5, 5000), at('f', 6, 999), at('B', 1, 3500), at('B', 2, 3000)];
    await s.claimItems(written);
    await s.saveFeed('f', { items: written.filter((r) => r.feedKey === 'f'), release: [], feed: {} });
    await s.saveFeed('B', { items: written.filter((r) => r.feedKey === 'B'), release: [], feed: {} });
    await s.claimItems([at('f', 7, 1500), at('g', 1, 1500)]); // pending: not counted
    const undated = item({ identity: 'u', guid: null, link: null, file: 'u.md', feedKey: 'f' });
    await s.claimItems([undated]);
    await s.saveFeed('f', { items: [undated], release: [], feed: {} });
    assert.deepEqual(await s.postCounts({ bounds: b }), [
      { feedKey: 'B', counts: [0, 0, 2] },
      { feedKey: 'f', counts: [2, 1, 1] },
    ]);
    assert.deepEqual(await s.postCounts({ bounds: [1000, 1000.4 + 1] }), [{ feedKey: 'f', counts: [1] }]);
    assert.deepEqual(await s.postCounts({ bounds: [6000, 7000] }), []);
    await assert.rejects(s.postCounts({ bounds: [1000] }), /bounds/);
    await assert.rejects(s.postCounts({ bounds: [2000, 1000] }), /bounds/);
  });

  test(`${name}: two stores on one database see each other's writes; close twice is harmless`, async () => {
    const s = await factory.open();
    const t = await factory.twin(s);
    try {
      await s.updateFeed('k', { etag: '"e"', failures: 3 });
      await s.claimItems([item({ feedKey: 'k' })]);
      assert.equal((await t.getFeed('k'))!.etag, '"e"');
      assert.equal((await t.getFeed('k'))!.itemsKnown, 1);
      assert.deepEqual(await t.claimItems([item({ feedKey: 'other' })]), [{ kind: 'known', record: item({ feedKey: 'k', pending: true }) }]);
      const stored = { status: 'stored' as const, sha256: 'cd'.repeat(32), ext: 'png', bytes: 9, width: 1, height: 1, at: 5 };
      await s.putImage('https://i.example/a.png', stored);
      assert.deepEqual(await t.getImage('https://i.example/a.png'), stored, 'a download by one worker is known to the others');
      const article = { status: 'extracted' as const, html: '<p>x</p>', title: 't', image: null, canonical: 'https://a.example/1', at: 6 };
      await t.putArticle('https://a.example/1', article);
      assert.deepEqual(await s.getArticle('https://a.example/1'), article, 'an article fetched by one worker is known to the others');
    } finally {
      await s.close();
      await t.close();
    }
    await s.close();
    await t.close();
  });

  test(`${name}: racing claims from two stores claim every item exactly once`, async () => {
    const s = await factory.open();
    const t = await factory.twin(s);
    const ITEMS = 40;
    // three shapes of one item, pairwise sharing an identity, a guid or a link: any two must conflict
    const shape = (k: number, c: number): ItemRecord => {
      const link = `https://example.com/race/${k}`;
      const v = (k + c) % 3;
      const identity = v === 0 ? `urn:race:${k}` : `${v === 1 ? 'hash' : 'other'}:${k}:${c}`;
      const guid = v === 1 ? null : `urn:race:${k}`;
      return item({ identity, guid, link, file: `race-${k}.md`, feedKey: `feed-${c}`, pending: true, contentHash: '' });
    };
    try {
      const claimers = [0, 1, 2, 3, 4, 5].map(async (c) => {
        const store = c % 2 ? t : s;
        // each claimer its own order, in batches of 5
        const order = Array.from({ length: ITEMS }, (_, k) => (k * (2 * c + 7) + c) % ITEMS);
        const results: Array<[number, ClaimResult]> = [];
        for (let i = 0; i < ITEMS; i += 5) {
          const ks = order.slice(i, i + 5);
          const got = await store.claimItems(ks.map((k) => shape(k, c)));
          got.forEach((r, j) => results.push([ks[j]!, r]));
        }
        return results;
      });
      const all = (await Promise.all(claimers)).flat();
      const claims = new Map<number, number>();
      for (const [k, r] of all) {
        if (r.kind === 'claimed') claims.set(k, (claims.get(k) ?? 0) + 1);
        if (r.kind === 'known') assert.equal(r.record.link, `https://example.com/race/${k}`);
      }
      for (let k = 0; k < ITEMS; k++) assert.equal(claims.get(k), 1, `item ${k} claimed ${claims.get(k) ?? 0} times`);
      assert.equal(await s.countItems(), ITEMS);
    } finally {
      await s.close();
      await t.close();
    }
  });
}
