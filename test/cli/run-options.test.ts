// run --dry-run, --feed and --json through the real CLI, against a local RSSHub-like server; and the warning
// when a Hexo site's timezone would shift the posts' dates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { openStore } from '../../src/store/index.js';
import { startRsshub } from './rsshub-server.js';
import { makeBlog, postFiles } from './feed-site.js';

async function storeSnapshot(dir: string): Promise<unknown> {
  const store = await openStore(join(dir, '.feedmill', 'state.db'));
  try {
    const feeds = await store.listFeeds();
    const items = await Promise.all(feeds.map((f) => store.listItems(f.key)));
    return { feeds, items };
  } finally {
    await store.close();
  }
}

test('run --dry-run on a fresh blog: lists the posts it would write, creates no file, no folder and no state', async () => {
  const server = await startRsshub();
  try {
    const dir = makeBlog(server.url);
    const r = await runCli(['run', '--dry-run'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const would = r.stdout.match(/^would write source\/_posts\/\S+\.md$/gm) ?? [];
    assert.ok(would.length >= 3, r.stdout);
    assert.match(r.stdout, new RegExp(`^dry run: ${would.length} post files would be written; nothing was written$`, 'm'));
    assert.deepEqual(readdirSync(dir), ['feedmill.yml'], 'no posts folder, no state folder, no lock');

    // the real run writes exactly what the dry run listed
    const real = await runCli(['run'], { cwd: dir });
    assert.equal(real.code, 0, real.stderr);
    assert.deepEqual(postFiles(dir).map((f) => `would write source/_posts/${f}`), would);
  } finally {
    await server.close();
  }
});

test('run --dry-run after a run: reads the state (nothing new), writes neither posts nor state; --json says so', async () => {
  const server = await startRsshub();
  try {
    const dir = makeBlog(server.url);
    assert.equal((await runCli(['run', '--feed', '/guancha/headline'], { cwd: dir })).code, 0);
    const before = await storeSnapshot(dir);
    const files = postFiles(dir);
    const mtimes = files.map((f) => statSync(join(dir, 'source', '_posts', f)).mtimeMs);
    const r = await runCli(['run', '--dry-run', '--json', '--force'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { dryRun: boolean; newPosts: number; wouldWrite: string[]; feeds: Array<{ key: string; newPosts: number; unchangedPosts: number }> };
    assert.equal(summary.dryRun, true);
    const guancha = summary.feeds.find((f) => f.key === 'rsshub:/guancha/headline')!;
    assert.equal(guancha.newPosts, 0, 'items already written are known');
    assert.ok(guancha.unchangedPosts > 0);
    assert.ok(summary.newPosts > 0 && summary.wouldWrite.length === summary.newPosts, r.stdout);
    assert.ok(summary.wouldWrite.every((f) => !files.includes(f)));
    assert.deepEqual(postFiles(dir), files);
    assert.deepEqual(files.map((f) => statSync(join(dir, 'source', '_posts', f)).mtimeMs), mtimes);
    assert.deepEqual(await storeSnapshot(dir), before, 'the state is as it was');
  } finally {
    await server.close();
  }
});

test('run --feed picks feeds by route, rsshub: key, URL or title (fast path and commander alike); an unknown name is exit 2', async () => {
  const server = await startRsshub();
  try {
    const dir = makeBlog(server.url);
    const fetched = async (args: string[]): Promise<string[]> => {
      server.requests.length = 0;
      const r = await runCli(['run', '--json', '--force', ...args], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const keys = (JSON.parse(r.stdout) as { feeds: Array<{ key: string }> }).feeds.map((f) => f.key);
      assert.equal(server.requests.filter((u) => !u.startsWith('/api/')).length, keys.length, 'only the chosen feeds are fetched');
      return keys;
    };
    const kr = `${server.url}/36kr/newsflashes`;
    assert.deepEqual(await fetched(['--feed', '/guancha/headline']), ['rsshub:/guancha/headline']);
    assert.deepEqual(await fetched(['--feed', 'rsshub:/juejin/category/frontend']), ['rsshub:/juejin/category/frontend']);
    assert.deepEqual(await fetched(['--feed', kr]), [kr]);
    assert.deepEqual(await fetched(['--feed', '36氪快讯']), [kr], 'by title');
    assert.deepEqual(await fetched(['--feed', `${server.url}/guancha/headline`]), ['rsshub:/guancha/headline'], 'by the URL a route is fetched from');
    assert.deepEqual(await fetched(['--feed', '/guancha/headline', '--feed', '36氪快讯']), ['rsshub:/guancha/headline', kr]);
    // `--feed a b` is commander's variadic form (the fast path hands it over)
    assert.deepEqual(await fetched(['--feed', '/juejin/category/frontend', '/guancha/headline']), ['rsshub:/guancha/headline', 'rsshub:/juejin/category/frontend']);

    const bad = await runCli(['run', '--feed', '/no/such', '--feed', '/guancha/headline'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^feedmill run: --feed \/no\/such: no configured feed has this key, URL, RSSHub route or title/m);
  } finally {
    await server.close();
  }
});

test('run --json prints only JSON on stdout, with the counts of the table', async () => {
  const server = await startRsshub();
  try {
    const dir = makeBlog(server.url);
    const r = await runCli(['run', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { dryRun: boolean; newPosts: number; failedFeeds: number; interrupted: boolean; feeds: unknown[]; wouldWrite?: unknown };
    assert.equal(s.dryRun, false);
    assert.equal(s.newPosts, postFiles(dir).length);
    assert.equal(s.failedFeeds, 0);
    assert.equal(s.feeds.length, 3);
    assert.equal(s.wouldWrite, undefined);
    const again = JSON.parse((await runCli(['run', '--json'], { cwd: dir })).stdout) as { newPosts: number };
    assert.equal(again.newPosts, 0);
  } finally {
    await server.close();
  }
});

test('run in a Hexo site with timezone Asia/Shanghai warns about GMT dates with the one-line fix; the fix silences it', async () => {
  const server = await startRsshub();
  try {
    const dir = makeBlog(server.url);
    writeFileSync(join(dir, '_config.yml'), 'title: 新闻\ntimezone: Asia/Shanghai\nsource_dir: source\nnew_post_name: :title.md\n');
    const r = await runCli(['run', '--feed', '/guancha/headline'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning: the Hexo site's timezone is Asia\/Shanghai but posts' dates are written in GMT .*; set `output\.dateStyle: local` and `timezone: Asia\/Shanghai` in the feedmill config$/m);
    const quiet = await runCli(['run', '--quiet', '--feed', '/guancha/headline'], { cwd: dir });
    assert.equal(quiet.stderr, '', '--quiet prints only failures');

    const cfg = join(dir, 'feedmill.yml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('output:\n', 'timezone: Asia/Shanghai\noutput:\n  dateStyle: local\n'));
    const fixed = await runCli(['run', '--feed', '/guancha/headline'], { cwd: dir });
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.doesNotMatch(fixed.stderr, /warning/);
    // the posts were rewritten with local dates (dateStyle is part of what shapes a post)
    const post = readFileSync(join(dir, 'source', '_posts', postFiles(dir).find((f) => readFileSync(join(dir, 'source', '_posts', f), 'utf8').includes('红线'))!), 'utf8');
    assert.match(post, /^date: 2022-01-27 18:09:07$/m);

    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('timezone: Asia/Shanghai\n', 'timezone: UTC\n'));
    const other = await runCli(['run', '--feed', '/guancha/headline'], { cwd: dir });
    assert.match(other.stderr, /^warning: the Hexo site reads dates in Asia\/Shanghai but feedmill writes local dates in UTC/m);
    assert.ok(existsSync(join(dir, '_config.yml')));
  } finally {
    await server.close();
  }
});
