import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../src/config/errors.js';
import { configFromObject, loadConfig } from '../../src/config/load.js';
import { configFromText } from '../../src/config/yaml-text.js';
import { fixture, repoRoot, tempDir } from '../helpers.js';
import { errorOf } from './config-error.js';

async function loadError(path: string): Promise<ConfigError> {
  try {
    await loadConfig(path);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}

test('defaults for a minimal config, paths relative to the config file', async () => {
  const dir = tempDir();
  const path = join(dir, 'feedmill.yml');
  writeFileSync(path, 'feeds:\n  - url: feeds/a.xml\n');
  const c = await loadConfig(path);
  assert.equal(c.configPath, path);
  assert.equal(c.baseDir, dir);
  assert.deepEqual(c.output, { dir: join(dir, 'source/_posts'), format: 'hexo', filename: '{date}-{hash}', dateStyle: 'rfc1123' });
  assert.equal(c.state, join(dir, '.feedmill/state.db'));
  assert.equal(c.timezone, 'UTC');
  assert.equal(c.limit, 50);
  assert.deepEqual(c.images, {
    placeholder: 'https://picsum.photos/400/300?random={n}',
    mode: 'keep',
    dir: join(dirname(c.configPath!), 'source/images/feedmill'),
    urlPrefix: '/images/feedmill',
    referers: {},
    maxBytes: 10 * 1024 * 1024,
    maxPixels: 50_000_000,
  });
  assert.equal(c.fetch.timeout, 20_000);
  assert.equal(c.fetch.maxBytes, 10 * 1024 * 1024);
  assert.equal(c.fetch.concurrency, 8);
  assert.equal(c.fetch.perHost, 2);
  assert.equal(c.fetch.retries, 2);
  assert.equal(c.fetch.maxBackoff, 24 * 3600 * 1000);
  assert.ok(c.fetch.connectTimeout > 0 && c.fetch.connectTimeout <= c.fetch.timeout);
  assert.match(c.fetch.userAgent, /^feedmill\/\d+\.\d+\.\d+ \(\+https?:\/\//);
  assert.equal(c.content.stripTracking, true);
  assert.equal(c.content.linksNewTab, false);
  assert.ok(c.content.iframeHosts.includes('player.bilibili.com'));
  assert.ok(c.content.iframeHosts.includes('www.youtube-nocookie.com'));
  assert.deepEqual(c.rsshub, { instance: 'https://rsshub.app', fallbacks: [] });
  assert.deepEqual(c.feeds, [{ url: 'feeds/a.xml' }]);
});

test('every documented key is read and resolved', () => {
  const dir = tempDir();
  const text = `
output:
  dir: public/posts
  format: hexo
  filename: "{title}-{id}"
  dateStyle: local
state: /var/lib/feedmill/state.db
timezone: Asia/Shanghai
limit: 20
images:
  proxy: "https://images.weserv.nl/?url="
  placeholder: "https://img.example/{n}.jpg"
fetch:
  timeout: 5s
  connectTimeout: 1500
  maxBytes: 512KB
  concurrency: 4
  perHost: 1
  retries: 0
  userAgent: my-bot/1.0
  maxBackoff: 6h
content:
  stripTracking: false
  linksNewTab: true
  iframeHosts: [www.youtube.com]
rsshub:
  instance: https://rsshub.example.com/
  fallbacks: [https://rsshub.app, "https://backup.example.org/rsshub/"]
  key: shared-key
  keys: { "https://rsshub.example.com": own-key }
  categoryNames: { 其他: 杂项 }
feeds:
  - rsshub: juejin/category/frontend
    rsshubOptions: { limit: 10, mode: fulltext, filterout: 广告 }
    title: 掘金前端
    categories: 编程
    author: 掘金
    limit: 5
    timezone: Europe/Berlin
    headers: { Cookie: "a=b" }
    rewrite: .ad
    filters:
      - action: drop
        keywords: [广告, "C++"]
        fields: [title]
      - action: keep
        regex: ["^Rust", "go(lang)?"]
        caseSensitive: true
`;
  const c = configFromText(text, join(dir, 'x.yml'));
  assert.equal(c.output.dir, join(dir, 'public/posts'));
  assert.equal(c.output.filename, '{title}-{id}');
  assert.equal(c.output.dateStyle, 'local');
  assert.equal(c.state, '/var/lib/feedmill/state.db');
  assert.equal(c.timezone, 'Asia/Shanghai');
  assert.equal(c.limit, 20);
  assert.equal(c.images.placeholder, 'https://img.example/{n}.jpg');
  assert.equal(c.images.proxy, 'https://images.weserv.nl/?url=');
  assert.equal(c.images.mode, 'proxy', 'a config that only sets proxy keeps proxying');
  assert.deepEqual(c.fetch, {
    timeout: 5000,
    connectTimeout: 1500,
    maxBytes: 512 * 1024,
    concurrency: 4,
    perHost: 1,
    retries: 0,
    userAgent: 'my-bot/1.0',
    maxBackoff: 6 * 3600 * 1000,
  });
  assert.deepEqual(c.content, { stripTracking: false, linksNewTab: true, iframeHosts: ['www.youtube.com'] });
  assert.deepEqual(c.rsshub, {
    instance: 'https://rsshub.example.com',
    fallbacks: ['https://rsshub.app', 'https://backup.example.org/rsshub'],
    key: 'shared-key',
    keys: { 'https://rsshub.example.com': 'own-key' },
    categoryNames: { 其他: '杂项' },
  });
  const f = c.feeds[0]!;
  assert.equal(f.rsshub, '/juejin/category/frontend', 'a route gets its leading slash');
  assert.deepEqual(f.rsshubOptions, { limit: 10, mode: 'fulltext', filterout: '广告' });
  assert.deepEqual(f.categories, ['编程'], 'a single category may be written without brackets');
  assert.equal(f.author, '掘金');
  assert.equal(f.limit, 5);
  assert.equal(f.timezone, 'Europe/Berlin');
  assert.deepEqual(f.headers, { Cookie: 'a=b' });
  assert.deepEqual(f.rewrite, ['.ad']);
  const [drop, keep] = f.filters!;
  assert.equal(drop!.action, 'drop');
  assert.deepEqual(drop!.fields, ['title']);
  assert.ok(drop!.patterns.some((p) => p.test('这是广告')));
  assert.ok(drop!.patterns.some((p) => p.test('learning c++ today')), 'keywords are literal and case-insensitive');
  assert.ok(!drop!.patterns.some((p) => p.test('C')));
  assert.equal(keep!.action, 'keep');
  assert.deepEqual(keep!.fields, ['title', 'content', 'author', 'category']);
  assert.ok(keep!.patterns[0]!.test('Rust 1.80'));
  assert.ok(!keep!.patterns[0]!.test('rust 1.80'), 'caseSensitive: true keeps case');
  assert.ok(keep!.patterns[1]!.test('golang'));
});

test('a wrong type names the key path, the line and the value', async () => {
  const path = fixture('config', 'wrong-type.yml');
  const err = await loadError(path);
  assert.equal(err.keyPath, 'feeds[2].limit');
  assert.equal(err.line, 12);
  assert.match(err.message, /wrong-type\.yml:12: feeds\[2\]\.limit: expected a positive integer, got "ten"/);
});

test('an unknown key is an error with a "did you mean" hint', () => {
  const err = errorOf(() => configFromText('fetch:\n  timout: 5s\nfeeds:\n  - url: a.xml\n    categoris: [x]\n', '/tmp/c.yml'));
  assert.equal(err.issues.length, 2);
  assert.deepEqual(
    err.issues.map((i) => [i.keyPath, i.line]),
    [
      ['fetch.timout', 2],
      ['feeds[0].categoris', 5],
    ],
  );
  assert.match(err.message, /fetch\.timout: unknown key \(did you mean "timeout"\?\)/);
  assert.match(err.message, /feeds\[0\]\.categoris: unknown key \(did you mean "categories"\?\)/);
});

test('an unknown key far from every known one lists the known keys', () => {
  const err = errorOf(() => configFromText('feeds: []\nwebhook: https://x\n', '/tmp/c.yml'));
  assert.equal(err.keyPath, 'webhook');
  assert.equal(err.line, 2);
  assert.match(err.message, /unknown key; known keys: output, state, timezone/);
});

test('missing required keys: feeds, and url/rsshub of a feed', () => {
  const e1 = errorOf(() => configFromText('limit: 10\n', '/tmp/c.yml'));
  assert.equal(e1.keyPath, 'feeds');
  assert.match(e1.message, /feeds: missing required key/);
  const e2 = errorOf(() => configFromText('feeds:\n  - url: a.xml\n  - title: no url\n    limit: 3\n', '/tmp/c.yml'));
  assert.equal(e2.keyPath, 'feeds[1]');
  assert.equal(e2.line, 3);
  assert.match(e2.message, /feeds\[1\]: missing required key url \(or rsshub\)/);
});

test('value errors: durations, sizes, zones, enums, URLs, regexes, placeholders', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['fetch:\n  timeout: soon\nfeeds: []\n', 'fetch.timeout', /expected a duration such as 20s.*got "soon"/],
    ['fetch:\n  maxBytes: huge\nfeeds: []\n', 'fetch.maxBytes', /expected a size such as 10MB.*got "huge"/],
    ['timezone: Mars/Olympus\nfeeds: []\n', 'timezone', /expected an IANA time zone.*got "Mars\/Olympus"/],
    ['output:\n  format: gatsby\nfeeds: []\n', 'output.format', /expected one of: hexo, hugo, jekyll, astro, markdown, json, got "gatsby"/],
    ['outputs:\n  - dir: x\nfeeds: []\n', 'outputs[0]', /missing required key format/],
    ['outputs:\n  - format: hugo\n    filename: x\nfeeds: []\n', 'outputs[0].filename', /unknown key/],
    ['feedsOut:\n  title: x\nfeeds: []\n', 'feedsOut.siteUrl', /missing required key/],
    ['feedsOut:\n  siteUrl: https://b.example/\n  formats: [atom, rdf]\nfeeds: []\n', 'feedsOut.formats[1]', /expected one of: atom, rss, json/],
    ['output:\n  dateStyle: iso\nfeeds: []\n', 'output.dateStyle', /expected rfc1123 or local/],
    ['output:\n  filename: "{slug}"\nfeeds: []\n', 'output.filename', /unknown placeholder \{slug\}/],
    ['rsshub:\n  instance: rsshub.app\nfeeds: []\n', 'rsshub.instance', /expected the http\(s\) URL of an RSSHub instance/],
    ['feeds:\n  - url: ftp://x/feed\n', 'feeds[0].url', /expected an http\(s\) URL, a file:\/\/ URL or a path/],
    ['feeds:\n  - rsshub: https://rsshub.app/x\n', 'feeds[0].rsshub', /without the instance/],
    ['feeds:\n  - url: a\n    rsshub: /b\n', 'feeds[0].rsshub', /either url or rsshub/],
    ['feeds:\n  - url: a\n    filters:\n      - action: drop\n        regex: "(unclosed"\n', 'feeds[0].filters[0].regex', /invalid regular expression/],
    ['feeds:\n  - url: a\n    filters:\n      - action: hide\n        keywords: [x]\n', 'feeds[0].filters[0].action', /expected keep or drop/],
    ['feeds:\n  - url: a\n    categories: 3\n', 'feeds[0].categories', /expected a list of categories/],
    ['limit: 0\nfeeds: []\n', 'limit', /expected a positive integer, got 0/],
    ['fetch:\n  retries: -1\nfeeds: []\n', 'fetch.retries', /expected a whole number/],
    ['content:\n  linksNewTab: yes\nfeeds: []\n', 'content.linksNewTab', /expected true or false, got "yes"/],
    ['feeds: {url: a}\n', 'feeds', /expected a list of feeds, got a mapping/],
  ];
  for (const [text, keyPath, message] of cases) {
    const err = errorOf(() => configFromText(text, '/tmp/c.yml'));
    assert.equal(err.keyPath, keyPath, text);
    assert.match(err.message, message, text);
    assert.ok(err.line !== undefined && err.line >= 1, `line for ${keyPath}`);
  }
});

test('YAML syntax errors and empty files name the line', () => {
  const e1 = errorOf(() => configFromText('feeds:\n  - url: a\n  bad: [\n', '/tmp/c.yml'));
  assert.match(e1.message, /^c\.yml:\d+: YAML syntax error|c\.yml:\d+: YAML syntax error/);
  assert.ok(e1.line! >= 2);
  const e2 = errorOf(() => configFromText('feeds:\n  - url: a\nfeeds: []\n', '/tmp/c.yml'));
  assert.match(e2.message, /YAML syntax error/);
  assert.equal(e2.line, 3, 'a duplicate key is reported where it repeats');
  const e3 = errorOf(() => configFromText('# only a comment\n', '/tmp/c.yml'));
  assert.match(e3.message, /empty/);
});

test('the same feed twice is an error', () => {
  const err = errorOf(() => configFromText('feeds:\n  - rsshub: /a/b\n  - url: x.xml\n  - rsshub: a/b\n', '/tmp/c.yml'));
  assert.equal(err.keyPath, 'feeds[2].rsshub');
  assert.equal(err.line, 4);
  assert.match(err.message, /duplicate of feeds\[0\]/);
});

test('a missing file is a ConfigError that says how to make one', async () => {
  const err = await loadError(join(tempDir(), 'nope.yml'));
  assert.match(err.message, /file not found.*feedmill init/);
});

test('configFromObject validates plain objects and resolves against baseDir', () => {
  const c = configFromObject({ feeds: [{ rsshub: '/guancha/headline' }], output: { dir: 'out' } }, '/srv/blog');
  assert.equal(c.configPath, null);
  assert.equal(c.output.dir, '/srv/blog/out');
  assert.equal(c.state, '/srv/blog/.feedmill/state.db');
  const err = errorOf(() => configFromObject({ feeds: [{ url: 'a', limit: 'ten' }] }, '/srv'));
  assert.equal(err.keyPath, 'feeds[0].limit');
  assert.match(err.message, /^config: feeds\[0\]\.limit: expected a positive integer, got "ten"$/);
});

test("the README's configuration example is a valid config", () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'README has a yaml example under ## Configuration');
  const c = configFromText(block[1]!, join(tempDir(), 'feedmill.yml'));
  assert.equal(c.feeds.length, 3);
  assert.equal(c.feeds[2]!.filters![0]!.patterns.length, 3);
});

test('every unknown key of one mapping is reported, each on its line', () => {
  const err = errorOf(() => configFromText('feeds: []\nfetch:\n  timout: 5s\n  retrys: 1\n  zzzzzzzz: 1\n', '/tmp/c.yml'));
  assert.deepEqual(
    err.issues.map((i) => [i.keyPath, i.line]),
    [
      ['fetch.timout', 3],
      ['fetch.retrys', 4],
      ['fetch.zzzzzzzz', 5],
    ],
  );
  assert.match(err.message, /fetch\.retrys: unknown key \(did you mean "retries"\?\)/);
  assert.match(err.message, /fetch\.zzzzzzzz: unknown key; known keys: timeout, connectTimeout/);
});

test('a list where a mapping belongs is a type error, not a list of unknown keys', () => {
  for (const [text, keyPath, message] of [
    ['fetch: [1]\nfeeds: []\n', 'fetch', /expected a mapping \(timeout, maxBytes, concurrency …\), got a list/],
    ['feeds:\n  - url: a\n    headers: [a]\n', 'feeds[0].headers', /expected a mapping of header names to values, got a list/],
    ['feeds:\n  - [a]\n', 'feeds[0]', /expected a mapping with url: or rsshub:, got a list/],
  ] as const) {
    const err = errorOf(() => configFromText(text, '/tmp/c.yml'));
    assert.equal(err.issues.length, 1, text);
    assert.equal(err.keyPath, keyPath, text);
    assert.match(err.message, message, text);
  }
});

test('mappings keep every name, even "constructor" and "prototype"', () => {
  const c = configFromObject(
    { feeds: [{ rsshub: '/a', rsshubOptions: { constructor: 1 }, headers: { prototype: 'x', a: 'b' } }], rsshub: { categoryNames: { constructor: 'c' } } },
    '/srv',
  );
  assert.deepEqual(c.feeds[0]!.rsshubOptions, { constructor: 1 });
  assert.deepEqual(c.feeds[0]!.headers, { prototype: 'x', a: 'b' });
  assert.deepEqual(c.rsshub.categoryNames, { constructor: 'c' });
  const err = errorOf(() => configFromObject({ feeds: [{ url: 'a', headers: { constructor: 1 } }] }, '/srv'));
  assert.equal(err.keyPath, 'feeds[0].headers.constructor');
});

test('a wrong type inside a feed is reported alone; unknown keys and failed checks do not hide the feed checks', () => {
  const alone = errorOf(() => configFromText('feeds:\n  - title: x\n    limit: 1.5\n', '/tmp/c.yml'));
  assert.deepEqual(alone.issues.map((i) => i.keyPath), ['feeds[0].limit']);
  const both = errorOf(() => configFromText('feeds:\n  - title: x\n    limit: 0\n    bogus: 1\n', '/tmp/c.yml'));
  assert.deepEqual(both.issues.map((i) => i.keyPath), ['feeds[0]', 'feeds[0].limit', 'feeds[0].bogus']);
  assert.match(both.message, /feeds\[0\]: missing required key url \(or rsshub\)/);
});

test('proxy: fetch.proxy and a feed proxy: none or a proxy URL; anything else named', async () => {
  const { resolveSources } = await import('../../src/config/sources.js');
  const config = configFromText('fetch:\n  proxy: none\nfeeds:\n  - url: https://a.example/feed\n    proxy: socks5://127.0.0.1:1080\n  - url: https://b.example/feed\n', '/tmp/c.yml');
  assert.equal(config.fetch.proxy, 'none');
  const [a, b] = await resolveSources(config, { offline: true });
  assert.equal(a!.proxy, 'socks5://127.0.0.1:1080');
  assert.equal(b!.proxy, undefined);
  assert.equal(configFromText('feeds: []\n', '/tmp/c.yml').fetch.proxy, undefined, 'unset: the environment decides');
  const bad = errorOf(() => configFromText('fetch:\n  proxy: ftp://proxy.lan\nfeeds: []\n', '/tmp/c.yml'));
  assert.equal(bad.keyPath, 'fetch.proxy');
  assert.match(bad.message, /unsupported proxy scheme ftp:/);
  const word = errorOf(() => configFromText('feeds:\n  - url: a\n    proxy: off\n', '/tmp/c.yml'));
  assert.equal(word.keyPath, 'feeds[0].proxy');
  assert.match(word.message, /expected none or a proxy URL/);
});

test('images: download mode, its folder, referers and thumbnail; a feed may set its own mode and referers', () => {
  const c = configFromText(
    `images:
  mode: download
  dir: blog/img
  urlPrefix: /img/own/
  referers: { example.com: article, cdn.example.org: "https://example.org/", other.example: none }
  maxBytes: 2MB
  maxPixels: 1000000
  thumbnail: { width: 400, height: 300 }
feeds:
  - url: https://a.example/feed.xml
    images: { mode: keep, referers: { sinaimg.cn: none } }
`,
    '/site/feedmill.yml',
  );
  assert.equal(c.images.mode, 'download');
  assert.equal(c.images.dir, '/site/blog/img');
  assert.equal(c.images.urlPrefix, '/img/own');
  assert.deepEqual(c.images.referers, { 'example.com': 'article', 'cdn.example.org': 'https://example.org/', 'other.example': 'none' });
  assert.equal(c.images.maxBytes, 2 * 1024 * 1024);
  assert.equal(c.images.maxPixels, 1_000_000);
  assert.deepEqual(c.images.thumbnail, { width: 400, height: 300, headimg: false });
  assert.deepEqual(c.feeds[0]!.images, { mode: 'keep', referers: { 'sinaimg.cn': 'none' } });
});

test('images: a wrong mode or Referer rule names its key', () => {
  const e = errorOf(() => configFromText('images:\n  mode: fetch\n  referers: { a.example: sometimes }\nfeeds: []\n', '/site/feedmill.yml'));
  assert.match(e.message, /images\.mode: expected keep, proxy or download/);
  assert.match(e.message, /images\.referers\["a\.example"\]: expected an http\(s\) URL, article or none/);
});

test('state: a postgres:// URL is kept as it is; DATABASE_URL is used only when state is not set', () => {
  const saved = process.env.DATABASE_URL;
  try {
    delete process.env.DATABASE_URL;
    const url = 'postgresql://feedmill@db.example:5432/blog';
    assert.equal(configFromText(`state: ${url}\nfeeds:\n  - url: a.xml\n`, '/srv/blog/feedmill.yml').state, url);
    process.env.DATABASE_URL = 'postgres://127.0.0.1/test';
    assert.equal(configFromText('feeds:\n  - url: a.xml\n', '/srv/blog/feedmill.yml').state, 'postgres://127.0.0.1/test');
    assert.equal(configFromText('state: s.db\nfeeds:\n  - url: a.xml\n', '/srv/blog/feedmill.yml').state, '/srv/blog/s.db');
    process.env.DATABASE_URL = '';
    assert.equal(configFromText('feeds:\n  - url: a.xml\n', '/srv/blog/feedmill.yml').state, '/srv/blog/.feedmill/state.db');
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
});

test('a bad element of a list is named by its index, with its value', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['feeds:\n  - url: a\n    categories: [坏, 404]\n', 'feeds[0].categories[1]', /feeds\[0\]\.categories\[1\]: expected a string, got 404/],
    ['feeds:\n  - url: a\n    categories:\n      - ok\n      - ""\n', 'feeds[0].categories[1]', /expected a non-empty string, got ""/],
    ['feeds:\n  - url: a\n    rewrite: [".ad", [x]]\n', 'feeds[0].rewrite[1]', /expected a string, got a list/],
    ['content:\n  iframeHosts: [youtube.com, {a: 1}]\nfeeds: []\n', 'content.iframeHosts[1]', /expected a string, got a mapping/],
  ];
  for (const [text, keyPath, message] of cases) {
    const err = errorOf(() => configFromText(text, '/tmp/c.yml'));
    assert.equal(err.keyPath, keyPath, text);
    assert.match(err.message, message, text);
    assert.doesNotMatch(err.message, /got a list of|expected a list/, text);
  }
  // a single value still stands for a list of one
  const c = configFromText('feeds:\n  - url: a\n    categories: 新媒体\n', '/tmp/c.yml');
  assert.deepEqual(c.feeds[0]!.categories, ['新媒体']);
});

test('a web address written without its scheme is an error that suggests https://, not a local path', () => {
  const cases: Array<[string, string]> = [
    ['rsshub.app/cnbeta', 'https://rsshub.app/cnbeta'],
    ['www.example.com/feed.xml', 'https://www.example.com/feed.xml'],
    ['example.org', 'https://example.org'],
    ['localhost:1200/guancha/headline', 'https://localhost:1200/guancha/headline'],
  ];
  for (const [url, suggestion] of cases) {
    const err = errorOf(() => configFromText(`feeds:\n  - url: ${url}\n`, '/tmp/c.yml'));
    assert.equal(err.keyPath, 'feeds[0].url', url);
    assert.equal(err.line, 2, url);
    assert.ok(err.message.includes(`did you mean ${suggestion}?`), err.message);
  }
  // paths stay paths
  for (const url of ['feeds/a.xml', './rsshub.app/cnbeta', 'feed.xml', 'news.json', '../x/feed.rss', '/srv/feed.atom', 'file:///srv/a.xml']) {
    assert.equal(configFromText(`feeds:\n  - url: ${url}\n`, '/tmp/c.yml').feeds.length, 1, url);
  }
  const instance = errorOf(() => configFromText('rsshub:\n  instance: rsshub.app\nfeeds: []\n', '/tmp/c.yml'));
  assert.match(instance.message, /did you mean https:\/\/rsshub\.app\?/);
});
