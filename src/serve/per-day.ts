// Posts per feed and calendar day (in the site's zone) over the last days, counted by the store.
import type { Store } from '../model.js';
import { nextDay, startOfDay } from './time.js';

/** feed key → day ("2026-01-27") → posts dated that day; `days` are consecutive, oldest first. */
export async function postsPerDay(store: Store, days: string[], timeZone: string): Promise<Map<string, Map<string, number>>> {
  const bounds = [...days, nextDay(days[days.length - 1]!)].map((d) => startOfDay(d, timeZone));
  const out = new Map<string, Map<string, number>>();
  for (const { feedKey, counts } of await store.postCounts({ bounds })) {
    out.set(feedKey, new Map(counts.map((n, i) => [days[i]!, n])));
  }
  return out;
}
