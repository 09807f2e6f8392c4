// A new user's first hour through the real CLI: init inside a Hexo site fits its _config.yml, add takes a local
// feed file, and a backing-off feed's time reads the same in `run` as in `status`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fixture, runCli, tempDir } from '../helpers.js';
import { STARTER_CONFIG } from '../../src/cli/starter.js';
import { startServer } from './server.js';

function hexoSite(config: string): string {
  const dir = join(tempDir('feedmill-site-'), 'blog');
  cpSync(fixture('hexo-site'), dir, { recursive: true });
  writeFileSync(join(dir, '_config.yml'), config);
  return dir;
}

test('init inside a Hexo site: posts in its source_dir, dates in its timezone (dateStyle local); run then gives no date warning', async () => {
  const base = readFileSync(fixture('hexo-site', '_config.yml'), 'utf8');
  const dir = hexoSite(base.replace("timezone: ''", 'timezone: Asia/Shanghai').replace('source_dir: source', 'source_dir: src').replace('new_post_name: :title.md', 'new_post_name: :year-:month-:day-:title.md'));
  const r = await runCli(['init'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^fitted to the Hexo site's _config\.yml: posts in src\/_posts, dates in Asia\/Shanghai$/m);
  const text = readFileSync(join(dir, 'feedmill.yml'), 'utf8');
  const cfg = parse(text) as { output: { dir: string; dateStyle: string; filename: string }; timezone: string };
  assert.deepEqual([cfg.output.dir, cfg.output.dateStyle, cfg.output.filename, cfg.timezone], ['src/_posts', 'local', '{date}-{hash}', 'Asia/Shanghai']);
  assert.match(text, /^# Fitted to the Hexo site in this folder \(_config\.yml: source_dir src, timezone Asia\/Shanghai, new_post_name :year-:month-:day-:title\.md\)\.$/m);
  assert.equal((await runCli(['validate'], { cwd: dir })).code, 0);

  // keep only a local feed, then run: no warning, and the seed item's date is written in the site's zone
  mkdirSync(join(dir, 'feeds'));
  cpSync(fixture('seed', 'guancha-headline.xml'), join(dir, 'feeds', 'guancha.xml'));
  writeFileSync(join(dir, 'feedmill.yml'), text.slice(0, text.indexOf('\nfeeds:') + 1) + 'feeds:\n');
  const add = await runCli(['add', 'feeds/guancha.xml', '--category', '新媒体'], { cwd: dir });
  assert.equal(add.code, 0, add.stderr);
  const run = await runCli(['run', '--offline'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /warning/);

  // a site without a timezone keeps the starter's dates; a folder that is no Hexo site gets the starter as it is
  const plain = hexoSite(base);
  assert.equal((await runCli(['init'], { cwd: plain })).code, 0);
  assert.match(readFileSync(join(plain, 'feedmill.yml'), 'utf8'), /^ {2}dateStyle: rfc1123 /m);
  const none = tempDir();
  assert.equal((await runCli(['init'], { cwd: none })).code, 0);
  assert.equal(readFileSync(join(none, 'feedmill.yml'), 'utf8'), STARTER_CONFIG);
});

test('add takes a local feed file (relative to the config, or a file: URL); a file that is no feed is refused', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'feedmill.yml'), '# my feeds\nfeeds:\n');
  mkdirSync(join(dir, 'feeds'));
  cpSync(fixture('seed', 'guancha-headline.xml'), join(dir, 'feeds', 'guancha.xml'));
  const r = await runCli(['add', 'feeds/guancha.xml', '--category', '新媒体'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const cfg = readFileSync(join(dir, 'feedmill.yml'), 'utf8');
  assert.match(cfg, /^# my feeds\nfeeds:\n {2}- url: feeds\/guancha\.xml\n {4}categories: \[新媒体, [^\]]+\]\n$/);
  assert.equal((await runCli(['add', 'feeds/guancha.xml'], { cwd: dir })).code, 1, 'already configured');

  // from another folder, with -c: the path is written relative to the config file
  const outside = join(tempDir(), 'atom.xml');
  cpSync(fixture('..', '..', 'examples', 'demo', 'feeds', 'tidepool-releases.atom'), outside);
  const sub = join(dir, 'feeds');
  const u = await runCli(['add', `file://${outside}`, '-c', '../feedmill.yml', '--category', 'Tech', 'Tidepool'], { cwd: sub });
  assert.equal(u.code, 0, u.stderr);
  assert.match(readFileSync(join(dir, 'feedmill.yml'), 'utf8'), new RegExp(`- url: ${outside.replace(/[.]/g, '\\.')}\\n {4}categories: \\[Tech, Tidepool\\]\\n$`));
  const run = await runCli(['run'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^2 feeds · \d+ new · 0 updated · 0 failed/m);

  writeFileSync(join(dir, 'notes.txt'), 'just some text\n');
  const bad = await runCli(['add', 'notes.txt'], { cwd: dir });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^feedmill: notes\.txt: /);
  const missing = await runCli(['add', 'nowhere.xml'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /an http\(s\) URL or a feed file/);
});

test('a backing-off feed: run names the next attempt in the config timezone, as status shows it', async () => {
  const server = await startServer((_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('down'));
  try {
    const dir = tempDir();
    writeFileSync(join(dir, 'feedmill.yml'), `timezone: Asia/Shanghai\nfetch: { retries: 0, timeout: 5s }\nfeeds:\n  - url: ${server.url}/feed.xml\n    categories: [a]\n`);
    // the first failure is retried on the next run; the second backs off
    assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
    assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
    const again = JSON.parse((await runCli(['run', '--json'], { cwd: dir })).stdout) as { feeds: Array<{ outcome: string; reason: string }> };
    assert.equal(again.feeds[0]!.outcome, 'backing-off');
    const until = /until (\d{4}-\d\d-\d\d \d\d:\d\d) Asia\/Shanghai \(last error: HTTP 503/.exec(again.feeds[0]!.reason);
    assert.ok(until, again.feeds[0]!.reason);
    const status = await runCli(['status'], { cwd: dir });
    assert.ok(status.stdout.includes(until[1]!), status.stdout);
    assert.match(status.stdout, /times in Asia\/Shanghai/);
  } finally {
    await server.close();
  }
});
