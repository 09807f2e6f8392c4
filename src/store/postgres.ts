// The state store on PostgreSQL (pg), for many workers on many machines sharing one database.
// Exactly-once claims: a claim takes transaction-scoped advisory locks on the hashed identity, guid, link and
// file name of its records (sorted, so two claims never deadlock), then looks them up and inserts. Two claims
// that could match each other share a key, so the second waits for the first's commit and then sees its rows.
// (Unique indexes on guid and link would also do it, but existing data may hold a guid or link twice, and an
// index violation mid-batch would abort the whole claim.)
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { ArticleRecord, ClaimResult, FeedHealth, FeedPatch, FeedPostCounts, FeedSave, ImageRecord, ItemQuery, ItemRecord, PostCountQuery, PostQuery, Store } from '../model.js';
import { StoreError } from './errors.js';
import { PG_MIGRATIONS } from './postgres-schema.js';
import { FEED_COLUMNS, FEED_DEFAULTS, LIST_FIELDS, bucketBounds, countCap, groupCounts, likePattern, metaRest, oneLine, pageLimit, parseArticleRecord, parseImageRecord, patchFields, searchWords, toFeed, toMeta, type FeedRow, type MetaRest } from './rows.js';

interface ItemRow {
  identity: string;
  guid: string | null;
  link: string | null;
  feed_key: string;
  content_hash: string;
  file: string;
  first_seen: number;
  pending: boolean;
  title: string | null;
  post_date: number | null;
  meta: MetaRest | null;
}

type Client = pg.PoolClient;
type Queryable = Pick<pg.Pool, 'query'> | Client;

// BIGINT (epoch ms, counts) as numbers: every value we store fits in a double. Per pool, not pg's global parsers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A fixed key for the migrations' advisory lock ('feedmill' in ASCII). */
const MIGRATION_LOCK = '7306930284010579308';

const FEED_SELECT = 'SELECT f.*, (SELECT count(*) FROM items i WHERE i.feed_key = f.key) AS items_known FROM feeds f';

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

export async function openPostgresStore(url: string): Promise<PostgresStore> {
  const where = redact(url);
  const pool = new pg.Pool({ connectionString: url, max: 8, types, application_name: 'feedmill' });
  // an idle connection the server closed: the pool drops it and opens a new one for the next query
  pool.on('error', () => undefined);
  try {
    await migrate(pool, where);
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (err instanceof StoreError) throw err;
    const code = (err as { code?: string }).code;
    const hint = code === 'ECONNREFUSED' ? ' (is PostgreSQL running?)' : code === '3D000' ? ' (create the database first)' : '';
    throw new StoreError(`cannot use database ${where}: ${oneLine(err)}${hint}`, where);
  }
  return new PostgresStore(pool);
}

/** Applies missing migrations in one transaction under an advisory lock: workers starting together wait. */
async function migrate(pool: pg.Pool, where: string): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const probe = await c.query<{ ours: boolean; taken: boolean }>(
      `SELECT to_regclass('schema_migrations') IS NOT NULL AS ours, to_regclass('items') IS NOT NULL OR to_regclass('feeds') IS NOT NULL AS taken`,
    );
    if (!probe.rows[0]!.ours && probe.rows[0]!.taken) {
      throw new StoreError(`cannot use database ${where}: its tables feeds/items are not feedmill's (no schema_migrations) — it was left untouched`, where);
    }
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const version = (await c.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')).rows[0]!.v;
    if (version > PG_MIGRATIONS.length) {
      throw new StoreError(
        `cannot use database ${where}: it was written by a newer feedmill (schema ${version}, this one knows ${PG_MIGRATIONS.length}) — upgrade feedmill`,
        where,
      );
    }
    for (let v = version; v < PG_MIGRATIONS.length; v++) {
      await c.query(PG_MIGRATIONS[v]!);
      await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
    }
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

/** The connection was lost (server restart, pg_terminate_backend, network): a new one may succeed. */
function connectionLost(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  if (['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED'].includes(code) || code.startsWith('08')) return true;
  return /Connection terminated|connection error|Client was closed/i.test(oneLine(err));
}

/** Deadlock or serialization failure: the transaction was rolled back and may simply run again. */
const retryable = (err: unknown): boolean => ['40P01', '40001'].includes((err as { code?: string }).code ?? '');

/** A signed 64-bit advisory lock key for a claim key, as text (pg sends bigints as text). */
function lockKey(kind: string, value: string): string {
  return createHash('sha1').update(`${kind}\0${value}`).digest().readBigInt64BE(0).toString();
}

function toItem(r: ItemRow): ItemRecord {
  return {
    identity: r.identity,
    guid: r.guid,
    link: r.link,
    feedKey: r.feed_key,
    contentHash: r.content_hash,
    file: r.file,
    firstSeen: r.first_seen,
    pending: r.pending,
    meta: toMeta(r.title, r.post_date, r.meta),
  };
}

/** PostgreSQL text cannot hold U+0000 (SQLite can): dropped, the same way on every write and lookup. */
const noNul = <T extends string | null>(v: T): T => (v !== null && v.includes('\0') ? (v.replaceAll('\0', '') as T) : v);

/** Items as column arrays for `unnest`: one statement inserts a whole batch. */
function itemArrays(recs: ItemRecord[], pending: boolean): unknown[] {
  return [
    recs.map((r) => noNul(r.identity)),
    recs.map((r) => noNul(r.guid)),
    recs.map((r) => noNul(r.link)),
    recs.map((r) => noNul(r.feedKey)),
    recs.map((r) => r.contentHash),
    recs.map((r) => noNul(r.file)),
    recs.map((r) => Math.round(r.firstSeen)),
    recs.map(() => pending),
    recs.map((r) => noNul(r.meta?.title ?? null)),
    recs.map((r) => (r.meta ? Math.round(r.meta.date) : null)),
    recs.map((r) => (r.meta ? JSON.stringify(metaRest(r.meta), (_, v: unknown) => (typeof v === 'string' ? noNul(v) : v)) : null)),
  ];
}

const INSERT_ITEMS = `
  INSERT INTO items (identity, guid, link, feed_key, content_hash, file, first_seen, pending, title, post_date, meta)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bool[],
                       $9::text[], $10::bigint[], $11::jsonb[])`;

/** For each query (by ordinality n), the item by identity, else the oldest by guid, else the oldest by link. */
const FIND_ITEMS = `
  SELECT q.n, i.* FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS q(identity, guid, link, n)
  CROSS JOIN LATERAL (
    SELECT x.* FROM (
      (SELECT 0 AS p, * FROM items WHERE identity = q.identity)
      UNION ALL (SELECT 1, * FROM items WHERE guid = q.guid ORDER BY seq LIMIT 1)
      UNION ALL (SELECT 2, * FROM items WHERE link = q.link ORDER BY seq LIMIT 1)
    ) x ORDER BY x.p LIMIT 1
  ) i`;

const ignoreError = (): void => undefined;

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  /**
   * Runs `fn` on one connection, in a transaction when asked. A lost connection before COMMIT was sent, a
   * deadlock or a serialization failure rolled everything back: the work runs again (up to 3 times) on a
   * fresh connection. Once COMMIT is sent it never runs again: its outcome is unknown, and a claim run twice
   * would find its own rows and report them as another's.
   */
  private async run<T>(transaction: boolean, fn: (c: Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: Client | undefined;
      let committing = false;
      try {
        client = await this.pool.connect();
        // a connection cut between two queries of ours: the next query fails and is handled below (the pool
        // listens only while the connection is idle, and an unheard 'error' would end the process)
        client.on('error', ignoreError);
        if (transaction) await client.query('BEGIN');
        const result = await fn(client);
        committing = true;
        if (transaction) await client.query('COMMIT');
        client.off('error', ignoreError);
        client.release();
        return result;
      } catch (err) {
        const lost = connectionLost(err);
        if (client) {
          if (transaction && !lost) await client.query('ROLLBACK').catch(() => undefined);
          client.off('error', ignoreError);
          client.release(lost ? (err as Error) : undefined);
        }
        if (attempt >= 3 || committing || !(lost || retryable(err))) throw err;
      }
    }
  }

  private read<T>(fn: (c: Queryable) => Promise<T>): Promise<T> {
    return this.run(false, fn);
  }

  async getFeed(key: string): Promise<FeedHealth | null> {
    const r = await this.read((c) => c.query<FeedRow>(`${FEED_SELECT} WHERE f.key = $1`, [key]));
    return r.rows[0] ? toFeed(r.rows[0]) : null;
  }

  async listFeeds(): Promise<FeedHealth[]> {
    const r = await this.read((c) => c.query<FeedRow>(`${FEED_SELECT} ORDER BY f.key COLLATE "C"`));
    return r.rows.map(toFeed);
  }

  async updateFeed(key: string, patch: FeedPatch): Promise<void> {
    await this.run(false, (c) => patchFeed(c, key, patch));
  }

  async findItems(queries: ItemQuery[]): Promise<Array<ItemRecord | null>> {
    if (queries.length === 0) return [];
    return this.read((c) => find(c, queries));
  }

  async claimItems(records: ItemRecord[]): Promise<ClaimResult[]> {
    if (records.length === 0) return [];
    return this.run(true, async (c) => {
      const keys = new Set<string>();
      for (const r of records) {
        keys.add(lockKey('i', r.identity)).add(lockKey('f', r.file));
        if (r.guid) keys.add(lockKey('g', r.guid));
        if (r.link) keys.add(lockKey('l', r.link));
      }
      // sorted, and unnest keeps array order: every claim takes its locks in one global order
      const sorted = [...keys].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await c.query('SELECT count(pg_advisory_xact_lock(k)) FROM unnest($1::bigint[]) AS k', [sorted]);
      const found = await find(c, records);
      const taken = await c.query<{ file: string }>('SELECT DISTINCT file FROM items WHERE file = ANY($1)', [records.map((r) => r.file)]);
      const files = new Set(taken.rows.map((r) => r.file));
      const claimed: ItemRecord[] = [];
      const results = records.map((rec, i): ClaimResult => {
        const known = found[i] ?? claimed.find((o) => o.identity === rec.identity || (rec.guid && o.guid === rec.guid) || (rec.link && o.link === rec.link));
        if (known) return { kind: 'known', record: known };
        if (files.has(rec.file)) return { kind: 'file-taken' };
        claimed.push({ ...rec, pending: true });
        files.add(rec.file);
        return { kind: 'claimed' };
      });
      if (claimed.length) {
        const inserted = await c.query<{ identity: string }>(`${INSERT_ITEMS} ON CONFLICT (identity) DO NOTHING RETURNING identity`, itemArrays(claimed, true));
        if (inserted.rows.length < claimed.length) {
          // a save of an item nobody claimed got there first: it is known, not ours
          const mine = new Set(inserted.rows.map((r) => r.identity));
          const lost = records.map((r, i) => (results[i]!.kind === 'claimed' && !mine.has(r.identity) ? i : -1)).filter((i) => i >= 0);
          const now = await find(c, lost.map((i) => records[i]!));
          lost.forEach((i, k) => (results[i] = { kind: 'known', record: now[k]! }));
        }
        // items of a feed not yet recorded still show in its health (SQLite's trigger does the same)
        await c.query('INSERT INTO feeds (key) SELECT DISTINCT unnest($1::text[]) ON CONFLICT (key) DO NOTHING', [claimed.map((r) => r.feedKey)]);
      }
      return results;
    });
  }

  async saveFeed(key: string, save: FeedSave): Promise<void> {
    // one row per identity (the last wins), in identity order so that two saves lock rows in the same order
    const items = [...new Map(save.items.map((r) => [r.identity, r])).values()].sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
    const texts = Object.entries(save.texts ?? {});
    await this.run(true, async (c) => {
      if (items.length) {
        await c.query(
          `${INSERT_ITEMS}
           ON CONFLICT (identity) DO UPDATE SET
             guid = excluded.guid, link = excluded.link, feed_key = excluded.feed_key, content_hash = excluded.content_hash,
             file = excluded.file, first_seen = least(items.first_seen, excluded.first_seen), pending = false,
             title = coalesce(excluded.title, items.title), post_date = coalesce(excluded.post_date, items.post_date),
             meta = coalesce(excluded.meta, items.meta)`,
          itemArrays(items, false),
        );
      }
      if (save.confirm?.length) {
        await c.query('UPDATE items SET pending = false WHERE identity = ANY($1) AND feed_key = $2 AND pending', [save.confirm, key]);
      }
      if (save.release.length) {
        await c.query(
          `WITH gone AS (DELETE FROM items WHERE identity = ANY($1) AND feed_key = $2 AND pending RETURNING identity)
           DELETE FROM posts WHERE identity IN (SELECT identity FROM gone)`,
          [save.release, key],
        );
      }
      if (texts.length) {
        await c.query(
          `INSERT INTO posts (identity, text) SELECT * FROM unnest($1::text[], $2::text[])
           ON CONFLICT (identity) DO UPDATE SET text = excluded.text`,
          [texts.map(([i]) => noNul(i)), texts.map(([, t]) => noNul(t))],
        );
      }
      await patchFeed(c, key, save.feed);
    });
  }

  async filesTaken(files: string[]): Promise<Set<string>> {
    if (files.length === 0) return new Set();
    const r = await this.read((c) => c.query<{ file: string }>('SELECT DISTINCT file FROM items WHERE file = ANY($1)', [files]));
    return new Set(r.rows.map((x) => x.file));
  }

  async listItems(feedKey: string): Promise<ItemRecord[]> {
    const r = await this.read((c) => c.query<ItemRow>('SELECT * FROM items WHERE feed_key = $1 ORDER BY seq', [feedKey]));
    return r.rows.map(toItem);
  }

  async countItems(feedKey?: string): Promise<number> {
    const r = await this.read((c) =>
      feedKey === undefined
        ? c.query<{ n: number }>('SELECT count(*) AS n FROM items')
        : c.query<{ n: number }>('SELECT count(*) AS n FROM items WHERE feed_key = $1', [feedKey]),
    );
    return r.rows[0]!.n;
  }

  async listPosts(query: PostQuery): Promise<{ total: number; items: ItemRecord[] }> {
    const where = ['NOT pending', 'post_date IS NOT NULL'];
    const params: unknown[] = [];
    const param = (v: unknown): string => `$${params.push(v)}`;
    for (const word of searchWords(query.search)) where.push(`title ILIKE ${param(likePattern(word))}`);
    if (query.category !== undefined) where.push(`meta->'categories' ? ${param(query.category)}`);
    if (query.feedKey !== undefined) where.push(`feed_key = ${param(query.feedKey)}`);
    const filter = where.join(' AND ');
    const cap = countCap(query.countUpTo);
    const countSql =
      cap === null ? `SELECT count(*) AS n FROM items WHERE ${filter}` : `SELECT count(*) AS n FROM (SELECT 1 FROM items WHERE ${filter} LIMIT $${params.length + 1}) m`;
    const countParams = cap === null ? [...params] : [...params, cap];
    return this.read(async (c) => {
      const total = cap === 0 ? 0 : (await c.query<{ n: number }>(countSql, countParams)).rows[0]!.n;
      const page = await c.query<ItemRow>(
        `SELECT * FROM items WHERE ${filter} ORDER BY post_date DESC, seq DESC LIMIT ${param(pageLimit(query.limit))} OFFSET ${param(Math.max(0, query.offset ?? 0))}`,
        params,
      );
      return { total, items: page.rows.map(toItem) };
    });
  }

  async postCounts(query: PostCountQuery): Promise<FeedPostCounts[]> {
    const bounds = bucketBounds(query.bounds);
    // width_bucket: 1 for [bounds[0], bounds[1]), …; the range keeps every row inside the buckets
    const r = await this.read((c) =>
      c.query<{ feed_key: string; i: number; n: number }>(
        `SELECT feed_key, width_bucket(post_date, $1::bigint[]) - 1 AS i, count(*) AS n FROM items
         WHERE NOT pending AND post_date IS NOT NULL AND post_date >= $2 AND post_date < $3 GROUP BY 1, 2`,
        [bounds, bounds[0], bounds[bounds.length - 1]],
      ),
    );
    return groupCounts(r.rows, bounds.length - 1);
  }

  async getPostText(identity: string): Promise<string | null> {
    const r = await this.read((c) => c.query<{ text: string }>('SELECT text FROM posts WHERE identity = $1', [noNul(identity)]));
    return r.rows[0]?.text ?? null;
  }

  async getImage(url: string): Promise<ImageRecord | null> {
    const r = await this.read((c) => c.query<{ record: object }>('SELECT record FROM images WHERE url = $1', [url]));
    return r.rows[0] ? parseImageRecord(r.rows[0].record) : null;
  }

  async putImage(url: string, record: ImageRecord): Promise<void> {
    await this.run(false, (c) =>
      c.query('INSERT INTO images (url, record) VALUES ($1, $2) ON CONFLICT (url) DO UPDATE SET record = excluded.record', [url, JSON.stringify(record)]),
    );
  }

  async pruneItems(identities: string[]): Promise<number> {
    if (identities.length === 0) return 0;
    return this.run(true, async (c) => {
      const r = await c.query(
        `WITH gone AS (
           UPDATE items SET title = NULL, post_date = NULL, meta = NULL
           WHERE identity = ANY($1) AND NOT pending AND post_date IS NOT NULL RETURNING identity)
         , texts AS (DELETE FROM posts WHERE identity IN (SELECT identity FROM gone))
         SELECT count(*)::int AS n FROM gone`,
        [identities],
      );
      return (r.rows[0] as { n: number }).n;
    });
  }

  async removeFeed(key: string): Promise<number> {
    return this.run(true, async (c) => {
      await c.query('DELETE FROM posts WHERE identity IN (SELECT identity FROM items WHERE feed_key = $1)', [key]);
      const n = (await c.query('DELETE FROM items WHERE feed_key = $1', [key])).rowCount ?? 0;
      await c.query('DELETE FROM feeds WHERE key = $1', [key]);
      return n;
    });
  }

  async getArticle(url: string): Promise<ArticleRecord | null> {
    const r = await this.read((c) => c.query<{ record: object }>('SELECT record FROM articles WHERE url = $1', [noNul(url)]));
    return r.rows[0] ? parseArticleRecord(r.rows[0].record) : null;
  }

  async putArticle(url: string, record: ArticleRecord): Promise<void> {
    // jsonb refuses U+0000, which a page's text may hold: dropped, as from every other text
    const json = JSON.stringify(record, (_k, v: unknown) => (typeof v === 'string' ? noNul(v) : v));
    await this.run(false, (c) =>
      c.query('INSERT INTO articles (url, record) VALUES ($1, $2) ON CONFLICT (url) DO UPDATE SET record = excluded.record', [noNul(url), json]),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

async function find(c: Queryable, queries: ItemQuery[]): Promise<Array<ItemRecord | null>> {
  const r = await c.query<ItemRow & { n: number }>(FIND_ITEMS, [queries.map((q) => noNul(q.identity)), queries.map((q) => noNul(q.guid)), queries.map((q) => noNul(q.link))]);
  const out: Array<ItemRecord | null> = queries.map(() => null);
  for (const row of r.rows) out[row.n - 1] = toItem(row);
  return out;
}

/** One upsert naming only the patched columns (undefined fields are kept; null clears or resets to the default). */
async function patchFeed(c: Queryable, key: string, patch: FeedPatch): Promise<void> {
  const fields = patchFields(patch);
  const cols = fields.map((f) => FEED_COLUMNS[f]);
  const values = fields.map((f) => {
    const v = patch[f] === null && f in FEED_DEFAULTS ? FEED_DEFAULTS[f] : patch[f];
    if (LIST_FIELDS.has(f)) return JSON.stringify(v ?? []);
    return typeof v === 'number' ? Math.round(v) : v;
  });
  const sql =
    `INSERT INTO feeds (key${cols.map((col) => `, ${col}`).join('')}) VALUES ($1${cols.map((_, i) => `, $${i + 2}`).join('')})` +
    (cols.length ? ` ON CONFLICT (key) DO UPDATE SET ${cols.map((col) => `${col} = excluded.${col}`).join(', ')}` : ' ON CONFLICT (key) DO NOTHING');
  await c.query(sql, [key, ...values]);
}
