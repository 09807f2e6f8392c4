// feedmill import / export: OPML round trips with nesting and non-ASCII names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseOpml } from '../../src/config/opml.js';
import { fixture, runCli, tempDir } from '../helpers.js';

test('import into a new config: folders become categories, RSSHub URLs become routes', async () => {
  const dir = tempDir();
  const r = await runCli(['import', fixture('config', 'subscriptions.opml')], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /imported 5 feeds into feedmill\.yml \(new file\)/);
  const cfg = parse(readFileSync(join(dir, 'feedmill.yml'), 'utf8')) as { feeds: unknown[] };
  assert.deepEqual(cfg.feeds, [
    { rsshub: '/guancha/headline', title: '观察者网 头条', categories: ['新闻', '国内'] },
    { url: 'https://36kr.com/feed', title: '36氪', categories: ['新闻', '国内', '科技'] },
    { url: 'https://example.com/atom.xml?a=1&b=2', title: 'Ümlaut "quoted" <blog>', categories: ['Blogs'] },
    { url: 'https://top.example/rss', title: 'Top level' },
    { url: 'https://cat.example/rss', title: 'With category attribute', categories: ['Tech', 'Rust'] },
  ]);
  assert.equal((await runCli(['validate'], { cwd: dir })).code, 0);
  const again = await runCli(['import', fixture('config', 'subscriptions.opml')], { cwd: dir });
  assert.match(again.stdout, /imported 0 feeds into feedmill\.yml \(5 already configured\)/);
});

test('import into an existing config keeps its comments', async () => {
  const dir = tempDir();
  copyFileSync(fixture('config', 'commented.yml'), join(dir, 'feedmill.yml'));
  const r = await runCli(['import', fixture('config', 'subscriptions.opml')], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'feedmill.yml'), 'utf8');
  assert.match(text, /^# My blog's feeds\./);
  assert.match(text, /# 观察者网 — categories come from the catalog\n {2}- rsshub: \/guancha\/headline\n/);
  assert.match(r.stdout, /imported 4 feeds .*\(1 already configured\)/, 'the configured guancha route is recognised in its URL form');
});

test('export → import → export is stable; nesting and non-ASCII survive', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'feedmill.yml'),
    `rsshub:\n  key: secret-key\nfeeds:
  - rsshub: /guancha/headline
  - rsshub: /guancha/member/recommend
  - rsshub: /juejin/tag/架构
    rsshubOptions: { limit: 10, mode: fulltext }
  - url: https://example.com/feed.xml?a=1&b=2
    title: "Ünïcödé & <Co>"
    categories: [博客, "Ex \\"ample\\""]
  - url: feeds/local.xml
`,
  );
  const e1 = await runCli(['export'], { cwd: dir });
  assert.equal(e1.code, 0, e1.stderr);
  assert.ok(!e1.stdout.includes('secret-key'), 'access keys are not exported');
  const doc = parseOpml(e1.stdout);
  assert.deepEqual(doc.feeds.map((f) => [f.categories.join('/'), f.url]), [
    ['新媒体/观察者网/头条', 'https://rsshub.app/guancha/headline'],
    ['新媒体/观察者网/观学院', 'https://rsshub.app/guancha/member/recommend'],
    ['编程/掘金/标签', 'https://rsshub.app/juejin/tag/%E6%9E%B6%E6%9E%84?limit=10&mode=fulltext'],
    ['博客/Ex "ample"', 'https://example.com/feed.xml?a=1&b=2'],
    ['', 'feeds/local.xml'],
  ]);
  assert.equal(e1.stdout.match(/<outline text="新媒体"/g)!.length, 1, 'one folder per category');
  assert.match(e1.stdout, /<outline text="观察者网" title="观察者网">\n {8}<outline text="头条"/);

  const dir2 = tempDir();
  writeFileSync(join(dir2, 'in.opml'), e1.stdout);
  const i = await runCli(['import', 'in.opml'], { cwd: dir2 });
  assert.equal(i.code, 0, i.stderr);
  const cfg = parse(readFileSync(join(dir2, 'feedmill.yml'), 'utf8')) as { feeds: Array<Record<string, unknown>> };
  assert.deepEqual(cfg.feeds[2], { rsshub: '/juejin/tag/架构', rsshubOptions: { limit: 10, mode: 'fulltext' }, categories: ['编程', '掘金', '标签'] });
  const e2 = await runCli(['export', '-o', 'out.opml'], { cwd: dir2 });
  assert.equal(e2.code, 0, e2.stderr);
  assert.match(e2.stderr, /wrote 5 feeds to out\.opml/);
  assert.equal(readFileSync(join(dir2, 'out.opml'), 'utf8'), e1.stdout);
});

test('import errors: not OPML, missing file', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'x.opml'), '<html><body>no</body></html>');
  const r = await runCli(['import', 'x.opml'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /x\.opml: not an OPML file/);
  assert.ok(!existsSync(join(dir, 'feedmill.yml')));
  const m = await runCli(['import', 'nope.opml'], { cwd: dir });
  assert.equal(m.code, 1);
  assert.match(m.stderr, /cannot read nope\.opml/);
});
