// The article extractor on article pages built from real sites' markup (test/fixtures/fulltext/NOTICE.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractArticle, findRule, loadSiteRules } from '../../src/fulltext/index.js';
import { fixture } from '../helpers.js';

const page = (name: string): Buffer => readFileSync(fixture('fulltext', name));
const bundled = loadSiteRules().rules;

function extract(name: string, url: string, extra: { summary?: string; contentType?: string; noRule?: boolean } = {}) {
  const rule = extra.noRule ? null : findRule(bundled, url);
  const a = extractArticle(page(name), { url, rule, summary: extra.summary ?? null, contentType: extra.contentType ?? null });
  assert.ok(a, `an article from ${name}`);
  return a;
}

test('guancha: the rule picks .all-txt; share box, related list, nav and scripts are gone', () => {
  const a = extract('guancha-article.html', 'https://www.guancha.cn/politics/2022_01_27_000001_s.shtml');
  assert.equal(a.method, 'rule');
  assert.match(a.text, /^【文\/观察者网 测试编辑】/);
  assert.match(a.text, /项目方承诺夜间不施工/);
  for (const gone of ['分享到', '相关新闻', '热点排行', '首页', '广告', 'Copyright']) assert.ok(!a.text.includes(gone), `no ${gone}`);
  assert.ok(!/<script|share-box|class=/.test(a.html), a.html);
});

test('guancha: lazy image source, absolute links, og:image, canonical, title and language', () => {
  const a = extract('guancha-article.html', 'https://www.guancha.cn/politics/2022_01_27_000001_s.shtml');
  assert.match(a.html, /<img src="https:\/\/i\.guancha\.cn\/news\/2022\/01\/27\/test-1\.jpg"/);
  assert.ok(!a.html.includes('lazy-placeholder.gif'));
  assert.match(a.html, /href="https:\/\/www\.guancha\.cn\/politics\/2022_01_26_000000\.shtml"/);
  assert.equal(a.image, 'https://i.guancha.cn/news/2022/01/27/test-cover.jpg');
  assert.equal(a.canonical, 'https://www.guancha.cn/politics/2022_01_27_000001.shtml');
  assert.equal(a.title, '测试：某市推出旧城改造新方案');
  assert.equal(a.lang, 'zh-CN');
});

test('guancha without its rule: the generic extractor finds the same article and drops the same furniture', () => {
  const a = extract('guancha-article.html', 'https://www.guancha.cn/politics/2022_01_27_000001_s.shtml', { noRule: true });
  assert.equal(a.method, 'readability');
  assert.match(a.text, /居民可以在家门口的社区中心查阅/);
  for (const gone of ['分享到', '相关新闻', '热点排行']) assert.ok(!a.text.includes(gone), `no ${gone}`);
});

test('ithome: rule found by parent domain; data-original beats grey.gif and data: placeholders; ../ links resolved', () => {
  const a = extract('ithome-article.html', 'https://www.ithome.com/0/600/001.htm');
  assert.equal(a.method, 'rule');
  assert.match(a.html, /src="https:\/\/img\.ithome\.com\/newsuploadfiles\/2022\/1\/test-1\.jpg"/);
  assert.match(a.html, /src="https:\/\/www\.ithome\.com\/newsuploadfiles\/2022\/1\/test-2\.png"/);
  assert.ok(!/grey\.gif|data:image/.test(a.html), a.html);
  assert.match(a.html, /href="https:\/\/www\.ithome\.com\/0\/599\/999\.htm"/);
  assert.ok(!a.text.includes('分享到微博') && !a.text.includes('相关文章'));
  // no og:image: the article's first picture is the head image
  assert.equal(a.image, 'https://img.ithome.com/newsuploadfiles/2022/1/test-1.jpg');
});

test('cnbeta: a selector matching summary and content keeps both in order; remove selectors apply', () => {
  const a = extract('cnbeta-article.html', 'https://www.cnbeta.com.tw/articles/soft/1234567.htm');
  assert.equal(a.method, 'rule');
  const summary = a.text.indexOf('带来新的插件接口');
  const body = a.text.indexOf('重写了配置加载流程');
  assert.ok(summary >= 0 && body > summary, a.text);
  assert.ok(!a.text.includes('转载请注明出处') && !a.html.includes('/topics/logo.png') && !a.text.includes('相关主题'));
});

test('a user rule given as options wins; a selector that matches nothing falls back to the generic way', () => {
  const url = 'https://www.cnbeta.com.tw/articles/soft/1234567.htm';
  const only = extractArticle(page('cnbeta-article.html'), { url, rule: { selector: '.article-content', remove: ['p:last-child'] } })!;
  assert.ok(!only.text.includes('带来新的插件接口') && !only.text.includes('欢迎用户在项目页面上反馈问题'));
  const miss = extractArticle(page('cnbeta-article.html'), { url, rule: { selector: '#nothing-here', remove: [] } })!;
  assert.equal(miss.method, 'readability');
  assert.match(miss.text, /插件接口是这次更新的重点/);
  const bad = extractArticle(page('cnbeta-article.html'), { url, rule: { selector: 'p[', remove: [] } })!;
  assert.equal(bad.method, 'readability');
});

test('GBK page: charset from a <meta http-equiv> past the first 1024 bytes, GBK-only characters read', () => {
  const a = extract('gbk-article.html', 'https://news.example.com.cn/a/1.html');
  assert.match(a.text, /由朱镕基题写的校名牌匾/);
  assert.ok(!a.text.includes('\ufffd'));
  assert.ok(!a.text.includes('分享到'));
});

test('GBK page: an HTTP charset wins over the page', () => {
  const a = extract('gbk-article.html', 'https://news.example.com.cn/a/1.html', { contentType: 'text/html; charset=GBK' });
  assert.match(a.text, /镕/);
});

test('Big5 page without a declared charset: decoded as Big5 from lang="zh-TW"', () => {
  const a = extract('big5-article.html', 'https://news.example.com.tw/a/1');
  assert.match(a.text, /新路線全長約十四公里/);
  assert.equal(a.title, '測試：臺北捷運新路線試營運');
  assert.equal(a.lang, 'zh-TW');
});

test('a page that renders its article with scripts: the JSON-LD articleBody is the article', () => {
  const a = extract('36kr-scripted.html', 'https://www.36kr.com/p/1234567890');
  assert.equal(a.method, 'json-ld');
  assert.match(a.text, /一家咖啡连锁品牌宣布完成新一轮融资/);
  assert.equal((a.html.match(/<p>/g) ?? []).length, 4);
  assert.equal(a.image, 'https://img.36krcdn.com/20220127/test-cover.jpg');
});

test("the item's summary leads to the article when Readability picks a bigger block", () => {
  const url = 'https://example.org/news/1';
  const plain = extract('summary-anchor.html', url);
  assert.match(plain.text, /读者来信第1封/, 'without a hint Readability takes the letters (what the hint fixes)');
  const a = extract('summary-anchor.html', url, { summary: '<p>这是 feedmill 的测试页面：社区图书馆从下个月起延长开放时间，工作日晚上开放到九点。</p>' });
  assert.equal(a.method, 'hint');
  assert.match(a.text, /图书馆还将增加自助借还机/);
  assert.ok(!a.text.includes('读者来信'));
});

test('a page with nothing in it gives null, bad bytes give an article or null and never throw', () => {
  assert.equal(extractArticle('<html><body></body></html>', { url: 'https://example.org/' }), null);
  const junk = Buffer.from([0xff, 0xfe, 0x00, 0x3c, 0x80, 0x81, 0xfe, 0x00]);
  assert.doesNotThrow(() => extractArticle(junk, { url: 'not a url' }));
});
