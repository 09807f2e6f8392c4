// One feed, top to bottom: request → 304 or same body: done → parse → entries → plan against the store →
// render → write files → save. A run calls this for many feeds at once; a library user or a queue worker
// can call it for one.
import { hash } from 'node:crypto';
import type { Config, FeedHealth, FeedPatch, FeedReport, FetchResult, Source, Store } from './model.js';
import type { Fetcher } from './fetch/index.js';
import { nextAttemptAfterFailure } from './fetch/backoff.js';
import { categoriesForRouteHeader } from './config/sources.js';
import type { ArticleRun } from './fulltext/fetching.js';
import type { Published } from './publish.js';
import { PostDir } from './output/post-dir.js';
import { formatLocal } from './output/hexo.js';
import { cacheFor } from './fetch/cache-hint.js';
import type { PostSink } from './output/post-sink.js';
import type { DocumentStage } from './stage/documents.js';
import type { HostLimiter } from './fetch/host-limit.js';

export interface FeedContext {
  config: Config;
  store: Store;
  fetcher: Fetcher;
  /** where posts go: the folder of a run (PostDir), or the store only (StoreSink, with keepTexts) */
  posts: PostSink;
  /** fetch even when backing off, and ignore validators and the body hash */
  force?: boolean;
  /** stops the feed's request; a feed past its request finishes */
  signal?: AbortSignal;
  /** the feed's health when the caller read it already (a run reads all in one query) */
  health?: FeedHealth | null;
  /** how many feeds of a run fetch at once (`fetch.concurrency`); default: no limit here */
  fetchSlots?: HostLimiter;
  /** where documents are parsed and rendered (a run's worker thread); default: this thread */
  documents?: DocumentStage;
  /** keep each written post's text in the store (workers; `sync` writes them out) */
  keepTexts?: boolean;
  /** fulltext: the run's cap on article pages and its site rules, shared by its feeds; default: one per call */
  articles?: ArticleRun;
  now?: () => number;
  log?: (line: string) => void;
}

/** A context for calling refreshFeed on its own: posts go to config.output.dir. */
export function feedContext(config: Config, store: Store, fetcher: Fetcher): FeedContext {
  return { config, store, fetcher, posts: new PostDir(config.output.dir) };
}

const sha256 = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

export async function refreshFeed(source: Source, ctx: FeedContext): Promise<FeedReport> {
  const { store, config } = ctx;
  const now = ctx.now ?? Date.now;
  const health = ctx.health !== undefined ? ctx.health : await store.getFeed(source.key);
  const notDue = ctx.force ? null : whyNotDue(source, health, now(), config.timezone);
  if (notDue) return notDue;

  const fingerprint = settingsFingerprint(source, config);
  // validators only hold while the URL and the settings that shape posts are the same as last time
  const sameInputs = !ctx.force && health?.url === source.url && health.bodyHash?.endsWith(':' + fingerprint) === true;
  // a run's feeds hold a fetch slot only while they fetch: parsing and writing one feed overlaps others' requests
  const release = await ctx.fetchSlots?.acquire('feeds', ctx.signal);
  const started = performance.now();
  let response: FetchResult;
  try {
    response = await ctx.fetcher.fetch(source, sameInputs ? { etag: health?.etag, lastModified: health?.lastModified } : {}, ctx.signal);
  } finally {
    release?.();
  }
  const fetchMs = Math.round(performance.now() - started);
  if (response.kind === 'error') {
    if (ctx.signal?.aborted) return report(source, 'skipped', 'interrupted before it was fetched');
    return recordFailure(source, health, ctx, response.reason, fetchMs, response);
  }
  const warnings = response.permanentRedirect ? [`moved permanently to ${response.permanentRedirect}: update the config`] : [];
  const fetched: FeedPatch = {
    url: source.url,
    categories: source.categories,
    lastSuccess: now(),
    failures: 0,
    nextAttempt: null,
    gone: false,
    lastError: null,
    lastErrorAt: null,
    permanentRedirect: response.permanentRedirect,
    etag: response.etag ?? (response.kind === 'not-modified' ? health?.etag : null) ?? null,
    lastModified: response.lastModified ?? (response.kind === 'not-modified' ? health?.lastModified : null) ?? null,
    fetchMs,
  };
  // a 304 carries no headers here: the stored cacheForMs is kept
  if (response.kind === 'not-modified') {
    await store.updateFeed(source.key, fetched);
    return { ...report(source, 'not-modified'), warnings };
  }
  // servers that ignore validators still send the same bytes: nothing to parse
  const bodyHash = sha256(response.body) + ':' + fingerprint;
  if (sameInputs && health?.bodyHash === bodyHash) {
    // the same body has the same <ttl>: without a header hint the stored one still holds
    const hint = cacheFor(response.headers, null);
    await store.updateFeed(source.key, { ...fetched, bodyHash, ...hint });
    return { ...report(source, 'unchanged'), warnings, ...hint };
  }

  // the renderer and the dedupe rules load with the first document: a run where every feed answers 304 needs neither
  const { publish, stageFor } = await import('./publish.js');
  const stage = stageFor(source, ctx);
  const parsed = await stage.parse(response.body, { url: response.url, contentType: response.contentType ?? undefined, timezone: source.timezone }, source.limit);
  if (!parsed.ok) return recordFailure(source, health, ctx, parsed.reason, fetchMs, null);
  source = withReportedRoute(source, response, config);
  const result = await publish(parsed.doc, stage, source, ctx, now());
  const doc = parsed.doc.head;

  const truncated = doc.truncated === true;
  const hint = cacheFor(response.headers, doc);
  const out = { ...report(source, truncated ? 'partial' : 'ok'), warnings, ...result.counts, ...hint };
  if (doc.bozo && !truncated) warnings.push(`malformed feed, recovered${doc.bozoReason ? `: ${doc.bozoReason}` : ''}`);
  if (truncated) out.reason = `the document ends early: items after the cut are missing${doc.bozoReason ? ` (${doc.bozoReason})` : ''}`;
  let feed: FeedPatch = { ...fetched, bodyHash, title: doc.title, cacheForMs: hint.cacheForMs ?? null, ...failuresToKeep(result, health) };
  if (result.errors.length > 0) {
    // fetched, parsed and written again by the next run: no validators, no body hash
    feed = { ...feed, etag: null, lastModified: null, bodyHash: null, lastError: `could not write posts: ${result.errors[0]}`, lastErrorAt: now() };
    out.outcome = 'failed';
    out.reason = `could not write ${result.errors.length} of ${result.errors.length + result.saved.length + result.confirmed.length} posts: ${result.errors[0]}`;
  } else if (truncated || result.images?.retryLater || result.articles?.retryLater) {
    // a cut document may lose items another fetch brings; pictures or articles to try again are tried by the
    // next run, which must then fetch and render the feed in full (bounded: each URL is tried a few times only)
    feed = { ...feed, etag: null, lastModified: null, bodyHash: null };
  }
  if (result.images?.failedNow.length) out.imageFailures = result.images.failedNow;
  if (result.articles?.failedNow.length) out.articleFailures = result.articles.failedNow;
  if (result.articles) warnings.push(...result.articles.warnings);
  try {
    await store.saveFeed(source.key, { items: result.saved, confirm: result.confirmed, release: result.released, feed, texts: result.texts });
  } catch (err) {
    // the files are written; a later run finds their pending claims and completes them
    out.outcome = 'failed';
    out.reason = `could not save what was written: ${(err as Error).message}`;
    out.unsaved = true;
  }
  return out;
}

/** A feed's image and article failures kept for `status`: enough to act on, bounded so a feed of broken links stays small. */
const MAX_KEPT_FAILURES = 100;

function failuresToKeep(result: Published, health: FeedHealth | null): FeedPatch {
  const patch: FeedPatch = {};
  // a feed no longer in download mode (or no longer fetching articles) has nothing to report
  if (result.images) patch.imageFailures = result.images.failures.slice(0, MAX_KEPT_FAILURES);
  else if (health?.imageFailures?.length) patch.imageFailures = [];
  if (result.articles) patch.articleFailures = result.articles.failures.slice(0, MAX_KEPT_FAILURES);
  else if (health?.articleFailures?.length) patch.articleFailures = [];
  return patch;
}

/** A feed that is not fetched in this run, with the reason; null when it is due. Times in the config's zone, as `status` shows them. */
function whyNotDue(source: Source, health: FeedHealth | null, now: number, timezone: string): FeedReport | null {
  if (!health) return null;
  if (health.gone) return report(source, 'failed', `gone (HTTP 410 since ${isoDay(health.lastErrorAt)}): remove it from the config`);
  if (health.nextAttempt !== null && health.nextAttempt > now) {
    const until = formatLocal(new Date(health.nextAttempt), timezone).slice(0, 16);
    return report(source, 'backing-off', `backing off after ${health.failures} failures until ${until} ${timezone} (last error: ${health.lastError ?? 'unknown'})`);
  }
  return null;
}

async function recordFailure(
  source: Source,
  health: FeedHealth | null,
  ctx: FeedContext,
  reason: string,
  fetchMs: number,
  response: Extract<FetchResult, { kind: 'error' }> | null,
): Promise<FeedReport> {
  const t = (ctx.now ?? Date.now)();
  const failures = (health?.failures ?? 0) + 1;
  await ctx.store.updateFeed(source.key, {
    fetchMs,
    url: source.url,
    categories: source.categories,
    lastError: reason,
    lastErrorAt: t,
    failures,
    gone: response?.gone ?? false,
    nextAttempt: nextAttemptAfterFailure(failures, t, ctx.config.fetch.maxBackoff, response?.retryAfter ?? null),
  });
  return report(source, 'failed', reason);
}

/** X-RSSHub-Route names the route pattern exactly; it beats guessing from the path. */
function withReportedRoute(source: Source, response: Extract<FetchResult, { kind: 'ok' }>, config: Config): Source {
  const header = response.headers['x-rsshub-route'];
  const categories = header ? categoriesForRouteHeader(source, header, config) : null;
  return categories ? { ...source, categories } : source;
}

export function report(source: Source, outcome: FeedReport['outcome'], reason: string | null = null): FeedReport {
  return { key: source.key, url: source.url, categories: source.categories, outcome, newPosts: 0, updatedPosts: 0, unchangedPosts: 0, reason, warnings: [] };
}

/** A hash of the settings that shape a feed's posts: editing them re-renders the feed. */
export function settingsFingerprint(source: Source, config: Config): string {
  const shared = { images: config.images, content: config.content, outputs: config.outputs.map((o) => [o.format, o.dir, o.dateStyle]) };
  // the feed's own images: settings, only when it has them (fingerprints of other feeds stay as they were)
  const ownImages = source.images === undefined ? {} : { images: source.images };
  const own = {
    categories: source.categories,
    author: source.author ?? null,
    limit: source.limit,
    timezone: source.timezone,
    filters: source.filters.map((f) => [f.action, f.fields, f.patterns.map(String)]),
    rewrite: source.rewrite,
    ...ownImages,
    // likewise the feed's fulltext setting
    ...(source.fulltext === undefined ? {} : { fulltext: source.fulltext }),
  };
  return sha256(JSON.stringify([own, shared])).slice(0, 16);
}

function isoDay(ms: number | null): string {
  return ms === null ? 'unknown' : new Date(ms).toISOString().slice(0, 10);
}
