import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { TEMP_DIR, removeTempDir, writeFileAtomic } from '../../src/output/write.js';
import { tempDir } from '../helpers.js';

test('writes through a temp file in a hidden folder and rename, creating directories', async () => {
  const dir = tempDir();
  const posts = join(dir, 'source', '_posts');
  const path = join(posts, 'a.md');
  await writeFileAtomic(path, '\n---\ntitle: \'中文\'\n---\n');
  assert.equal(readFileSync(path, 'utf8'), '\n---\ntitle: \'中文\'\n---\n');
  // Hexo skips every path with a segment that starts with a dot
  assert.deepEqual(readdirSync(posts).sort(), [TEMP_DIR, 'a.md']);
  assert.match(TEMP_DIR, /^\./);
  assert.deepEqual(readdirSync(join(posts, TEMP_DIR)), [], 'no temp file left');
  removeTempDir(posts);
  assert.deepEqual(readdirSync(posts), ['a.md']);
});

test('replaces an existing file in place and leaves no temp files', async () => {
  const dir = tempDir();
  const path = join(dir, 'b.md');
  writeFileSync(path, 'old');
  await writeFileAtomic(path, 'new content');
  assert.equal(readFileSync(path, 'utf8'), 'new content');
  assert.deepEqual(readdirSync(join(dir, TEMP_DIR)), []);
  removeTempDir(dir);
  assert.deepEqual(readdirSync(dir), ['b.md']);
  assert.ok(statSync(path).isFile());
  // the folder of temporary files is made again after it was taken away
  await writeFileAtomic(path, 'third');
  assert.equal(readFileSync(path, 'utf8'), 'third');
});

test('removeTempDir: files left by processes no longer running go, those of running ones and the folder stay', () => {
  const dir = tempDir();
  const tmp = join(dir, TEMP_DIR);
  mkdirSync(tmp);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  writeFileSync(join(tmp, `x.md.${dead}.1.tmp`), 'half a po');
  removeTempDir(dir);
  assert.equal(existsSync(tmp), false, 'a crashed run leaves nothing behind the next');
  mkdirSync(tmp);
  writeFileSync(join(tmp, `y.md.${process.pid}.7.tmp`), 'in flight');
  writeFileSync(join(tmp, 'not-ours.txt'), 'x');
  removeTempDir(dir);
  assert.deepEqual(readdirSync(tmp).sort(), ['not-ours.txt', `y.md.${process.pid}.7.tmp`]);
  removeTempDir(join(dir, 'missing'));
});

test('a failing write leaves the old file intact and no temp file behind', async () => {
  const dir = tempDir();
  const path = join(dir, 'c.md');
  writeFileSync(path, 'keep me');
  // renaming onto a path whose parent is a file fails
  await assert.rejects(writeFileAtomic(join(path, 'x.md'), 'nope'));
  assert.equal(readFileSync(path, 'utf8'), 'keep me');
  assert.deepEqual(readdirSync(dir), ['c.md']);
});
