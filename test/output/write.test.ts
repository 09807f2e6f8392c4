import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/output/write.js';
import { tempDir } from '../helpers.js';

test('writes through a temp file and rename, creating directories', async () => {
  const dir = tempDir();
  const path = join(dir, 'source', '_posts', 'a.md');
  await writeFileAtomic(path, '\n---\ntitle: \'中文\'\n---\n');
  assert.equal(readFileSync(path, 'utf8'), '\n---\ntitle: \'中文\'\n---\n');
  assert.deepEqual(readdirSync(join(dir, 'source', '_posts')), ['a.md']);
});

test('replaces an existing file in place and leaves no temp files', async () => {
  const dir = tempDir();
  const path = join(dir, 'b.md');
  writeFileSync(path, 'old');
  await writeFileAtomic(path, 'new content');
  assert.equal(readFileSync(path, 'utf8'), 'new content');
  assert.deepEqual(readdirSync(dir), ['b.md']);
  assert.ok(statSync(path).isFile());
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
