// How long a feed asks not to be fetched again: the longer of Cache-Control max-age (s-maxage for shared
// caches wins) and RSS <ttl>. `watch` waits at least this long; a run ignores it.
import type { FeedDocument } from '../model.js';

/** max-age (or s-maxage) of a Cache-Control header in ms; null when absent, no-cache or no-store. */
export function maxAgeMs(cacheControl: string | undefined): number | null {
  if (!cacheControl) return null;
  const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
  if (directives.some((d) => d === 'no-cache' || d === 'no-store')) return null;
  const value = (name: string): number | null => {
    const d = directives.find((x) => x.startsWith(`${name}=`));
    const m = d ? /^\d{1,9}$/.exec(d.slice(name.length + 1).replace(/^"|"$/g, '')) : null;
    return m ? Number(m[0]) * 1000 : null;
  };
  return value('s-maxage') ?? value('max-age');
}

/** `{ cacheForMs }` when the response or the document says how long to wait, else nothing. */
export function cacheFor(headers: Record<string, string>, doc: Pick<FeedDocument, 'ttlMinutes'> | null): { cacheForMs?: number } {
  const ms = Math.max(maxAgeMs(headers['cache-control']) ?? 0, (doc?.ttlMinutes ?? 0) * 60_000);
  return ms > 0 ? { cacheForMs: ms } : {};
}
