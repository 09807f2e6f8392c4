// prune --images: files no post names any more, as a function and as the CLI command (dry run, then --yes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pruneImages } from '../../src/images/prune.js';
import { runCli, tempDir } from '../helpers.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

/** A site: posts referencing A's picture and B's thumbnail; B's original, C and a stale temp file unused. */
function site(): { root: string; images: string; posts: string; paths: Record<string, string> } {
  const root = tempDir();
  const images = join(root, 'source', 'images', 'feedmill');
  const posts = join(root, 'source', '_posts');
  mkdirSync(posts, { recursive: true });
  const paths: Record<string, string> = {};
  for (const name of [`${A}.jpg`, `${B}.png`, `${B}-400x300.webp`, `${C}.gif`, `${C}.gif.123-abcd.tmp`, `${A}.jpg.456-beef.tmp`]) {
    mkdirSync(join(images, name.slice(0, 2)), { recursive: true });
    paths[name] = join(images, name.slice(0, 2), name);
    writeFileSync(paths[name]!, Buffer.alloc(100, 1));
  }
  const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
  utimesSync(paths[`${C}.gif.123-abcd.tmp`]!, old, old); // a crashed run's leftover; the other temp file is a run in progress
  writeFileSync(join(posts, 'one.md'), `---\nheadimg: '/images/feedmill/aa/${A}.jpg'\nthumbnail: '/images/feedmill/bb/${B}-400x300.webp'\n---\n`);
  mkdirSync(join(posts, 'nested'));
  writeFileSync(join(posts, 'nested', 'two.md'), `<img src="/images/feedmill/aa/${A}.jpg" data-original-src="https://x.example/a.jpg">`);
  return { root, images, posts, paths };
}

test('pruneImages lists what no post references, and removes it only when asked', async () => {
  const s = site();
  const dry = await pruneImages(s.images, [s.posts]);
  assert.deepEqual(dry.unused.sort(), [s.paths[`${B}.png`], s.paths[`${C}.gif`], s.paths[`${C}.gif.123-abcd.tmp`]].sort());
  assert.equal(dry.bytes, 300);
  assert.ok(existsSync(s.paths[`${B}.png`]!), 'a dry run removes nothing');
  const done = await pruneImages(s.images, [s.posts], { remove: true });
  assert.deepEqual(done.unused.sort(), dry.unused.sort());
  for (const p of dry.unused) assert.ok(!existsSync(p));
  assert.ok(existsSync(s.paths[`${A}.jpg`]!) && existsSync(s.paths[`${B}-400x300.webp`]!) && existsSync(s.paths[`${A}.jpg.456-beef.tmp`]!));
  assert.ok(!existsSync(join(s.images, 'cc')), 'an emptied folder goes too');
  assert.deepEqual(await pruneImages(join(s.root, 'none'), [s.posts]), { unused: [], bytes: 0 }, 'no folder, nothing to prune');
});

test('feedmill prune --images: a dry run by default, --yes removes', async () => {
  const s = site();
  const config = join(s.root, 'feedmill.yml');
  writeFileSync(config, 'images:\n  mode: download\nfeeds: []\n');
  const dry = await runCli(['prune', '--images', '-c', config], { cwd: s.root });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /3 unused image files \(300 B\) in source\/images\/feedmill; run again with --yes to remove them/);
  assert.ok(dry.stdout.includes(`${B}.png`));
  assert.ok(existsSync(s.paths[`${B}.png`]!));
  const yes = await runCli(['prune', '--images', '--yes', '-c', config], { cwd: s.root });
  assert.equal(yes.code, 0, yes.stderr);
  assert.match(yes.stdout, /^removed 3 unused image files \(300 B\) from source\/images\/feedmill\n$/);
  assert.ok(!existsSync(s.paths[`${B}.png`]!));
  const none = await runCli(['prune', '--images', '-c', config], { cwd: s.root });
  assert.equal(none.stdout, 'no unused images in source/images/feedmill\n');
  const bare = await runCli(['prune', '-c', config], { cwd: s.root });
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /say what to prune \(--older-than 30d, --keep N or --images\)/);
});

test('feedmill prune --images waits for a running job: a live run lock refuses, a stale one is taken over', async () => {
  const s = site();
  const config = join(s.root, 'feedmill.yml');
  writeFileSync(config, 'images:\n  mode: download\nfeeds: []\n');
  const lock = join(s.root, '.feedmill', 'state.db.lock');
  mkdirSync(join(s.root, '.feedmill'));
  // this test's own process plays the running job: alive, and not the prune command's pid
  writeFileSync(lock, String(process.pid));
  const busy = await runCli(['prune', '--images', '--yes', '-c', config], { cwd: s.root });
  assert.equal(busy.code, 1);
  assert.equal(busy.stderr.trim(), `feedmill prune: a run is in progress (pid ${process.pid}); try again when it is done`);
  assert.ok(existsSync(s.paths[`${B}.png`]!), 'nothing removed while a run holds the lock');
  assert.ok(existsSync(lock), 'the running job keeps its lock');
  // a lock whose process is gone (pid 2^22 + 1 is above Linux's pid_max default)
  writeFileSync(lock, String(4_194_305));
  const yes = await runCli(['prune', '--images', '--yes', '-c', config], { cwd: s.root });
  assert.equal(yes.code, 0, yes.stderr);
  assert.ok(!existsSync(s.paths[`${B}.png`]!));
  assert.ok(!existsSync(lock), 'the lock is released after pruning');
});
