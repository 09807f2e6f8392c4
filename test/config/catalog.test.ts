import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RouteMatcher, bundledMatcher, catalogFromNamespaces, compilePattern, normalizePath, type CatalogRoute } from '../../src/config/catalog.js';
import { hasShared, repoRoot, sharedDir } from '../helpers.js';
import { SITE_NAME_OVERRIDES } from '../../src/config/site-names.js';

// [concrete path, expected pattern, expected categories]
const CASES: Array<[string, string, string[]]> = [
  // static routes
  ['/guancha/headline', '/guancha/headline', ['新媒体', '观察者网', '头条']],
  ['/36kr/newsflashes', '/36kr/newsflashes', ['新媒体', '36氪', '快讯']],
  ['/cnbeta', '/cnbeta', ['新媒体', 'cnBeta', '最新']],
  ['/sspai/matrix', '/sspai/matrix', ['新媒体', '少数派', 'Matrix']],
  ['/sspai/series', '/sspai/series', ['新媒体', '少数派', '最新上架付费专栏']],
  ['/zhihu/daily', '/zhihu/daily', ['社交媒体', '知乎', '知乎日报']],
  ['/juejin/books', '/juejin/books', ['编程', '掘金', '小册']],
  ['/thepaper/featured', '/thepaper/featured', ['传统媒体', '澎湃新闻', '首页头条']],
  ['/005tv/zx/latest', '/005tv/zx/latest', ['二次元', '005.tv', '二次元资讯']],
  // parametrised routes
  ['/juejin/category/frontend', '/juejin/category/:category', ['编程', '掘金', '分类']],
  ['/juejin/category/backend/', '/juejin/category/:category', ['编程', '掘金', '分类']],
  ['/juejin/trending/ios/monthly', '/juejin/trending/:category/:type', ['编程', '掘金', '热门']],
  ['/juejin/tag/%E6%9E%B6%E6%9E%84', '/juejin/tag/:tag', ['编程', '掘金', '标签']],
  ['/juejin/tag/架构', '/juejin/tag/:tag', ['编程', '掘金', '标签']],
  ['/juejin/pins', '/juejin/pins/:type?', ['编程', '掘金', '沸点']],
  ['/juejin/pins/6824710202487472141', '/juejin/pins/:type?', ['编程', '掘金', '沸点']],
  ['/guancha', '/guancha/:caty?', ['新媒体', '观察者网', '首页']],
  ['/guancha/military-affairs', '/guancha/:caty?', ['新媒体', '观察者网', '首页']],
  ['/guancha/member/recommend', '/guancha/member/:caty?', ['新媒体', '观察者网', '观学院']],
  ['/guancha/personalpage/243983', '/guancha/personalpage/:uid', ['新媒体', '观察者网', '个人主页文章']],
  ['/guancha/topic/110/1', '/guancha/topic/:id?/:order?', ['新媒体', '观察者网', '风闻话题']],
  ['/36kr/news/latest', '/36kr/news/:caty', ['新媒体', '36氪', '资讯']],
  ['/36kr/user/5652071', '/36kr/user/:uid', ['新媒体', '36氪', '用户文章']],
  ['/ithome/it', '/ithome/:caty', ['新媒体', 'IT之家', '分类资讯']],
  ['/ithome/ranking/24h', '/ithome/ranking/:type', ['新媒体', 'IT之家', '热榜']],
  ['/bilibili/user/video/2267573', '/bilibili/user/video/:uid/:disableEmbed?', ['社交媒体', '哔哩哔哩', 'UP 主投稿']],
  ['/v2ex/topics/hot', '/v2ex/topics/:type', ['论坛', 'V2EX', '最热 / 最新主题']],
  ['/sspai/column/262', '/sspai/column/:id', ['新媒体', '少数派', '专栏']],
  ['/sspai/tag/apple', '/sspai/tag/:keyword', ['新媒体', '少数派', '标签订阅']],
  ['/thepaper/channel/25950', '/thepaper/channel/:id', ["传统媒体", "澎湃新闻", "频道"]],
  ['/hackernews/best/comments', '/hackernews/:section?/:type?', ["编程", "Hacker News", "分区"]],
  // wildcard-style parameters (path-to-regexp :name+ and :name*)
  ['/github/file/DIYgod/RSSHub/master/lib/router.js', '/github/file/:user/:repo/:branch/:filepath+', ['编程', 'GitHub', '文件 Commits']],
  ['/8kcos/cat/xiezhen/cosplay', '/8kcos/cat/:cat*', ['图片', '8KCosplay', '分类']],
  // query strings are not part of the route
  ['/guancha/headline?limit=5&key=abc', '/guancha/headline', ['新媒体', '观察者网', '头条']],
];

test(`bundled catalog: ${CASES.length} routes, static and parametrised, give [category, site, route name]`, () => {
  const m = bundledMatcher();
  const failures: string[] = [];
  for (const [path, pattern, categories] of CASES) {
    const match = m.match(path);
    if (!match || match.namespaceOnly) {
      failures.push(`${path}: no match`);
      continue;
    }
    if (match.route.path !== pattern) failures.push(`${path}: matched ${match.route.path}, expected ${pattern}`);
    const got = m.categoriesFor(match);
    if (JSON.stringify(got) !== JSON.stringify(categories)) failures.push(`${path}: ${JSON.stringify(got)} ≠ ${JSON.stringify(categories)}`);
  }
  assert.deepEqual(failures, []);
  assert.ok(CASES.length >= 30);
});

test('parameters are captured', () => {
  const m = bundledMatcher();
  assert.deepEqual(m.match('/juejin/trending/ios/monthly')!.params, { category: 'ios', type: 'monthly' });
  assert.deepEqual(m.match('/juejin/tag/%E6%9E%B6%E6%9E%84')!.params, { tag: '架构' });
  assert.deepEqual(m.match('/github/file/DIYgod/RSSHub/master/lib/router.js')!.params, {
    user: 'DIYgod',
    repo: 'RSSHub',
    branch: 'master',
    filepath: 'lib/router.js',
  });
});

test('unknown routes: a known namespace gives the site, an unknown one nothing', () => {
  const m = bundledMatcher();
  const partial = m.match('/juejin/no/such/route/here')!;
  assert.equal(partial.namespaceOnly, true);
  assert.deepEqual(m.categoriesFor(partial), ['编程', '掘金']);
  assert.equal(m.match('/no-such-namespace-xyz/feed'), null);
});

test('categoryNames rename the category, the site or the route name', () => {
  const m = bundledMatcher();
  const match = m.match('/guancha/headline')!;
  assert.deepEqual(m.categoriesFor(match, { 'new-media': '媒体' }), ['媒体', '观察者网', '头条']);
  assert.deepEqual(m.categoriesFor(match, { 新媒体: '网媒', 观察者网: '观网', 头条: '要闻' }), ['网媒', '观网', '要闻']);
});

test('byPattern finds a route by its X-RSSHub-Route pattern', () => {
  const m = bundledMatcher();
  assert.equal(m.byPattern('/juejin/category/:category')!.route.name, '分类');
  assert.equal(m.byPattern('/guancha/headline')!.route.name, '头条');
  assert.equal(m.byPattern('/nothing/here'), null);
});

test('pattern compiler: Hono syntax (regex params, optional regex params, nested braces, *)', () => {
  const c = (p: string) => compilePattern(p).re;
  assert.ok(c('/141jav/:type/:keyword{.+}?').test('/141jav/tag/a/b/c'));
  assert.ok(c('/141jav/:type/:keyword{.+}?').test('/141jav/tag'));
  assert.ok(c('/discuz/:ver{[7x]}/:cid{[0-9]{2}}/:link{.+}').test('/discuz/7/12/http://bbs.example.com/forum'));
  assert.ok(!c('/discuz/:ver{[7x]}/:cid{[0-9]{2}}/:link{.+}').test('/discuz/8/12/x'));
  assert.ok(c('/dut/*/*').test('/dut/news/list'));
  assert.ok(c('/a/:id.html').test('/a/123.html'));
  assert.ok(!c('/a/:id').test('/a/b/c'));
  assert.ok(!c('/a/:id').test('/a'));
  assert.ok(c('/a/:id?').test('/a'));
  assert.ok(c('/a/:p+').test('/a/x/y'));
  assert.ok(!c('/a/:p+').test('/a'));
});

test('the most specific route wins over an optional parameter', () => {
  const routes: CatalogRoute[] = [
    { path: '/x/:a?', site: 'X', name: 'any', categories: ['other'] },
    { path: '/x/:a{[0-9]+}', site: 'X', name: 'number', categories: ['other'] },
    { path: '/x/top', site: 'X', name: 'top', categories: ['other'] },
  ];
  const m = new RouteMatcher({ categories: {}, routes, origin: 'test' });
  assert.equal(m.match('/x/top')!.route.name, 'top');
  assert.equal(m.match('/x/42')!.route.name, 'number');
  assert.equal(m.match('/x/abc')!.route.name, 'any');
  assert.equal(m.match('/x')!.route.name, 'any');
  assert.deepEqual(m.categoriesFor(m.match('/x')!), ['other', 'X', 'any'], 'an unnamed category id stays an id');
});

test('normalizePath drops query, fragment and trailing slash, decodes segments', () => {
  assert.equal(normalizePath('/a/b/?x=1#y'), '/a/b');
  assert.equal(normalizePath('a/%E4%B8%AD'), '/a/中');
  assert.equal(normalizePath('/'), '/');
  assert.equal(normalizePath('/a/%E0%A4%A'), '/a/%E0%A4%A', 'bad escapes stay');
});

test('/api/namespace data: route categories, else the namespace categories (RSSHub fallback)', () => {
  const catalog = catalogFromNamespaces(
    {
      guancha: {
        name: '观察者网',
        categories: ['new-media'],
        routes: { '/headline': { path: '/headline', name: '头条', categories: ['traditional-media'] }, '/:category?': { name: '首页' } },
      },
      sport365: { name: 'Sport365', routes: { '/news/:id': { name: 'News', categories: ['popular', 'sport'] } } },
    },
    'test instance',
  )!;
  const m = new RouteMatcher(catalog);
  assert.deepEqual(m.categoriesFor(m.match('/guancha/headline')!), ['传统媒体', '观察者网', '头条']);
  assert.deepEqual(m.categoriesFor(m.match('/guancha/world')!), ['新媒体', '观察者网', '首页']);
  assert.deepEqual(m.categoriesFor(m.match('/sport365/news/1')!), ['体育', 'Sport365', 'News'], '"popular" is not a category to file under');
  assert.equal(catalogFromNamespaces([], 'x'), null);
  assert.equal(catalogFromNamespaces({ a: { name: 'A' } }, 'x'), null);
});

test('bundled data keeps its attribution and NOTICE names it', () => {
  const data = JSON.parse(readFileSync(join(repoRoot, 'data', 'rsshub-routes.json'), 'utf8')) as { source: { attribution: string; commit: string } };
  assert.match(data.source.attribution, /RSSHub/);
  assert.match(data.source.attribution, /MIT/);
  const notice = readFileSync(join(repoRoot, 'NOTICE'), 'utf8');
  assert.ok(notice.includes(data.source.commit));
  assert.match(notice, /DIYgod and RSSHub contributors/);
});

test('every bundled route matches its own documented example (where the example is a path of it)', () => {
  const m = bundledMatcher();
  const data = JSON.parse(readFileSync(join(repoRoot, 'data', 'rsshub-routes.json'), 'utf8')) as { routes: CatalogRoute[] };
  let checked = 0;
  let matched = 0;
  for (const r of data.routes) {
    if (!r.example || !r.example.startsWith(`/${r.path.split('/')[1]}`)) continue;
    const self = compilePattern(r.path).re.test(normalizePath(r.example));
    if (!self) continue; // the docs' example belongs to another pattern
    checked++;
    const got = m.match(r.example);
    if (got && !got.namespaceOnly) matched++;
  }
  assert.ok(checked > 1500, `checked ${checked}`);
  assert.equal(matched, checked);
});

test('optional: the matcher agrees with the newer RSSHub catalog (../shared, not shipped)', { skip: !hasShared }, () => {
  const data = JSON.parse(readFileSync(join(sharedDir, 'rsshub-catalog.json'), 'utf8')) as {
    categories: Record<string, { zh?: string; en?: string }>;
    routes: Array<CatalogRoute & { aliasIndex?: number }>;
  };
  const m = new RouteMatcher({ categories: data.categories, routes: data.routes, origin: 'shared' });
  let total = 0;
  let same = 0;
  const misses: string[] = [];
  for (const r of data.routes) {
    if (!r.example || !r.example.startsWith('/')) continue;
    total++;
    const got = m.match(r.example);
    if (got && !got.namespaceOnly && got.route.site === r.site) same++;
    else misses.push(`${r.example} → ${got?.route.path ?? 'none'} (want ${r.path})`);
  }
  // the docs' examples sometimes use another route's path; nearly all must land on their own site
  assert.ok(same / total > 0.97, `${same}/${total}; e.g. ${misses.slice(0, 5).join('; ')}`);
  const guancha = m.match('/guancha/headline')!;
  assert.deepEqual(m.categoriesFor(guancha), ['新媒体', '观察者网', '头条']);
  assert.deepEqual(m.categoriesFor(m.match('/juejin/category/frontend')!), ['编程', '掘金', '分类']);
});

test('site names from the override table (36kr → 36氪); categoryNames renames either spelling', () => {
  const m = bundledMatcher();
  const match = m.match('/36kr/newsflashes')!;
  assert.deepEqual(m.categoriesFor(match), ['新媒体', '36氪', '快讯']);
  assert.deepEqual(m.categoriesFor(match, { '36氪': '36Kr 中文' }), ['新媒体', '36Kr 中文', '快讯']);
  assert.deepEqual(m.categoriesFor(match, { '36kr': 'Kr' }), ['新媒体', 'Kr', '快讯']);
  // every row of the table names a site the bundled catalog has (no stale rows)
  const sites = new Set(m.catalog.routes.map((r) => r.site));
  for (const name of Object.keys(SITE_NAME_OVERRIDES)) assert.ok(sites.has(name), name);
});
