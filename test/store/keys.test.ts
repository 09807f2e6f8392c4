// Item lookups through hashed keys: colliding hashes never merge two items, the hash is stable across
// releases, and a state file written with the first schema (text indexes) upgrades with its data intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, openStore } from '../../src/store/index.js';
import { keyHash } from '../../src/store/hash.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import type { ItemRecord } from '../../src/model.js';
import { tempDir } from '../helpers.js';

const item = (n: number, over: Partial<ItemRecord> = {}): ItemRecord => ({
  identity: `https://example.com/news/${n}.html`,
  guid: `https://example.com/news/${n}.html`,
  link: `https://example.com/news/${n}.html`,
  feedKey: 'https://example.com/feed.xml',
  contentHash: `h${n}`,
  file: `2022-01-27-${n}.md`,
  firstSeen: 1000 + n,
  ...over,
});

const key = (r: ItemRecord) => ({ identity: r.identity, guid: r.guid, link: r.link });

test('every key colliding (a constant hash): items stay distinct and are found by their full values', () => {
  const s = openSqliteStore(':memory:', { keyHash: () => 42 });
  const a = item(1);
  const b = item(2, { identity: 'tag:b', guid: 'tag:b', link: 'https://example.com/b' });
  const c = item(3, { identity: 'tag:c', guid: 'tag:c', link: 'https://example.com/c' });
  for (const r of [a, b, c]) s.upsertItem(r);
  assert.equal(s.countItems(), 3);
  assert.deepEqual(s.findItem(key(a)), a);
  assert.deepEqual(s.findItem(key(b)), b);
  assert.deepEqual(s.findItem(key(c)), c);
  assert.deepEqual(s.findItem({ identity: 'tag:new', guid: 'tag:new', link: 'https://example.com/c' }), c, 'by link');
  assert.deepEqual(s.findItem({ identity: 'x', guid: 'tag:b', link: null }), b, 'by guid equal to the identity');
  assert.deepEqual(s.findItem({ identity: 'x', guid: null, link: a.link }), a, 'by link equal to the identity');
  assert.equal(s.findItem({ identity: 'tag:d', guid: 'tag:d', link: 'https://example.com/d' }), null);
  // updating one item leaves its colliding neighbours alone
  s.upsertItem({ ...b, contentHash: 'changed', firstSeen: 99_999 });
  assert.equal(s.countItems(), 3);
  assert.equal(s.findItem(key(b))!.contentHash, 'changed');
  assert.equal(s.findItem(key(b))!.firstSeen, b.firstSeen, 'the first sighting is kept');
  assert.equal(s.findItem(key(a))!.contentHash, 'h1');
  assert.equal(s.findItem(key(c))!.contentHash, 'h3');
  s.close();
});

test('partly colliding keys (hash = length): a guid of one item never answers for another', () => {
  const s = openSqliteStore(':memory:', { keyHash: (v) => v.length });
  // same lengths everywhere: identity of one = length of the other's guid and link
  const a = item(0, { identity: 'id-aaaa', guid: 'gd-aaaa', link: 'ln-aaaa', file: 'a.md' });
  const b = item(0, { identity: 'id-bbbb', guid: 'gd-bbbb', link: 'ln-bbbb', file: 'b.md' });
  s.upsertItem(a);
  s.upsertItem(b);
  assert.deepEqual(s.findItem({ identity: 'zz-zzzz', guid: 'gd-bbbb', link: null }), b);
  assert.deepEqual(s.findItem({ identity: 'zz-zzzz', guid: null, link: 'ln-aaaa' }), a);
  assert.deepEqual(s.findItem({ identity: 'zz-zzzz', guid: 'gd-cccc', link: 'ln-bbbb' }), b, 'guid misses, link hits');
  assert.equal(s.findItem({ identity: 'id-cccc', guid: 'gd-cccc', link: 'ln-cccc' }), null);
  assert.equal(s.fileTaken('a.md'), true);
  assert.equal(s.fileTaken('c.md'), false);
  s.close();
});

test('the key hash is a stable non-negative safe integer (state files depend on it)', () => {
  // pinned values: changing the function needs a migration that rehashes every state file
  assert.equal(keyHash(''), 7487496669527051);
  assert.equal(keyHash('https://www.guancha.cn/politics/2022_01_27_623745.shtml'), 4136133541458365);
  assert.equal(keyHash('新媒体'), 3618172434935521);
  const seen = new Set<number>();
  for (let i = 0; i < 100_000; i++) {
    const h = keyHash(`https://example.com/news/2022/01/27/${i}.html`);
    assert.ok(Number.isSafeInteger(h) && h >= 0);
    seen.add(h);
  }
  assert.equal(seen.size, 100_000, 'no collision among 100,000 similar URLs');
});

test('a state file of schema 1 (text indexes) upgrades with its feeds, items and counts intact', () => {
  const dir = tempDir();
  const path = join(dir, 'state.db');
  const old = new Database(path);
  old.pragma('journal_mode = WAL');
  old.exec(MIGRATIONS[0]!);
  old.pragma('user_version = 1');
  old.prepare("INSERT INTO feeds (key, url, etag, failures) VALUES ('https://a/feed', 'https://a/feed', '\"e1\"', 2)").run();
  const put = old.prepare(
    'INSERT INTO items (identity, guid, link, flags, feed_key, content_hash, file, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // flags 1: guid = identity (guid column empty); 2: link = identity; both as schema 1 wrote them
  put.run('https://a/1', null, null, 3, 'https://a/feed', 'h1', '2022-01-27-a1.md', 11);
  put.run('tag:a,2022:2', null, 'https://a/2', 1, 'https://a/feed', 'h2', '2022-01-27-a2.md', 12);
  put.run('sha256:0123', null, 'https://a/3', 0, 'https://b/feed', 'h3', '2022-01-27-a3.md', 13);
  put.run('https://a/4', 'g-4', null, 2, 'https://b/feed', 'h4', '2022-01-28-a4.md', 14);
  old.close();

  const s = openStore(path);
  assert.equal(s.countItems(), 4);
  assert.equal(s.countItems('https://a/feed'), 2);
  assert.equal(s.countItems('https://b/feed'), 2);
  assert.equal(s.getFeed('https://a/feed')!.etag, '"e1"');
  assert.equal(s.getFeed('https://a/feed')!.failures, 2);
  assert.deepEqual(s.findItem({ identity: 'https://a/1', guid: null, link: null }), {
    identity: 'https://a/1', guid: 'https://a/1', link: 'https://a/1', feedKey: 'https://a/feed', contentHash: 'h1', file: '2022-01-27-a1.md', firstSeen: 11,
  });
  assert.equal(s.findItem({ identity: 'x', guid: 'tag:a,2022:2', link: null })?.contentHash, 'h2', 'guid flagged as the identity');
  assert.equal(s.findItem({ identity: 'x', guid: null, link: 'https://a/2' })?.contentHash, 'h2', 'link in its column');
  assert.equal(s.findItem({ identity: 'x', guid: null, link: 'https://a/3' })?.identity, 'sha256:0123');
  assert.equal(s.findItem({ identity: 'x', guid: 'g-4', link: null })?.identity, 'https://a/4', 'guid in its column');
  assert.equal(s.findItem({ identity: 'x', guid: null, link: 'https://a/4' })?.identity, 'https://a/4', 'link flagged as the identity');
  assert.equal(s.fileTaken('2022-01-28-a4.md'), true);
  assert.equal(s.fileTaken('2022-01-28-zz.md'), false);
  // and it keeps working: an update in place, a new item, the counts follow
  s.upsertItem({ identity: 'https://a/1', guid: 'https://a/1', link: 'https://a/1', feedKey: 'https://a/feed', contentHash: 'h1b', file: '2022-01-27-a1.md', firstSeen: 99 });
  s.upsertItem(item(5, { feedKey: 'https://a/feed' }));
  assert.equal(s.countItems(), 5);
  assert.equal(s.countItems('https://a/feed'), 3);
  assert.equal(s.findItem({ identity: 'https://a/1', guid: null, link: null })!.contentHash, 'h1b');
  assert.equal(s.findItem({ identity: 'https://a/1', guid: null, link: null })!.firstSeen, 11);
  s.close();

  const db = new Database(path, { readonly: true });
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  assert.deepEqual(tables.map((t) => t.name), ['feeds', 'items']);
  const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as Array<{ name: string }>;
  assert.deepEqual(triggers.map((t) => t.name), ['items_count_delete', 'items_count_insert', 'items_count_move']);
  db.close();
  // reopening an upgraded file migrates nothing and finds the same items
  const again = openStore(path);
  assert.equal(again.countItems(), 5);
  assert.equal(again.findItem({ identity: 'x', guid: 'g-4', link: null })?.file, '2022-01-28-a4.md');
  again.close();
});

test('upsertItem outside a transaction still keeps one row per identity', () => {
  const s = openStore(':memory:');
  for (let k = 0; k < 3; k++) s.upsertItem(item(7, { contentHash: `v${k}` }));
  assert.equal(s.countItems(), 1);
  assert.equal(s.findItem(key(item(7)))!.contentHash, 'v2');
  s.close();
});
