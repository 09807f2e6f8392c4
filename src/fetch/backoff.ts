// Cross-run backoff for failing feeds: pure arithmetic the pipeline uses to schedule the next attempt.
import type { FeedHealth } from '../model.js';

export const DEFAULT_MAX_BACKOFF_MS = 24 * 3600_000;
/** the wait after the second failure in a row; it doubles with each further one */
export const FIRST_BACKOFF_MS = 5 * 60_000;

/**
 * Epoch ms of the next attempt after `failures` failures in a row (counting the one just recorded).
 * One failure is retried on the next run (networks blink); then 5 min, 10, 20 … up to `maxBackoffMs`
 * (default 24 h) — a failing feed is polled less, never dropped. A server's Retry-After is honoured
 * when it asks for longer, within the same cap.
 */
export function nextAttemptAfterFailure(
  failures: number,
  now: number,
  maxBackoffMs: number = DEFAULT_MAX_BACKOFF_MS,
  retryAfterMs?: number | null,
): number {
  const cap = maxBackoffMs > 0 ? maxBackoffMs : DEFAULT_MAX_BACKOFF_MS;
  const exponent = Math.min(Math.max(0, failures - 2), 40);
  let delay = failures <= 1 ? 0 : Math.min(cap, FIRST_BACKOFF_MS * 2 ** exponent);
  if (retryAfterMs != null && retryAfterMs > delay) delay = Math.min(cap, retryAfterMs);
  return now + delay;
}

/** Whether a feed should be fetched in a run at `now` (gone feeds and feeds backing off are not). */
export function isDue(feed: Pick<FeedHealth, 'gone' | 'nextAttempt'> | null, now: number): boolean {
  if (!feed) return true;
  if (feed.gone) return false;
  return feed.nextAttempt === null || feed.nextAttempt <= now;
}
