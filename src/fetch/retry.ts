// Retry policy: which failures are worth another try within the run, how long to wait, and Retry-After.

/** Parses Retry-After (delta seconds or an HTTP date) into ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** Exponential backoff with jitter: base·2^attempt, scaled by a random factor in [0.5, 1), capped. */
export function backoffDelay(attempt: number, baseMs: number, capMs = 30_000, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(exp * (0.5 + random() / 2));
}

/** Statuses retried within the run: server trouble and rate limits, not client errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Statuses after which the next RSSHub instance (fallback URL) is tried. */
export function shouldFallBack(status: number | null): boolean {
  // null: the server could not be reached at all, which a fallback instance may well fix
  return status === null || status === 403 || status === 429 || status >= 500;
}
