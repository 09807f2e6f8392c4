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
  /** the character encoding the bytes were decoded with; not part of the JSON contract */
  encoding?: string;
}

export interface ParseOptions {
  /** the document URL (base for relative links) */
  url?: string;
  /** HTTP Content-Type header, for the charset */
  contentType?: string;
  /** IANA zone for timestamps that carry none; default UTC */
  timezone?: string;
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
  timezone?: string;
  headers?: Record<string, string>;
  filters?: FilterRule[];
  /** CSS selectors of elements to remove from bodies */
  rewrite?: string[];
  /** human title override */
  title?: string;
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
  /** cap on article pages fetched per run */
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
}

export interface ImagesConfig {
  /** prefix, or a template holding {url} (percent-encoded) */
  proxy?: string;
  /** template holding {n} (four digits from the item identity) */
  placeholder: string;
}

export interface OutputConfig {
  /** absolute directory */
  dir: string;
  format: 'hexo';
  /** file name template without extension: {title} {hash} {date} {id} */
  filename: string;
  dateStyle: 'rfc1123' | 'local';
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
  /** absolute path of the SQLite state file */
  state: string;
  timezone: string;
  limit: number;
  images: ImagesConfig;
  fetch: FetchConfig;
  content: ContentConfig;
  rsshub: RsshubConfig;
  feeds: FeedConfig[];
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
  /** set only when the feed's config sets it */
  fulltext?: FulltextSetting;
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
}

export interface ItemRecord {
  /** identity key, see Post.identity */
  identity: string;
  guid: string | null;
  link: string | null;
  feedKey: string;
  /** hash of the post file's content as last written */
  contentHash: string;
  /** path of the post relative to output.dir */
  file: string;
  /** epoch ms of the first sighting: the date of items that carry none */
  firstSeen: number;
}

export type FetchedFields = Pick<FeedHealth, 'url' | 'categories' | 'lastSuccess' | 'etag' | 'lastModified' | 'permanentRedirect' | 'fetchMs'>;

export interface Store {
  getFeed(key: string): FeedHealth | null;
  listFeeds(): FeedHealth[];
  /** creates the feed row when missing, merges the given fields */
  updateFeed(key: string, patch: Partial<Omit<FeedHealth, 'key'>>): void;
  /**
   * A successful fetch that changes no post (304): clears the failure state and sets these fields of an
   * existing row in one statement. False when the feed has no row yet.
   */
  markFetched(key: string, fields: FetchedFields): boolean;
  /** finds an item by identity, else guid, else link */
  findItem(q: { identity: string; guid: string | null; link: string | null }): ItemRecord | null;
  upsertItem(rec: ItemRecord): void;
  /** whether a file name is already taken by another item */
  fileTaken(file: string): boolean;
  countItems(feedKey?: string): number;
  transaction<T>(fn: () => T): T;
  close(): void;
}

// ───────────────────────── run ─────────────────────────

export type FeedOutcome = 'ok' | 'not-modified' | 'unchanged' | 'failed' | 'skipped';

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
}

export interface RunSummary {
  feeds: FeedReport[];
  newPosts: number;
  updatedPosts: number;
  failedFeeds: number;
  durationMs: number;
}
