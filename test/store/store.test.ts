// The SQLite store: feeds and their health, items and their lookups, persistence, and refusing bad files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, StoreError } from '../../src/store/index.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import type { ItemRecord } from '../../src/model.js';
import { tempDir } from '../helpers.js';

const item = (over: Partial<ItemRecord> = {}): ItemRecord => ({
  identity: 'urn:a:1',
  guid: 'urn:a:1',
  link: 'https://example.com/a/1',
  feedKey: 'https://example.com/a.xml',
  contentHash: 'h1',
  file: '2022-01-27-aaaa.md',
  firstSeen: 1000,
  ...over,
});

test('feeds: created on first update, patches merge, list and get agree', () => {
  const s = openStore(':memory:');
  assert.equal(s.getFeed('k'), null);
  s.updateFeed('k', { url: 'https://example.com/a.xml', categories: ['新媒体', '观察者网', '头条'], etag: '"e1"' });
  s.updateFeed('k', { lastModified: 'Thu, 27 Jan 2022 10:09:07 GMT', lastSuccess: 5 });
  const f = s.getFeed('k')!;
  assert.equal(f.url, 'https://example.com/a.xml');
  assert.deepEqual(f.categories, ['新媒体', '观察者网', '头条']);
  assert.equal(f.etag, '"e1"');
  assert.equal(f.lastModified, 'Thu, 27 Jan 2022 10:09:07 GMT');
  assert.equal(f.lastSuccess, 5);
  assert.equal(f.failures, 0);
  assert.equal(f.gone, false);
  assert.equal(f.nextAttempt, null);
  s.updateFeed('k', { lastError: 'HTTP 503', lastErrorAt: 9, failures: 2, nextAttempt: 99, gone: true, permanentRedirect: 'https://new/' });
  s.updateFeed('k', { etag: null });
  const g = s.getFeed('k')!;
  assert.equal(g.lastError, 'HTTP 503');
  assert.equal(g.failures, 2);
  assert.equal(g.nextAttempt, 99);
  assert.equal(g.gone, true);
  assert.equal(g.permanentRedirect, 'https://new/');
  assert.equal(g.etag, null, 'an explicit null clears a field');
  assert.equal(g.lastSuccess, 5, 'fields not in the patch are kept');
  s.updateFeed('b', { url: 'https://b/' });
  assert.deepEqual(s.listFeeds().map((x) => x.key), ['b', 'k']);
  s.close();
});

test('markFetched: a 304 clears the failure state and sets its fields, keeps the rest; no row, no change', () => {
  const s = openStore(':memory:');
  const fields = { url: 'https://example.com/b.xml', categories: ['科技'], lastSuccess: 9, etag: '"e2"', lastModified: null, permanentRedirect: null, fetchMs: 41 };
  assert.equal(s.markFetched('k', fields), false);
  assert.equal(s.getFeed('k'), null);
  s.updateFeed('k', { url: 'https://example.com/a.xml', title: 'A', bodyHash: 'h:f', etag: '"e1"', lastModified: 'x', failures: 3, nextAttempt: 50, gone: true, lastError: 'HTTP 503', lastErrorAt: 7 });
  assert.equal(s.markFetched('k', fields), true);
  const f = s.getFeed('k')!;
  assert.deepEqual(
    { url: f.url, categories: f.categories, lastSuccess: f.lastSuccess, etag: f.etag, lastModified: f.lastModified, fetchMs: f.fetchMs },
    { url: fields.url, categories: ['科技'], lastSuccess: 9, etag: '"e2"', lastModified: null, fetchMs: 41 },
  );
  assert.deepEqual({ failures: f.failures, nextAttempt: f.nextAttempt, gone: f.gone }, { failures: 0, nextAttempt: null, gone: false });
  // what a 304 says nothing about stays: the title, the body hash, the last error for `status`
  assert.deepEqual({ title: f.title, bodyHash: f.bodyHash, lastError: f.lastError, lastErrorAt: f.lastErrorAt }, { title: 'A', bodyHash: 'h:f', lastError: 'HTTP 503', lastErrorAt: 7 });
  s.close();
});

test('items: upsert, lookup by identity, else guid, else link; file names taken; counts', () => {
  const s = openStore(':memory:');
  s.updateFeed(item().feedKey, { url: item().feedKey });
  s.upsertItem(item());
  s.upsertItem(item({ identity: 'https://example.com/a/2', guid: null, link: 'https://example.com/a/2', file: 'b.md' }));
  assert.deepEqual(s.findItem({ identity: 'urn:a:1', guid: null, link: null }), item());
  // the guid changed upstream while the link stayed: still the same item
  assert.equal(s.findItem({ identity: 'urn:changed', guid: 'urn:changed', link: 'https://example.com/a/1' })?.identity, 'urn:a:1');
  assert.equal(s.findItem({ identity: 'x', guid: 'urn:a:1', link: null })?.file, '2022-01-27-aaaa.md');
  assert.equal(s.findItem({ identity: 'y', guid: null, link: 'https://example.com/a/2' })?.file, 'b.md');
  assert.equal(s.findItem({ identity: 'z', guid: 'nope', link: 'https://nope/' }), null);
  // guid and link that differ from the identity are found too, and read back as written
  const third = item({ identity: 'hash:3', guid: 'g-3', link: 'https://example.com/a/3', file: 'c.md' });
  s.upsertItem(third);
  assert.deepEqual(s.findItem({ identity: 'other', guid: 'g-3', link: null }), third);
  assert.deepEqual(s.findItem({ identity: 'other', guid: 'g-x', link: 'https://example.com/a/3' }), third);
  assert.deepEqual(s.findItem({ identity: 'y', guid: null, link: 'https://example.com/a/2' })?.link, 'https://example.com/a/2');
  assert.equal(s.fileTaken('2022-01-27-aaaa.md'), true);
  assert.equal(s.fileTaken('free.md'), false);
  // content changed: rewritten in place, first sighting kept
  s.upsertItem(item({ contentHash: 'h2', firstSeen: 5000 }));
  const again = s.findItem({ identity: 'urn:a:1', guid: null, link: null })!;
  assert.equal(again.contentHash, 'h2');
  assert.equal(again.firstSeen, 1000);
  assert.equal(s.countItems(), 3);
  assert.equal(s.countItems(item().feedKey), 3);
  assert.equal(s.getFeed(item().feedKey)!.itemsKnown, 3);
  assert.equal(s.countItems('other'), 0);
  s.close();
});

test('items of a feed not yet recorded still count, and moving an item moves the count', () => {
  const s = openStore(':memory:');
  s.upsertItem(item({ feedKey: 'f1' }));
  assert.equal(s.countItems('f1'), 1);
  assert.equal(s.getFeed('f1')!.itemsKnown, 1);
  s.upsertItem(item({ feedKey: 'f2' }));
  assert.equal(s.countItems('f1'), 0);
  assert.equal(s.countItems('f2'), 1);
  s.close();
});

test('transaction commits together and rolls back on a throw', () => {
  const s = openStore(':memory:');
  assert.equal(
    s.transaction(() => {
      s.upsertItem(item());
      s.updateFeed('f', { url: 'u' });
      return 7;
    }),
    7,
  );
  assert.throws(() =>
    s.transaction(() => {
      s.upsertItem(item({ identity: 'gone', file: 'gone.md' }));
      throw new Error('disk full');
    }),
  );
  assert.equal(s.findItem({ identity: 'gone', guid: null, link: null }), null);
  assert.equal(s.countItems(), 1);
  s.close();
});

test('state persists across reopen; the parent folder is created', () => {
  const dir = tempDir();
  const path = join(dir, 'deep', '.feedmill', 'state.db');
  const s = openStore(path);
  s.updateFeed('k', { url: 'https://example.com/a.xml', etag: '"e"', failures: 3 });
  s.upsertItem(item({ feedKey: 'k' }));
  s.close();
  assert.ok(existsSync(path));
  const t = openStore(path);
  assert.equal(t.getFeed('k')!.etag, '"e"');
  assert.equal(t.getFeed('k')!.failures, 3);
  assert.equal(t.getFeed('k')!.itemsKnown, 1);
  assert.equal(t.findItem({ identity: 'urn:a:1', guid: null, link: null })!.feedKey, 'k');
  t.close();
  const db = new Database(path, { readonly: true });
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});

test('a corrupt state file is refused with a clear message and left untouched', () => {
  const dir = tempDir();
  const path = join(dir, 'state.db');
  const garbage = 'this is not a database, it is a shopping list\n'.repeat(200);
  writeFileSync(path, garbage);
  assert.throws(
    () => openStore(path),
    (err: unknown) => {
      assert.ok(err instanceof StoreError);
      assert.match(err.message, /^cannot use state file .*state\.db: the file is not a database or is damaged/);
      assert.match(err.message, /left untouched/);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    },
  );
  assert.equal(readFileSync(path, 'utf8'), garbage);
});

test('a foreign SQLite database, a newer schema and a folder in the way are refused', () => {
  const dir = tempDir();
  const foreign = join(dir, 'foreign.db');
  const db = new Database(foreign);
  db.exec('CREATE TABLE recipes (name TEXT)');
  db.close();
  assert.throws(() => openStore(foreign), /not a feedmill state file/);
  const newer = join(dir, 'newer.db');
  const n = new Database(newer);
  n.pragma('user_version = 99');
  n.close();
  assert.throws(() => openStore(newer), /newer feedmill/);
  const folder = join(dir, 'folder.db');
  mkdirSync(folder);
  assert.throws(() => openStore(folder), /is a directory/);
});

test('reads outside a transaction: writes in the same tick are seen, rollbacks still roll back', () => {
  const s = openStore(':memory:');
  assert.equal(s.findItem({ identity: 'urn:a:1', guid: null, link: null }), null);
  assert.equal(s.fileTaken('2022-01-27-aaaa.md'), false);
  s.upsertItem(item());
  assert.equal(s.findItem({ identity: 'urn:a:1', guid: null, link: null })?.file, '2022-01-27-aaaa.md');
  assert.equal(s.countItems(), 1);
  s.updateFeed('k', { url: 'u1' });
  assert.equal(s.getFeed('k')?.url, 'u1');
  assert.throws(() =>
    s.transaction(() => {
      s.upsertItem(item({ identity: 'urn:b', file: 'b.md' }));
      assert.equal(s.fileTaken('b.md'), true);
      throw new Error('disk full');
    }),
  );
  assert.equal(s.fileTaken('b.md'), false);
  assert.equal(s.countItems(), 1);
  s.close();
});

test('reads share one snapshot until the current job ends; then another process\'s commit shows', async () => {
  const path = join(tempDir(), 'state.db');
  const s = openStore(path);
  s.upsertItem(item());
  assert.equal(s.findItem({ identity: 'urn:other', guid: null, link: null }), null);
  // another process (here another connection) commits while this job still holds its read snapshot
  const other = new Database(path);
  other
    .prepare('INSERT INTO items (identity, guid, link, flags, feed_key, content_hash, file, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run('urn:other', null, null, 0, 'k', 'h', 'other.md', 1);
  assert.equal(s.fileTaken('other.md'), false, 'same job: same snapshot');
  await Promise.resolve();
  assert.equal(s.fileTaken('other.md'), true, 'next job: a fresh snapshot');
  assert.equal(s.findItem({ identity: 'urn:other', guid: null, link: null })?.file, 'other.md');
  // a checkpoint is not held up by a finished job's reads
  await new Promise((r) => setImmediate(r));
  const [row] = other.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  assert.equal(row!.busy, 0);
  other.close();
  s.findItem({ identity: 'urn:a:1', guid: null, link: null });
  s.close(); // with a read still open: closes cleanly
  const again = openStore(path);
  assert.equal(again.countItems(), 2);
  again.close();
});

test('a state file of schema 1 is migrated in place: its feeds and items stay, fetch durations start unknown', async () => {
  const { MIGRATIONS } = await import('../../src/store/schema.js');
  const path = join(tempDir(), 'old.db');
  const old = new Database(path);
  old.exec(MIGRATIONS[0]!);
  old.pragma('user_version = 1');
  old.prepare(`INSERT INTO feeds (key, url, etag) VALUES ('k', 'https://a.example/f.xml', '"v1"')`).run();
  old.prepare(`INSERT INTO items (identity, feed_key, content_hash, file, first_seen) VALUES ('id', 'k', 'h', 'p.md', 1)`).run();
  old.close();
  const store = openStore(path);
  try {
    const f = store.getFeed('k')!;
    assert.equal(f.etag, '"v1"');
    assert.equal(f.fetchMs, null);
    assert.equal(f.itemsKnown, 1);
    store.updateFeed('k', { fetchMs: 42 });
    assert.equal(store.getFeed('k')!.fetchMs, 42);
    assert.equal(store.findItem({ identity: 'id', guid: null, link: null })?.file, 'p.md');
  } finally {
    store.close();
  }
  const check = new Database(path, { readonly: true });
  assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  check.close();
});
