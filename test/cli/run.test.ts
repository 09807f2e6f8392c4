// End to end through the CLI: init → validate → run against a local fake RSSHub, instance fallback, status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { fixture, runCli, tempDir } from '../helpers.js';
import { startRsshub } from './rsshub-server.js';

/** Points the starter's rsshub section at local instances and keeps runs short. */
function pointAt(path: string, instance: string, fallbacks: string[] = []): void {
  const doc = parseDocument(readFileSync(path, 'utf8'));
  doc.setIn(['rsshub', 'instance'], instance);
  doc.setIn(['rsshub', 'fallbacks'], fallbacks);
  doc.setIn(['fetch', 'retries'], 0);
  doc.setIn(['fetch', 'timeout'], '5s');
  writeFileSync(path, doc.toString());
}

function posts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const postsDir = join(dir, 'source', '_posts');
  if (!existsSync(postsDir)) return out;
  for (const f of readdirSync(postsDir).sort()) out.set(f, readFileSync(join(postsDir, f), 'utf8'));
  return out;
}

test('init + validate + run on the starter: every route fetched, the seed post byte-identical, a rerun writes nothing', async () => {
  const server = await startRsshub();
  try {
    const dir = tempDir();
    assert.equal((await runCli(['init'], { cwd: dir })).code, 0);
    const cfg = join(dir, 'feedmill.yml');
    pointAt(cfg, server.url);
    const v = await runCli(['validate'], { cwd: dir });
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, new RegExp(`${server.url.replace(/[.]/g, '\\.')}/guancha/headline`));

    const r = await runCli(['run'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    // summary table: one row per feed with its categories, and the totals line
    assert.match(r.stdout, /^RESULT +NEW +UPDATED +UNCHANGED +FEED +REASON · CATEGORIES$/m);
    assert.match(r.stdout, /^ok +1 +0 +0 +rsshub:\/guancha\/headline +新媒体 › 观察者网 › 头条$/m);
    assert.match(r.stdout, /^ok +2 +0 +0 +rsshub:\/36kr\/newsflashes +新媒体 › 36氪 › 快讯$/m);
    assert.match(r.stdout, /^ok +1 +0 +0 +rsshub:\/juejin\/category\/frontend +编程 › 掘金 › 分类$/m);
    assert.match(r.stdout, /rsshub:\/cnbeta +科技 › cnBeta › 最新$/m);
    assert.match(r.stdout, /^5 feeds · \d+ new · 0 updated · 0 failed · /m);
    // not a terminal: plain progress lines on stderr
    assert.match(r.stderr, /^\[\d\/5\] ok rsshub:\/guancha\/headline: 1 new/m);
    assert.ok(server.requests.includes('/36kr/newsflashes?limit=20'), 'rsshubOptions reach the instance');

    const written = posts(dir);
    const expected = readFileSync(fixture('seed', 'expected-post.md'), 'utf8');
    const seedPost = [...written.values()].find((p) => p.includes('红线'));
    assert.equal(seedPost, expected, '`rsshub: /guancha/headline` alone reproduces the seed post');
    const all = [...written.values()].join('\n');
    assert.match(all, /categories: \n - 编程\n - 掘金\n - 分类\n/);
    assert.ok(!all.includes('会员年卡五折'), 'the starter filter drops the ad');
    assert.ok(all.includes('效率工具清单'));

    const before = new Map([...written.keys()].map((f) => [f, readFileSync(join(dir, 'source/_posts', f))]));
    const again = await runCli(['run', '--quiet'], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, '');
    assert.equal(again.stderr, '');
    const after = posts(dir);
    assert.deepEqual([...after.keys()], [...before.keys()]);
    for (const [f, bytes] of before) assert.ok(bytes.equals(readFileSync(join(dir, 'source/_posts', f))), f);
  } finally {
    await server.close();
  }
});

test('RSSHub fallback: the first instance answers 503, the second serves the routes', async () => {
  const broken = await startRsshub({ status: 503 });
  const good = await startRsshub();
  try {
    const dir = tempDir();
    const cfg = join(dir, 'feedmill.yml');
    writeFileSync(
      cfg,
      `rsshub:\n  instance: ${broken.url}\n  fallbacks: [${good.url}]\nfetch:\n  retries: 0\nfeeds:\n  - rsshub: /guancha/headline\n  - rsshub: /juejin/category/frontend\n`,
    );
    const v = await runCli(['validate'], { cwd: dir });
    assert.match(v.stdout, new RegExp(`fallback ${good.url.replace(/[.]/g, '\\.')}/guancha/headline`));
    const r = await runCli(['run', '--strict'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok +1 +0 +0 +rsshub:\/guancha\/headline/m);
    assert.match(r.stdout, /^ok +1 +0 +0 +rsshub:\/juejin\/category\/frontend/m);
    assert.ok(broken.requests.some((u) => u.startsWith('/guancha/headline')), 'the first instance was tried');
    assert.ok(good.requests.some((u) => u.startsWith('/guancha/headline')), 'then the fallback');
    assert.equal(posts(dir).size, 2);
  } finally {
    await broken.close();
    await good.close();
  }
});

test('failed feeds: exit 0 normally, 1 with --strict; the summary names the reason and categories; status shows health', async () => {
  const broken = await startRsshub({ status: 503 });
  const good = await startRsshub();
  try {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'feedmill.yml'),
      `rsshub:\n  instance: ${good.url}\nfetch:\n  retries: 0\nfeeds:\n  - rsshub: /guancha/headline\n  - url: ${broken.url}/36kr/newsflashes\n    categories: [新闻, 36氪]\n`,
    );
    const before = await runCli(['status'], { cwd: dir });
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /rsshub:\/guancha\/headline +never run/);
    assert.ok(!existsSync(join(dir, '.feedmill', 'state.db')), 'status does not create the state file');

    const r = await runCli(['run'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^FAILED +- +- +- +http:\/\/127\.0\.0\.1:\d+\/36kr\/newsflashes +HTTP 503[^·\n]* · 新闻 › 36氪$/m);
    assert.match(r.stdout, /· 1 new · 0 updated · 1 failed · /);
    const strict = await runCli(['run', '--strict', '--force', '--quiet'], { cwd: dir });
    assert.equal(strict.code, 1);
    assert.equal(strict.stdout, '');
    assert.match(strict.stderr, /^failed: http:\/\/127\.0\.0\.1:\d+\/36kr\/newsflashes \(新闻 › 36氪\): HTTP 503/m);

    const s = await runCli(['status'], { cwd: dir });
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /^FEED +LAST SUCCESS +FAILURES +NEXT ATTEMPT +ITEMS +LAST ERROR$/m);
    assert.match(s.stdout, /^rsshub:\/guancha\/headline +\d{4}-\d\d-\d\d \d\d:\d\d +0 +next run +1 +-$/m);
    assert.match(s.stdout, /36kr\/newsflashes +- +2 +\d{4}-\d\d-\d\d \d\d:\d\d +0 +\d{4}-\d\d-\d\d \d\d:\d\d HTTP 503/);
    assert.match(s.stdout, /2 feeds · 1 failing · times in UTC/);

    const j = await runCli(['status', '--json'], { cwd: dir });
    assert.equal(j.code, 0);
    const rows = JSON.parse(j.stdout) as Array<{ key: string; failures: number; lastError: string | null; itemsKnown: number; lastSuccess: string | null; categories: string[] }>;
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.key, 'rsshub:/guancha/headline');
    assert.deepEqual(rows[0]!.categories, ['新媒体', '观察者网', '头条']);
    assert.equal(rows[0]!.itemsKnown, 1);
    assert.ok(rows[0]!.lastSuccess && !Number.isNaN(Date.parse(rows[0]!.lastSuccess)));
    assert.equal(rows[1]!.failures, 2);
    assert.match(rows[1]!.lastError ?? '', /^HTTP 503/);
    assert.equal(rows[1]!.lastSuccess, null);
  } finally {
    await broken.close();
    await good.close();
  }
});

test('the X-RSSHub-Route header names the route of a plain url feed, giving its categories', async () => {
  const { startServer } = await import('./server.js');
  const server = await startServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'x-rsshub-route': '/juejin/category/:category' })
      .end(readFileSync(fixture('cli', 'feeds', 'juejin-frontend.xml')));
  });
  try {
    const dir = tempDir();
    writeFileSync(join(dir, 'feedmill.yml'), `feeds:\n  - url: ${server.url}/my/own/path\n  - url: ${server.url}/other\n    categories: [手动]\n`);
    const r = await runCli(['run', '--offline', '--verbose'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\/my\/own\/path +编程 › 掘金 › 分类$/m);
    assert.match(r.stdout, /\/other +手动$/m, 'explicit categories win over the header');
  } finally {
    await server.close();
  }
});
