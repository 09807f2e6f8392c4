// One run over every configured feed: refreshFeed for many feeds at once, slowest first, until all are
// done or the run is interrupted; then the store is saved and closed and temporary files are gone.
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import type { Config, FeedHealth, FeedReport, RunSummary, Source, Store } from './model.js';
import { resolveSources } from './config/sources.js';
import type { Fetcher } from './fetch/index.js';
import { openStore, isDatabaseUrl, stateExists } from './store/index.js';
import { acquireRunLock } from './store/lock.js';
import { PostDir } from './output/post-dir.js';
import { removeTempDir } from './output/write.js';
import { refreshFeed, report, type FeedContext } from './refresh.js';
import { DocumentPool } from './stage/pool.js';
import { HostLimiter } from './fetch/host-limit.js';

export interface RunOptions {
  /** called once per feed when it is done, in completion order */
  onFeedDone?: (report: FeedReport, done: number, total: number) => void;
  /** verbose diagnostics */
  log?: (line: string) => void;
  /** fetch feeds that are backing off, ignore validators */
  force?: boolean;
  /** do not ask RSSHub instances for their catalog */
  offline?: boolean;
  /** stops the run: no new feed starts, requests in flight are cancelled, feeds past their request finish */
  signal?: AbortSignal;
  /** winds the run down gently: no new feed starts, feeds already started finish (`watch` on SIGTERM) */
  drain?: AbortSignal;
  /** clock, for tests */
  now?: () => number;
  /** an already-open store (library users, workers); otherwise config.state is opened and closed here */
  store?: Store;
  /** an HTTP layer to share; otherwise one is made for the run */
  fetcher?: Fetcher;
  /** fetch and render, but write no file and nothing to the store; the summary lists `wouldWrite` */
  dryRun?: boolean;
}

export async function run(config: Config, opts: RunOptions = {}): Promise<RunSummary> {
  const started = Date.now();
  const sources = await resolveSources(config, { offline: opts.offline });
  if (sources.length === 0 || opts.signal?.aborted) return summarize(sources.map((s) => report(s, 'skipped', 'interrupted before it started')), started, !!opts.signal?.aborted);
  // every request of the run (feeds, and in download mode their pictures) listens to it while it waits or runs
  if (opts.signal) setMaxListeners(0, opts.signal);
  // one run at a time per state file; a database server arbitrates its own clients
  const unlock = opts.store || opts.dryRun || isDatabaseUrl(config.state) ? () => undefined : acquireRunLock(config.state);
  // loaded here, not at the top: `run` with nothing to do (no feeds) stays quick to start
  const [{ createFetcher }, dry] = await Promise.all([import('./fetch/index.js'), opts.dryRun ? import('./run/dry-run.js') : null]);
  // documents are parsed and rendered on a worker thread while this one fetches, keeps the store and writes the files
  const documents = sources.length > 1 && availableParallelism() > 1 ? new DocumentPool() : undefined;
  const posts = dry ? new dry.DryPostDir(config.output.dir) : new PostDir(config.output.dir);
  let store: Store | undefined;
  const fetcher = opts.fetcher ?? createFetcher(config.fetch);
  try {
    store = opts.store ?? (await openStore(opts.dryRun && !stateExists(config.state) ? ':memory:' : config.state));
    if (dry) store = new dry.DryRunStore(store);
    const known = new Map((await store.listFeeds()).map((f) => [f.key, f]));
    if (config.outputs.length > 1 || config.output.format !== 'hexo') {
      const { ensureSiteFiles } = await import('./output/site-files.js');
      for (const output of config.outputs) await ensureSiteFiles(output);
    }
    // one cap on article pages and one reading of the site rules for the whole run
    const articles = config.feeds.some((f) => f.fulltext !== undefined) ? new (await import('./fulltext/fetching.js')).ArticleRun(config.fulltext) : undefined;
    // one limiter with one key: `fetch.concurrency` feed requests at a time, however many feeds are past theirs
    const fetchSlots = new HostLimiter(config.fetch.concurrency);
    const ctx: FeedContext = { config, store, fetcher, posts, documents, fetchSlots, force: opts.force, signal: opts.signal, now: opts.now, log: opts.log, articles };
    const reports = await eachFeed(sources, known, ctx, opts);
    const summary = summarize(reports, started, !!opts.signal?.aborted || !!opts.drain?.aborted);
    if (dry && posts instanceof dry.DryPostDir) return { ...summary, wouldWrite: posts.wouldWrite.sort() };
    if (config.feedsOut) await feedsOut(config, store);
    return summary;
  } finally {
    await documents?.close();
    if (!opts.fetcher) await fetcher.close();
    posts.cleanUp();
    for (const output of config.outputs.slice(1)) removeTempDir(output.dir);
    try {
      if (store && !opts.store) await store.close();
    } finally {
      unlock();
    }
  }
}

/** The site's feeds of its newest posts (feeds out), rewritten only where they change. */
async function feedsOut(config: Config, store: Store): Promise<void> {
  const { writeFeedsOut } = await import('./feeds-out/write.js');
  const { items } = await store.listPosts({ limit: 100_000 });
  const posts = items.flatMap((i) => (i.meta ? [{ identity: i.identity, file: i.file, meta: i.meta }] : []));
  await writeFeedsOut(posts, config.feedsOut!, config.timezone);
}

/** Runs the feeds, `fetch.concurrency` fetching at a time, slowest first; returns their reports in config order. */
async function eachFeed(sources: Source[], known: Map<string, FeedHealth>, ctx: FeedContext, opts: RunOptions): Promise<FeedReport[]> {
  const reports: FeedReport[] = new Array(sources.length);
  const order = slowestFirst(sources, known);
  let next = 0;
  let done = 0;
  let callbackError: { err: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const i = order[next++]!;
      const source = sources[i]!;
      let r: FeedReport;
      if (opts.signal?.aborted || opts.drain?.aborted) {
        r = report(source, 'skipped', 'interrupted before it started');
      } else {
        try {
          r = await refreshFeed(source, { ...ctx, health: known.get(source.key) ?? null });
        } catch (err) {
          // a bug or a disk error in one feed must not stop the others
          opts.log?.(`${source.url}: ${(err as Error).stack ?? String(err)}`);
          r = report(source, 'failed', `internal error: ${(err as Error).message ?? String(err)}`);
        }
      }
      reports[i] = r;
      try {
        opts.onFeedDone?.(r, ++done, sources.length);
      } catch (err) {
        // the caller's callback failed: the run still ends in order, then says so
        callbackError ??= { err };
      }
    }
  };
  // half again as many feeds as fetch at once: while some are parsed and written, as many as allowed are fetching
  // (twice as many held ~6 MiB more at the peak of a 1,000-feed first pass for no measurable gain)
  const width = Math.max(1, Math.min(Math.ceil(1.5 * ctx.config.fetch.concurrency), sources.length));
  await Promise.all(Array.from({ length: width }, worker));
  if (callbackError) throw callbackError.err;
  return reports;
}

/**
 * Feed indexes, slowest last fetch first (feeds never fetched count as slowest; ties keep the config order):
 * a pool that starts its longest jobs first does not wait at the end for one slow feed started last.
 */
function slowestFirst(sources: Source[], known: Map<string, FeedHealth>): number[] {
  const cost = sources.map((s) => known.get(s.key)?.fetchMs ?? Infinity);
  return sources.map((_, i) => i).sort((a, b) => (cost[b]! === cost[a]! ? a - b : cost[b]! > cost[a]! ? 1 : -1));
}

function summarize(feeds: FeedReport[], started: number, interrupted: boolean): RunSummary {
  return {
    feeds,
    newPosts: feeds.reduce((n, r) => n + r.newPosts, 0),
    updatedPosts: feeds.reduce((n, r) => n + r.updatedPosts, 0),
    failedFeeds: feeds.filter((r) => r.outcome === 'failed').length,
    backingOffFeeds: feeds.filter((r) => r.outcome === 'backing-off').length,
    durationMs: Date.now() - started,
    interrupted,
  };
}
