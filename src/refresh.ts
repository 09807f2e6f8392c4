// One feed, top to bottom: request → 304 or same body: done → parse → entries → plan against the store →
// render → write files → save. A run calls this for many feeds at once; a library user or a queue worker
// can call it for one.
import { hash } from 'node:crypto';
import type { Config, FeedDocument, FeedHealth, FeedPatch, FeedReport, FetchResult, ItemRecord, Source, Store } from './model.js';
import type { Fetcher } from './fetch/index.js';
import { nextAttemptAfterFailure } from './fetch/backoff.js';
import { categoriesForRouteHeader } from './config/sources.js';
import { parseFeed } from './parse/index.js';
import { NotAFeedError } from './parse/errors.js';
import { newestEntries } from './items/select.js';
import { distinctItems } from './items/identity.js';
import { decide, updatedRecord, type Decision } from './items/plan.js';
import { claimNewItems, type NewItem } from './items/claim.js';
import { renderPost, type RenderedPost } from './output/render.js';
import { PostDir } from './output/post-dir.js';
import type { PostSink } from './output/post-sink.js';

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
  /** keep each written post's text in the store (workers; `sync` writes them out) */
  keepTexts?: boolean;
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
  const notDue = ctx.force ? null : whyNotDue(source, health, now());
  if (notDue) return notDue;

  const fingerprint = settingsFingerprint(source, config);
  // validators only hold while the URL and the settings that shape posts are the same as last time
  const sameInputs = !ctx.force && health?.url === source.url && health.bodyHash?.endsWith(':' + fingerprint) === true;
  const started = performance.now();
  const response = await ctx.fetcher.fetch(source, sameInputs ? { etag: health?.etag, lastModified: health?.lastModified } : {}, ctx.signal);
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
  if (response.kind === 'not-modified') {
    await store.updateFeed(source.key, fetched);
    return { ...report(source, 'not-modified'), warnings };
  }
  // servers that ignore validators still send the same bytes: nothing to parse
  const bodyHash = sha256(response.body) + ':' + fingerprint;
  if (sameInputs && health?.bodyHash === bodyHash) {
    await store.updateFeed(source.key, { ...fetched, bodyHash });
    return { ...report(source, 'unchanged'), warnings };
  }

  let doc: FeedDocument;
  try {
    doc = parseFeed(response.body, { url: response.url, contentType: response.contentType ?? undefined, timezone: source.timezone });
  } catch (err) {
    const reason = err instanceof NotAFeedError ? err.message : `parse error: ${(err as Error).message}`;
    return recordFailure(source, health, ctx, reason, fetchMs, null);
  }
  source = withReportedRoute(source, response, config);
  const items = distinctItems(newestEntries(doc.items, source.limit));
  const known = await store.findItems(items.map((i) => i.ids));
  const result = await writePosts(decide(items, known, source.key), doc, source, ctx, now());

  const truncated = isTruncated(doc);
  const out = { ...report(source, truncated ? 'partial' : 'ok'), warnings, ...result.counts };
  if (doc.bozo && !truncated) warnings.push(`malformed feed, recovered${doc.bozoReason ? `: ${doc.bozoReason}` : ''}`);
  if (truncated) out.reason = `the document ends early: items after the cut are missing${doc.bozoReason ? ` (${doc.bozoReason})` : ''}`;
  let feed: FeedPatch = { ...fetched, bodyHash, title: doc.title };
  if (result.errors.length > 0) {
    // fetched, parsed and written again by the next run: no validators, no body hash
    feed = { ...feed, etag: null, lastModified: null, bodyHash: null, lastError: `could not write posts: ${result.errors[0]}`, lastErrorAt: now() };
    out.outcome = 'failed';
    out.reason = `could not write ${result.errors.length} of ${result.errors.length + result.saved.length} posts: ${result.errors[0]}`;
  } else if (truncated) {
    // a cut document may lose items another fetch brings: no validators, no body hash
    feed = { ...feed, etag: null, lastModified: null, bodyHash: null };
  }
  try {
    await store.saveFeed(source.key, { items: result.saved, release: result.released, feed, texts: result.texts });
  } catch (err) {
    // the files are written; a later run finds their pending claims and completes them
    out.outcome = 'failed';
    out.reason = `could not save what was written: ${(err as Error).message}`;
  }
  return out;
}

interface Written {
  counts: { newPosts: number; updatedPosts: number; unchangedPosts: number };
  saved: ItemRecord[];
  released: string[];
  errors: string[];
  texts: Record<string, string> | undefined;
}

/** Renders what the plan says, claims the new items, writes their files; returns what to save. */
async function writePosts(plan: Decision[], doc: FeedDocument, source: Source, ctx: FeedContext, now: number): Promise<Written> {
  const { config, posts } = ctx;
  const render = (d: Decision, firstSeen: number, identity: string): RenderedPost | null =>
    renderPost(d.entry, doc, source, { identity, firstSeen }, config);
  const jobs: Array<{ record: ItemRecord; rendered: RenderedPost; kind: 'new' | 'updated'; adopt: boolean }> = [];
  const fresh: NewItem[] = [];
  let unchangedPosts = 0;
  for (const d of plan) {
    if (d.kind === 'owned-elsewhere') continue;
    if (d.kind === 'new') {
      const rendered = render(d, now, d.ids.identity);
      if (rendered) fresh.push({ ids: d.ids, firstSeen: now, rendered });
      continue;
    }
    const rendered = render(d, d.record.firstSeen, d.record.identity);
    if (!rendered) continue;
    const record = updatedRecord(d.record, d.ids, rendered.contentHash, rendered.meta);
    if (d.kind === 'resume') {
      jobs.push({ record, rendered, kind: 'new', adopt: false });
    } else if (rendered.contentHash === d.record.contentHash) {
      unchangedPosts++;
    } else if (await posts.has(d.record.file)) {
      jobs.push({ record, rendered, kind: 'updated', adopt: false });
    } else {
      // the user deleted the post: never recreate it
      unchangedPosts++;
    }
  }
  for (const c of await claimNewItems(ctx.store, source.key, fresh, posts)) {
    jobs.push({ record: { ...c.record, contentHash: c.rendered.contentHash, pending: false }, rendered: c.rendered, kind: 'new', adopt: c.adopt });
  }

  const out: Written = { counts: { newPosts: 0, updatedPosts: 0, unchangedPosts }, saved: [], released: [], errors: [], texts: ctx.keepTexts ? {} : undefined };
  await Promise.all(
    jobs.map(async (job) => {
      try {
        if (!job.adopt) await posts.write(job.record.file, job.rendered.text);
      } catch (err) {
        out.errors.push(`${job.record.file}: ${(err as Error).message}`);
        // a new item's claim is given back; an updated one keeps its old hash and is rewritten next time
        if (job.kind === 'new') out.released.push(job.record.identity);
        return;
      }
      out.saved.push(job.record);
      if (out.texts) out.texts[job.record.identity] = job.rendered.text;
      if (job.kind === 'new') out.counts.newPosts++;
      else out.counts.updatedPosts++;
    }),
  );
  return out;
}

/** A feed that is not fetched in this run, with the reason; null when it is due. */
function whyNotDue(source: Source, health: FeedHealth | null, now: number): FeedReport | null {
  if (!health) return null;
  if (health.gone) return report(source, 'failed', `gone (HTTP 410 since ${isoDay(health.lastErrorAt)}): remove it from the config`);
  if (health.nextAttempt !== null && health.nextAttempt > now) {
    const until = new Date(health.nextAttempt).toISOString().replace('T', ' ').slice(0, 16);
    return report(source, 'backing-off', `backing off after ${health.failures} failures until ${until} UTC (last error: ${health.lastError ?? 'unknown'})`);
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
  const shared = { images: config.images, content: config.content, dateStyle: config.output.dateStyle };
  const own = {
    categories: source.categories,
    author: source.author ?? null,
    limit: source.limit,
    timezone: source.timezone,
    filters: source.filters.map((f) => [f.action, f.fields, f.patterns.map(String)]),
    rewrite: source.rewrite,
  };
  return sha256(JSON.stringify([own, shared])).slice(0, 16);
}

/** The document was cut off (a dropped connection, a full disk upstream): items after the cut are lost. */
function isTruncated(doc: FeedDocument): boolean {
  return doc.truncated ?? /^(?:document ends early|unterminated )/.test(doc.bozoReason ?? '');
}

function isoDay(ms: number | null): string {
  return ms === null ? 'unknown' : new Date(ms).toISOString().slice(0, 10);
}
