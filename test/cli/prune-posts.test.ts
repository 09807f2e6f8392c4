// feedmill prune --older-than / --keep through the real CLI: lists, then removes old posts; their items stay as
// tombstones, so a later run (even forced, even when the item changed upstream) never brings them back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, runCli } from '../helpers.js';
import { openStore } from '../../src/store/index.js';
import { startServer } from './server.js';
import { makeBlog, postFiles } from './feed-site.js';

/** An RSS feed of `n` items, item i dated i days before now; `edit` changes every item's text. */
function feed(n: number, edit = ''): string {
  const items = Array.from({ length: n }, (_, i) => {
    const date = new Date(Date.now() - i * 86_400_000 - 3_600_000).toUTCString();
    return `<item><title>Item ${i}</title><link>https://example.com/p/${i}</link><guid>urn:p:${i}</guid><pubDate>${date}</pubDate><description>Body ${i}${edit}</description></item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Days</title><link>https://example.com/</link>${items.join('')}</channel></rss>`;
}

test('prune --older-than and --keep list, --yes removes; pruned posts never come back, and are no longer listed', async () => {
  let body = feed(10);
  const server = await startServer((req, res) => {
    if (req.url?.startsWith('/guancha/headline')) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(readFileSync(fixture('seed', 'guancha-headline.xml')));
    else if (req.url?.startsWith('/days')) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    else res.writeHead(404).end();
  });
  try {
    const dir = makeBlog(server.url);
    const cfg = join(dir, 'feedmill.yml');
    // only the days feed (seed items are from 2022) plus the seed route
    const text = readFileSync(cfg, 'utf8');
    await import('node:fs').then((fs) => fs.writeFileSync(cfg, text.slice(0, text.indexOf('feeds:')) + `feeds:\n  - url: ${server.url}/days\n    categories: [a, b]\n`));
    assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
    assert.equal(postFiles(dir).length, 10);

    const list = await runCli(['prune', '--older-than', '7d'], { cwd: dir });
    assert.equal(list.code, 0, list.stderr);
    // items 7, 8, 9 are 7+ days old (plus an hour)
    assert.deepEqual(list.stdout.match(/Item \d+$/gm), ['Item 7', 'Item 8', 'Item 9']);
    assert.match(list.stdout, /^3 posts to prune in source\/_posts; run again with --yes to remove them \(they will not come back\)$/m);
    assert.equal(postFiles(dir).length, 10, 'listing removes nothing');

    const both = await runCli(['prune', '--older-than', '7d', '--keep', '9'], { cwd: dir });
    assert.deepEqual(both.stdout.match(/Item \d+$/gm), ['Item 9'], 'both rules must hold: --keep is a floor');

    const keep = await runCli(['prune', '--keep', '6', '--yes'], { cwd: dir });
    assert.equal(keep.code, 0, keep.stderr);
    assert.equal(keep.stdout, 'removed 4 posts from source/_posts; the state remembers them so they never come back\n');
    const left = postFiles(dir);
    assert.equal(left.length, 6);
    const store = await openStore(join(dir, '.feedmill', 'state.db'));
    try {
      const listed = await store.listPosts({});
      assert.deepEqual(listed.items.map((i) => i.meta?.title), ['Item 0', 'Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 5']);
      assert.equal(await store.countItems(), 10, 'the pruned items stay as tombstones');
    } finally {
      await store.close();
    }

    // forced (no validators, no body hash) and with every item edited upstream: still nothing comes back
    body = feed(10, ' (edited)');
    const again = await runCli(['run', '--force', '--json'], { cwd: dir });
    const s = JSON.parse(again.stdout) as { newPosts: number; updatedPosts: number };
    assert.equal(s.newPosts, 0);
    assert.equal(s.updatedPosts, 6, 'the kept posts are rewritten, the pruned ones are not');
    assert.deepEqual(postFiles(dir), left);
    assert.equal((await runCli(['prune', '--keep', '6'], { cwd: dir })).stdout, 'no posts to prune in source/_posts\n');

    for (const bad of [['--older-than', '30'], ['--older-than', 'soon'], ['--keep', '-1'], ['--keep', 'x']]) {
      const r = await runCli(['prune', ...bad], { cwd: dir });
      assert.equal(r.code, 2, bad.join(' '));
      assert.match(r.stderr, /^feedmill prune: --(older-than|keep) /);
    }
  } finally {
    await server.close();
  }
});

test('prune --yes and remove --posts wait for no run: a state locked by a live run is a one-line refusal, nothing deleted', async () => {
  const { acquireRunLock } = await import('../../src/store/lock.js');
  const server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(3)));
  try {
    const dir = makeBlog(server.url);
    const cfg = join(dir, 'feedmill.yml');
    const text = readFileSync(cfg, 'utf8');
    (await import('node:fs')).writeFileSync(cfg, text.slice(0, text.indexOf('feeds:')) + `feeds:\n  - url: ${server.url}/days\n`);
    assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
    // this test process plays the run in progress
    const unlock = acquireRunLock(join(dir, '.feedmill', 'state.db'));
    try {
      for (const args of [['prune', '--keep', '1', '--yes'], ['remove', `${server.url}/days`, '--posts']]) {
        const r = await runCli(args, { cwd: dir });
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.stderr, new RegExp(`^feedmill: another feedmill run \\(pid ${process.pid}\\) is using this state file; lock: .*\\n$`));
        assert.equal(postFiles(dir).length, 3);
      }
      assert.match(readFileSync(cfg, 'utf8'), /\/days/, 'the feed is still configured');
    } finally {
      unlock();
    }
  } finally {
    await server.close();
  }
});
