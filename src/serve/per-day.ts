// Posts per day and feed over the last days, from the store's post listing (newest first by post date):
// each feed is read page by page until a post older than the window, at most MAX_SCAN posts a feed.
import type { Store } from '../model.js';
import { dayOf } from './time.js';

const PAGE = 500;
export const MAX_SCAN = 5000;

export interface PerDay {
  counts: Map<string, number>;
  /** true when the feed had more posts in the window than were read */
  capped: boolean;
}

export async function postsPerDay(store: Store, feedKey: string, since: number, timeZone: string): Promise<PerDay> {
  const counts = new Map<string, number>();
  for (let offset = 0; offset < MAX_SCAN; offset += PAGE) {
    const { items } = await store.listPosts({ feedKey, offset, limit: PAGE });
    for (const item of items) {
      const date = item.meta?.date ?? item.firstSeen;
      if (date < since) return { counts, capped: false };
      const d = dayOf(date, timeZone);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    if (items.length < PAGE) return { counts, capped: false };
  }
  return { counts, capped: true };
}
