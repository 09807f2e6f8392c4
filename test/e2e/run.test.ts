// End to end: the real CLI (`feedmill run -c FILE`) against feeds served from 127.0.0.1,
// checking what lands on disk across runs: idempotence, in-place updates, dedupe, limits, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { fixture, repoRoot, runCli, tempDir as makeTempDir } from '../helpers.js';
import { FeedServer, bodyOf, findByTitle, rss, snapshot, summaryCounts, type FileState, type RssItem } from './support.js';

const server = new FeedServer();
const made: string[] = [];
const tempDir = (prefix?: string): string => {
  const dir = makeTempDir(prefix);
  made.push(dir);
  return dir;
};
before(async () => {
  await server.start();
});
after(async () => {
  await server.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const demoFeed = (name: string): Buffer => readFileSync(join(repoRoot, 'examples', 'demo', 'feeds', name));
const SEED_TITLE = "title: '美国北约书面回应：拒绝俄罗斯所划_红线_'";

/** Writes feedmill.yml (JSON is YAML) into dir with posts in dir/posts and the state in dir/state.db. */
function writeConfig(dir: string, feeds: object[], extra: Record<string, unknown> = {}): string {
  const cfg = { output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0, timeout: '10s' }, ...extra, feeds };
  const path = join(dir, 'feedmill.yml');
  writeFileSync(path, JSON.stringify(cfg, null, 2) + '\n');
  return path;
}

const run = (cfg: string, ...more: string[]) => runCli(['run', '-c', cfg, ...more]);

async function runOk(cfg: string, ...more: string[]) {
  const r = await run(cfg, ...more);
  assert.equal(r.code, 0, `feedmill run exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r;
}

function assertSameFiles(before: Map<string, FileState>, after: Map<string, FileState>, what: string): void {
  assert.deepEqual([...after.keys()], [...before.keys()], `${what}: the set of files changed`);
  for (const [name, b] of before) {
    const a = after.get(name)!;
    assert.equal(a.text, b.text, `${what}: ${name} changed`);
    assert.equal(a.mtimeMs, b.mtimeMs, `${what}: ${name} was touched (mtime changed)`);
  }
}

const item = (n: number, extra: Partial<RssItem> = {}): RssItem => ({
  title: `Item number ${n}`,
  guid: `urn:e2e:item:${n}`,
  link: `https://news.example.com/a/${n}.html`,
  html: `<p>Body of item ${n}.</p><p><img src="https://img.example.com/${n}.jpg"></p>`,
  date: new Date(Date.UTC(2024, 0, 1 + n, 8, 0, 0)).toUTCString(),
  ...extra,
});

test('seed + demo feeds: posts written, seed post byte-identical, second run touches nothing', async () => {
  const dir = tempDir('feedmill-e2e-');
  const feeds = [
    { url: server.set('/main/guancha.xml', readFileSync(fixture('seed', 'guancha-headline.xml'))), categories: ['新媒体', '观察者网', '头条'] },
    { url: server.set('/main/36kr.xml', demoFeed('36kr-newsflashes.xml')), categories: ['新媒体', '36氪', '快讯'], author: '36氪' },
    { url: server.set('/main/cnbeta.xml', demoFeed('cnbeta.xml')), categories: ['科技', 'cnBeta', '业界资讯'] },
    {
      url: server.set('/main/releases.atom', demoFeed('tidepool-releases.atom'), 'application/atom+xml; charset=utf-8'),
      categories: ['Tech', 'Tidepool', 'Releases'],
    },
    { url: server.set('/main/feed.json', demoFeed('bytegarden.json'), 'application/feed+json'), categories: ['Tech', 'The Byte Garden', 'Blog'] },
  ];
  const cfg = writeConfig(dir, feeds, { images: { proxy: 'https://images.weserv.nl/?url=' } });
  const first = await runOk(cfg);
  const posts = snapshot(join(dir, 'posts'));
  assert.equal(posts.size, 1 + 4 + 3 + 3 + 3, `posts written: ${[...posts.keys()].join(', ')}\n${first.stdout}`);
  for (const [name, f] of posts) {
    assert.match(name, /^[\x21-\x7e]+\.md$/, 'file names are ASCII-safe by default');
    assert.ok(f.text.startsWith('\n---\ntitle: '), `${name} starts like the seed`);
    assert.ok(f.text.endsWith('  \n</div>\n            '), `${name} ends like the seed`);
  }
  const seed = findByTitle(posts, SEED_TITLE);
  assert.equal(seed.length, 1, 'one seed post');
  assert.equal(seed[0]![1].text, readFileSync(fixture('seed', 'expected-post.md'), 'utf8'), 'seed post is byte-identical');
  const c1 = summaryCounts(first.stdout);
  assert.ok(c1, `summary with new/updated counts:\n${first.stdout}`);
  assert.equal(c1.newPosts, posts.size, first.stdout);

  const second = await runOk(cfg);
  assertSameFiles(posts, snapshot(join(dir, 'posts')), 'second run');
  const c2 = summaryCounts(second.stdout);
  assert.ok(c2, `summary with new/updated counts:\n${second.stdout}`);
  assert.deepEqual(c2, { newPosts: 0, updatedPosts: 0, failed: 0 }, second.stdout);
});

test('an item edited upstream is rewritten in place; a new item becomes a new file; the rest is untouched', async () => {
  const dir = tempDir('feedmill-e2e-');
  const items = [item(1), item(2), item(3)];
  const url = server.set('/edit/feed.xml', rss('Edits', 'https://news.example.com/', items));
  const cfg = writeConfig(dir, [{ url, categories: ['新闻', 'Example', '要闻'] }]);
  await runOk(cfg);
  const before = snapshot(join(dir, 'posts'));
  assert.equal(before.size, 3);
  const [name2] = findByTitle(before, "'Item number 2'")[0]!;

  items[1] = item(2, { html: '<p>Body of item 2, corrected: the figure was 42, not 24.</p>' });
  items.unshift(item(4));
  server.set('/edit/feed.xml', rss('Edits', 'https://news.example.com/', items));
  const r = await runOk(cfg);
  const after = snapshot(join(dir, 'posts'));
  assert.equal(after.size, 4, [...after.keys()].join(', '));
  assert.ok(after.has(name2), 'the edited item keeps its file name');
  assert.match(after.get(name2)!.text, /corrected: the figure was 42/);
  assert.doesNotMatch(after.get(name2)!.text, /img\.example\.com\/2\.jpg/);
  const fresh = [...after.keys()].filter((k) => !before.has(k));
  assert.equal(fresh.length, 1, 'exactly one new file');
  assert.match(after.get(fresh[0]!)!.text, /Item number 4/);
  for (const [name, f] of before) {
    if (name === name2) continue;
    assert.equal(after.get(name)!.text, f.text, `${name} unchanged`);
    assert.equal(after.get(name)!.mtimeMs, f.mtimeMs, `${name} not touched`);
  }
  assert.deepEqual(summaryCounts(r.stdout), { newPosts: 1, updatedPosts: 1, failed: 0 }, r.stdout);
});

test('a guid that changes while the link stays the same is the same item', async () => {
  const dir = tempDir('feedmill-e2e-');
  const items = [item(1), item(2)];
  const url = server.set('/guid/feed.xml', rss('Guids', 'https://news.example.com/', items));
  const cfg = writeConfig(dir, [{ url, categories: ['a', 'b', 'c'] }]);
  await runOk(cfg);
  const before = snapshot(join(dir, 'posts'));
  items[0] = item(1, { guid: 'urn:e2e:item:1:v2' });
  server.set('/guid/feed.xml', rss('Guids', 'https://news.example.com/', items));
  await runOk(cfg);
  assertSameFiles(before, snapshot(join(dir, 'posts')), 'after the guid change');
});

test('a post the user deleted is not recreated', async () => {
  const dir = tempDir('feedmill-e2e-');
  const items = [item(1), item(2), item(3)];
  const url = server.set('/deleted/feed.xml', rss('Deleted', 'https://news.example.com/', items));
  const cfg = writeConfig(dir, [{ url, categories: ['a', 'b', 'c'] }]);
  await runOk(cfg);
  const [victim] = findByTitle(snapshot(join(dir, 'posts')), "'Item number 1'")[0]!;
  unlinkSync(join(dir, 'posts', victim));
  const before = snapshot(join(dir, 'posts'));
  // the feed changes elsewhere, so it is processed again rather than skipped as unchanged
  items[2] = item(3, { html: '<p>Item 3, second version.</p>' });
  server.set('/deleted/feed.xml', rss('Deleted', 'https://news.example.com/', items));
  await runOk(cfg);
  const after = snapshot(join(dir, 'posts'));
  assert.ok(!after.has(victim), 'the deleted post stays deleted');
  assert.equal(after.size, 2, [...after.keys()].join(', '));
  assert.equal(findByTitle(after, "'Item number 1'").length, 0, 'not written under another name either');
  // and once more with the deleted item itself edited upstream
  items[0] = item(1, { html: '<p>Item 1, edited after the user deleted it.</p>' });
  server.set('/deleted/feed.xml', rss('Deleted', 'https://news.example.com/', items));
  await runOk(cfg);
  assert.equal(findByTitle(snapshot(join(dir, 'posts')), "'Item number 1'").length, 0, 'an upstream edit does not bring it back');
  assert.equal(snapshot(join(dir, 'posts')).size, before.size);
});

test('the same item in two feeds becomes one post, and stays one stable post', async () => {
  const dir = tempDir('feedmill-e2e-');
  const shared = item(7, { title: 'Shared story' });
  const a = [shared, item(1)];
  const b = [item(2), shared];
  const urlA = server.set('/twofeeds/a.xml', rss('A', 'https://a.example.com/', a));
  const urlB = server.set('/twofeeds/b.xml', rss('B', 'https://b.example.com/', b));
  const cfg = writeConfig(dir, [
    { url: urlA, categories: ['News', 'A', 'Top'] },
    { url: urlB, categories: ['News', 'B', 'Top'] },
  ]);
  await runOk(cfg);
  const first = snapshot(join(dir, 'posts'));
  assert.equal(first.size, 3, [...first.keys()].join(', '));
  assert.equal(findByTitle(first, "'Shared story'").length, 1);
  await runOk(cfg);
  assertSameFiles(first, snapshot(join(dir, 'posts')), 'second run');
  // either feed changing something else must not flip the shared post back and forth
  a[1] = item(1, { html: '<p>A changed its other item.</p>' });
  server.set('/twofeeds/a.xml', rss('A', 'https://a.example.com/', a));
  await runOk(cfg);
  b[0] = item(2, { html: '<p>B changed its other item.</p>' });
  server.set('/twofeeds/b.xml', rss('B', 'https://b.example.com/', b));
  await runOk(cfg);
  const last = snapshot(join(dir, 'posts'));
  assert.equal(last.size, 3);
  const [sharedName, sharedFile] = findByTitle(first, "'Shared story'")[0]!;
  assert.equal(last.get(sharedName)?.text, sharedFile.text, 'the shared post is not rewritten by the other feed');
});

for (const filename of [undefined, '{title}']) {
  test(`different items with the same title get different files (filename ${filename ?? 'default'})`, async () => {
    const dir = tempDir('feedmill-e2e-');
    const date = 'Mon, 04 Mar 2024 08:00:00 GMT';
    const items = [1, 2, 3].map((n) => item(n, { title: 'Morning briefing', date, html: `<p>Briefing edition ${n}.</p>` }));
    const url = server.set(`/sametitle/${filename ? 'title' : 'default'}.xml`, rss('Same', 'https://news.example.com/', items));
    const cfg = writeConfig(dir, [{ url, categories: ['a', 'b', 'c'] }], filename ? { output: { dir: 'posts', filename } } : {});
    await runOk(cfg);
    await runOk(cfg);
    const posts = snapshot(join(dir, 'posts'));
    assert.equal(posts.size, 3, [...posts.keys()].join(', '));
    const bodies = [...posts.values()].map((f) => /Briefing edition (\d)/.exec(f.text)?.[1]).sort();
    assert.deepEqual(bodies, ['1', '2', '3'], 'each item kept its own file');
  });
}

test('per-feed limit keeps the N newest items', async () => {
  const dir = tempDir('feedmill-e2e-');
  // document order is not date order
  const days = [3, 9, 1, 7, 5, 8];
  const items = days.map((d) => item(d, { date: new Date(Date.UTC(2024, 4, d, 12)).toUTCString() }));
  const url = server.set('/limit/feed.xml', rss('Limit', 'https://news.example.com/', items));
  const cfg = writeConfig(dir, [{ url, categories: ['a', 'b', 'c'], limit: 3 }], { limit: 50 });
  await runOk(cfg);
  const posts = snapshot(join(dir, 'posts'));
  const titles = [...posts.values()].map((f) => /^title: '(.*)'$/m.exec(f.text)?.[1]).sort();
  assert.deepEqual(titles, ['Item number 7', 'Item number 8', 'Item number 9']);
});

test('a config error exits 2 and names the key path and line', async () => {
  const dir = tempDir('feedmill-e2e-');
  const cfg = join(dir, 'feedmill.yml');
  writeFileSync(
    cfg,
    ['output:', '  dir: posts', 'limit: 10', 'feeds:', '  - url: http://127.0.0.1:9/feed.xml', '    categories: [a, b]', '    limt: 5', ''].join('\n'),
  );
  const unknown = await run(cfg);
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /feeds(\[0\]|\.0)\.limt/, unknown.stderr);
  assert.match(unknown.stderr, /(:|line )7\b/, `line 7 named: ${unknown.stderr}`);

  writeFileSync(cfg, ['output:', '  dir: posts', 'fetch:', '  timeout: soon', 'feeds:', '  - url: http://127.0.0.1:9/feed.xml', ''].join('\n'));
  const wrongType = await run(cfg);
  assert.equal(wrongType.code, 2, wrongType.stderr);
  assert.match(wrongType.stderr, /fetch\.timeout/, wrongType.stderr);
  assert.match(wrongType.stderr, /(:|line )4\b/, `line 4 named: ${wrongType.stderr}`);

  writeFileSync(cfg, ['output:', '  dir: posts', ''].join('\n'));
  const missing = await run(cfg);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /feeds/, missing.stderr);
  assert.equal(snapshot(join(dir, 'posts')).size, 0, 'nothing written');
});

test('a failing feed does not stop the others; --strict turns it into exit 1', async () => {
  const dir = tempDir('feedmill-e2e-');
  const good = server.set('/strict/good.xml', rss('Good', 'https://news.example.com/', [item(1), item(2)]));
  const broken = server.set('/strict/broken.xml', 'upstream exploded', 'text/plain', 500);
  const html = server.set('/strict/page.xml', '<!DOCTYPE html><html><head><title>Login</title></head><body><p>Please log in</p></body></html>', 'text/html');
  const cfg = writeConfig(dir, [
    { url: broken, categories: ['a', 'b', 'c'] },
    { url: html, categories: ['a', 'b', 'c'] },
    { url: good, categories: ['a', 'b', 'c'] },
  ]);
  const r = await runOk(cfg);
  assert.equal(snapshot(join(dir, 'posts')).size, 2, 'the good feed was written');
  assert.match(r.stdout + r.stderr, /500/, 'the reason of the HTTP failure is shown');
  assert.match(r.stdout + r.stderr, /not a feed/i, 'the reason of the HTML page is shown');
  // a fresh state, so the failing feeds are fetched again rather than backed off
  const strictDir = tempDir('feedmill-e2e-');
  const strict = await run(writeConfig(strictDir, [
    { url: broken, categories: ['a', 'b', 'c'] },
    { url: html, categories: ['a', 'b', 'c'] },
    { url: good, categories: ['a', 'b', 'c'] },
  ]), '--strict');
  assert.equal(strict.code, 1, `--strict with failing feeds exits 1\n${strict.stdout}\n${strict.stderr}`);
  assert.equal(snapshot(join(strictDir, 'posts')).size, 2, 'the good feed was still written under --strict');

  // and --strict with every feed fine exits 0
  const dir2 = tempDir('feedmill-e2e-');
  const cfg2 = writeConfig(dir2, [{ url: good, categories: ['a', 'b', 'c'] }]);
  await runOk(cfg2, '--strict');
});

test('a malformed feed never damages posts written before', async () => {
  const base = tempDir('feedmill-e2e-');
  const items = [item(1), item(2), item(3)];
  const goodXml = rss('Fragile', 'https://news.example.com/', items);
  const path = '/malformed/feed.xml';
  const url = server.set(path, goodXml);
  writeConfig(base, [{ url, categories: ['a', 'b', 'c'] }]);
  await runOk(join(base, 'feedmill.yml'));
  assert.equal(snapshot(join(base, 'posts')).size, 3);

  const cut = goodXml.indexOf('Body of item 2');
  const variants: Array<[string, string | Buffer, string?, number?]> = [
    ['empty body', ''],
    ['HTML error page', '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html'],
    ['binary garbage', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x80, 0x81])],
    ['truncated in the middle of an item', goodXml.slice(0, cut + 7)],
    ['truncated inside a tag', goodXml.slice(0, goodXml.indexOf('<title>Item number 3') + 4)],
    ['JSON instead of XML', '{"error":"rate limited"}', 'application/json'],
    ['HTTP 503', 'try later', 'text/plain', 503],
  ];
  for (const [what, body, type, status] of variants) {
    // each variant starts from a copy of the good state, so a back-off after one failure cannot hide the next
    const dir = tempDir('feedmill-e2e-');
    cpSync(base, dir, { recursive: true, preserveTimestamps: true });
    const before = snapshot(join(dir, 'posts'));
    server.set(path, body, type, status);
    const r = await run(join(dir, 'feedmill.yml'));
    assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    assertSameFiles(before, snapshot(join(dir, 'posts')), what);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bodies keep what Hexo needs escaped (braces, blank lines, fences)', async () => {
  const dir = tempDir('feedmill-e2e-');
  const url = server.set('/escapes/cnbeta.xml', demoFeed('cnbeta.xml'));
  const cfg = writeConfig(dir, [{ url, categories: ['科技', 'cnBeta', '业界资讯'] }], { images: { proxy: 'https://images.weserv.nl/?url=' } });
  await runOk(cfg);
  const posts = snapshot(join(dir, 'posts'));
  for (const [name, f] of posts) {
    const body = bodyOf(f.text);
    // the seed's wrapper is `\n<div>   \n` + html + `  \n</div>\n            `; look inside it
    const inner = /^\n<div> {3}\n([\s\S]*) {2}\n<\/div>\n {12}$/.exec(body)?.[1];
    assert.ok(inner !== undefined, `${name}: body wrapped as in the seed`);
    assert.doesNotMatch(inner, /[{}]/, `${name}: braces escaped`);
    assert.doesNotMatch(inner.replace(/\n$/, ""), /^[ \t]*$/m, `${name}: no blank lines in the body`);
    assert.doesNotMatch(inner, /^[ \t]*(```|~~~)/m, `${name}: no fence at a line start`);
    for (const img of inner.match(/<img\b[^>]*>/g) ?? []) {
      assert.match(img, /referrerpolicy="no-referrer"/, `${name}: ${img}`);
      assert.doesNotMatch(img, /src="http:\/\//, `${name}: http image proxied: ${img}`);
    }
  }
  const linux = findByTitle(posts, 'Linux 6.9')[0]![1].text;
  assert.match(linux, /src="https:\/\/images\.weserv\.nl\/\?url=http:\/\/static\.cnbetacdn\.com\/article\/2024\/0512\/6a8e1f2c03b47d9\.png"/);
  assert.match(linux, /&#123;&#123; CONFIG_NAME &#125;&#125;/);
});

test('zone-less timestamps are read in the feed timezone; items without a date keep their first-seen date', async () => {
  const atom = (entries: string): string => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Zones</title><id>urn:zones</id><updated>2024-03-01T08:00:00</updated>
  <link rel="alternate" href="https://zones.example.com/"/>
${entries}
</feed>
`;
  const zoned = `  <entry><id>urn:zones:1</id><title>Local morning</title><updated>2024-03-01T08:00:00</updated>
    <link rel="alternate" href="https://zones.example.com/1"/><content type="html">&lt;p&gt;Eight in the morning in Shanghai.&lt;/p&gt;</content></entry>`;
  const undated = `  <entry><id>urn:zones:2</id><title>No date at all</title>
    <link rel="alternate" href="https://zones.example.com/2"/><content type="html">&lt;p&gt;This entry carries no date.&lt;/p&gt;</content></entry>`;
  const url = server.set('/zones/feed.atom', atom(zoned + '\n' + undated), 'application/atom+xml');
  const feeds = [{ url, categories: ['a', 'b', 'c'], timezone: 'Asia/Shanghai' }];

  const dir = tempDir('feedmill-e2e-');
  const cfg = writeConfig(dir, feeds);
  await runOk(cfg);
  const first = snapshot(join(dir, 'posts'));
  const morning = findByTitle(first, "'Local morning'")[0]![1].text;
  assert.match(morning, /^date: Fri, 01 Mar 2024 00:00:00 GMT$/m);
  const undatedPost = findByTitle(first, "'No date at all'")[0]![1].text;
  const when = /^date: (.*)$/m.exec(undatedPost)?.[1] ?? '';
  assert.ok(!Number.isNaN(Date.parse(when)), `a real date: ${when}`);
  assert.doesNotMatch(undatedPost, /Invalid Date|NaN/);

  // reprocessing the feed later (it changed elsewhere) keeps the first-seen date, so nothing is rewritten
  await new Promise((resolve) => setTimeout(resolve, 1100));
  server.set('/zones/feed.atom', atom(zoned.replace('Eight in the morning', 'Eight o&apos;clock') + '\n' + undated), 'application/atom+xml');
  await runOk(cfg);
  const second = snapshot(join(dir, 'posts'));
  const [undatedName, undatedFile] = findByTitle(first, "'No date at all'")[0]!;
  assert.equal(second.get(undatedName)?.text, undatedFile.text, 'the undated post is not rewritten with a new date');
  assert.equal(second.get(undatedName)?.mtimeMs, undatedFile.mtimeMs);

  // dateStyle local writes the wall-clock time of the configured zone
  const local = tempDir('feedmill-e2e-');
  server.set('/zones/feed.atom', atom(zoned), 'application/atom+xml');
  await runOk(writeConfig(local, feeds, { output: { dir: 'posts', dateStyle: 'local' }, timezone: 'Asia/Shanghai' }));
  const [[, post]] = [...snapshot(join(local, 'posts'))];
  assert.match(post!.text, /^date: 2024-03-01 08:00:00$/m);
});

// GitHub puts the author's 30×30 avatar in media:thumbnail; a tiny declared size is not a head image.
test('GitHub release avatars (30×30 media:thumbnail) do not become the head image', async () => {
  const dir = tempDir('feedmill-e2e-');
  const url = server.set('/avatars/releases.atom', demoFeed('tidepool-releases.atom'), 'application/atom+xml');
  await runOk(writeConfig(dir, [{ url, categories: ['Tech', 'Tidepool', 'Releases'] }]));
  for (const [name, f] of snapshot(join(dir, 'posts'))) {
    assert.doesNotMatch(f.text, /^headimg: .*avatars\.githubusercontent\.com/m, `${name} uses an avatar as its head image`);
  }
});

// A JSON Feed content_text item must not become bare text lines that run together in Hexo.
test('a text-only JSON Feed item keeps its paragraph break', async () => {
  const dir = tempDir('feedmill-e2e-');
  const url = server.set('/text/feed.json', demoFeed('bytegarden.json'), 'application/feed+json');
  await runOk(writeConfig(dir, [{ url, categories: ['Tech', 'The Byte Garden', 'Blog'] }]));
  const [[, post]] = findByTitle(snapshot(join(dir, 'posts')), 'Short note');
  assert.match(bodyOf(post!.text), /statement\.\s*(<\/p>\s*<p>|(<br\s*\/?>\s*)+)Delete it/);
});

// A failed write must not be remembered as done: the next run (same feed body, same validators) writes it.
test('posts that could not be written are written by the next run', async () => {
  const dir = tempDir('feedmill-e2e-');
  const url = server.set('/unwritable/feed.xml', rss('Unwritable', 'https://news.example.com/', [item(1), item(2)]));
  const cfg = writeConfig(dir, [{ url, categories: ['a', 'b', 'c'] }]);
  writeFileSync(join(dir, 'posts'), 'a file where the posts folder should be\n');
  const blocked = await run(cfg, '--strict');
  unlinkSync(join(dir, 'posts'));
  await runOk(cfg);
  assert.equal(snapshot(join(dir, 'posts')).size, 2, 'the posts lost to the write failure are written now');
  assert.notEqual(blocked.code, 0, `--strict must not report success when no post could be written\n${blocked.stdout}${blocked.stderr}`);
});

test('gzip and GBK responses become correct UTF-8 posts', async () => {
  const dir = tempDir('feedmill-e2e-');
  const title = '国产操作系统发布新版本：支持更多硬件';
  const xml = rss('中文资讯', 'https://gbk.example.cn/', [
    item(1, { title, html: `<p>${title}。本文件以 GBK 编码，经 gzip 压缩后传输。</p>` }),
  ]).replace('encoding="UTF-8"', 'encoding="gbk"');
  const gbk = iconv.encode(xml, 'gbk');
  assert.ok(!gbk.equals(Buffer.from(xml, 'utf8')), 'the fixture really is GBK');
  server.files.set('/gbk/feed.xml', { body: gzipSync(gbk), type: 'text/xml; charset=GBK', headers: { 'content-encoding': 'gzip' } });
  await runOk(writeConfig(dir, [{ url: server.url('/gbk/feed.xml'), categories: ['科技', '示例', '资讯'] }]));
  const posts = snapshot(join(dir, 'posts'));
  assert.equal(posts.size, 1);
  const [[, post]] = [...posts];
  assert.match(post!.text, new RegExp(`^title: '${title}'$`, 'm'));
  assert.match(post!.text, /本文件以 GBK 编码，经 gzip 压缩后传输。/);
});

test('editing a feed\'s categories rewrites its posts in place; an item gone upstream keeps its post', async () => {
  const dir = tempDir('feedmill-e2e-');
  const items = [item(1), item(2)];
  const url = server.set('/recat/feed.xml', rss('Recat', 'https://news.example.com/', items));
  await runOk(writeConfig(dir, [{ url, categories: ['Old', 'Name', 'Here'] }]));
  const before = snapshot(join(dir, 'posts'));
  await runOk(writeConfig(dir, [{ url, categories: ['New', 'Name', 'There'] }]));
  const after = snapshot(join(dir, 'posts'));
  assert.deepEqual([...after.keys()], [...before.keys()], 'same file names');
  for (const [name, f] of after) assert.match(f.text, /^categories: \n - New\n - Name\n - There\n/m, name);

  server.set('/recat/feed.xml', rss('Recat', 'https://news.example.com/', [item(2)]));
  await runOk(writeConfig(dir, [{ url, categories: ['New', 'Name', 'There'] }]));
  assert.deepEqual([...snapshot(join(dir, 'posts')).keys()], [...after.keys()], 'posts stay when items leave the feed');
});

test('posts and file names do not depend on the machine time zone', async () => {
  const out: Array<Map<string, FileState>> = [];
  for (const tz of ['UTC', 'America/Los_Angeles']) {
    const dir = tempDir('feedmill-e2e-');
    cpSync(join(repoRoot, 'examples', 'demo'), dir, { recursive: true, filter: (src) => !/[\\/](source|\.feedmill)$/.test(src) });
    const r = await runCli(['run', '-c', join(dir, 'feedmill.yml')], { env: { TZ: tz } });
    assert.equal(r.code, 0, r.stderr);
    out.push(snapshot(join(dir, 'source', '_posts')));
  }
  const [a, b] = out;
  assert.deepEqual([...b!.keys()], [...a!.keys()], 'same file names');
  for (const [name, f] of a!) assert.equal(b!.get(name)?.text, f.text, `${name}: same bytes`);
});
