// Shared types of the pipeline: config → sources → fetch → decode/parse → transform → write, with a store.
// Stages import from here and never from each other's internals (except parse's url resolver, reused by transform).

// ───────────────────────── parse: the contract of conformance/feed.schema.json ─────────────────────────

export interface Person {
  name: string | null;
  email: string | null;
  url: string | null;
}

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

export interface Entry {
  /** RSS guid, Atom id, RDF rdf:about, JSON Feed id */
  id: string | null;
  /** plain text */
  title: string | null;
  /** absolute URL */
  link: string | null;
  /** ISO 8601 UTC with milliseconds, or null */
  published: string | null;
  updated: string | null;
  authors: Person[];
  categories: string[];
  /** HTML */
  summary: string | null;
  /** HTML */
  content: string | null;
  enclosures: Enclosure[];
  /** the item's own image URL (media:thumbnail, media:content image, JSON image/banner_image, itunes:image, image enclosure) */
  image: string | null;
  /** base URL in scope for summary/content HTML (xml:base), when the document set one; not part of the JSON contract */
  contentBase?: string | null;
}

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FeedDocument {
  format: FeedFormat;
  version: string | null;
  title: string | null;
  link: string | null;
  feedUrl: string | null;
  description: string | null;
  language: string | null;
  image: string | null;
  updated: string | null;
  authors: Person[];
  items: Entry[];
  /** true when the input was malformed but a result was still produced */
  bozo: boolean;
  /** first reason bozo was set, for messages; not part of the JSON contract */
  bozoReason?: string;
  /** the document ends before its end (items after the cut are lost); not part of the JSON contract */
  truncated?: boolean;
  /** the character encoding the bytes were decoded with; not part of the JSON contract */
  encoding?: string;
  /** RSS <ttl>: minutes the feed may be cached before it is fetched again; not part of the JSON contract */
  ttlMinutes?: number;
}

export interface ParseOptions {
  /** the document URL (base for relative links) */
  url?: string;
  /** HTTP Content-Type header, for the charset */
  contentType?: string;
  /** IANA zone for timestamps that carry none; default UTC */
  timezone?: string;
  /**
   * the caller drops the document right after using it (a run's document stage): its strings may stay slices
   * of the decoded text instead of being copied out for a long life (parse/detach.ts)
   */
  shortLived?: boolean;
}

// ───────────────────────── config and sources ─────────────────────────

export interface FilterRule {
  /** keep: only items matching are kept; drop: items matching are dropped */
  action: 'keep' | 'drop';
  /** which fields to test; default all of title, content, author, category */
  fields: Array<'title' | 'content' | 'author' | 'category'>;
  /** regular expressions (already compiled from config `regex` or escaped `keywords`) */
  patterns: RegExp[];
}

export interface FeedConfig {
  /** http(s) URL, file:// URL, or a path relative to the config file */
  url?: string;
  /** RSSHub route, e.g. /guancha/headline (issue 7) */
  rsshub?: string;
  /** RSSHub query options (limit, filter, filterout, mode, format …) */
  rsshubOptions?: Record<string, string | number | boolean>;
  categories?: string[];
  author?: string;
  limit?: number;
  /** ms between fetches of this feed under `feedmill watch` (and schedulers) */
  interval?: number;
  timezone?: string;
  headers?: Record<string, string>;
  filters?: FilterRule[];
  /** CSS selectors of elements to remove from bodies */
  rewrite?: string[];
  /** human title override */
  title?: string;
  /** "none" or a proxy URL (http://, https://, socks5://); overrides fetch.proxy */
  proxy?: string;
  images?: FeedImagesConfig;
  /** fetch the item's web page for the whole article (issue 19); unset means never */
  fulltext?: FulltextSetting;
}

/** Per feed: never (default), always, auto (only when the item's body looks cut, see needsFullText), or a site rule. */
export type FulltextSetting = 'auto' | 'always' | 'never' | { selector: string; remove: string[] };

export interface FulltextConfig {
  /** absolute path of the user's rules file ({host: {selector, remove}}), when given as a path */
  rulesFile?: string;
  /** rules written inline in the config */
  rules?: Record<string, string | { selector: string; remove?: string | string[] }>;
  /** cap on article pages fetched per run (default DEFAULT_MAX_ARTICLES_PER_RUN, src/fulltext/budget.ts) */
  maxPerRun?: number;
}

export interface FetchConfig {
  /** total timeout, ms */
  timeout: number;
  /** connect timeout, ms */
  connectTimeout: number;
  /** cap on the decompressed body, bytes */
  maxBytes: number;
  concurrency: number;
  perHost: number;
  retries: number;
  userAgent: string;
  /** cap of the cross-run backoff for failing feeds, ms */
  maxBackoff: number;
  /** "none" (ignore HTTP(S)_PROXY), a proxy URL (http://, https://, socks5://), or unset for the environment */
  proxy?: string;
}

/** keep: images stay where they are; proxy: http:// images through `proxy`; download: the site owns copies (src/images/) */
export type ImagesMode = 'keep' | 'proxy' | 'download';

/** The Referer sent for an image host: a URL, `article` (the post's own link) or `none`. */
export type RefererRule = string;

export interface ThumbnailConfig {
  width: number;
  height: number;
  /** also use the thumbnail for `headimg:` */
  headimg: boolean;
}

/** images: settings a feed may override. */
export interface FeedImagesConfig {
  mode?: ImagesMode;
  /** host (a suffix match: `sinaimg.cn` covers `wx1.sinaimg.cn`) → Referer rule; merged over the config-wide ones */
  referers?: Record<string, RefererRule>;
}

export interface ImagesConfig {
  /** prefix, or a template holding {url} (percent-encoded) */
  proxy?: string;
  /** template holding {n} (four digits from the item identity) */
  placeholder: string;
  /** default keep; proxy when only `proxy` is set (as before modes existed) */
  mode: ImagesMode;
  /** absolute folder of downloaded images */
  dir: string;
  /** URL path the folder is served under, no trailing slash */
  urlPrefix: string;
  /** host → Referer rule, over the built-in table (src/images/referers.ts) */
  referers: Record<string, RefererRule>;
  /** cap on one image's bytes */
  maxBytes: number;
  /** cap on width × height, read from the header before anything is decoded */
  maxPixels: number;
  thumbnail?: ThumbnailConfig;
}

/** Site generators feedmill writes posts for (src/output/format.ts); `hexo` is the seed format. */
export type OutputFormatName = 'hexo' | 'hugo' | 'jekyll' | 'astro' | 'markdown' | 'json';

export interface OutputConfig {
  /** absolute directory */
  dir: string;
  format: OutputFormatName;
  /** file name template without extension: {title} {hash} {date} {id} */
  filename: string;
  dateStyle: 'rfc1123' | 'local';
}

export type FeedOutFormat = 'atom' | 'rss' | 'json';

/** Feeds of the newest posts, written into the site (src/feeds-out/). */
export interface FeedsOutConfig {
  /** absolute directory the feed files go to */
  dir: string;
  /** how many posts each feed holds */
  limit: number;
  formats: FeedOutFormat[];
  /** the site's absolute URL, e.g. https://blog.example.com/ */
  siteUrl: string;
  title: string;
  description?: string;
  /** a post's URL below siteUrl, Hexo permalink style: `:year/:month/:day/:title/` */
  postUrl: string;
  /** one set of feeds per first category too (under `categories/<name>/`) */
  perCategory: boolean;
}

export interface ContentConfig {
  /** strip utm_* and similar tracking parameters from links */
  stripTracking: boolean;
  /** add target="_blank" to links */
  linksNewTab: boolean;
  /** hosts whose iframes are kept */
  iframeHosts: string[];
}

export interface RsshubConfig {
  instance: string;
  fallbacks: string[];
  /** access key per instance origin, or one for all */
  key?: string;
  keys?: Record<string, string>;
  categoryNames?: Record<string, string>;
}

/** The validated, resolved configuration (paths absolute, durations in ms, sizes in bytes). */
export interface Config {
  /** absolute path of the config file, or null when built in code */
  configPath: string | null;
  /** directory relative paths are resolved against */
  baseDir: string;
  output: OutputConfig;
  /** where the state store lives: the absolute path of an SQLite file, or a postgres:// URL */
  state: string;
  timezone: string;
  limit: number;
  images: ImagesConfig;
  fetch: FetchConfig;
  content: ContentConfig;
  rsshub: RsshubConfig;
  feeds: FeedConfig[];
  /** every output of a run, `output` first (the store's post file names are relative to its dir) */
  outputs: OutputConfig[];
  /** unset: no feeds are written */
  feedsOut?: FeedsOutConfig;
  /** set only when the config has a `fulltext:` section */
  fulltext?: FulltextConfig;
}

/** One feed to pull, as the pipeline sees it. */
export interface Source {
  /** stable identity of the feed across runs (the configured url, or rsshub:route) */
  key: string;
  /** absolute http(s) or file: URL */
  url: string;
  /** further URLs tried in order when `url` answers 403/429/5xx (RSSHub fallback instances) */
  fallbackUrls: string[];
  categories: string[];
  author?: string;
  limit: number;
  timezone: string;
  headers: Record<string, string>;
  filters: FilterRule[];
  rewrite: string[];
  rsshubRoute?: string;
  /** "none" or a proxy URL; unset: fetch.proxy, else the environment */
  proxy?: string;
  /** the feed's own images: settings (over Config.images) */
  images?: FeedImagesConfig;
  /** set only when the feed's config sets it */
  fulltext?: FulltextSetting;
  /** ms between scheduled refreshes (`feedmill schedule`); unset: the scheduler's default */
  interval?: number;
}

// ───────────────────────── fetch ─────────────────────────

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | {
      kind: 'ok';
      status: number;
      /** final URL after redirects */
      url: string;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** set when a 301/308 was followed: the new URL to put in the config */
      permanentRedirect: string | null;
      headers: Record<string, string>;
    }
  | {
      kind: 'not-modified';
      url: string;
      etag: string | null;
      lastModified: string | null;
      permanentRedirect: string | null;
    }
  | {
      kind: 'error';
      /** one line, e.g. "timeout after 20s", "HTTP 503", "body over 10MB", "redirect loop" */
      reason: string;
      status: number | null;
      /** 410 Gone */
      gone: boolean;
      /** ms to wait before the next attempt, from Retry-After */
      retryAfter: number | null;
    };

// ───────────────────────── transform and write ─────────────────────────

export interface Post {
  /** the item's identity key (guid/id, else link, else content hash) */
  identity: string;
  /** plain text, quotes already replaced as the seed system did */
  title: string;
  categories: string[];
  author: string;
  /** the instant to write as `date` */
  date: Date;
  /** timezone for dateStyle local */
  timezone: string;
  /** headimg and thumbnail */
  image: string;
  /** thumbnail when it differs from `image` (a resized copy, see images.thumbnail) */
  thumbnail?: string;
  /** the body HTML, sanitized, with Hexo escapes applied */
  html: string;
  link: string | null;
  guid: string | null;
}

// ───────────────────────── store ─────────────────────────

export interface FeedHealth {
  key: string;
  url: string;
  title: string | null;
  categories: string[];
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  /** epoch ms */
  lastSuccess: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  failures: number;
  /** epoch ms; null means now */
  nextAttempt: number | null;
  gone: boolean;
  permanentRedirect: string | null;
  itemsKnown: number;
  /** how long the last fetch took (ms); a run starts the slowest feeds first */
  fetchMs: number | null;
  /** how long the feed asked not to be fetched again (Cache-Control max-age, RSS <ttl>; ms) as of its last
   *  success; the schedule waits at least this long after it */
  cacheForMs: number | null;
  /** images.mode download: the pictures of the feed's posts that are not the site's own, one line each, as of the
   *  last run that rendered the feed (at most 100) */
  imageFailures: string[];
  /** fulltext: the articles of the feed's posts that show the feed's own body instead, one line each, as of the last
   *  run that rendered the feed (at most 100) */
  articleFailures: string[];
}

export interface ItemRecord {
  /** identity key, see Post.identity */
  identity: string;
  guid: string | null;
  link: string | null;
  feedKey: string;
  /** sha256 (hex) of the post's text as last written (while pending: as it is about to be written) */
  contentHash: string;
  /** path of the post relative to output.dir */
  file: string;
  /** epoch ms of the first sighting: the date of items that carry none */
  firstSeen: number;
  /**
   * Claimed by a run that has not confirmed writing its post yet (it may have been interrupted): the next
   * run renders it again with the same firstSeen and file, and writes it even when the file is missing.
   */
  pending: boolean;
  /** what pages and listings show of the post without reading its file; null for items stored before it was kept */
  meta: PostMeta | null;
}

/** A post's front matter as pages and feeds out show it. */
export interface PostMeta {
  title: string;
  /** epoch ms of the post's date */
  date: number;
  categories: string[];
  author: string;
  /** headimg / thumbnail URL */
  image: string;
  link: string | null;
}

/** A page of posts, newest first (by meta.date). */
export interface PostQuery {
  offset?: number;
  /** default 50, at most 1,000 */
  limit?: number;
  /** words that must all appear in the title (case-insensitive) */
  search?: string;
  /** posts whose categories include this one */
  category?: string;
  feedKey?: string;
  /** count the matches only up to this many: `total` is then min(matches, countUpTo), so a page of a large
   *  store never counts every post (0: no count at all); unset counts every match */
  countUpTo?: number;
}

/** How many posts each feed has per time bucket (for charts): buckets are [bounds[i], bounds[i+1]) in epoch ms. */
export interface PostCountQuery {
  /** ascending bucket edges, at least two: e.g. the local midnights of the days to count */
  bounds: number[];
}

/** One feed's posts per bucket: counts[i] is the posts dated in [bounds[i], bounds[i+1]). */
export interface FeedPostCounts {
  feedKey: string;
  counts: number[];
}

/** How an item is looked up: by identity, else guid, else link (a guid that changes while the link stays is the same item). */
export interface ItemQuery {
  identity: string;
  guid: string | null;
  link: string | null;
}

/** What `claimItems` did with one record. */
export type ClaimResult =
  /** inserted as pending: this caller owns it and must write its post, then `saveFeed` it (or release it) */
  | { kind: 'claimed' }
  /** an item with the same identity, guid or link exists already (another feed or worker was first) */
  | { kind: 'known'; record: ItemRecord }
  /** another item holds this file name: choose the next name and claim again */
  | { kind: 'file-taken' };

/** A feed's health fields to merge; `itemsKnown` is derived from the items and ignored. */
export type FeedPatch = Partial<Omit<FeedHealth, 'key' | 'itemsKnown'>>;

/** One feed's outcome, saved atomically. */
export interface FeedSave {
  /** items whose posts were written (or are unchanged but re-identified): upserted with pending cleared; the
   *  first sighting kept is the earlier one, and a null meta keeps the stored meta */
  items: ItemRecord[];
  /** identities claimed by this caller whose posts could not be written: removed so a later run retries (only
   *  pending items of this feed are removed: a written item, or another feed's claim, is never released) */
  release: string[];
  /** identities claimed by this caller whose posts were written exactly as claimed: only `pending` is cleared
   *  (pending items of this feed only) */
  confirm?: string[];
  feed: FeedPatch;
  /** identity → the post file's full text, kept in the store when the caller asks (workers; `sync` writes them out) */
  texts?: Record<string, string>;
}

/**
 * The state store. Every method is async so that SQLite (embedded) and PostgreSQL (many workers) implement
 * the same contract; each method is atomic on its own. Implementations live in src/store/ and nothing
 * else knows which database it talks to. The contract is tested by test/store/contract.ts.
 */
export interface Store {
  /** 'sqlite' | 'postgres': for messages only */
  readonly kind: string;
  getFeed(key: string): Promise<FeedHealth | null>;
  /** every feed, ordered by key */
  listFeeds(): Promise<FeedHealth[]>;
  /** creates the feed row when missing, merges the given fields (undefined fields are kept, null clears:
   *  categories to [], failures to 0, gone to false, url to '') */
  updateFeed(key: string, patch: FeedPatch): Promise<void>;
  /** for each query, the item with that identity, else that guid, else that link (the oldest such), or null */
  findItems(queries: ItemQuery[]): Promise<Array<ItemRecord | null>>;
  /**
   * Claims new items in one transaction, in order: each record is inserted with pending = true unless an item
   * matches it by identity, guid or link (→ known, with that item) or another item has its file name
   * (→ file-taken). Concurrent callers (feeds of one run, workers of a cluster) never both claim one item.
   */
  claimItems(records: ItemRecord[]): Promise<ClaimResult[]>;
  /** One feed's outcome in one transaction (see FeedSave). */
  saveFeed(key: string, save: FeedSave): Promise<void>;
  /** which of these file names an item holds */
  filesTaken(files: string[]): Promise<Set<string>>;
  /** the items a feed owns (pending ones included) */
  listItems(feedKey: string): Promise<ItemRecord[]>;
  countItems(feedKey?: string): Promise<number>;
  /** written (not pending) items with meta, newest first, and how many match in all */
  listPosts(query: PostQuery): Promise<{ total: number; items: ItemRecord[] }>;
  /** written posts per feed and bucket by post date, for the feeds that have any in the buckets (by feed key) */
  postCounts(query: PostCountQuery): Promise<FeedPostCounts[]>;
  /** the post text kept with `FeedSave.texts`, or null */
  getPostText(identity: string): Promise<string | null>;
  /** what is known about a downloaded image URL (images.mode download), or null */
  getImage(url: string): Promise<ImageRecord | null>;
  /** records (or replaces) what is known about an image URL */
  putImage(url: string, record: ImageRecord): Promise<void>;
  /**
   * Makes these written items tombstones: their listing data (title, date, meta) and kept texts go, the rows
   * stay with identity, guid, link and file, so the item is recognised and never written again. Returns how
   * many items became tombstones.
   */
  pruneItems(identities: string[]): Promise<number>;
  /** Forgets a feed: its health row, its items and their kept texts. Returns how many items were removed. */
  removeFeed(key: string): Promise<number>;
  /** what is known about an article page (fulltext), or null */
  getArticle(url: string): Promise<ArticleRecord | null>;
  /** records (or replaces) what is known about an article page */
  putArticle(url: string, record: ArticleRecord): Promise<void>;
  /** waits for pending writes, then closes; calling it twice is harmless */
  close(): Promise<void>;
}

/** What is known about one image URL: stored (content-addressed by sha256) or failed (retried while attempts last). */
export type ImageRecord =
  | {
      status: 'stored';
      sha256: string;
      /** file extension from the bytes: jpg png gif webp avif bmp */
      ext: string;
      bytes: number;
      /** as displayed (EXIF orientation applied) */
      width: number;
      height: number;
      /** epoch ms */
      at: number;
    }
  | FailedFetchRecord;

/** A URL (picture, article page) that could not be had; retried by later runs while attempts last. */
export interface FailedFetchRecord {
  status: 'failed';
  /** one line */
  reason: string;
  attempts: number;
  /** asking again gives the same answer (410 Gone, not an image or page, SVG, over a cap): not retried */
  permanent: boolean;
  /** epoch ms */
  at: number;
}

/** What is known about one article page (fulltext): its extracted article, or a failure (retried while attempts last). */
export type ArticleRecord =
  | {
      status: 'extracted';
      /** the extracted article: absolute URLs, not yet sanitized (the transform does that on every render) */
      html: string;
      title: string | null;
      /** og:image and the like, else the article's first picture; absolute */
      image: string | null;
      canonical: string;
      /** epoch ms of the fetch */
      at: number;
    }
  | FailedFetchRecord;

/** Downloaded images by original URL; the store backs it, src/images/cache.ts has an in-memory one. */
export interface ImageCache {
  get(url: string): Promise<ImageRecord | null>;
  put(url: string, record: ImageRecord): Promise<void>;
}

// ───────────────────────── run ─────────────────────────

/**
 * ok: fetched and processed; partial: processed, but the document was cut off; not-modified: 304; unchanged:
 * the same body as last time; failed: it failed now, or is gone (410); backing-off: not fetched, it failed
 * lately; skipped: not fetched, the run was interrupted.
 */
export type FeedOutcome = 'ok' | 'partial' | 'not-modified' | 'unchanged' | 'failed' | 'backing-off' | 'skipped';

export interface FeedReport {
  key: string;
  url: string;
  categories: string[];
  outcome: FeedOutcome;
  newPosts: number;
  updatedPosts: number;
  unchangedPosts: number;
  /** one-line reason for failed or skipped feeds, and warnings (bozo, permanent redirect) */
  reason: string | null;
  warnings: string[];
  /** images.mode download: pictures this run tried to download for the feed's posts and could not, one line each */
  imageFailures?: string[];
  /** how long the feed asks not to be fetched again (Cache-Control max-age, RSS <ttl>), when it says; for `watch` */
  cacheForMs?: number;
  /** fulltext: articles this run tried to fetch for the feed's posts and could not (the posts keep the feed's body) */
  articleFailures?: string[];
  /** its posts were made but the store could not save the feed: they wait, claimed, for the feed's next refresh */
  unsaved?: boolean;
}

export interface RunSummary {
  feeds: FeedReport[];
  newPosts: number;
  updatedPosts: number;
  /** feeds that failed in this run (gone ones included) */
  failedFeeds: number;
  /** feeds not fetched because they failed lately; with failedFeeds, what `run --strict` exits 1 for */
  backingOffFeeds: number;
  durationMs: number;
  /** the run was stopped (Ctrl-C, SIGTERM): feeds not started are `skipped` */
  interrupted: boolean;
  /** a dry run: the post files it would have written (relative to output.dir); nothing was written */
  wouldWrite?: string[];
}
