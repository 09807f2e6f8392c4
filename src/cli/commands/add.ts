// feedmill add <url-or-route>: an RSSHub route (categories from the catalog), a feed URL, or a web page whose
// feeds are discovered; the feed is appended to the config, keeping the user's comments and formatting.
import { appendFeedsToFile, configuredIdentities, feedIdentity, readConfigFile, type NewFeed } from '../config-edit.js';
import { CliError, EXIT } from '../exit.js';

export interface AddOptions {
  config: string;
  category?: string[];
  pick?: string;
  title?: string;
  offline?: boolean;
}

const DEFAULT_CATEGORY = '其他';

/** One --category value names the first category; several are the whole list. */
function applyCategoryOption(found: string[], option: string[] | undefined): string[] {
  if (!option || option.length === 0) return found;
  if (option.length > 1) return option;
  return [option[0]!, ...found.slice(1)];
}

async function ask(question: string, fallback: string): Promise<string> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return fallback;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(`${question} [${fallback}]: `)).trim();
    return answer || fallback;
  } finally {
    rl.close();
  }
}

export async function addCommand(target: string, opts: AddOptions): Promise<number> {
  const state = await readConfigFile(opts.config, false);
  const config = state.config;
  const { routeOf, lookupRoute, accessKeyFor } = await import('../../config/sources.js');
  const { bundledMatcher, instanceMatcher } = await import('../../config/catalog.js');

  let feed: NewFeed;
  const trimmed = target.trim();
  const routeTarget = trimmed.startsWith('rsshub:') ? trimmed.slice('rsshub:'.length) : trimmed.startsWith('/') ? trimmed : null;
  const onInstance = routeTarget === null && /^https?:/i.test(trimmed) ? routeOf({ url: trimmed }, config) : null;
  const route = routeTarget ?? onInstance;

  if (route !== null) {
    const normalized = route.startsWith('/') ? route : `/${route}`;
    const matchers = [
      opts.offline
        ? null
        : await instanceMatcher(config.rsshub.instance, {
            key: accessKeyFor(config, config.rsshub.instance),
            timeoutMs: 3000,
            userAgent: config.fetch.userAgent,
            ...(config.fetch.proxy !== undefined ? { proxy: config.fetch.proxy } : {}),
          }),
      bundledMatcher(),
    ];
    const found = lookupRoute(normalized, config, matchers);
    const categories = applyCategoryOption(found?.categories ?? [], opts.category);
    feed = routeTarget !== null ? { rsshub: normalized } : { url: trimmed };
    if (opts.title) feed.title = opts.title;
    if (categories.length > 0) feed.categories = categories;
    if (!found) process.stderr.write(`warning: ${normalized} is not in the RSSHub catalog; pass --category to set categories\n`);
    else if (found.match.namespaceOnly) process.stderr.write(`warning: ${normalized}: only the site is known to the catalog\n`);
  } else if (/^https?:\/\//i.test(trimmed)) {
    const { discoverFeeds, fetchFeedTitle } = await import('../discover.js');
    let discovery;
    try {
      discovery = await discoverFeeds(trimmed, { fetch: config.fetch });
    } catch (err) {
      throw new CliError(`feedmill: ${(err as Error).message}`, EXIT.fatal);
    }
    if (discovery.feeds.length === 0) {
      throw new CliError(
        `feedmill: no feed found on ${trimmed} (looked for <link rel="alternate"> feeds and /feed, /rss, /atom.xml, /index.xml, /feed.xml)`,
        EXIT.fatal,
      );
    }
    process.stdout.write(`found ${discovery.feeds.length} feed${discovery.feeds.length === 1 ? '' : 's'} on ${discovery.pageUrl}:\n`);
    discovery.feeds.forEach((f, i) => {
      process.stdout.write(`  ${i + 1}. ${f.url}${f.title ? `  "${f.title}"` : ''}  (${f.via === 'self' ? 'the URL is a feed' : f.via === 'link' ? 'linked from the page' : 'common path'})\n`);
    });
    const pick = Number(opts.pick ?? '1');
    if (!Number.isInteger(pick) || pick < 1 || pick > discovery.feeds.length) {
      throw new CliError(`feedmill: --pick must be between 1 and ${discovery.feeds.length}`, EXIT.usage);
    }
    const chosen = discovery.feeds[pick - 1]!;
    const feedTitle =
      (chosen.via === 'self' ? chosen.title : await fetchFeedTitle(chosen.url, { fetch: config.fetch })) ??
      chosen.title;
    const site = discovery.siteTitle ?? new URL(discovery.pageUrl).hostname;
    let categories: string[];
    if (opts.category && opts.category.length > 1) categories = opts.category;
    else {
      const first = opts.category?.[0] ?? (await ask(`category for ${feedTitle ?? chosen.url}`, DEFAULT_CATEGORY));
      categories = [first, site];
      if (feedTitle && feedTitle !== site) categories.push(feedTitle);
    }
    feed = { url: chosen.url };
    if (opts.title) feed.title = opts.title;
    feed.categories = categories;
  } else {
    throw new CliError(
      `feedmill: ${target}: expected an RSSHub route (/site/channel or rsshub:/site/channel) or an http(s) URL`,
      EXIT.usage,
    );
  }

  if (configuredIdentities(config.feeds).has(feedIdentity(feed))) {
    throw new CliError(`feedmill: ${feed.rsshub ?? feed.url} is already in ${opts.config}`, EXIT.fatal);
  }
  await appendFeedsToFile(state, [feed]);
  const cats = Array.isArray(feed.categories) ? ` with categories [${(feed.categories as string[]).join(', ')}]` : '';
  process.stdout.write(`added ${feed.rsshub ? `rsshub: ${feed.rsshub}` : feed.url} to ${opts.config}${cats}\n`);
  return EXIT.ok;
}
