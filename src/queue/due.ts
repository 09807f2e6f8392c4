// When a feed is due for its next scheduled refresh: its own interval after the last success, or longer when the
// feed asked for it (max-age, <ttl>; the rule is nextFetchAt's, shared with `watch`), later when it is backing
// off after failures, never when it is gone (410).
import type { FeedHealth, Source } from '../model.js';
import { nextFetchAt } from '../run/schedule.js';

/** the interval of a feed that sets none */
export const DEFAULT_INTERVAL_MS = 60 * 60_000;

/** Epoch ms when the feed should be refreshed next; Infinity when never (gone). */
export function nextRefresh(source: Source, health: FeedHealth | null): number {
  if (!health) return 0;
  if (health.gone) return Infinity;
  // a feed that fails is retried when its backoff says so
  if (health.nextAttempt !== null) return health.nextAttempt;
  // a changed URL is a new feed as far as the server is concerned
  if (health.lastSuccess === null || health.url !== source.url) return 0;
  return nextFetchAt({ fetchedAt: health.lastSuccess, intervalMs: source.interval ?? DEFAULT_INTERVAL_MS, cacheForMs: health.cacheForMs, nextAttempt: null });
}

export const isDue = (source: Source, health: FeedHealth | null, now: number): boolean => nextRefresh(source, health) <= now;
