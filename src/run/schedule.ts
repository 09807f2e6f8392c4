// When a feed is fetched next, for `watch` and for `feedmill schedule` (src/queue/due.ts): its interval,
// stretched by what the feed asks (Cache-Control max-age, RSS <ttl>) and by its backoff after failures.
// Pure: times in, time out.

export interface FeedTiming {
  /** when the feed was last fetched (or its round started) */
  fetchedAt: number;
  /** the feed's own interval, else the default */
  intervalMs: number;
  /** how long the feed last asked to be left alone (max-age, ttl); remembered across 304s */
  cacheForMs: number | null;
  /** the store's next attempt after failures (backoff, Retry-After), or null */
  nextAttempt: number | null;
}

export function nextFetchAt(t: FeedTiming): number {
  return Math.max(t.fetchedAt + Math.max(t.intervalMs, t.cacheForMs ?? 0), t.nextAttempt ?? 0);
}
