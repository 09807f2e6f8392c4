import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { clearInstanceCatalogCache } from '../../src/config/catalog.js';
import { configFromObject } from '../../src/config/load.js';
import { categoriesForRouteHeader, resolveSources } from '../../src/config/sources.js';
import { startServer } from '../cli/server.js';

beforeEach(() => clearInstanceCatalogCache());

const base = '/srv/blog';

test('url kinds: http(s) as is, file:// as is, relative paths become file URLs', async () => {
  const config = configFromObject(
    { feeds: [{ url: 'https://example.com/feed.xml' }, { url: 'file:///data/a.xml' }, { url: 'feeds/b.xml' }, { url: '/abs/c.xml' }] },
    base,
  );
  const sources = await resolveSources(config, { offline: true });
  assert.deepEqual(
    sources.map((s) => [s.key, s.url]),
    [
      ['https://example.com/feed.xml', 'https://example.com/feed.xml'],
      ['file:///data/a.xml', 'file:///data/a.xml'],
      ['feeds/b.xml', pathToFileURL(join(base, 'feeds/b.xml')).href],
      ['/abs/c.xml', 'file:///abs/c.xml'],
    ],
  );
  for (const s of sources) {
    assert.deepEqual(s.fallbackUrls, []);
    assert.deepEqual(s.categories, []);
    assert.equal(s.limit, 50);
    assert.equal(s.timezone, 'UTC');
  }
});

test('rsshub routes: instance URL, options as query, access keys, fallbacks in order', async () => {
  const config = configFromObject(
    {
      rsshub: {
        instance: 'https://rsshub.example.com/',
        fallbacks: ['https://rsshub.app', 'https://mirror.example.org/rsshub'],
        key: 'shared',
        keys: { 'https://rsshub.example.com': 'mine' },
      },
      feeds: [{ rsshub: '/juejin/tag/架构', rsshubOptions: { limit: 10, mode: 'fulltext', filterout: '广告 推广' } }],
    },
    base,
  );
  const [s] = await resolveSources(config, { offline: true });
  assert.equal(s!.key, 'rsshub:/juejin/tag/架构');
  assert.equal(s!.rsshubRoute, '/juejin/tag/架构');
  const u = new URL(s!.url);
  assert.equal(u.origin, 'https://rsshub.example.com');
  assert.equal(decodeURIComponent(u.pathname), '/juejin/tag/架构');
  assert.deepEqual([...u.searchParams], [
    ['limit', '10'],
    ['mode', 'fulltext'],
    ['filterout', '广告 推广'],
    ['key', 'mine'],
  ]);
  assert.equal(s!.fallbackUrls.length, 2);
  const [f1, f2] = s!.fallbackUrls.map((x) => new URL(x));
  assert.equal(f1!.origin + f1!.pathname, 'https://rsshub.app/juejin/tag/%E6%9E%B6%E6%9E%84');
  assert.equal(f1!.searchParams.get('key'), 'shared', 'an instance without its own key uses the shared one');
  assert.equal(f2!.origin + f2!.pathname, 'https://mirror.example.org/rsshub/juejin/tag/%E6%9E%B6%E6%9E%84');
  assert.deepEqual(s!.categories, ['编程', '掘金', '标签']);
});

test('automatic categories from the bundled catalog; explicit categories and author win', async () => {
  const config = configFromObject(
    {
      limit: 30,
      timezone: 'Asia/Shanghai',
      rsshub: { categoryNames: { 新媒体: '媒体' } },
      feeds: [
        { rsshub: '/guancha/headline' },
        { rsshub: '/juejin/category/frontend', limit: 5, timezone: 'UTC' },
        { rsshub: '/cnbeta', categories: ['科技', 'cnBeta'], author: 'cnBeta 编辑' },
        { url: 'https://rsshub.app/36kr/newsflashes' },
        { url: 'https://example.com/guancha/headline' },
        { rsshub: '/no-such-site/x' },
      ],
    },
    base,
  );
  const sources = await resolveSources(config, { offline: true });
  assert.deepEqual(sources[0]!.categories, ['媒体', '观察者网', '头条'], 'categoryNames renames catalog names');
  assert.equal(sources[0]!.author, undefined);
  assert.equal(sources[0]!.limit, 30);
  assert.equal(sources[0]!.timezone, 'Asia/Shanghai');
  assert.deepEqual(sources[1]!.categories, ['编程', '掘金', '分类']);
  assert.equal(sources[1]!.limit, 5);
  assert.equal(sources[1]!.timezone, 'UTC');
  assert.deepEqual(sources[2]!.categories, ['科技', 'cnBeta'], 'explicit categories are not renamed or completed');
  assert.equal(sources[2]!.author, 'cnBeta 编辑');
  assert.deepEqual(sources[3]!.categories, ['媒体', '36氪', '快讯'], 'a url on an RSSHub instance is looked up too');
  assert.equal(sources[3]!.rsshubRoute, '/36kr/newsflashes');
  assert.deepEqual(sources[4]!.categories, [], 'other hosts are not RSSHub');
  assert.deepEqual(sources[5]!.categories, []);
});

test("the instance's /api/namespace is asked first, once per run", async () => {
  const namespace = {
    guancha: {
      name: '观察者网（实例）',
      categories: ['new-media'],
      routes: { '/headline': { path: '/headline', name: '头条新闻' } },
    },
  };
  const server = await startServer((req, res) => {
    if (req.url?.startsWith('/api/namespace')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(namespace));
    } else {
      res.writeHead(404).end();
    }
  });
  try {
    const config = configFromObject(
      { rsshub: { instance: server.url, key: 'k1' }, feeds: [{ rsshub: '/guancha/headline' }, { rsshub: '/juejin/books' }] },
      base,
    );
    const sources = await resolveSources(config);
    assert.deepEqual(sources[0]!.categories, ['新媒体', '观察者网（实例）', '头条新闻'], 'instance data first');
    assert.deepEqual(sources[1]!.categories, ['编程', '掘金', '小册'], 'routes the instance does not know fall back to the bundled copy');
    await resolveSources(config);
    assert.deepEqual(server.requests, ['/api/namespace?key=k1'], 'fetched once, with the access key');
    const offline = await resolveSources(config, { offline: true });
    assert.deepEqual(offline[0]!.categories, ['新媒体', '观察者网', '头条']);
  } finally {
    await server.close();
  }
});

test('an instance whose /api/namespace fails (503, bad JSON, no answer) falls back silently to the bundled copy', async () => {
  const server = await startServer((req, res) => {
    if (req.url === '/api/namespace') res.writeHead(503).end('busy');
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
  });
  try {
    const config = configFromObject({ rsshub: { instance: server.url }, feeds: [{ rsshub: '/guancha/headline' }] }, base);
    const [s] = await resolveSources(config);
    assert.deepEqual(s!.categories, ['新媒体', '观察者网', '头条']);
  } finally {
    await server.close();
  }
  clearInstanceCatalogCache();
  const dead = configFromObject({ rsshub: { instance: 'http://127.0.0.1:9' }, feeds: [{ rsshub: '/juejin/books' }] }, base);
  const [d] = await resolveSources(dead);
  assert.deepEqual(d!.categories, ['编程', '掘金', '小册']);
});

test('no catalog request when every feed has explicit categories', async () => {
  const server = await startServer((_req, res) => res.writeHead(500).end());
  try {
    const config = configFromObject({ rsshub: { instance: server.url }, feeds: [{ rsshub: '/a/b', categories: ['x'] }] }, base);
    await resolveSources(config);
    assert.deepEqual(server.requests, []);
  } finally {
    await server.close();
  }
});

test('categoriesForRouteHeader: the X-RSSHub-Route pattern names the route; explicit categories win', async () => {
  const config = configFromObject(
    { feeds: [{ url: 'https://my-rsshub.example/juejin/category/frontend' }, { rsshub: '/cnbeta', categories: ['科技'] }] },
    base,
  );
  const [a, b] = await resolveSources(config, { offline: true });
  assert.deepEqual(a!.categories, [], 'an unknown host is not known to be RSSHub before the response');
  assert.deepEqual(categoriesForRouteHeader(a!, '/juejin/category/:category', config), ['编程', '掘金', '分类']);
  assert.deepEqual(categoriesForRouteHeader(a!, '/juejin/category/frontend', config), ['编程', '掘金', '分类']);
  assert.equal(categoriesForRouteHeader(a!, '/unknown/:x', config), null);
  assert.equal(categoriesForRouteHeader(a!, 'garbage', config), null);
  assert.equal(categoriesForRouteHeader(b!, '/cnbeta', config), null);
});

test('access keys may be given per instance URL, origin or host name; none means no key parameter', async () => {
  const config = configFromObject(
    {
      rsshub: {
        instance: 'https://a.example',
        fallbacks: ['https://b.example/rsshub', 'https://c.example'],
        keys: { 'a.example': 'ka', 'https://b.example/': 'kb' },
      },
      feeds: [{ rsshub: '/cnbeta' }],
    },
    base,
  );
  const [s] = await resolveSources(config, { offline: true });
  assert.equal(s!.url, 'https://a.example/cnbeta?key=ka');
  assert.deepEqual(s!.fallbackUrls, ['https://b.example/rsshub/cnbeta?key=kb', 'https://c.example/cnbeta']);
});
