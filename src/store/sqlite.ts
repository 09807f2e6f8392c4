// The state store on SQLite (better-sqlite3), the embedded default: one file beside the site.
// better-sqlite3 is synchronous; each method does its work at once inside one transaction and returns a
// settled promise, so the async Store contract costs nothing here.
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ArticleRecord, ClaimResult, FeedHealth, FeedPatch, FeedPostCounts, FeedSave, ImageRecord, ItemQuery, ItemRecord, PostCountQuery, PostQuery, Store } from '../model.js';
import { StoreError } from './errors.js';
import { FEED_COLUMNS, FEED_DEFAULTS, LIST_FIELDS, bucketBounds, countCap, groupCounts, likePattern, metaRest, oneLine, pageLimit, parseArticleRecord, parseImageRecord, patchFields, searchWords, toFeed, toMeta, type FeedRow } from './rows.js';
import { FEEDMILL_TABLES, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

type Db = Database.Database;

interface ItemRow {
  identity: string;
  guid: string | null;
  link: string | null;
  flags: number;
  feed_key: string;
  content_hash: string;
  file: string;
  first_seen: number;
  pending: number;
  title: string | null;
  post_date: number | null;
  meta: string | null;
}

// A guid/link equal to the identity is not stored in its column but flagged: usually they are equal, and then
// their indexes hold nothing for the row, which keeps inserts cheap when the store holds millions of items.
const GUID_IS_IDENTITY = 1;
const LINK_IS_IDENTITY = 2;

const isMemory = (path: string): boolean => path === ':memory:' || path === '';

/** Opens (creating when missing) the state file at `path`; throws StoreError with a one-line message. */
export function openSqliteStore(path: string): SqliteStore {
  const where = isMemory(path) ? ':memory:' : resolve(path);
  const fail = (why: string, hint = ''): never => {
    throw new StoreError(`cannot use state file ${where}: ${why}${hint ? ` — ${hint}` : ''}`, where);
  };
  if (!isMemory(path)) {
    let isDir = false;
    try {
      isDir = statSync(where).isDirectory();
    } catch {
      // missing: created below
    }
    if (isDir) fail('it is a directory');
    try {
      mkdirSync(dirname(where), { recursive: true });
    } catch (err) {
      fail(`cannot create its folder: ${oneLine(err)}`);
    }
  }
  let db: Db;
  try {
    db = new Database(where);
  } catch (err) {
    return fail(oneLine(err));
  }
  try {
    prepare(db, where);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      fail('the file is not a database or is damaged', 'it was left untouched; move it away to start afresh, or restore a backup');
    }
    if (code === 'SQLITE_BUSY') fail('it is locked by another feedmill run');
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') fail(`${oneLine(err)} (check permissions)`);
    fail(oneLine(err));
  }
  return new SqliteStore(db);
}

/** Checks the file is ours, sets it up and migrates it; leaves foreign, damaged or newer files alone. */
function prepare(db: Db, where: string): void {
  // Reading the header first: a file that is not SQLite fails here, before anything is written.
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name);
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      `cannot use state file ${where}: it was written by a newer feedmill (schema ${version}, this one knows ${SCHEMA_VERSION}) — upgrade feedmill`,
      where,
    );
  }
  if (version === 0 && tables.some((t) => !FEEDMILL_TABLES.includes(t))) {
    throw new StoreError(`cannot use state file ${where}: it is an SQLite database but not a feedmill state file — it was left untouched`, where);
  }
  if (where !== ':memory:') db.pragma('journal_mode = WAL');
  // WAL + NORMAL: a commit is not fsynced (a power cut may lose the last commits, never corrupt the file)
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // SQLite's own 2 MB page cache rather than better-sqlite3's 16 MB: the OS page cache holds the file anyway
  db.pragma('cache_size = -2000');
  if (version < SCHEMA_VERSION) {
    db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } else {
    // prove now, not mid-run, that we can write (permissions, another process holding the write lock)
    db.exec('BEGIN IMMEDIATE; COMMIT');
  }
}

function toItem(r: ItemRow): ItemRecord {
  return {
    identity: r.identity,
    guid: r.flags & GUID_IS_IDENTITY ? r.identity : r.guid,
    link: r.flags & LINK_IS_IDENTITY ? r.identity : r.link,
    feedKey: r.feed_key,
    contentHash: r.content_hash,
    file: r.file,
    firstSeen: r.first_seen,
    pending: r.pending !== 0,
    meta: toMeta(r.title, r.post_date, r.meta),
  };
}

function itemParams(rec: ItemRecord, pending: boolean): Record<string, unknown> {
  const guidSame = rec.guid !== null && rec.guid === rec.identity;
  const linkSame = rec.link !== null && rec.link === rec.identity;
  return {
    identity: rec.identity,
    guid: guidSame ? null : rec.guid,
    link: linkSame ? null : rec.link,
    flags: (guidSame ? GUID_IS_IDENTITY : 0) | (linkSame ? LINK_IS_IDENTITY : 0),
    feedKey: rec.feedKey,
    contentHash: rec.contentHash,
    file: rec.file,
    firstSeen: rec.firstSeen,
    pending: pending ? 1 : 0,
    title: rec.meta?.title ?? null,
    postDate: rec.meta?.date ?? null,
    meta: rec.meta ? JSON.stringify(metaRest(rec.meta)) : null,
  };
}

const ITEM_COLUMNS = 'identity, guid, link, flags, feed_key, content_hash, file, first_seen, pending, title, post_date, meta';
const ITEM_VALUES = '@identity, @guid, @link, @flags, @feedKey, @contentHash, @file, @firstSeen, @pending, @title, @postDate, @meta';

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly q;
  private readonly patchStatements = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {
    this.q = {
      getFeed: db.prepare<[string], FeedRow>('SELECT * FROM feeds WHERE key = ?'),
      listFeeds: db.prepare<[], FeedRow>('SELECT * FROM feeds ORDER BY key'),
      byIdentity: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE identity = ?'),
      byGuid: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE guid = ? ORDER BY rowid LIMIT 1'),
      byLink: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE link = ? ORDER BY rowid LIMIT 1'),
      claim: db.prepare(`INSERT INTO items (${ITEM_COLUMNS}) VALUES (${ITEM_VALUES})`),
      save: db.prepare(`
        INSERT INTO items (${ITEM_COLUMNS}) VALUES (${ITEM_VALUES})
        ON CONFLICT(identity) DO UPDATE SET
          guid = excluded.guid, link = excluded.link, flags = excluded.flags, feed_key = excluded.feed_key,
          content_hash = excluded.content_hash, file = excluded.file, first_seen = min(first_seen, excluded.first_seen),
          pending = 0, title = coalesce(excluded.title, title), post_date = coalesce(excluded.post_date, post_date),
          meta = coalesce(excluded.meta, meta)`),
      // the usual save: a claimed row whose identity, guid, link, feed and file stay, so no index but the
      // listing's changes (an upsert names every column and rewrites every index: 2× the pages per save)
      confirm: db.prepare(`
        UPDATE items SET content_hash = @contentHash, first_seen = min(first_seen, @firstSeen), pending = 0,
          title = coalesce(@title, title), post_date = coalesce(@postDate, post_date), meta = coalesce(@meta, meta)
        WHERE identity = @identity AND guid IS @guid AND link IS @link AND flags = @flags AND feed_key = @feedKey AND file = @file`),
      feedOf: db.prepare<[string], { feed_key: string }>('SELECT feed_key FROM items WHERE identity = ?'),
      // feeds.items_known, kept here (see migration 8)
      countUp: db.prepare<[string, number]>('INSERT INTO feeds (key, items_known) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET items_known = items_known + excluded.items_known'),
      countDown: db.prepare<[number, string]>('UPDATE feeds SET items_known = items_known - ? WHERE key = ?'),
      release: db.prepare<[string, string]>('DELETE FROM items WHERE identity = ? AND feed_key = ? AND pending = 1'),
      confirmClaim: db.prepare<[string, string]>('UPDATE items SET pending = 0 WHERE identity = ? AND feed_key = ? AND pending = 1'),
      dropText: db.prepare<[string]>('DELETE FROM posts WHERE identity = ?'),
      putText: db.prepare<[string, string]>('INSERT INTO posts (identity, text) VALUES (?, ?) ON CONFLICT(identity) DO UPDATE SET text = excluded.text'),
      getText: db.prepare<[string], { text: string }>('SELECT text FROM posts WHERE identity = ?'),
      getImage: db.prepare<[string], { record: string }>('SELECT record FROM images WHERE url = ?'),
      putImage: db.prepare<[string, string]>('INSERT INTO images (url, record) VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET record = excluded.record'),
      getArticle: db.prepare<[string], { record: string }>('SELECT record FROM articles WHERE url = ?'),
      putArticle: db.prepare<[string, string]>('INSERT INTO articles (url, record) VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET record = excluded.record'),
      countBucket: db.prepare<[number, number], { feed_key: string; n: number }>(
        'SELECT feed_key, COUNT(*) AS n FROM items WHERE pending = 0 AND post_date IS NOT NULL AND post_date >= ? AND post_date < ? GROUP BY feed_key',
      ),
      fileTaken: db.prepare<[string], { x: number }>('SELECT 1 AS x FROM items WHERE file = ? LIMIT 1'),
      // no index on feed_key (each index on random keys costs every insert a page write in a large store):
      // a feed's items are listed by a scan, which only `status`-like commands ask for
      listItems: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE feed_key = ? ORDER BY rowid'),
      countFeed: db.prepare<[string], { n: number }>('SELECT items_known AS n FROM feeds WHERE key = ?'),
      countAll: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM items'),
      tombstone: db.prepare<[string]>('UPDATE items SET title = NULL, post_date = NULL, meta = NULL WHERE identity = ? AND pending = 0 AND post_date IS NOT NULL'),
      dropFeedTexts: db.prepare<[string]>('DELETE FROM posts WHERE identity IN (SELECT identity FROM items WHERE feed_key = ?)'),
      dropFeedItems: db.prepare<[string]>('DELETE FROM items WHERE feed_key = ?'),
      dropFeed: db.prepare<[string]>('DELETE FROM feeds WHERE key = ?'),
      begin: db.prepare('BEGIN'),
      beginWrite: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  /** Runs `fn` in one transaction (IMMEDIATE for writes, so that a claim's reads and inserts are one step). */
  private tx<T>(write: boolean, fn: () => T): T {
    (write ? this.q.beginWrite : this.q.begin).run();
    try {
      const result = fn();
      this.q.commit.run();
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.q.rollback.run();
      throw err;
    }
  }

  async getFeed(key: string): Promise<FeedHealth | null> {
    const row = this.q.getFeed.get(key);
    return row ? toFeed(row) : null;
  }

  async listFeeds(): Promise<FeedHealth[]> {
    return this.q.listFeeds.all().map(toFeed);
  }

  async updateFeed(key: string, patch: FeedPatch): Promise<void> {
    this.patchFeed(key, patch);
  }

  /** One upsert naming only the patched columns; its statement is cached by that set of columns. */
  private patchFeed(key: string, patch: FeedPatch): void {
    const fields = patchFields(patch);
    const id = fields.join(',');
    let stmt = this.patchStatements.get(id);
    if (!stmt) {
      const cols = fields.map((f) => FEED_COLUMNS[f]);
      const sql =
        `INSERT INTO feeds (key${cols.map((c) => `, ${c}`).join('')}) VALUES (?${cols.map(() => ', ?').join('')})` +
        (cols.length ? ` ON CONFLICT(key) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}` : ' ON CONFLICT(key) DO NOTHING');
      stmt = this.db.prepare(sql);
      this.patchStatements.set(id, stmt);
    }
    stmt.run(key, ...fields.map((f) => toColumn(f, patch[f])));
  }

  async findItems(queries: ItemQuery[]): Promise<Array<ItemRecord | null>> {
    // one read transaction for the batch: a statement on its own takes and drops SQLite's WAL read lock
    return this.tx(false, () => queries.map((q) => this.find(q)));
  }

  private find(q: ItemQuery): ItemRecord | null {
    const row =
      this.q.byIdentity.get(q.identity) ??
      (q.guid ? this.byValue(this.q.byGuid, q.guid, GUID_IS_IDENTITY, q.identity) : undefined) ??
      (q.link ? this.byValue(this.q.byLink, q.link, LINK_IS_IDENTITY, q.identity) : undefined);
    return row ? toItem(row) : null;
  }

  /** A guid/link is in its column, or it is the identity of a row flagged so. */
  private byValue(stmt: Database.Statement<[string], ItemRow>, value: string, flag: number, identity: string): ItemRow | undefined {
    if (value !== identity) {
      const row = this.q.byIdentity.get(value);
      if (row && row.flags & flag) return row;
    }
    return stmt.get(value);
  }

  async claimItems(records: ItemRecord[]): Promise<ClaimResult[]> {
    return this.tx(true, () => {
      const added = new ItemCounts();
      const results = records.map((rec): ClaimResult => {
        const known = this.find(rec);
        if (known) return { kind: 'known', record: known };
        if (this.q.fileTaken.get(rec.file)) return { kind: 'file-taken' };
        this.q.claim.run(itemParams(rec, true));
        added.add(rec.feedKey, 1);
        return { kind: 'claimed' };
      });
      this.applyCounts(added);
      return results;
    });
  }

  async saveFeed(key: string, save: FeedSave): Promise<void> {
    this.tx(true, () => {
      const moved = new ItemCounts();
      for (const rec of save.items) {
        const params = itemParams(rec, false);
        if (this.q.confirm.run(params).changes > 0) continue;
        // a new row, or one that may move to another feed
        const before = this.q.feedOf.get(rec.identity)?.feed_key;
        this.q.save.run(params);
        if (before !== rec.feedKey) {
          if (before !== undefined) moved.add(before, -1);
          moved.add(rec.feedKey, 1);
        }
      }
      for (const identity of save.confirm ?? []) this.q.confirmClaim.run(identity, key);
      for (const identity of save.release) {
        if (this.q.release.run(identity, key).changes > 0) {
          this.q.dropText.run(identity);
          moved.add(key, -1);
        }
      }
      this.applyCounts(moved);
      for (const [identity, text] of Object.entries(save.texts ?? {})) this.q.putText.run(identity, text);
      this.patchFeed(key, save.feed);
    });
  }

  private applyCounts(counts: ItemCounts): void {
    for (const [key, n] of counts.byFeed) {
      if (n > 0) this.q.countUp.run(key, n);
      else if (n < 0) this.q.countDown.run(-n, key);
    }
  }

  async filesTaken(files: string[]): Promise<Set<string>> {
    return this.tx(false, () => new Set(files.filter((f) => this.q.fileTaken.get(f) !== undefined)));
  }

  async listItems(feedKey: string): Promise<ItemRecord[]> {
    return this.q.listItems.all(feedKey).map(toItem);
  }

  async countItems(feedKey?: string): Promise<number> {
    if (feedKey === undefined) return this.q.countAll.get()!.n;
    return this.q.countFeed.get(feedKey)?.n ?? 0;
  }

  async listPosts(query: PostQuery): Promise<{ total: number; items: ItemRecord[] }> {
    const where = ['pending = 0', 'post_date IS NOT NULL'];
    const params: unknown[] = [];
    for (const word of searchWords(query.search)) {
      where.push(`title LIKE ? ESCAPE '\\'`);
      params.push(likePattern(word));
    }
    if (query.category !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM json_each(meta, '$.categories') WHERE value = ?)`);
      params.push(query.category);
    }
    if (query.feedKey !== undefined) {
      where.push('feed_key = ?');
      params.push(query.feedKey);
    }
    const filter = where.join(' AND ');
    const cap = countCap(query.countUpTo);
    return this.tx(false, () => {
      const total =
        cap === 0
          ? 0
          : cap === null
            ? (this.db.prepare(`SELECT COUNT(*) AS n FROM items WHERE ${filter}`).get(...params) as { n: number }).n
            : (this.db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM items WHERE ${filter} LIMIT ?)`).get(...params, cap) as { n: number }).n;
      const rows = this.db
        .prepare(`SELECT * FROM items WHERE ${filter} ORDER BY post_date DESC, rowid DESC LIMIT ? OFFSET ?`)
        .all(...params, pageLimit(query.limit), Math.max(0, query.offset ?? 0)) as ItemRow[];
      return { total, items: rows.map(toItem) };
    });
  }

  async postCounts(query: PostCountQuery): Promise<FeedPostCounts[]> {
    const bounds = bucketBounds(query.bounds);
    // a bucket at a time: each groups a short range of the (post_date, feed_key) index, which sorts fewer rows
    // than grouping the whole window by feed and bucket at once
    const rows = this.tx(false, () =>
      bounds.slice(1).flatMap((hi, i) => this.q.countBucket.all(bounds[i]!, hi).map((r) => ({ feed_key: r.feed_key, i, n: r.n }))),
    );
    return groupCounts(rows, bounds.length - 1);
  }

  async getPostText(identity: string): Promise<string | null> {
    return this.q.getText.get(identity)?.text ?? null;
  }

  async getImage(url: string): Promise<ImageRecord | null> {
    const row = this.q.getImage.get(url);
    return row ? parseImageRecord(row.record) : null;
  }

  async putImage(url: string, record: ImageRecord): Promise<void> {
    this.q.putImage.run(url, JSON.stringify(record));
  }

  async pruneItems(identities: string[]): Promise<number> {
    return this.tx(true, () => {
      let n = 0;
      for (const identity of identities) {
        if (this.q.tombstone.run(identity).changes > 0) {
          n++;
          this.q.dropText.run(identity);
        }
      }
      return n;
    });
  }

  async removeFeed(key: string): Promise<number> {
    return this.tx(true, () => {
      this.q.dropFeedTexts.run(key);
      const n = this.q.dropFeedItems.run(key).changes;
      this.q.dropFeed.run(key);
      return n;
    });
  }

  async getArticle(url: string): Promise<ArticleRecord | null> {
    const row = this.q.getArticle.get(url);
    return row ? parseArticleRecord(row.record) : null;
  }

  async putArticle(url: string, record: ArticleRecord): Promise<void> {
    this.q.putArticle.run(url, JSON.stringify(record));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      this.db.pragma('optimize');
    } catch {
      // optimisation only
    }
    this.db.close();
  }
}

/** Items added (or removed, negative) per feed within one transaction. */
class ItemCounts {
  readonly byFeed = new Map<string, number>();
  add(feedKey: string, n: number): void {
    this.byFeed.set(feedKey, (this.byFeed.get(feedKey) ?? 0) + n);
  }
}

function toColumn(field: keyof FeedPatch, value: unknown): unknown {
  const v = value === null && field in FEED_DEFAULTS ? FEED_DEFAULTS[field] : value;
  if (LIST_FIELDS.has(field)) return JSON.stringify(v ?? []);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}
