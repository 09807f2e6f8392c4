// Feed discovery on saved HTML pages served locally, and `feedmill add` editing a commented config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { discoverFeeds, scanPage, sniffFeed } from '../../src/cli/discover.js';
import { fixture, runCli, tempDir } from '../helpers.js';
import { startServer, type TestServer } from './server.js';

const page = (name: string) => readFileSync(fixture('cli', 'pages', name));
const feed = (name: string) => readFileSync(fixture('cli', 'feeds', name));

/** A site whose pages and feeds are files; anything else is 404 (or a soft-404 HTML page for `soft404`). */
function site(files: Record<string, Buffer>, soft404: string[] = []): Promise<TestServer> {
  return startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = files[path];
    if (body) {
      const type = path.endsWith('.xml') ? 'application/rss+xml; charset=utf-8' : 'text/html; charset=utf-8';
      res.writeHead(200, { 'content-type': type }).end(body);
    } else if (soft404.includes(path)) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Not found</title><p>Sorry</p>');
    } else {
      res.writeHead(404).end('not found');
    }
  });
}

test('scanPage finds feed links, the site name and <base>; JSON API and oEmbed links are not feeds', () => {
  const links = scanPage(page('blog-with-links.html').toString('utf8'));
  assert.equal(links.title, '小明的技术博客 | 记录与分享');
  assert.equal(links.siteName, '小明的技术博客');
  assert.equal(links.base, '/blog/');
  assert.deepEqual(links.alternates, [
    { href: 'feed.xml', type: 'application/rss+xml', title: '小明的技术博客 » Feed' },
    { href: 'https://blog.example/atom.xml', type: 'application/atom+xml', title: '小明的技术博客 » Atom' },
  ]);
});

test('sniffFeed tells feeds from pages', () => {
  assert.equal(sniffFeed(feed('blog-feed.xml').toString()), 'rss');
  assert.equal(sniffFeed('\uFEFF<?xml version="1.0"?>\n<!-- c --><feed xmlns="http://www.w3.org/2005/Atom">'), 'atom');
  assert.equal(sniffFeed('<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">'), 'rdf');
  assert.equal(sniffFeed('{"version":"https://jsonfeed.org/version/1.1","items":[]}'), 'json');
  assert.equal(sniffFeed('{"posts":[]}'), null);
  assert.equal(sniffFeed(page('plain.html').toString()), null);
  assert.equal(sniffFeed(''), null);
});

test('discovery: <link rel="alternate"> first (relative to <base>), in page order', async () => {
  const s = await site({ '/blog/': page('blog-with-links.html'), '/blog/feed.xml': feed('blog-feed.xml') });
  try {
    const d = await discoverFeeds(`${s.url}/blog/`);
    assert.equal(d.siteTitle, '小明的技术博客');
    assert.deepEqual(
      d.feeds.map((f) => [f.url, f.via]),
      [
        [`${s.url}/blog/feed.xml`, 'link'],
        ['https://blog.example/atom.xml', 'link'],
      ],
    );
    assert.ok(!s.requests.includes('/feed'), 'no probing when the page links its feeds');
  } finally {
    await s.close();
  }
});

test('discovery: common paths when the page links nothing; a soft-404 HTML page is not a feed', async () => {
  const s = await site({ '/': page('blog-no-links.html'), '/index.xml': feed('quiet-notes.xml') }, ['/rss']);
  try {
    const d = await discoverFeeds(`${s.url}/`);
    assert.deepEqual(d.feeds, [{ url: `${s.url}/index.xml`, title: 'Quiet Notes on Quiet Notes', type: 'rss', via: 'probe' }]);
    assert.equal(d.siteTitle, 'Quiet Notes');
    for (const p of ['/feed', '/rss', '/atom.xml', '/index.xml', '/feed.xml']) assert.ok(s.requests.includes(p), `probed ${p}`);
  } finally {
    await s.close();
  }
});

test('discovery: a feed URL is taken as it is', async () => {
  const s = await site({ '/blog/feed.xml': feed('blog-feed.xml') });
  try {
    const d = await discoverFeeds(`${s.url}/blog/feed.xml`);
    assert.deepEqual(d.feeds, [{ url: `${s.url}/blog/feed.xml`, title: '小明的技术博客', type: 'rss', via: 'self' }]);
  } finally {
    await s.close();
  }
});

function commentedConfig(): { dir: string; path: string; original: string } {
  const dir = tempDir();
  const path = join(dir, 'feedmill.yml');
  copyFileSync(fixture('config', 'commented.yml'), path);
  return { dir, path, original: readFileSync(path, 'utf8') };
}

test('add <page>: shows what it found, appends the first feed with [--category, site, feed title], keeps comments', async () => {
  const s = await site({ '/blog/': page('blog-with-links.html'), '/blog/feed.xml': feed('blog-feed.xml') });
  try {
    const { dir, path, original } = commentedConfig();
    const r = await runCli(['add', `${s.url}/blog/`, '--category', '博客'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /found 2 feeds on http:\/\/127\.0\.0\.1:\d+\/blog\/:\n {2}1\. http:\/\/127\.0\.0\.1:\d+\/blog\/feed\.xml {2}"小明的技术博客 » Feed" {2}\(linked from the page\)\n {2}2\. https:\/\/blog\.example\/atom\.xml/);
    assert.match(r.stdout, /added http:\/\/127\.0\.0\.1:\d+\/blog\/feed\.xml to feedmill\.yml with categories \[博客, 小明的技术博客\]/);
    const text = readFileSync(path, 'utf8');
    for (const line of original.split('\n')) assert.ok(text.includes(line), `kept: ${line}`);
    assert.ok(text.includes(`  - url: ${s.url}/blog/feed.xml\n    categories: [博客, 小明的技术博客]\n  # trailing note about feeds`));
    const v = await runCli(['validate'], { cwd: dir });
    assert.equal(v.code, 0, v.stderr);

    const again = await runCli(['add', `${s.url}/blog/`, '--category', '博客'], { cwd: dir });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already in feedmill\.yml/);
    assert.equal(readFileSync(path, 'utf8'), text, 'a refused add changes nothing');
  } finally {
    await s.close();
  }
});

test('add <page> without --category off a terminal uses 其他; --pick chooses another feed', async () => {
  const s = await site({ '/': page('blog-no-links.html'), '/index.xml': feed('quiet-notes.xml') });
  try {
    const dir = tempDir();
    writeFileSync(join(dir, 'feedmill.yml'), 'feeds: []\n');
    const r = await runCli(['add', `${s.url}/`], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const cfg = parse(readFileSync(join(dir, 'feedmill.yml'), 'utf8')) as { feeds: unknown[] };
    assert.deepEqual(cfg.feeds, [{ url: `${s.url}/index.xml`, categories: ['其他', 'Quiet Notes', 'Quiet Notes on Quiet Notes'] }]);
    const bad = await runCli(['add', `${s.url}/`, '--pick', '3'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--pick must be between 1 and 1/);
  } finally {
    await s.close();
  }
});

test('add <page> with no feed at all fails with what it tried', async () => {
  const s = await site({ '/': page('plain.html') });
  try {
    const dir = tempDir();
    writeFileSync(join(dir, 'feedmill.yml'), 'feeds: []\n');
    const r = await runCli(['add', `${s.url}/`], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no feed found on .*\/feed, \/rss, \/atom\.xml, \/index\.xml, \/feed\.xml/);
    assert.equal(readFileSync(join(dir, 'feedmill.yml'), 'utf8'), 'feeds: []\n');
  } finally {
    await s.close();
  }
});

test('add <route>: categories from the catalog, --category replaces the first or all', async () => {
  const { dir, path } = commentedConfig();
  const a = await runCli(['add', '/juejin/category/frontend', '--offline'], { cwd: dir });
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /added rsshub: \/juejin\/category\/frontend to feedmill\.yml with categories \[编程, 掘金, 分类\]/);
  const b = await runCli(['add', 'rsshub:/36kr/newsflashes', '--offline', '--category', '科技'], { cwd: dir });
  assert.equal(b.code, 0, b.stderr);
  const c = await runCli(['add', '/cnbeta', '--offline', '--category', 'IT', 'cnBeta'], { cwd: dir });
  assert.equal(c.code, 0, c.stderr);
  const d = await runCli(['add', '/no-such-site-xyz/feed', '--offline'], { cwd: dir });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stderr, /not in the RSSHub catalog; pass --category/);
  const dup = await runCli(['add', '/guancha/headline', '--offline'], { cwd: dir });
  assert.equal(dup.code, 1);
  const cfg = parse(readFileSync(path, 'utf8')) as { feeds: unknown[] };
  assert.deepEqual(cfg.feeds.slice(2), [
    { rsshub: '/juejin/category/frontend', categories: ['编程', '掘金', '分类'] },
    { rsshub: '/36kr/newsflashes', categories: ['科技', '36氪', '快讯'] },
    { rsshub: '/cnbeta', categories: ['IT', 'cnBeta'] },
    { rsshub: '/no-such-site-xyz/feed' },
  ]);
  assert.match(readFileSync(path, 'utf8'), /# 观察者网 — categories come from the catalog/);
});

test('add needs an existing config and a route or URL', async () => {
  const dir = tempDir();
  const r = await runCli(['add', '/guancha/headline'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /file not found \(create one with `feedmill init`\)/);
  writeFileSync(join(dir, 'feedmill.yml'), 'feeds: []\n');
  const bad = await runCli(['add', 'not a url'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected an RSSHub route/);
});
