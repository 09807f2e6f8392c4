// The SQLite store: the shared contract, plus what only a file has — persistence, refusing bad files, migrations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { openStore, StoreError } from '../../src/store/index.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import type { Store } from '../../src/model.js';
import { tempDir } from '../helpers.js';
import { item, storeContract } from './contract.js';

const paths = new WeakMap<Store, string>();
storeContract('sqlite', {
  async open() {
    const path = join(tempDir(), 'state.db');
    const store = await openStore(path);
    paths.set(store, path);
    return store;
  },
  twin: (store) => openStore(paths.get(store)!),
});

test('sqlite: :memory: works and says its kind', async () => {
  const s = await openStore(':memory:');
  assert.equal(s.kind, 'sqlite');
  await s.updateFeed('k', { url: 'u' });
  assert.equal((await s.getFeed('k'))!.url, 'u');
  await s.close();
});

test('sqlite: state persists across reopen; the parent folder is created; WAL', async () => {
  const path = join(tempDir(), 'deep', '.feedmill', 'state.db');
  const s = await openStore(path);
  await s.updateFeed('k', { url: 'https://example.com/a.xml', etag: '"e"', failures: 3 });
  await s.claimItems([item({ feedKey: 'k' })]);
  await s.close();
  assert.ok(existsSync(path));
  const t = await openStore(path);
  assert.equal((await t.getFeed('k'))!.etag, '"e"');
  assert.equal((await t.getFeed('k'))!.itemsKnown, 1);
  assert.equal((await t.findItems([{ identity: 'urn:a:1', guid: null, link: null }]))[0]!.feedKey, 'k');
  await t.close();
  const db = new Database(path, { readonly: true });
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});

test('sqlite: a corrupt state file is refused with a clear message and left untouched', async () => {
  const path = join(tempDir(), 'state.db');
  const garbage = 'this is not a database, it is a shopping list\n'.repeat(200);
  writeFileSync(path, garbage);
  await assert.rejects(openStore(path), (err: unknown) => {
    assert.ok(err instanceof StoreError);
    assert.match(err.message, /^cannot use state file .*state\.db: the file is not a database or is damaged/);
    assert.match(err.message, /left untouched/);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
  assert.equal(readFileSync(path, 'utf8'), garbage);
});

test('sqlite: a foreign SQLite database, a newer schema and a folder in the way are refused', async () => {
  const dir = tempDir();
  const foreign = join(dir, 'foreign.db');
  const db = new Database(foreign);
  db.exec('CREATE TABLE recipes (name TEXT)');
  db.close();
  await assert.rejects(openStore(foreign), /not a feedmill state file/);
  const newer = join(dir, 'newer.db');
  const n = new Database(newer);
  n.pragma('user_version = 99');
  n.close();
  await assert.rejects(openStore(newer), /newer feedmill \(schema 99/);
  const folder = join(dir, 'folder.db');
  mkdirSync(folder);
  await assert.rejects(openStore(folder), /is a directory/);
});

/** A state file as an older feedmill wrote it: the first `version` migrations, then its own rows. */
function oldStateFile(version: number, rows: string): string {
  const path = join(tempDir(), `v${version}.db`);
  const old = new Database(path);
  for (const step of MIGRATIONS.slice(0, version)) old.exec(step);
  old.pragma(`user_version = ${version}`);
  old.exec(rows);
  old.close();
  return path;
}

test('sqlite: a state file of schema 1 is migrated in place: its feeds and items stay, fetch durations start unknown', async () => {
  const path = oldStateFile(1, `
    INSERT INTO feeds (key, url, etag) VALUES ('k', 'https://a.example/f.xml', '"v1"');
    INSERT INTO items (identity, feed_key, content_hash, file, first_seen) VALUES ('id', 'k', 'h', 'p.md', 1);`);
  const store = await openStore(path);
  try {
    const f = (await store.getFeed('k'))!;
    assert.deepEqual([f.etag, f.fetchMs, f.itemsKnown], ['"v1"', null, 1]);
    await store.updateFeed('k', { fetchMs: 42 });
    assert.equal((await store.getFeed('k'))!.fetchMs, 42);
    assert.equal((await store.findItems([{ identity: 'id', guid: null, link: null }]))[0]?.file, 'p.md');
  } finally {
    await store.close();
  }
});

test('sqlite: a state file of schema 4 (images, before fulltext articles) migrates: its picture failures stay, articles start unknown', async () => {
  const path = oldStateFile(4, `
    INSERT INTO feeds (key, url, image_failures) VALUES ('k', 'https://a.example/f.xml', '["image https://i.example/a.jpg: HTTP 403"]');
    INSERT INTO images (url, record) VALUES ('https://i.example/b.png', '{"status":"failed","reason":"HTTP 404","attempts":1,"permanent":false,"at":1}');`);
  const store = await openStore(path);
  try {
    const f = (await store.getFeed('k'))!;
    assert.deepEqual([f.imageFailures, f.articleFailures], [['image https://i.example/a.jpg: HTTP 403'], []]);
    assert.equal((await store.getImage('https://i.example/b.png'))?.status, 'failed');
    assert.equal(await store.getArticle('https://a.example/1'), null);
    const rec = { status: 'extracted' as const, html: '<p>全文</p>', title: null, image: null, canonical: 'https://a.example/1', at: 2 };
    await store.putArticle('https://a.example/1', rec);
    assert.deepEqual(await store.getArticle('https://a.example/1'), rec);
  } finally {
    await store.close();
  }
});

test('sqlite: a state file of schema 2 (the previous release) migrates and keeps working: items written, not pending, no meta', async () => {
  const path = oldStateFile(2, `
    INSERT INTO feeds (key, url, etag, fetch_ms) VALUES ('k', 'https://a.example/f.xml', '"v2"', 30);
    INSERT INTO items (identity, guid, link, flags, feed_key, content_hash, file, first_seen)
      VALUES ('urn:1', NULL, 'https://a.example/1', 1, 'k', 'sha', '2022-01-27-aaaa.md', 1643278147000);`);
  const store = await openStore(path);
  try {
    const [old] = await store.findItems([{ identity: 'other', guid: 'urn:1', link: null }]);
    assert.deepEqual(old, {
      identity: 'urn:1', guid: 'urn:1', link: 'https://a.example/1', feedKey: 'k', contentHash: 'sha',
      file: '2022-01-27-aaaa.md', firstSeen: 1643278147000, pending: false, meta: null,
    });
    assert.equal((await store.getFeed('k'))!.fetchMs, 30);
    assert.deepEqual(await store.claimItems([item({ identity: 'x', guid: null, link: 'https://a.example/1', file: 'x.md' })]), [{ kind: 'known', record: old! }]);
    assert.deepEqual(await store.claimItems([item({ identity: 'urn:2', guid: 'urn:2', link: null, file: '2022-01-27-aaaa.md' })]), [{ kind: 'file-taken' }]);
    assert.deepEqual(await store.listPosts({}), { total: 0, items: [] }, 'old items have no meta to list');
    await store.saveFeed('k', { items: [{ ...old!, meta: { title: 'T', date: 5, categories: [], author: 'a', image: '', link: null } }], release: [], feed: { etag: '"v3"' } });
    assert.equal((await store.listPosts({})).total, 1);
  } finally {
    await store.close();
  }
  const check = new Database(path, { readonly: true });
  assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  check.close();
});

test('sqlite: a state file of schema 7 (items counted by triggers) migrates: its counts stay and later items are counted', async () => {
  const path = oldStateFile(7, `
    INSERT INTO items (identity, feed_key, content_hash, file, first_seen) VALUES ('a', 'k', 'h', 'a.md', 1), ('b', 'k', 'h', 'b.md', 1);
    INSERT INTO items (identity, feed_key, content_hash, file, first_seen) VALUES ('c', 'j', 'h', 'c.md', 1);`);
  const store = await openStore(path);
  try {
    assert.deepEqual((await store.listFeeds()).map((f) => [f.key, f.itemsKnown]), [['j', 1], ['k', 2]]);
    await store.claimItems([item({ identity: 'd', guid: null, link: null, file: 'd.md', feedKey: 'k', pending: true })]);
    await store.removeFeed('j');
    assert.deepEqual((await store.listFeeds()).map((f) => [f.key, f.itemsKnown]), [['k', 3]]);
  } finally {
    await store.close();
  }
  const check = new Database(path, { readonly: true });
  assert.deepEqual(check.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all(), []);
  check.close();
});

test('sqlite: listPosts pages newest first through the post_date index', async () => {
  const db = new Database(':memory:');
  for (const step of MIGRATIONS) db.exec(step);
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM items WHERE pending = 0 AND post_date IS NOT NULL ORDER BY post_date DESC, rowid DESC LIMIT 50`).all() as Array<{ detail: string }>;
  db.close();
  assert.match(plan.map((p) => p.detail).join('\n'), /USING INDEX items_post_date/);
  assert.doesNotMatch(plan.map((p) => p.detail).join('\n'), /TEMP B-TREE/);
});

test('sqlite: processes racing on one state file claim every item exactly once', async () => {
  const path = join(tempDir(), 'state.db');
  await (await openStore(path)).close();
  // each process claims the same 60 items (by link; identities differ per process) in its own order
  const child = `
    const { openStore } = await import(${JSON.stringify(new URL('../../src/store/index.js', import.meta.url).href)});
    const [path, c] = [process.argv[1], Number(process.argv[2])];
    const s = await openStore(path);
    const mine = [];
    for (let i = 0; i < 60; i += 4) {
      const ks = [0, 1, 2, 3].map((j) => ((i + j) * (2 * c + 7) + c) % 60);
      const recs = ks.map((k) => ({ identity: 'p' + c + ':' + k, guid: null, link: 'https://example.com/race/' + k, feedKey: 'f' + c,
        contentHash: '', file: 'race-' + k + '-' + c + '.md', firstSeen: 1, pending: true, meta: null }));
      (await s.claimItems(recs)).forEach((r, j) => { if (r.kind === 'claimed') mine.push(ks[j]); });
    }
    await s.close();
    process.stdout.write(JSON.stringify(mine));`;
  const run = promisify(execFile);
  const outs = await Promise.all([0, 1, 2, 3].map((c) => run(process.execPath, ['--input-type=module', '-e', child, path, String(c)])));
  const claimed = outs.flatMap((o) => JSON.parse(o.stdout) as number[]).sort((a, b) => a - b);
  assert.deepEqual(claimed, Array.from({ length: 60 }, (_, k) => k));
});
