// One run: sources → fetch → parse → transform → write, remembering everything in the store.
// Feeds are processed as a stream through a bounded pool, so memory does not grow with the number of feeds.
import { hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Config, FeedHealth, FeedReport, FetchResult, ItemRecord, RunSummary, Source, Store } from './model.js';
import { resolveSources, categoriesForRouteHeader } from './config/sources.js';
import type { Fetcher } from './fetch/index.js';
import { HostLimiter } from './fetch/host-limit.js';
import type { PostWriter } from './output/post-writer.js';
import type { RenderClient } from './pipeline/render-client.js';
import type { Rendered, RenderPick } from './pipeline/render.js';
import type { ItemIdentity } from './transform/identity.js';
import { nextAttemptAfterFailure } from './store/health.js';
import { acquireRunLock } from './store/lock.js';

// The stages are loaded on first use: undici, SQLite, the HTML tool chain and the parser together cost
// more start-up time than a run over a handful of unchanged feeds. A run where every feed answers 304
// never loads the parser, the HTML tool chain or the writer.
async function loadCoreStages() {
  const [fetch, store] = await Promise.all([import('./fetch/index.js'), import('./store/index.js')]);
  return { createFetcher: fetch.createFetcher, openStore: store.openStore };
}

async function loadContentStages() {
  // the parser and the transform are loaded by the render thread (or by render-client.ts, if it cannot start)
  const [uniqueName, postWriter, renderClient, write] = await Promise.all([
    import('./output/unique-name.js'),
    import('./output/post-writer.js'),
    import('./pipeline/render-client.js'),
    import('./output/write.js'),
  ]);
  return {
    uniqueFileName: uniqueName.uniqueFileName,
    PostWriter: postWriter.PostWriter,
    RenderClient: renderClient.RenderClient,
    removeTempDir: write.removeTempDir,
  };
}
type CoreStages = Awaited<ReturnType<typeof loadCoreStages>>;
type Stages = Awaited<ReturnType<typeof loadContentStages>>;
let core: CoreStages | undefined;
let stages: Stages;
let stagesLoading: Promise<Stages> | undefined;

function contentStages(): Promise<Stages> {
  stagesLoading ??= loadContentStages().then((s) => (stages = s));
  return stagesLoading;
}

export interface RunOptions {
  /** called once per feed when it is done, in completion order */
  onFeedDone?: (report: FeedReport, done: number, total: number) => void;
  /** verbose diagnostics */
  log?: (line: string) => void;
  /** ignore the cross-run backoff of failing feeds */
  force?: boolean;
  /** do not ask RSSHub instances for their catalog */
  offline?: boolean;
  /** clock, for tests */
  now?: () => number;
  /** an already-open store (library users); otherwise config.state is opened and closed here */
  store?: Store;
  /**
   * called when the run has started a thread of its own (the render thread, the post writer). Node resets V8 flags set with
   * v8.setFlagsFromString when a thread starts; a caller that tunes them sets them again here.
   */
  onThreadStarted?: () => void;
}

// one-shot: a Hash object per post showed up in allocation profiles
const sha256 = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

export async function run(config: Config, opts: RunOptions = {}): Promise<RunSummary> {
  const started = Date.now();
  const now = opts.now ?? Date.now;
  const sources = await resolveSources(config, { offline: opts.offline });
  if (sources.length === 0) return { feeds: [], newPosts: 0, updatedPosts: 0, failedFeeds: 0, durationMs: Date.now() - started };
  core ??= await loadCoreStages();
  const { openStore, createFetcher } = core;
  const unlock = opts.store ? () => undefined : acquireRunLock(config.state);
  let store: Store;
  try {
    store = opts.store ?? openStore(config.state);
  } catch (err) {
    unlock();
    throw err;
  }
  const fetcher = createFetcher(config.fetch);
  const reports: FeedReport[] = new Array(sources.length);
  const claims: Claims = { identities: new Set(), files: new Set(), dir: config.output.dir, listed: null };
  const commits = new CommitGroup(store);
  // one query for every feed's health rather than one per feed: this process is the only writer (run lock)
  const known = new Map(store.listFeeds().map((f) => [f.key, f]));
  const width = Math.max(1, Math.min(config.fetch.concurrency, sources.length));
  // as many documents in processing as requests in flight: memory stays bounded by twice the width
  const ctx: RunContext = { config, store, commits, fetcher, opts, now, claims, writer: null, renderer: null, threads: null, documents: 0, processing: new HostLimiter(width) };
  let done = 0;
  try {
    // A feed never fetched will be parsed: its threads start while the first requests are out, not after.
    if (sources.some((s) => !known.has(s.key))) startThreads(ctx).catch(() => undefined);
    const order = slowestFirst(sources, known);
    let next = 0;
    const inFlight = new Set<Promise<void>>();
    let callbackError: { err: unknown } | undefined;
    // one async function per feed rather than a chain of handlers: an all-304 run is mostly this bookkeeping
    const one = async (i: number, source: Source, freeSlot: () => void): Promise<void> => {
      try {
        let report: FeedReport;
        try {
          report = await processFeed(source, known.get(source.key) ?? null, ctx, freeSlot);
        } catch (err) {
          // A bug or a disk error in one feed must not stop the others; the reason says what happened.
          opts.log?.(`${source.url}: ${(err as Error).stack ?? String(err)}`);
          report = baseReport(source, 'failed', `internal error: ${(err as Error).message ?? String(err)}`);
        }
        reports[i] = report;
        done++;
        opts.onFeedDone?.(report, done, sources.length);
      } catch (err) {
        // the caller's callback (or its log) failed: the run still ends in order, then says so
        callbackError ??= { err };
      } finally {
        freeSlot();
      }
    };
    const worker = async (): Promise<void> => {
      while (next < order.length) {
        const i = order[next++]!;
        // The slot is free again once the feed is fetched and admitted for processing (or done), so the
        // next request goes out while its document is read, rendered and written.
        await new Promise<void>((freeSlot) => {
          const task = one(i, sources[i]!, freeSlot).finally(() => inFlight.delete(task));
          inFlight.add(task);
        });
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
    while (inFlight.size > 0) await Promise.all(inFlight);
    if (callbackError) throw callbackError.err;
  } finally {
    await fetcher.close();
    // threads started for feeds that then failed are still starting: let them, then stop them
    await ctx.threads?.catch(() => undefined);
    await ctx.renderer?.close();
    await ctx.writer?.close();
    // every write has settled: the posts' folder keeps no folder of temporary files
    if (ctx.writer) stages.removeTempDir(config.output.dir);
    try {
      commits.flush();
    } finally {
      if (!opts.store) store.close();
    }
    unlock();
  }
  return {
    feeds: reports,
    newPosts: reports.reduce((n, r) => n + r.newPosts, 0),
    updatedPosts: reports.reduce((n, r) => n + r.updatedPosts, 0),
    failedFeeds: reports.filter((r) => r.outcome === 'failed').length,
    durationMs: Date.now() - started,
  };
}

/**
 * Feed indexes, slowest last fetch first (feeds never fetched count as slowest; ties keep the config order).
 * A pool that starts its longest jobs first ends closer to the sum of the work divided by its width: a run
 * that took the feeds in config order often waited at the end for one slow feed started last.
 */
function slowestFirst(sources: Source[], known: Map<string, FeedHealth>): number[] {
  const cost = sources.map((s) => known.get(s.key)?.fetchMs ?? Infinity);
  return sources.map((_, i) => i).sort((a, b) => (cost[b]! === cost[a]! ? a - b : cost[b]! > cost[a]! ? 1 : -1));
}

function baseReport(source: Source, outcome: FeedReport['outcome'], reason: string | null = null): FeedReport {
  return {
    key: source.key,
    url: source.url,
    categories: source.categories,
    outcome,
    newPosts: 0,
    updatedPosts: 0,
    unchangedPosts: 0,
    reason,
    warnings: [],
  };
}

/** What every feed of a run shares. */
interface RunContext {
  config: Config;
  store: Store;
  commits: CommitGroup;
  fetcher: Fetcher;
  opts: RunOptions;
  now: () => number;
  claims: Claims;
  /** started with the run's first document */
  writer: PostWriter | null;
  renderer: RenderClient | null;
  /** the render and writer threads, started */
  threads: Promise<void> | null;
  /** documents read so far: their ids in the render thread */
  documents: number;
  /** fetched documents being read, rendered and written: the fetch stage's FIFO limiter, under one key */
  processing: HostLimiter;
}

type FetchedDocument = Extract<FetchResult, { kind: 'ok' }>;
type SuccessPatch = Partial<Omit<FeedHealth, 'key'>>;

/** `fetched`: called once the feed no longer needs its fetch slot (its document waits for a processing slot). */
async function processFeed(source: Source, health: FeedHealth | null, ctx: RunContext, fetched: () => void): Promise<FeedReport> {
  const { config, store, commits, fetcher, opts, now, claims } = ctx;
  const t = now();
  if (health && !opts.force) {
    if (health.gone) {
      return baseReport(source, 'skipped', `gone (HTTP 410 since ${isoDay(health.lastErrorAt)}): remove it from the config`);
    }
    if (health.nextAttempt !== null && health.nextAttempt > t) {
      return baseReport(
        source,
        'skipped',
        `backing off after ${health.failures} failures until ${new Date(health.nextAttempt).toISOString()} (last error: ${health.lastError ?? 'unknown'})`,
      );
    }
  }
  const fingerprint = settingsFingerprint(source, config);
  // Validators only hold while the URL and the settings that shape posts are the same as last time.
  const sameInputs = health?.url === source.url && health.bodyHash?.endsWith(':' + fingerprint) === true;
  const fetchStarted = performance.now();
  const result = await fetcher.fetch(source, sameInputs && !opts.force ? { etag: health?.etag, lastModified: health?.lastModified } : {});
  const fetchMs = Math.round(performance.now() - fetchStarted);

  if (result.kind === 'error') {
    return recordFailure(source, store, health, config, now(), result.reason, result.gone, result.retryAfter, fetchMs);
  }

  const warnings: string[] = [];
  if (result.permanentRedirect) warnings.push(`moved permanently to ${result.permanentRedirect}: update the config`);

  if (result.kind === 'not-modified') {
    const fields = {
      url: source.url,
      categories: source.categories,
      lastSuccess: now(),
      permanentRedirect: result.permanentRedirect,
      etag: result.etag ?? health?.etag ?? null,
      lastModified: result.lastModified ?? health?.lastModified ?? null,
      fetchMs,
    };
    const key = source.key;
    commits.add({
      apply: () => {
        if (!store.markFetched(key, fields)) store.updateFeed(key, { ...fields, failures: 0, nextAttempt: null, gone: false });
      },
    });
    return { ...baseReport(source, 'not-modified'), warnings };
  }

  // Servers that ignore validators still send the same bytes: skip parsing when nothing changed.
  // The hash also covers the settings that shape posts, so editing the config re-renders the feed.
  const bodyHash = sha256(result.body) + ':' + fingerprint;
  const successPatch: SuccessPatch = {
    url: source.url,
    categories: source.categories,
    etag: result.etag,
    lastModified: result.lastModified,
    bodyHash,
    lastSuccess: now(),
    failures: 0,
    nextAttempt: null,
    gone: false,
    permanentRedirect: result.permanentRedirect,
    fetchMs,
  };
  if (health && sameInputs && health.bodyHash === bodyHash && !opts.force) {
    commits.add({ apply: () => store.updateFeed(source.key, successPatch) });
    return { ...baseReport(source, 'unchanged'), warnings };
  }

  const release = await ctx.processing.acquire('documents');
  fetched();
  try {
    return await processDocument(source, health, ctx, result, warnings, fetchMs, successPatch);
  } finally {
    release();
  }
}

/**
 * Starts the render thread and the post writer's thread once per run; resolves when both run. Started
 * together, before the first document is read: V8 flags that a caller set at run time are reset while a
 * thread starts (see RunOptions.onThreadStarted), so the heap should be quiet meanwhile.
 */
function startThreads(ctx: RunContext): Promise<void> {
  ctx.threads ??= (async () => {
    if (!stages) await contentStages();
    const { config, opts } = ctx;
    const writer = (ctx.writer = new stages.PostWriter({ onOnline: opts.onThreadStarted }));
    const renderer = (ctx.renderer = new stages.RenderClient(
      { images: config.images, content: config.content, dateStyle: config.output.dateStyle, filename: config.output.filename },
      { onOnline: opts.onThreadStarted },
    ));
    await Promise.all([writer.ready(), renderer.ready()]);
    renderer.connectWriter(writer);
  })();
  return ctx.threads;
}

/** Reads, renders and writes a fetched document's posts, then records them. */
async function processDocument(
  source: Source,
  health: FeedHealth | null,
  ctx: RunContext,
  result: FetchedDocument,
  warnings: string[],
  fetchMs: number,
  successPatch: SuccessPatch,
): Promise<FeedReport> {
  const { config, store, commits, opts, now, claims } = ctx;
  await startThreads(ctx);
  const renderer = ctx.renderer!;

  // X-RSSHub-Route names the route pattern exactly; it beats guessing from the path.
  const routeHeader = result.headers['x-rsshub-route'];
  if (routeHeader) {
    const categories = categoriesForRouteHeader(source, routeHeader, config);
    if (categories) source = { ...source, categories };
  }

  const docId = ++ctx.documents;
  const seen = now();
  // A feed never read before has no items in the store (bar ones another feed wrote): render them all with
  // the read, rather than asking the thread again once the store has been asked (bench: first pass).
  const renderAsNew = !health || health.itemsKnown === 0 ? seen : undefined;
  const read = await renderer.read({ id: docId, body: result.body, url: result.url, contentType: result.contentType ?? null, source, renderAsNew });
  if (!read.ok) return recordFailure(source, store, health, config, now(), read.reason, false, null, fetchMs);
  if (read.bozo) warnings.push(`malformed feed, recovered${read.bozoReason ? `: ${read.bozoReason}` : ''}`);

  const report = { ...baseReport(source, 'ok'), warnings };
  let plans: Plan[];
  try {
    plans = await planFeed(docId, read.items, read.rendered, seen, source, ctx);
  } catch (err) {
    renderer.drop(docId);
    throw err;
  }
  const title = read.title;
  // Files first, then the store: a crash in between leaves a post on disk that the next run
  // adopts (same name, same bytes) rather than a store record whose post was never written.
  // Only records outlive the writes: a group of commits waiting to be saved would otherwise hold the text
  // of every post it covers (megabytes on a large run).
  const written: ItemRecord[] = [];
  const claimed = plans.filter((p) => p.outcome !== 'unchanged').map((p) => p.record);
  const writeErrors: string[] = [];
  let handedOver = false;
  try {
    const toWrite = plans.filter((p) => p.outcome !== 'unchanged' && !p.adopt);
    // the render thread sends the texts to the writer; the document is forgotten either way
    const errors = await renderer.write(
      docId,
      toWrite.map((p) => [p.place, postPath(config.output.dir, p.record.file)]),
      ctx.writer!,
    );
    const failed = new Map(toWrite.map((p, k) => [p, errors[k]]));
    for (const plan of plans) {
      if (plan.outcome === 'unchanged') {
        report.unchangedPosts++;
        continue;
      }
      const err = failed.get(plan);
      if (err) {
        writeErrors.push(`${plan.record.file}: ${err.message}`);
        continue;
      }
      written.push(plan.record);
      onDisk(claims).add(plan.record.file);
      if (plan.outcome === 'new') report.newPosts++;
      else report.updatedPosts++;
    }
    // Posts that could not be written are not remembered, and neither are the feed's validators and
    // hash, so the next run fetches, parses and writes them again.
    const patch = writeErrors.length
      ? { ...successPatch, etag: null, lastModified: null, bodyHash: null, lastError: `could not write posts: ${writeErrors[0]}`, lastErrorAt: now() }
      : successPatch;
    if (writeErrors.length) {
      report.outcome = 'failed';
      report.reason = `could not write ${writeErrors.length} of ${writeErrors.length + written.length} posts: ${writeErrors[0]}`;
    }
    const feedKey = source.key;
    commits.add({
      apply: () => {
        for (const record of written) store.upsertItem(record);
        store.updateFeed(feedKey, { ...patch, title });
      },
      rows: written.length + 1,
      failed: (err) => {
        report.outcome = 'failed';
        report.reason = `could not save what was written: ${err.message}`;
      },
      after: () => {
        for (const record of claimed) release(claims, record);
      },
    });
    handedOver = true;
  } finally {
    if (!handedOver) for (const record of claimed) release(claims, record);
  }
  return report;
}

/**
 * Decides what to do with each item of a document read by the render thread: the store says which items
 * are known and since when, the thread renders the rest, and the plans say what to write.
 */
async function planFeed(
  docId: number,
  items: ItemIdentity[],
  renderedAsNew: Rendered[] | null,
  now: number,
  source: Source,
  ctx: RunContext,
): Promise<Plan[]> {
  const { store, claims: c } = ctx;
  const picks: RenderPick[] = [];
  const picked: Array<{ ids: ItemIdentity; known: ItemRecord | null; firstSeen: number }> = [];
  let rendered: Rendered[];
  let asNew: boolean;
  try {
    for (let i = 0; i < items.length; i++) {
      const ids = items[i]!;
      if (c.identities.has(ids.identity)) continue;
      const known = store.findItem(ids);
      // The same item in two feeds is one post, owned by the feed that wrote it first.
      if (known && known.feedKey !== source.key) continue;
      // claimed while it renders, so no other feed of the run takes it meanwhile
      c.identities.add(ids.identity);
      const firstSeen = known?.firstSeen ?? now;
      picks.push([i, firstSeen, known?.contentHash ?? null]);
      picked.push({ ids, known, firstSeen });
    }
    // rendered with the read, unless the store knows one of the items: then its dates and hash count
    asNew = renderedAsNew !== null && picked.every((p) => p.known === null);
    rendered = asNew ? picks.map((p) => renderedAsNew![p[0]]!) : await ctx.renderer!.render(docId, picks);
  } catch (err) {
    // the caller forgets the document
    for (const p of picked) c.identities.delete(p.ids.identity);
    throw err;
  }
  const plans: Plan[] = [];
  for (let k = 0; k < picked.length; k++) {
    // the thread holds a post by its place in what it rendered: the items, or the picks
    const plan = planEntry(picked[k]!, asNew ? picks[k]![0] : k, rendered[k] ?? null, source, ctx.config, store, c);
    if (plan) plans.push(plan);
    if (plan?.outcome !== 'new' && plan?.outcome !== 'updated') c.identities.delete(picked[k]!.ids.identity);
  }
  return plans;
}

interface Plan {
  outcome: 'new' | 'updated' | 'unchanged';
  record: ItemRecord;
  /** where the render thread holds the post: its place in the picks, or in the items when rendered with the read */
  place: number;
  /** the file already holds exactly this post (left by an interrupted run) */
  adopt: boolean;
}

/** Identities and file names planned by feeds still in flight, so two feeds never write the same item twice. */
interface Claims {
  identities: Set<string>;
  files: Set<string>;
  dir: string;
  /** names in the output folder, read on first need: a stat per post was a hot spot on large runs,
   * and a run where nothing changed never needs the listing */
  listed: Set<string> | null;
}

function onDisk(c: Claims): Set<string> {
  if (c.listed) return c.listed;
  try {
    c.listed = new Set(readdirSync(c.dir));
  } catch {
    c.listed = new Set();
  }
  return c.listed;
}

interface Commit {
  /** the store writes, run in the group's transaction */
  apply: () => void;
  /** how many rows `apply` writes (default 1): what a group is bounded by */
  rows?: number;
  /** they were not saved */
  failed?: (err: Error) => void;
  /** runs once the group is done, saved or not */
  after?: () => void;
}

/**
 * What feeds must remember is saved for many feeds in one transaction: a commit per feed rewrote the same
 * index pages a thousand times on a large run. Files are always written before their records are saved,
 * so a crash loses only records that the next run rebuilds by adopting the same files, plus timestamps and
 * validators it fetches again. Until its group is saved a feed keeps its claims, so no other feed of the
 * run takes its items or file names meanwhile.
 * Groups are bounded by rows: about 16 feeds of 30 new items rather than 64, since such a group holds the main
 * thread for tens of milliseconds while responses wait (bench: first pass 2.0% sooner); while a feed that
 * was not modified writes one row, so an all-304 run saves about once a second (bench/ab.mjs 304 11: CPU
 * 305 → 287 ms against groups of 16 feeds).
 */
class CommitGroup {
  private pending: Commit[] = [];
  private rows = 0;
  private oldest = 0;

  constructor(
    private readonly store: Store,
    private readonly maxRows = 512,
    private readonly maxAgeMs = 1000,
  ) {}

  add(commit: Commit): void {
    if (this.pending.length === 0) this.oldest = Date.now();
    this.pending.push(commit);
    this.rows += commit.rows ?? 1;
    if (this.rows >= this.maxRows || Date.now() - this.oldest >= this.maxAgeMs) this.flush();
  }

  flush(): void {
    const list = this.pending;
    if (list.length === 0) return;
    this.pending = [];
    this.rows = 0;
    try {
      // No savepoint per feed: SQLite copies every page a savepoint changes to a statement journal,
      // which multiplied the state's disk writes tenfold (strace: 35k → 300k pwrites on 30,000 posts).
      this.store.transaction(() => {
        for (const c of list) c.apply();
      });
    } catch {
      // the whole group was rolled back: save each feed on its own, so only the one at fault fails
      for (const c of list) {
        try {
          this.store.transaction(c.apply);
        } catch (err) {
          c.failed?.(err as Error);
        }
      }
    } finally {
      for (const c of list) c.after?.();
    }
  }
}

function release(c: Claims, record: ItemRecord): void {
  c.identities.delete(record.identity);
  c.files.delete(record.file);
}

/** Decides what to do with one rendered item; pure apart from reading the store and the output folder. */
function planEntry(
  item: { ids: ItemIdentity; known: ItemRecord | null; firstSeen: number },
  place: number,
  rendered: Rendered,
  source: Source,
  config: Config,
  store: Store,
  c: Claims,
): Plan | null {
  if (!rendered) return null;
  const { ids, known, firstSeen } = item;
  const { changed, contentHash, base } = rendered;
  const dir = config.output.dir;
  if (known) {
    const record = { ...known, guid: ids.guid ?? known.guid, link: ids.link ?? known.link, contentHash };
    if (!changed) return { outcome: 'unchanged', record, place, adopt: true };
    // The user deleted the post: respect that and never recreate it.
    if (!onDisk(c).has(known.file)) return { outcome: 'unchanged', record: known, place, adopt: true };
    c.files.add(known.file);
    return { outcome: 'updated', record, place, adopt: false };
  }
  let adopt = false;
  const file = stages.uniqueFileName(base, (name) => {
    if (c.files.has(name) || store.fileTaken(name)) return true;
    if (!onDisk(c).has(name)) return false;
    // the post's hash is of its UTF-8 bytes: equal hashes, equal files
    if (sha256(readFileSync(postPath(dir, name))) === contentHash) {
      adopt = true;
      return false;
    }
    return true;
  });
  c.files.add(file);
  const record: ItemRecord = { identity: ids.identity, guid: ids.guid, link: ids.link, feedKey: source.key, contentHash, file, firstSeen };
  return { outcome: 'new', record, place, adopt };
}

function recordFailure(
  source: Source,
  store: Store,
  health: FeedHealth | null,
  config: Config,
  t: number,
  reason: string,
  gone: boolean,
  retryAfter: number | null,
  fetchMs: number,
): FeedReport {
  const failures = (health?.failures ?? 0) + 1;
  store.updateFeed(source.key, {
    fetchMs,
    url: source.url,
    categories: source.categories,
    lastError: reason,
    lastErrorAt: t,
    failures,
    gone,
    nextAttempt: nextAttemptAfterFailure(failures, t, config.fetch.maxBackoff, retryAfter),
  });
  return baseReport(source, 'failed', reason);
}

// The config-wide part of every feed's fingerprint, serialized once per run.
const sharedSettings = new WeakMap<Config, string>();

function settingsFingerprint(source: Source, config: Config): string {
  let shared = sharedSettings.get(config);
  if (shared === undefined) {
    shared = JSON.stringify({ images: config.images, content: config.content, dateStyle: config.output.dateStyle });
    sharedSettings.set(config, shared);
  }
  const own = {
    categories: source.categories,
    author: source.author ?? null,
    limit: source.limit,
    timezone: source.timezone,
    filters: source.filters.map((f) => [f.action, f.fields, f.patterns.map(String)]),
    rewrite: source.rewrite,
  };
  return sha256(JSON.stringify(own) + shared).slice(0, 16);
}

// Post file names never hold a separator (output/filename.ts) and the output folder is a resolved path, so
// concatenation gives path.join's result without its normalizing pass: that pass was ~1 KB of garbage per
// post, 4% of what a first run allocates (heap sampling profile).
function postPath(dir: string, file: string): string {
  if (file.includes('/') || file.includes(sep)) return join(dir, file);
  return dir.endsWith(sep) ? dir + file : dir + sep + file;
}

function isoDay(ms: number | null): string {
  return ms === null ? 'unknown' : new Date(ms).toISOString().slice(0, 10);
}
