// `feedmill worker`: takes feed jobs from the cluster's queue and runs refreshFeed on each, keeping posts in
// the store (`feedmill sync` writes the files). Any number of workers on any number of machines share one
// PostgreSQL: the queue hands each job to one worker, the store's claims make every post exactly once, and a
// job whose worker died (no heartbeat) is handed to another after the visibility timeout.
import type { Config, FeedReport, Source } from './model.js';
import { resolveSources } from './config/sources.js';
import { createFetcher } from './fetch/index.js';
import { openStore } from './store/index.js';
import { StoreSink } from './output/post-sink.js';
import { refreshFeed, report, type FeedContext } from './refresh.js';
import { FeedQueue, requireDatabase, type FeedJob, type QueueSettings } from './queue/feed-queue.js';

export interface WorkerOptions extends QueueSettings {
  /** feeds refreshed at once by this worker (default: fetch.concurrency) */
  concurrency?: number;
  /** exit once no job is queued or in flight anywhere in the cluster */
  untilIdle?: boolean;
  /** stops taking jobs; requests in flight are cancelled and their jobs given back; the rest finish */
  signal?: AbortSignal;
  onFeedDone?: (report: FeedReport) => void;
  log?: (line: string) => void;
  offline?: boolean;
  /** wait between polls of an empty queue */
  pollMs?: number;
}

export interface WorkerSummary {
  jobs: number;
  newPosts: number;
  updatedPosts: number;
  failedFeeds: number;
  /** jobs given back to the queue (interrupted, or an error to retry) */
  returned: number;
  interrupted: boolean;
}

// the heartbeat is sent this often; a job is taken from a worker silent for QueueSettings.visibilitySeconds
const HEARTBEAT_MS = 5_000;
const MAX_RECONNECT_WAIT_MS = 30_000;

export async function work(config: Config, opts: WorkerOptions = {}): Promise<WorkerSummary> {
  const url = requireDatabase(config.state);
  const sources = new Map((await resolveSources(config, { offline: opts.offline })).map((s) => [s.key, s]));
  const store = await openStore(url);
  const queue = await FeedQueue.open(url, { superviseSeconds: opts.superviseSeconds ?? 10, visibilitySeconds: opts.visibilitySeconds });
  const fetcher = createFetcher(config.fetch);
  const ctx: FeedContext = { config, store, fetcher, posts: new StoreSink(store), keepTexts: true, signal: opts.signal, log: opts.log };
  const summary: WorkerSummary = { jobs: 0, newPosts: 0, updatedPosts: 0, failedFeeds: 0, returned: 0, interrupted: false };
  const inFlight = new Map<string, { job: FeedJob; done: Promise<void> }>();
  const heartbeat = setInterval(() => {
    queue.touch([...inFlight.values()].map((f) => f.job)).catch(() => undefined);
  }, HEARTBEAT_MS);
  const concurrency = Math.max(1, opts.concurrency ?? config.fetch.concurrency);
  // jobs are taken a few at a time, not one per freed slot: each take is a query over the cluster's groups
  const takeAtLeast = Math.max(1, Math.ceil(concurrency / 4));
  const completions = new Completions(queue, opts);
  try {
    let failures = 0;
    while (!opts.signal?.aborted) {
      if (concurrency - inFlight.size < takeAtLeast && inFlight.size > 0) {
        await Promise.race([...inFlight.values()].map((f) => f.done));
        continue;
      }
      let jobs: FeedJob[];
      try {
        // done jobs still count against their host's limit until completed: complete them first
        await completions.flush();
        jobs = await queue.take(concurrency - inFlight.size, config.fetch.perHost);
        failures = 0;
      } catch (err) {
        // the database went away: wait (longer each time) and try again; the pools reconnect
        failures++;
        opts.log?.(`feedmill worker: cannot reach the queue (${(err as Error).message}); retrying`);
        await pause(Math.min(MAX_RECONNECT_WAIT_MS, 500 * 2 ** failures), opts.signal);
        continue;
      }
      for (const job of jobs) {
        const done = runJob(job, sources.get(job.key), ctx, queue, completions, summary, opts).finally(() => inFlight.delete(job.id));
        inFlight.set(job.id, { job, done });
      }
      if (jobs.length > 0) continue;
      if (inFlight.size === 0 && opts.untilIdle) {
        await completions.flush();
        if ((await queue.unfinished().catch(() => 1)) === 0) break;
      }
      // nothing to take now: wait for a feed of ours to finish or for the next poll
      await Promise.race([pause(opts.pollMs ?? 1000, opts.signal), ...[...inFlight.values()].map((f) => f.done)]);
    }
    await Promise.all([...inFlight.values()].map((f) => f.done));
    summary.interrupted = !!opts.signal?.aborted;
    return summary;
  } finally {
    await completions.flush();
    clearInterval(heartbeat);
    await fetcher.close();
    await queue.close().catch(() => undefined);
    await store.close();
  }
}

/**
 * Completed jobs sent to the queue together, one round trip for many. A worker killed before sending them
 * loses nothing: those jobs run again after the visibility timeout, and find their posts made.
 */
class Completions {
  private jobs: FeedJob[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly queue: FeedQueue,
    private readonly opts: WorkerOptions,
  ) {}

  add(job: FeedJob): void {
    this.jobs.push(job);
    if (this.jobs.length >= 32) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), 100);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const jobs = this.jobs;
    this.jobs = [];
    if (jobs.length > 0) this.sending = this.sending.then(() => settle(this.queue.complete(jobs), this.opts));
    return this.sending;
  }
}

async function runJob(job: FeedJob, source: Source | undefined, ctx: FeedContext, queue: FeedQueue, completions: Completions, summary: WorkerSummary, opts: WorkerOptions): Promise<void> {
  summary.jobs++;
  let r: FeedReport;
  if (!source) {
    // the feed left the config since it was scheduled
    completions.add(job);
    return;
  }
  try {
    r = await refreshFeed(source, ctx);
  } catch (err) {
    // the store failed (a lost connection …): the job goes back and is retried; claims keep it exactly once
    opts.log?.(`${source.url}: ${(err as Error).stack ?? String(err)}`);
    r = report(source, 'failed', `internal error: ${(err as Error).message ?? String(err)}`);
    summary.returned++;
    await settle(queue.fail([job], r.reason!), opts);
    opts.onFeedDone?.(r);
    return;
  }
  if (r.outcome === 'skipped') {
    // interrupted before its request: another worker does it
    summary.returned++;
    await settle(queue.fail([job], 'worker stopped'), opts);
  } else if (r.unsaved) {
    // the store failed at the end (a lost connection …): retried like a store error, it completes its claims
    summary.returned++;
    await settle(queue.fail([job], r.reason!), opts);
  } else {
    summary.newPosts += r.newPosts;
    summary.updatedPosts += r.updatedPosts;
    if (r.outcome === 'failed') summary.failedFeeds++;
    // a failing feed is done for now: its backoff is in the store and the scheduler honours it
    completions.add(job);
  }
  opts.onFeedDone?.(r);
}

/** A job that cannot be settled (database gone) is handed to another worker after the visibility timeout. */
async function settle(p: Promise<void>, opts: WorkerOptions): Promise<void> {
  try {
    await p;
  } catch (err) {
    opts.log?.(`feedmill worker: could not settle a job (${(err as Error).message}); it is retried after the visibility timeout`);
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

