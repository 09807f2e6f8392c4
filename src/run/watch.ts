// `feedmill watch`: one long-running process that fetches each feed when it is due (see schedule.ts), writing
// posts as `run` does. It holds the run lock of a state file for as long as it watches.
import type { Config, FeedReport, RunSummary, Store } from '../model.js';
import { sourceKey } from '../config/sources.js';
import { createFetcher } from '../fetch/index.js';
import { openStore, isDatabaseUrl } from '../store/index.js';
import { acquireRunLock } from '../store/lock.js';
import { run } from '../run.js';
import { nextFetchAt } from './schedule.js';

export interface WatchOptions {
  /** ms between fetches of a feed without its own `interval` */
  defaultIntervalMs: number;
  /** first abort: no new feed starts, feeds in flight finish, then watch returns */
  drain: AbortSignal;
  /** abort: requests in flight are cancelled too */
  signal?: AbortSignal;
  offline?: boolean;
  onFeedDone?: (report: FeedReport, done: number, total: number) => void;
  onRound?: (summary: RunSummary, nextAt: number | null) => void;
  log?: (line: string) => void;
}

export async function watch(config: Config, opts: WatchOptions): Promise<void> {
  const unlock = isDatabaseUrl(config.state) ? () => undefined : acquireRunLock(config.state);
  let store: Store | undefined;
  const fetcher = createFetcher(config.fetch);
  try {
    store = await openStore(config.state);
    const interval = new Map(config.feeds.map((f) => [sourceKey(f), f.interval ?? opts.defaultIntervalMs]));
    const due = new Map(config.feeds.map((f) => [sourceKey(f), 0]));
    while (!opts.drain.aborted) {
      const now = Date.now();
      const feeds = config.feeds.filter((f) => due.get(sourceKey(f))! <= now);
      if (feeds.length > 0) {
        const summary = await run(
          { ...config, feeds },
          { store, fetcher, signal: opts.signal, drain: opts.drain, offline: opts.offline, log: opts.log, onFeedDone: opts.onFeedDone },
        );
        const health = new Map((await store.listFeeds()).map((h) => [h.key, h]));
        for (const r of summary.feeds) {
          if (r.outcome === 'skipped') continue;
          // the store keeps the feed's max-age / <ttl> hint across 304s, as the schedule reads it
          const h = health.get(r.key);
          due.set(r.key, nextFetchAt({ fetchedAt: now, intervalMs: interval.get(r.key)!, cacheForMs: h?.cacheForMs ?? null, nextAttempt: h?.nextAttempt ?? null }));
        }
        if (!opts.drain.aborted) opts.onRound?.(summary, Math.min(...due.values()));
      }
      await sleepUntil(Math.min(...due.values()), opts.drain);
    }
  } finally {
    await fetcher.close();
    try {
      await store?.close();
    } finally {
      unlock();
    }
  }
}

/** Resolves at `at` or when `signal` aborts, whichever comes first. */
function sleepUntil(at: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // setTimeout takes at most 2^31-1 ms; a longer wait just wakes up once more
    const timer = setTimeout(done, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
    signal.addEventListener('abort', done, { once: true });
  });
}
