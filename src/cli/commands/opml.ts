// feedmill import FILE.opml / feedmill export: OPML 2.0 with categories as nested outlines.
import { readFile, writeFile } from 'node:fs/promises';
import type { Config } from '../../model.js';
import { appendFeedsToFile, configuredIdentities, feedIdentity, readConfigFile, type NewFeed } from '../config-edit.js';
import { loadConfigForCli } from '../config-file.js';
import { CliError, EXIT } from '../exit.js';

/** An OPML URL on a configured RSSHub instance becomes an rsshub: route (with its query as options). */
function asRsshubFeed(url: string, config: Config): NewFeed | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  for (const inst of [config.rsshub.instance, ...config.rsshub.fallbacks, 'https://rsshub.app']) {
    let iu: URL;
    try {
      iu = new URL(inst);
    } catch {
      continue;
    }
    const base = iu.pathname.replace(/\/+$/, '');
    if (iu.origin !== u.origin || !u.pathname.startsWith(`${base}/`) || u.pathname === `${base}/`) continue;
    let route = u.pathname.slice(base.length);
    try {
      route = decodeURI(route);
    } catch {
      // keep it encoded
    }
    const feed: NewFeed = { rsshub: route };
    const options: Record<string, string | number> = {};
    for (const [k, v] of u.searchParams) if (k !== 'key') options[k] = /^\d{1,9}$/.test(v) ? Number(v) : v;
    if (Object.keys(options).length > 0) feed.rsshubOptions = options;
    return feed;
  }
  return null;
}

export async function importCommand(file: string, opts: { config: string }): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`feedmill: cannot read ${file}: ${(err as Error).message}`, EXIT.fatal);
  }
  const { parseOpml } = await import('../../config/opml.js');
  let opml;
  try {
    opml = parseOpml(text);
  } catch (err) {
    throw new CliError(`feedmill: ${file}: ${(err as Error).message}`, EXIT.fatal);
  }
  const state = await readConfigFile(opts.config, true);
  const seen = configuredIdentities(state.config.feeds);
  const added: NewFeed[] = [];
  let duplicates = 0;
  let skipped = 0;
  for (const item of opml.feeds) {
    // http(s), file: and scheme-less paths (feedmill's own exports of local feeds) are feeds
    if (/^[a-z][a-z0-9+.-]*:/i.test(item.url) && !/^(https?|file):/i.test(item.url)) {
      skipped++;
      process.stderr.write(`skipped (not an http, https or file URL): ${item.url}\n`);
      continue;
    }
    const feed: NewFeed = asRsshubFeed(item.url, state.config) ?? { url: item.url };
    const id = feedIdentity(feed);
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    seen.add(id);
    // The label is only kept when it says more than the categories or the URL already do.
    const last = item.categories[item.categories.length - 1];
    if (item.title && item.title !== last && item.title !== item.url) feed.title = item.title;
    if (item.categories.length > 0) feed.categories = item.categories;
    added.push(feed);
  }
  if (added.length > 0) await appendFeedsToFile(state, added);
  const extra = [duplicates ? `${duplicates} already configured` : '', skipped ? `${skipped} skipped` : ''].filter(Boolean).join(', ');
  process.stdout.write(
    `imported ${added.length} feed${added.length === 1 ? '' : 's'} into ${opts.config}${state.existed ? '' : ' (new file)'}${extra ? ` (${extra})` : ''}\n`,
  );
  return EXIT.ok;
}

export async function exportCommand(opts: { config: string; output?: string }): Promise<number> {
  const config = await loadConfigForCli(opts.config);
  const { resolveSources } = await import('../../config/sources.js');
  const { buildOpml } = await import('../../config/opml.js');
  const sources = await resolveSources(config, { offline: true });
  const feeds = config.feeds.map((feed, i) => {
    let url = feed.url ?? '';
    if (feed.rsshub !== undefined) {
      // the instance URL without the access key: an exported list must not leak secrets
      const u = new URL(sources[i]!.url);
      u.searchParams.delete('key');
      url = u.href;
    }
    return {
      url,
      categories: sources[i]!.categories,
      ...(feed.title !== undefined ? { title: feed.title } : {}),
    };
  });
  const xml = buildOpml(feeds, { title: 'feedmill subscriptions' });
  if (opts.output) {
    await writeFile(opts.output, xml);
    process.stderr.write(`wrote ${feeds.length} feeds to ${opts.output}\n`);
  } else {
    process.stdout.write(xml);
  }
  return EXIT.ok;
}
