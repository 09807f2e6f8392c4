// `feedmill schedule`: the feeds that are due go on the cluster's job queue, once per feed however many
// schedulers run at the same time (the queue keeps one queued job per feed key).
import type { Config } from './model.js';
import { resolveSources } from './config/sources.js';
import { openStore } from './store/index.js';
import { FeedQueue, hostOf, requireDatabase, type QueueSettings } from './queue/feed-queue.js';
import { isDue } from './queue/due.js';

export interface ScheduleOptions extends QueueSettings {
  offline?: boolean;
  /** every configured feed now, due or not (as `run --force`) */
  force?: boolean;
  now?: () => number;
}

export interface ScheduleSummary {
  feeds: number;
  due: number;
  /** jobs added; a due feed whose job is still queued adds none */
  enqueued: number;
  durationMs: number;
}

export async function schedule(config: Config, opts: ScheduleOptions = {}): Promise<ScheduleSummary> {
  const started = performance.now();
  const url = requireDatabase(config.state);
  const sources = await resolveSources(config, { offline: opts.offline });
  const store = await openStore(url);
  let known;
  try {
    known = new Map((await store.listFeeds()).map((f) => [f.key, f]));
  } finally {
    await store.close();
  }
  const now = (opts.now ?? Date.now)();
  const due = opts.force ? sources : sources.filter((s) => isDue(s, known.get(s.key) ?? null, now));
  let enqueued = 0;
  if (due.length > 0) {
    const queue = await FeedQueue.open(url, opts);
    try {
      enqueued = await queue.enqueue(due.map((s) => ({ key: s.key, host: hostOf(s.url) })));
    } finally {
      await queue.close();
    }
  }
  return { feeds: sources.length, due: due.length, enqueued, durationMs: Math.round(performance.now() - started) };
}
