// What both stores share: the feed fields ↔ columns, item meta ↔ columns, and the words of a title search.
import type { ArticleRecord, FeedHealth, FeedPatch, FeedPostCounts, ImageRecord, PostMeta } from '../model.js';

/** FeedPatch field → column of `feeds` (same names in SQLite and PostgreSQL). */
export const FEED_COLUMNS = {
  url: 'url',
  title: 'title',
  categories: 'categories',
  etag: 'etag',
  lastModified: 'last_modified',
  bodyHash: 'body_hash',
  lastSuccess: 'last_success',
  lastError: 'last_error',
  lastErrorAt: 'last_error_at',
  failures: 'failures',
  nextAttempt: 'next_attempt',
  gone: 'gone',
  permanentRedirect: 'permanent_redirect',
  fetchMs: 'fetch_ms',
  cacheForMs: 'cache_for_ms',
  imageFailures: 'image_failures',
  articleFailures: 'article_failures',
} as const satisfies Record<keyof FeedPatch, string>;

export type PatchField = keyof typeof FEED_COLUMNS;

/** Columns that are NOT NULL: a null in a patch resets them to their default instead. */
export const FEED_DEFAULTS: Partial<Record<PatchField, unknown>> = { url: '', categories: [], failures: 0, gone: false, imageFailures: [], articleFailures: [] };

/** Fields kept as JSON lists (text in SQLite, jsonb in PostgreSQL). */
export const LIST_FIELDS: ReadonlySet<PatchField> = new Set(['categories', 'imageFailures', 'articleFailures']);

/** The fields a patch sets (undefined ones are kept), in a stable order so statements can be cached by it. */
export function patchFields(patch: FeedPatch): PatchField[] {
  return (Object.keys(FEED_COLUMNS) as PatchField[]).filter((k) => patch[k] !== undefined);
}

export interface FeedRow {
  key: string;
  url: string;
  title: string | null;
  /** JSON text (SQLite) or already parsed (PostgreSQL jsonb) */
  categories: string | string[];
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  last_success: number | null;
  last_error: string | null;
  last_error_at: number | null;
  failures: number;
  next_attempt: number | null;
  gone: number | boolean;
  permanent_redirect: string | null;
  items_known: number;
  fetch_ms: number | null;
  cache_for_ms: number | null;
  /** JSON text (SQLite) or already parsed (PostgreSQL jsonb) */
  image_failures: string | string[] | null;
  /** JSON text (SQLite) or already parsed (PostgreSQL jsonb) */
  article_failures: string | string[] | null;
}

export function toFeed(r: FeedRow): FeedHealth {
  return {
    key: r.key,
    url: r.url,
    title: r.title,
    categories: typeof r.categories === 'string' ? parseList(r.categories) : r.categories,
    etag: r.etag,
    lastModified: r.last_modified,
    bodyHash: r.body_hash,
    lastSuccess: r.last_success,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at,
    failures: r.failures,
    nextAttempt: r.next_attempt,
    gone: Boolean(r.gone),
    permanentRedirect: r.permanent_redirect,
    itemsKnown: Number(r.items_known),
    fetchMs: r.fetch_ms ?? null,
    cacheForMs: r.cache_for_ms ?? null,
    imageFailures: listColumn(r.image_failures),
    articleFailures: listColumn(r.article_failures),
  };
}

/** The part of PostMeta kept as JSON; title and date have columns of their own (searched, sorted). */
export interface MetaRest {
  categories: string[];
  author: string;
  image: string;
  link: string | null;
}

export const metaRest = (m: PostMeta): MetaRest => ({ categories: m.categories, author: m.author, image: m.image, link: m.link });

export function toMeta(title: string | null, date: number | null, rest: string | MetaRest | null): PostMeta | null {
  if (title === null || date === null || rest === null) return null;
  const r: Partial<MetaRest> = typeof rest === 'string' ? parseObject(rest) : rest;
  return { title, date: Number(date), categories: Array.isArray(r.categories) ? r.categories : [], author: r.author ?? '', image: r.image ?? '', link: r.link ?? null };
}

/** The words of a title search; each must appear in the title. */
export function searchWords(search: string | undefined): string[] {
  return (search ?? '').split(/\s+/u).filter((w) => w !== '');
}

/** `%word%` for LIKE, with the wildcards of the word escaped by `\`. */
export const likePattern = (word: string): string => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The bound on a listing's count, or null to count every match (see PostQuery.countUpTo). */
export const countCap = (countUpTo: number | undefined): number | null => (countUpTo === undefined ? null : Math.max(0, Math.floor(countUpTo)));

/** Checks a PostCountQuery's bounds: at least two, ascending, finite. */
export function bucketBounds(bounds: number[]): number[] {
  if (bounds.length < 2 || bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= bounds[i - 1]!))) {
    throw new RangeError('postCounts: bounds must be at least two ascending epoch-ms values');
  }
  return bounds.map((b) => Math.round(b));
}

/** Rows of (feed, bucket index, count) as one FeedPostCounts per feed, ordered by feed key. */
export function groupCounts(rows: Array<{ feed_key: string; i: number; n: number }>, buckets: number): FeedPostCounts[] {
  const byFeed = new Map<string, number[]>();
  for (const r of rows) {
    let counts = byFeed.get(r.feed_key);
    if (!counts) byFeed.set(r.feed_key, (counts = new Array<number>(buckets).fill(0)));
    counts[Number(r.i)] = Number(r.n);
  }
  return [...byFeed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([feedKey, counts]) => ({ feedKey, counts }));
}

export const pageLimit = (limit: number | undefined): number => Math.max(0, Math.min(limit ?? 50, 1000));

const listColumn = (v: string | string[] | null | undefined): string[] => (v === null || v === undefined ? [] : typeof v === 'string' ? parseList(v) : v);

function parseList(s: string): string[] {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return []; // a hand-edited row: show no categories rather than fail
  }
}

function parseObject(s: string): Partial<MetaRest> {
  try {
    return (JSON.parse(s) as Partial<MetaRest>) ?? {};
  } catch {
    return {};
  }
}

/** A JSON record (text, or jsonb already parsed) whose `status` is one of `statuses`; null when a hand-edited row is not one. */
function parseRecord<T>(raw: string | object, statuses: readonly string[]): T | null {
  let v: unknown = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const status = (v as { status?: unknown } | null)?.status;
  return typeof status === 'string' && statuses.includes(status) ? (v as T) : null;
}

/** An images row's record. */
export const parseImageRecord = (raw: string | object): ImageRecord | null => parseRecord<ImageRecord>(raw, ['stored', 'failed']);

/** An articles row's record. */
export const parseArticleRecord = (raw: string | object): ArticleRecord | null => parseRecord<ArticleRecord>(raw, ['extracted', 'failed']);

export function oneLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n', 1)[0]!;
}
