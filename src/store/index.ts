// The state store on SQLite (better-sqlite3): feeds with their health and validators, items with their
// identity and post file. Everything SQLite-specific stays in this folder; the rest sees the Store interface.
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FeedHealth, FetchedFields, ItemRecord, Store } from '../model.js';
import { StoreError } from './errors.js';
import { FEEDMILL_TABLES, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export { StoreError } from './errors.js';
export { nextAttemptAfterFailure, isDue } from './health.js';

type Db = Database.Database;

interface FeedRow {
  key: string;
  url: string;
  title: string | null;
  categories: string;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  last_success: number | null;
  last_error: string | null;
  last_error_at: number | null;
  failures: number;
  next_attempt: number | null;
  gone: number;
  permanent_redirect: string | null;
  items_known: number;
  fetch_ms: number | null;
}

interface ItemRow {
  identity: string;
  guid: string | null;
  link: string | null;
  flags: number;
  feed_key: string;
  content_hash: string;
  file: string;
  first_seen: number;
}

const isMemory = (path: string): boolean => path === ':memory:' || path === '';

/** Opens (creating when missing) the state database at `path`; throws StoreError with a readable message. */
export function openStore(path: string): Store {
  const where = isMemory(path) ? ':memory:' : resolve(path);
  const fail = (why: string, hint = ''): never => {
    throw new StoreError(`cannot use state file ${where}: ${why}${hint ? ` — ${hint}` : ''}`, where);
  };
  if (!isMemory(path)) {
    try {
      if (statSync(where).isDirectory()) fail('it is a directory');
    } catch (err) {
      if (err instanceof StoreError) throw err;
    }
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

/** Checks the file is ours, sets it up and migrates it; leaves foreign or damaged files alone. */
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
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // SQLite's own default page cache (2 MB) rather than better-sqlite3's 16 MB: the cache filled as a run
  // recorded its items and was a tenth of a 1,000-feed run's peak memory (bench: e2e first pass, 128 → 118
  // MiB), at no measurable cost in time, since the OS page cache holds the file anyway.
  db.pragma('cache_size = -2000');
  if (version < SCHEMA_VERSION) {
    db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } else {
    // prove now, not mid-run, that we can write (permissions, another run holding the lock)
    db.exec('BEGIN IMMEDIATE; COMMIT');
  }
}

function oneLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n', 1)[0]!;
}

function toFeed(r: FeedRow): FeedHealth {
  let categories: string[] = [];
  try {
    categories = JSON.parse(r.categories) as string[];
  } catch {
    // a hand-edited row: show no categories rather than fail
  }
  return {
    key: r.key,
    url: r.url,
    title: r.title,
    categories,
    etag: r.etag,
    lastModified: r.last_modified,
    bodyHash: r.body_hash,
    lastSuccess: r.last_success,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at,
    failures: r.failures,
    nextAttempt: r.next_attempt,
    gone: r.gone !== 0,
    permanentRedirect: r.permanent_redirect,
    itemsKnown: r.items_known,
    fetchMs: r.fetch_ms ?? null,
  };
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
  };
}

const GUID_IS_IDENTITY = 1;
const LINK_IS_IDENTITY = 2;

const EMPTY_FEED: Omit<FeedHealth, 'key'> = {
  url: '',
  title: null,
  categories: [],
  etag: null,
  lastModified: null,
  bodyHash: null,
  lastSuccess: null,
  lastError: null,
  lastErrorAt: null,
  failures: 0,
  nextAttempt: null,
  gone: false,
  permanentRedirect: null,
  itemsKnown: 0,
  fetchMs: null,
};

class SqliteStore implements Store {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      getFeed: db.prepare<[string], FeedRow>('SELECT * FROM feeds WHERE key = ?'),
      listFeeds: db.prepare<[], FeedRow>('SELECT * FROM feeds ORDER BY key'),
      putFeed: db.prepare(`
        INSERT INTO feeds (key, url, title, categories, etag, last_modified, body_hash, last_success, last_error,
                           last_error_at, failures, next_attempt, gone, permanent_redirect, fetch_ms)
        VALUES (@key, @url, @title, @categories, @etag, @lastModified, @bodyHash, @lastSuccess, @lastError,
                @lastErrorAt, @failures, @nextAttempt, @gone, @permanentRedirect, @fetchMs)
        ON CONFLICT(key) DO UPDATE SET
          url = excluded.url, title = excluded.title, categories = excluded.categories, etag = excluded.etag,
          last_modified = excluded.last_modified, body_hash = excluded.body_hash, last_success = excluded.last_success,
          last_error = excluded.last_error, last_error_at = excluded.last_error_at, failures = excluded.failures,
          next_attempt = excluded.next_attempt, gone = excluded.gone, permanent_redirect = excluded.permanent_redirect,
          fetch_ms = excluded.fetch_ms`),
      // a 304 for each of hundreds of feeds: one UPDATE instead of a read, a merge and a full upsert (~3 vs ~9 µs)
      markFetched: db.prepare(`
        UPDATE feeds SET url = @url, categories = @categories, last_success = @lastSuccess, failures = 0,
          next_attempt = NULL, gone = 0, permanent_redirect = @permanentRedirect, etag = @etag,
          last_modified = @lastModified, fetch_ms = @fetchMs
        WHERE key = @key`),
      byIdentity: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE identity = ?'),
      byGuid: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE guid = ? ORDER BY rowid LIMIT 1'),
      byLink: db.prepare<[string], ItemRow>('SELECT * FROM items WHERE link = ? ORDER BY rowid LIMIT 1'),
      putItem: db.prepare(`
        INSERT INTO items (identity, guid, link, flags, feed_key, content_hash, file, first_seen)
        VALUES (@identity, @guid, @link, @flags, @feedKey, @contentHash, @file, @firstSeen)
        ON CONFLICT(identity) DO UPDATE SET
          guid = excluded.guid, link = excluded.link, flags = excluded.flags, feed_key = excluded.feed_key,
          content_hash = excluded.content_hash, file = excluded.file,
          first_seen = min(first_seen, excluded.first_seen)`),
      fileTaken: db.prepare<[string], { x: number }>('SELECT 1 AS x FROM items WHERE file = ? LIMIT 1'),
      countFeed: db.prepare<[string], { n: number }>('SELECT items_known AS n FROM feeds WHERE key = ?'),
      countAll: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM items'),
      begin: db.prepare('BEGIN'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  /**
   * Reads outside a transaction share one read transaction until the current job's synchronous work is done
   * (a microtask ends it), or until the next write. A statement on its own pays for taking and dropping
   * SQLite's WAL read lock; a run looks up every entry of a feed in one synchronous loop, and sharing the lock
   * cut a new entry's findItem + fileTaken from ~11 to ~4 µs (bench/store-scale.mjs). Writes never run inside
   * it, and another process's commit shows from the next job on.
   */
  private reading = false;

  private read(): void {
    if (this.reading || this.db.inTransaction) return;
    this.q.begin.run();
    this.reading = true;
    queueMicrotask(this.endRead);
  }

  private readonly endRead = (): void => {
    if (!this.reading) return;
    this.reading = false;
    if (!this.db.open || !this.db.inTransaction) return;
    // ending a read cannot lose data, and nothing could catch a throw from a microtask
    try {
      this.q.commit.run();
    } catch {
      try {
        this.q.rollback.run();
      } catch {
        // the next statement will report what is wrong
      }
    }
  };

  getFeed(key: string): FeedHealth | null {
    this.read();
    const row = this.q.getFeed.get(key);
    return row ? toFeed(row) : null;
  }

  listFeeds(): FeedHealth[] {
    this.read();
    return this.q.listFeeds.all().map(toFeed);
  }

  /** Merges `patch` into the feed's row. `itemsKnown` is derived from the items and ignored here. */
  updateFeed(key: string, patch: Partial<Omit<FeedHealth, 'key'>>): void {
    this.endRead();
    const current = this.q.getFeed.get(key);
    const merged: Omit<FeedHealth, 'key'> = current ? toFeed(current) : { ...EMPTY_FEED };
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    }
    this.q.putFeed.run({
      key,
      url: merged.url ?? '',
      title: merged.title,
      categories: JSON.stringify(merged.categories ?? []),
      etag: merged.etag,
      lastModified: merged.lastModified,
      bodyHash: merged.bodyHash,
      lastSuccess: merged.lastSuccess,
      lastError: merged.lastError,
      lastErrorAt: merged.lastErrorAt,
      failures: merged.failures ?? 0,
      nextAttempt: merged.nextAttempt,
      gone: merged.gone ? 1 : 0,
      permanentRedirect: merged.permanentRedirect,
      fetchMs: merged.fetchMs ?? null,
    });
  }

  markFetched(key: string, f: FetchedFields): boolean {
    this.endRead();
    const r = this.q.markFetched.run({
      key,
      url: f.url,
      categories: JSON.stringify(f.categories),
      lastSuccess: f.lastSuccess,
      permanentRedirect: f.permanentRedirect,
      etag: f.etag,
      lastModified: f.lastModified,
      fetchMs: f.fetchMs,
    });
    return r.changes > 0;
  }

  findItem(q: { identity: string; guid: string | null; link: string | null }): ItemRecord | null {
    this.read();
    const row =
      this.q.byIdentity.get(q.identity) ??
      (q.guid ? this.byValue(this.q.byGuid, q.guid, GUID_IS_IDENTITY, q.identity) : undefined) ??
      (q.link ? this.byValue(this.q.byLink, q.link, LINK_IS_IDENTITY, q.identity) : undefined);
    return row ? toItem(row) : null;
  }

  /** A guid/link is stored in its column when it differs from the row's identity, else flagged as equal. */
  private byValue(stmt: Database.Statement<[string], ItemRow>, value: string, flag: number, identity: string): ItemRow | undefined {
    if (value !== identity) {
      const row = this.q.byIdentity.get(value);
      if (row && row.flags & flag) return row;
    }
    return stmt.get(value);
  }

  upsertItem(rec: ItemRecord): void {
    this.endRead();
    const guidSame = rec.guid !== null && rec.guid === rec.identity;
    const linkSame = rec.link !== null && rec.link === rec.identity;
    this.q.putItem.run({
      identity: rec.identity,
      guid: guidSame ? null : rec.guid,
      link: linkSame ? null : rec.link,
      flags: (guidSame ? GUID_IS_IDENTITY : 0) | (linkSame ? LINK_IS_IDENTITY : 0),
      feedKey: rec.feedKey,
      contentHash: rec.contentHash,
      file: rec.file,
      firstSeen: rec.firstSeen,
    });
  }

  fileTaken(file: string): boolean {
    this.read();
    return this.q.fileTaken.get(file) !== undefined;
  }

  countItems(feedKey?: string): number {
    this.read();
    if (feedKey === undefined) return this.q.countAll.get()!.n;
    return this.q.countFeed.get(feedKey)?.n ?? 0;
  }

  transaction<T>(fn: () => T): T {
    this.endRead();
    // nested: a savepoint, as better-sqlite3 does it
    if (this.db.inTransaction) return this.db.transaction(fn)();
    // outermost: prepared BEGIN/COMMIT rather than a new better-sqlite3 transaction function per call
    this.q.begin.run();
    try {
      const result = fn();
      this.q.commit.run();
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.q.rollback.run();
      throw err;
    }
  }

  close(): void {
    if (!this.db.open) return;
    this.endRead();
    try {
      this.db.pragma('optimize');
    } catch {
      // optimisation only
    }
    this.db.close();
  }
}
