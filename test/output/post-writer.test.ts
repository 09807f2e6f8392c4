import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostWriter } from '../../src/output/post-writer.js';
import { TEMP_DIR } from '../../src/output/write.js';
import { tempDir } from '../helpers.js';

test('the post writer writes every post whole, makes folders, and leaves no temporary file', async () => {
  const dir = join(tempDir(), 'posts', 'nested');
  const writer = new PostWriter();
  const texts = Array.from({ length: 200 }, (_, i) => `---\ntitle: 第${i}篇\n---\n${'正文 '.repeat(i * 10)}\n`);
  try {
    await Promise.all(texts.map((t, i) => writer.write(join(dir, `p${i}.md`), t)));
  } finally {
    await writer.close();
  }
  const names = readdirSync(dir).filter((n) => n !== TEMP_DIR);
  assert.equal(names.length, 200);
  assert.ok(names.every((n) => /^p\d+\.md$/.test(n)));
  assert.deepEqual(readdirSync(join(dir, TEMP_DIR)), [], 'no temporary file left');
  texts.forEach((t, i) => assert.equal(readFileSync(join(dir, `p${i}.md`), 'utf8'), t));
});

test('a write that fails rejects with the file system message; the others in its batch succeed', async () => {
  const root = tempDir();
  writeFileSync(join(root, 'not-a-folder'), 'x');
  const writer = new PostWriter();
  try {
    const results = await Promise.allSettled([
      writer.write(join(root, 'a.md'), 'a'),
      writer.write(join(root, 'not-a-folder', 'b.md'), 'b'),
      writer.write(join(root, 'c.md'), 'c'),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    const err = (results[1] as PromiseRejectedResult).reason as NodeJS.ErrnoException;
    assert.match(err.message, /ENOTDIR|EEXIST|not a directory/i);
    assert.ok(err.code);
    assert.equal(readFileSync(join(root, 'c.md'), 'utf8'), 'c');
    // an existing post is replaced whole
    await writer.write(join(root, 'a.md'), 'a, second version');
    assert.equal(readFileSync(join(root, 'a.md'), 'utf8'), 'a, second version');
  } finally {
    await writer.close();
  }
});

test('after close, writes still land (directly through the file system)', async () => {
  const root = tempDir();
  const writer = new PostWriter();
  await writer.write(join(root, 'one.md'), '1');
  await writer.close();
  await writer.write(join(root, 'two.md'), '2');
  assert.equal(readFileSync(join(root, 'two.md'), 'utf8'), '2');
});
