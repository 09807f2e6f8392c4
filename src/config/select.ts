// `--feed NAME`: which configured feeds a name means — its key, URL, title or RSSHub route.
import type { Config, FeedConfig } from '../model.js';
import { feedUrl, routeOf, sourceKey } from './sources.js';

const withSlash = (route: string): string => (route.startsWith('/') ? route : `/${route}`);

/** Every way a user may name this feed on the command line. */
function namesOf(feed: FeedConfig, config: Config): string[] {
  const names = [sourceKey(feed)];
  if (feed.url !== undefined) names.push(feed.url, feedUrl(config, feed.url));
  const route = routeOf(feed, config);
  if (route !== null) names.push(withSlash(route), `rsshub:${withSlash(route)}`);
  return names;
}

/** The feeds `name` matches: by key, URL or route exactly, else by title (case-insensitive). */
export function feedsNamed(config: Config, name: string): FeedConfig[] {
  const wanted = name.trim();
  // a URL on an RSSHub instance names its route too
  const route = /^https?:/i.test(wanted) ? routeOf({ url: wanted }, config) : null;
  const exact = config.feeds.filter((f) => {
    const names = namesOf(f, config);
    return names.includes(wanted) || (route !== null && names.includes(withSlash(route)));
  });
  if (exact.length > 0) return exact;
  const lower = wanted.toLowerCase();
  return config.feeds.filter((f) => f.title !== undefined && f.title.toLowerCase() === lower);
}

/** The config with only the named feeds; `unmatched` lists the names that matched none. */
export function selectFeeds(config: Config, names: string[]): { config: Config; unmatched: string[] } {
  const chosen = new Set<FeedConfig>();
  const unmatched: string[] = [];
  for (const name of names) {
    const found = feedsNamed(config, name);
    if (found.length === 0) unmatched.push(name);
    for (const f of found) chosen.add(f);
  }
  return { config: { ...config, feeds: config.feeds.filter((f) => chosen.has(f)) }, unmatched };
}
