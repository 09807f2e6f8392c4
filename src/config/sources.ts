// Config → Source[]: the URL to fetch (RSSHub routes on the configured instance, with fallbacks and keys),
// and categories (explicit ones win; else from the RSSHub route catalog).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config, FeedConfig, Source } from '../model.js';
import { bundledMatcher, instanceMatcher, settledInstanceMatcher, type RouteMatch, type RouteMatcher } from './catalog.js';
import { parseDuration } from './units.js';

const INSTANCE_CATALOG_TIMEOUT_MS = 3000;

/** The feed's identity across runs: its configured url, or rsshub:<route>. */
export function sourceKey(feed: FeedConfig): string {
  return feed.url !== undefined ? feed.url : `rsshub:${feed.rsshub}`;
}

/** The access key for an instance: keys by origin (or full URL), else the shared key. */
export function accessKeyFor(config: Config, instance: string): string | undefined {
  const keys = config.rsshub.keys ?? {};
  const target = stripSlash(instance);
  const parsed = URL.canParse(target) ? new URL(target) : null;
  for (const [k, v] of Object.entries(keys)) {
    const kk = stripSlash(k);
    // a key may be given for the full instance URL, its origin, or its host name
    if (kk === target || (parsed && (kk === parsed.origin || kk === parsed.host))) return v;
    if (parsed && URL.canParse(kk) && new URL(kk).origin === parsed.origin && parsed.pathname.startsWith(new URL(kk).pathname)) return v;
  }
  return config.rsshub.key;
}

/** instance + route + options as query (+ key). */
export function rsshubUrl(config: Config, instance: string, route: string, options: FeedConfig['rsshubOptions']): string {
  const url = new URL(instance.replace(/\/+$/, '') + (route.startsWith('/') ? route : `/${route}`));
  for (const [k, v] of Object.entries(options ?? {})) url.searchParams.set(k, String(v));
  const key = accessKeyFor(config, instance);
  if (key !== undefined) url.searchParams.set('key', key);
  return url.href;
}

/** http(s) and file: URLs as they are; anything else is a path relative to the config file. */
export function feedUrl(config: Config, url: string): string {
  if (/^(https?|file):/i.test(url)) return url;
  return pathToFileURL(resolve(config.baseDir, url)).href;
}

/** The RSSHub route of a feed: its rsshub: key, or the path of a url on a configured (or the public) instance. */
export function routeOf(feed: FeedConfig, config: Config): string | null {
  if (feed.rsshub !== undefined) return feed.rsshub;
  if (feed.url === undefined || !/^https?:/i.test(feed.url)) return null;
  let u: URL;
  try {
    u = new URL(feed.url);
  } catch {
    return null;
  }
  for (const inst of instanceBases(config)) {
    if (inst.origin === u.origin && u.pathname.startsWith(`${inst.base}/`)) return u.pathname.slice(inst.base.length);
  }
  return null;
}

// Parsed once per config: a run asks for every feed's route, and URL parsing was most of that cost.
const basesByConfig = new WeakMap<Config, Array<{ origin: string; base: string }>>();

function instanceBases(config: Config): Array<{ origin: string; base: string }> {
  let bases = basesByConfig.get(config);
  if (!bases) {
    bases = [];
    for (const inst of [config.rsshub.instance, ...config.rsshub.fallbacks, 'https://rsshub.app']) {
      try {
        const iu = new URL(inst);
        bases.push({ origin: iu.origin, base: iu.pathname.replace(/\/+$/, '') });
      } catch {
        // not a URL: skip
      }
    }
    basesByConfig.set(config, bases);
  }
  return bases;
}

export interface CatalogLookup {
  categories: string[];
  match: RouteMatch;
}

/** Categories for a route from the first catalog that knows it (instance first, then bundled). */
export function lookupRoute(route: string, config: Config, matchers: Array<RouteMatcher | null>): CatalogLookup | null {
  let partial: CatalogLookup | null = null;
  for (const matcher of matchers) {
    if (!matcher) continue;
    const match = matcher.match(route);
    if (!match) continue;
    const found = { categories: matcher.categoriesFor(match, config.rsshub.categoryNames), match };
    if (!match.namespaceOnly) return found;
    partial ??= found;
  }
  return partial;
}

export async function resolveSources(config: Config, opts: { offline?: boolean } = {}): Promise<Source[]> {
  const needsCatalog = config.feeds.some((f) => f.categories === undefined && routeOf(f, config) !== null);
  const matchers: Array<RouteMatcher | null> = [];
  if (needsCatalog && !opts.offline) {
    matchers.push(
      await instanceMatcher(config.rsshub.instance, {
        key: accessKeyFor(config, config.rsshub.instance),
        timeoutMs: Math.min(INSTANCE_CATALOG_TIMEOUT_MS, config.fetch.timeout),
        userAgent: config.fetch.userAgent,
        ...(config.fetch.proxy !== undefined ? { proxy: config.fetch.proxy } : {}),
      }),
    );
  }
  if (needsCatalog) matchers.push(bundledMatcher());
  return config.feeds.map((feed) => toSource(feed, config, matchers));
}

function toSource(feed: FeedConfig, config: Config, matchers: Array<RouteMatcher | null>): Source {
  const route = routeOf(feed, config);
  let url: string;
  let fallbackUrls: string[] = [];
  if (feed.rsshub !== undefined) {
    url = rsshubUrl(config, config.rsshub.instance, feed.rsshub, feed.rsshubOptions);
    fallbackUrls = config.rsshub.fallbacks
      .filter((f) => f !== config.rsshub.instance)
      .map((inst) => rsshubUrl(config, inst, feed.rsshub!, feed.rsshubOptions));
  } else {
    url = feedUrl(config, feed.url!);
  }
  const categories = feed.categories ?? (route !== null ? (lookupRoute(route, config, matchers)?.categories ?? []) : []);
  const source: Source = {
    key: sourceKey(feed),
    url,
    fallbackUrls,
    categories: [...categories],
    limit: feed.limit ?? config.limit,
    timezone: feed.timezone ?? config.timezone,
    headers: { ...(feed.headers ?? {}) },
    filters: feed.filters ?? [],
    rewrite: feed.rewrite ?? [],
  };
  if (feed.author !== undefined) source.author = feed.author;
  if (route !== null) source.rsshubRoute = route;
  if (feed.proxy !== undefined) source.proxy = feed.proxy;
  if (feed.images !== undefined) source.images = feed.images;
  if (feed.fulltext !== undefined) source.fulltext = feed.fulltext;
  if (feed.interval !== undefined) source.interval = feed.interval;
  return source;
}

/**
 * Categories for the route an RSSHub instance reported in its X-RSSHub-Route header (a pattern such as
 * /juejin/category/:category, or a path). Null when the feed has explicit categories or the route is unknown.
 */
export function categoriesForRouteHeader(source: Source, routeHeader: string, config: Config): string[] | null {
  const feed = config.feeds.find((f) => sourceKey(f) === source.key);
  if (feed?.categories !== undefined) return null;
  const header = routeHeader.trim();
  if (!header.startsWith('/')) return null;
  const matchers = [settledInstanceMatcher(config.rsshub.instance), bundledMatcher()];
  for (const matcher of matchers) {
    const match = matcher?.byPattern(header);
    if (match && matcher) return matcher.categoriesFor(match, config.rsshub.categoryNames);
  }
  return null;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
