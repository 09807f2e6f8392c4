// Posts per feed and day over the last days, from the store's post listing (newest first by post date): one
// pass over every feed's posts until the first one older than the window, at most MAX_SCAN posts.
// (The store has no count by feed and day; reading a feed's posts alone scans the whole table.)
import type { Store } from '../model.js';
import { dayOf } from './time.js';

const PAGE = 1000;
export const MAX_SCAN = 50_000;

export interface PerDay {
  /** feed key → day → posts */
  counts: Map<string, Map<string, number>>;
  /** true when the window held more posts than were read: the oldest days are undercounted */
  capped: boolean;
}

export async function postsPerDay(store: Store, since: number, timeZone: string): Promise<PerDay> {
  const counts = new Map<string, Map<string, number>>();
  // posts of one minute share their day: format each minute once
  const days = new Map<number, string>();
  for (let offset = 0; offset < MAX_SCAN; offset += PAGE) {
    const { items } = await store.listPosts({ offset, limit: PAGE });
    for (const item of items) {
      const date = item.meta!.date; // listPosts returns posts with meta only
      if (date < since) return { counts, capped: false };
      const minute = Math.floor(date / 60_000);
      let d = days.get(minute);
      if (d === undefined) days.set(minute, (d = dayOf(date, timeZone)));
      let feed = counts.get(item.feedKey);
      if (!feed) counts.set(item.feedKey, (feed = new Map()));
      feed.set(d, (feed.get(d) ?? 0) + 1);
    }
    if (items.length < PAGE) return { counts, capped: false };
  }
  return { counts, capped: true };
}
