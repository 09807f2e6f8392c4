// The store-only sink of workers: names come from the store's claims (file-taken → the next name), and
// nothing is written anywhere. The folder of a run: files land whole, and one that cannot be written fails alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { StoreSink } from '../../src/output/post-sink.js';
import { PostDir } from '../../src/output/post-dir.js';
import { claimNewItems, type NewItem } from '../../src/items/claim.js';
import type { RenderedPost } from '../../src/output/render.js';
import { tempDir } from '../helpers.js';

const rendered = (text: string): RenderedPost =>
  ({ texts: [text], base: '2024-01-01-same', contentHash: '', meta: { title: text, date: 0, categories: [], author: 'a', image: '', link: null } }) as unknown as RenderedPost;
const fileFor = (_item: NewItem, stem: string): string => `${stem}.md`;
const newItem = (id: string): NewItem => ({ ids: { identity: id, guid: id, link: null }, firstSeen: 1, rendered: rendered(id) });

test('store sink: items sharing a base name get base.md, base-2.md, base-3.md from the claims; no file is written', async () => {
  const dir = tempDir();
  const store = await openStore(join(dir, 'state.db'));
  try {
    const sink = new StoreSink(store);
    const first = await claimNewItems(store, 'feed-a', [newItem('x')], sink, fileFor);
    assert.deepEqual(first.map((c) => c.record.file), ['2024-01-01-same.md']);
    // another feed (another worker) with two more items of the same base, one claim round after another
    const more = await claimNewItems(store, 'feed-b', [newItem('y'), newItem('z')], sink, fileFor);
    assert.deepEqual(more.map((c) => c.record.file).sort(), ['2024-01-01-same-2.md', '2024-01-01-same-3.md']);
    assert.equal(await sink.has('2024-01-01-same-2.md'), true);
    assert.equal(await sink.has('2024-01-01-same-4.md'), false);
    sink.write('2024-01-01-same.md', 'x');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.md')), []);
  } finally {
    await store.close();
  }
});

test('posts folder: files written land whole, a file that cannot be written fails its own write only, no temp file stays', async () => {
  const dir = tempDir();
  const other = tempDir();
  const posts = new PostDir(dir);
  const text = '---\ntitle: 中文\n---\n' + '正文'.repeat(5000);
  for (let i = 0; i < 40; i++) posts.write(`p${i}.md`, `${i}\n${text}`, [{ path: join(other, `p${i}.json`), text: `{"n":${i}}` }]);
  assert.throws(() => posts.write('p0.md/under-a-file.md', text), /ENOTDIR|ENOENT/);
  assert.equal(readdirSync(dir).filter((n) => n.endsWith('.md')).length, 40);
  for (let i = 0; i < 40; i++) {
    assert.equal(readFileSync(join(dir, `p${i}.md`), 'utf8'), `${i}\n${text}`);
    assert.equal(readFileSync(join(other, `p${i}.json`), 'utf8'), `{"n":${i}}`);
  }
  assert.equal(await posts.has('p39.md'), true);
  assert.equal(await posts.has('p0.md/under-a-file.md'), false);
  assert.deepEqual(readdirSync(join(dir, '.feedmill-tmp')), []);
  posts.cleanUp();
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), []);
});

test('posts folder: a free name skips files on disk, adopts one that holds exactly the post, and knows the files it wrote', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'day-a.md'), 'someone else');
  writeFileSync(join(dir, 'day-a-2.md'), 'the post');
  const posts = new PostDir(dir);
  const want = (base: string, text: string, start = 1) => ({ base, fileFor: (stem: string) => `${stem}.md`, textHash: createHash('sha256').update(text).digest('hex'), start });
  assert.deepEqual(await posts.freeNames([want('day-a', 'the post'), want('day-a', 'another post'), want('day-b', 'x'), want('day-a', 'the post', 3)]), [
    { file: 'day-a-2.md', stem: 'day-a-2', adopt: true, next: 3 },
    { file: 'day-a-3.md', stem: 'day-a-3', adopt: false, next: 4 },
    { file: 'day-b.md', stem: 'day-b', adopt: false, next: 2 },
    { file: 'day-a-3.md', stem: 'day-a-3', adopt: false, next: 4 },
  ]);
  posts.write('day-a-3.md', 'another post');
  assert.equal(await posts.has('day-a-3.md'), true);
  assert.deepEqual((await posts.freeNames([want('day-a', 'a third post')])).map((n) => n.file), ['day-a-4.md']);
  // a write before the listing is read: the listing, read later, has it too
  const fresh = new PostDir(tempDir());
  fresh.write('new.md', 'n');
  assert.equal(await fresh.has('new.md'), true);
});
