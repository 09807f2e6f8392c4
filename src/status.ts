// The health of every configured feed, from the state store: `feedmill status` and library users (the Hexo plugin).
import type { Config, FeedHealth } from './model.js';
import { resolveSources } from './config/sources.js';

export interface FeedStatus {
  key: string;
  url: string;
  categories: string[];
  /** ISO times or null */
  lastSuccess: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  failures: number;
  /** null: due now */
  nextAttempt: string | null;
  gone: boolean;
  permanentRedirect: string | null;
  itemsKnown: number;
  /** images.mode download: pictures of its posts that are not the site's own, as of its last rendering */
  imageFailures: string[];
  /** fulltext: posts that show the feed's own body because their article could not be had, as of its last rendering */
  articleFailures: string[];
  /** false when the feed has never been run */
  known: boolean;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Each configured feed's status, in config order. Does not create the state file when it is missing. */
export async function feedStatuses(config: Config, now = Date.now()): Promise<FeedStatus[]> {
  const sources = await resolveSources(config, { offline: true });
  const healths = new Map<string, FeedHealth>();
  // A missing state file means nothing has run yet: do not create one just to look.
  const { openStore, stateExists } = await import('./store/index.js');
  if (stateExists(config.state)) {
    const store = await openStore(config.state);
    try {
      for (const h of await store.listFeeds()) healths.set(h.key, h);
    } finally {
      await store.close();
    }
  }
  return sources.map((s) => {
    const h = healths.get(s.key);
    return {
      key: s.key,
      url: s.url,
      categories: s.categories,
      lastSuccess: iso(h?.lastSuccess ?? null),
      lastError: h?.lastError ?? null,
      lastErrorAt: iso(h?.lastErrorAt ?? null),
      failures: h?.failures ?? 0,
      nextAttempt: h && h.nextAttempt !== null && h.nextAttempt > now ? iso(h.nextAttempt) : null,
      gone: h?.gone ?? false,
      permanentRedirect: h?.permanentRedirect ?? null,
      itemsKnown: h?.itemsKnown ?? 0,
      imageFailures: h?.imageFailures ?? [],
      articleFailures: h?.articleFailures ?? [],
      known: h !== undefined,
    };
  });
}
