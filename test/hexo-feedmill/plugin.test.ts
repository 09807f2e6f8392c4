// hexo-feedmill in a real Hexo 8 site through the real `hexo` command (hexo-cli): `hexo feedmill` with the
// settings in _config.yml, then `hexo generate`; a feed served from 127.0.0.1 and a local file feed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, repoRoot, tempDir } from '../helpers.js';
import { startServer, type TestServer } from '../cli/server.js';

const expectedSeed = readFileSync(fixture('seed', 'expected-post.md'), 'utf8');
const hexoBin = join(repoRoot, 'node_modules', 'hexo', 'bin', 'hexo');

let server: TestServer;
const sites: string[] = [];

before(async () => {
  const xml = readFileSync(fixture('seed', 'guancha-headline.xml'));
  server = await startServer((req, res) => {
    if (req.url === '/guancha/headline') res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(xml);
    else res.writeHead(404).end();
  });
});
after(async () => {
  await server.close();
  for (const s of sites) rmSync(s, { recursive: true, force: true });
});

/**
 * A copy of the fixture site that depends on hexo-feedmill. Its node_modules is a folder of links: the
 * repository's packages, hexo-feedmill (this workspace package) and feedmill itself (this repository).
 */
function makeSite(feedmillSection: string | null): string {
  const root = tempDir('feedmill-hexo-plugin-');
  sites.push(root);
  const site = join(root, 'site');
  cpSync(fixture('hexo-site'), site, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(site, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies['hexo-feedmill'] = '^0.1.0';
  pkg.dependencies.feedmill = '^0.1.0';
  writeFileSync(join(site, 'package.json'), JSON.stringify(pkg, null, 2));
  const modules = join(site, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(repoRoot, 'node_modules'))) {
    if (name.startsWith('.') || name === 'hexo-feedmill') continue;
    symlinkSync(join(repoRoot, 'node_modules', name), join(modules, name), 'dir');
  }
  symlinkSync(join(repoRoot, 'packages', 'hexo-feedmill'), join(modules, 'hexo-feedmill'), 'dir');
  symlinkSync(repoRoot, join(modules, 'feedmill'), 'dir');
  mkdirSync(join(site, 'feeds'));
  copyFileSync(join(repoRoot, 'examples', 'demo', 'feeds', 'tidepool-releases.atom'), join(site, 'feeds', 'tidepool.atom'));
  if (feedmillSection !== null) appendFileSync(join(site, '_config.yml'), `\n${feedmillSection}`);
  return site;
}

function hexo(site: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hexoBin, ...args], { cwd: site, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

function section(): string {
  return `feedmill:
  state: .feedmill/state.db
  feeds:
    - url: ${server.url}/guancha/headline
      categories: [新媒体, 观察者网, 头条]
    - url: feeds/tidepool.atom
      categories: [开源, Tidepool]
      author: item
`;
}

function posts(site: string): Map<string, string> {
  const dir = join(site, 'source', '_posts');
  return new Map(readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

test('hexo feedmill (settings in _config.yml) writes the posts, hexo generate builds their pages; a rerun writes nothing', async () => {
  const site = makeSite(section());
  const validate = await hexo(site, 'feedmill', 'validate');
  assert.equal(validate.code, 0, validate.out);
  assert.match(validate.out, /guancha\/headline → 新媒体 › 观察者网 › 头条/);
  assert.match(validate.out, /output hexo → .*source\/_posts/);

  const first = await hexo(site, 'feedmill');
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /feedmill: 2 feeds, \d+ new, 0 updated, 0 failed/);
  const written = posts(site);
  const seed = [...written.values()].filter((t) => t === expectedSeed);
  assert.equal(seed.length, 1, 'the seed post, byte for byte, from the feed served on 127.0.0.1');
  const release = [...written.entries()].find(([, t]) => t.includes("title: 'v2.4.0: _Low tide_"));
  assert.ok(release, 'the local file feed');
  assert.match(release[1], /\nauthor: mara-lindholm\n/, 'author: item from the site config');

  const generate = await hexo(site, 'generate');
  assert.equal(generate.code, 0, generate.out);
  const seedName = [...written.entries()].find(([, t]) => t === expectedSeed)![0].replace(/\.md$/, '');
  const page = readFileSync(join(site, 'public', 'posts', seedName, 'index.html'), 'utf8');
  assert.match(page, /<h1 class="post-title">美国北约书面回应：拒绝俄罗斯所划_红线_<\/h1>/);
  assert.match(page, /<span class="post-category">观察者网<\/span>/);
  const releasePage = readFileSync(join(site, 'public', 'posts', release[0].replace(/\.md$/, ''), 'index.html'), 'utf8');
  assert.match(releasePage, /<h1 class="post-title">v2\.4\.0: _Low tide_ — streaming exports &amp; a faster scheduler<\/h1>/);
  assert.match(releasePage, /<span class="post-author">mara-lindholm<\/span>/);

  const again = await hexo(site, 'feedmill', 'run');
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /feedmill: 2 feeds, 0 new, 0 updated, 0 failed/);
  assert.deepEqual(posts(site), written);

  const status = await hexo(site, 'feedmill', 'status', '--json');
  assert.equal(status.code, 0, status.out);
  const statuses = JSON.parse(status.out.slice(status.out.indexOf('['), status.out.lastIndexOf(']') + 1)) as Array<{ key: string; known: boolean; failures: number; itemsKnown: number }>;
  assert.deepEqual(statuses.map((s) => [s.known, s.failures]), [[true, 0], [true, 0]]);
  assert.equal(statuses[0]!.itemsKnown, 1);
});

test('a feedmill.yml beside _config.yml is used when there is no feedmill: section', async () => {
  const site = makeSite(null);
  writeFileSync(join(site, 'feedmill.yml'), section().replace(/^feedmill:\n/, '').replace(/^ {2}/gm, ''));
  const r = await hexo(site, 'feedmill');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /feedmill: 2 feeds, \d+ new/);
  assert.ok([...posts(site).values()].includes(expectedSeed));
});

test('mistakes get one clear line and a failing exit: bad settings, no settings, an unknown subcommand', async () => {
  const bad = makeSite('feedmill:\n  feeds:\n    - url: feeds/tidepool.atom\n      limit: ten\n');
  const r = await hexo(bad, 'feedmill');
  assert.equal(r.code, 2);
  assert.match(r.out, /ERROR\s+_config\.yml: feedmill\.feeds\[0\]\.limit: expected a positive integer, got "ten"\n/);

  const none = makeSite(null);
  const n = await hexo(none, 'feedmill');
  assert.equal(n.code, 2);
  assert.match(n.out, /ERROR\s+no feedmill settings: add a `feedmill:` section/);

  const u = await hexo(none, 'feedmill', 'frobnicate');
  assert.equal(u.code, 2);
  assert.match(u.out, /ERROR\s+hexo feedmill: unknown command "frobnicate" \(use run, status, validate\)/);
  for (const out of [r.out, n.out, u.out]) assert.doesNotMatch(out, /\n\s+at /, 'no stack trace for a mistake');
});
