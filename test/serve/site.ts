// A site for serve tests: a config with feeds (local feed files), a posts folder, a store filled through its
// API with posts whose files are written in the seed's format, and a server on 127.0.0.1.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configFromObject } from '../../src/config/load.js';
import { formatHexoPost } from '../../src/output/hexo.js';
import { openStore } from '../../src/store/index.js';
import type { Config, ItemRecord, PostMeta, Store } from '../../src/model.js';
import { startServer, type RunningServer, type ServeOptions } from '../../src/serve/index.js';
import { tempDir } from '../helpers.js';

export interface Site {
  dir: string;
  config: Config;
  store: Store;
}

export interface SitePost {
  feedKey: string;
  title: string;
  date: number;
  categories?: string[];
  html?: string;
  image?: string;
  link?: string;
}

/** A config with these feeds: an http URL, or the name of a file in the site's folder (as a file: URL). */
export async function makeSite(feeds: Array<{ url: string; categories: string[]; title?: string }>, extra: Record<string, unknown> = {}): Promise<Site> {
  const dir = tempDir('feedmill-serve-');
  mkdirSync(join(dir, 'posts'));
  const config = configFromObject(
    {
      output: { dir: 'posts' },
      state: 'state.db',
      timezone: 'Asia/Shanghai',
      feeds: feeds.map((f) => ({ url: /^https?:/.test(f.url) ? f.url : pathToFileURL(join(dir, f.url)).href, categories: f.categories, ...(f.title ? { title: f.title } : {}) })),
      ...extra,
    },
    dir,
  );
  return { dir, config, store: await openStore(config.state) };
}

let counter = 0;

/** Writes each post's file and records it through the store API (claim, then save), as a run does. */
export async function addPosts(site: Site, posts: SitePost[], opts: { writeFiles?: boolean } = {}): Promise<ItemRecord[]> {
  const byFeed = new Map<string, ItemRecord[]>();
  for (const p of posts) {
    const n = ++counter;
    const identity = p.link ?? `urn:test:${n}`;
    const meta: PostMeta = { title: p.title, date: p.date, categories: p.categories ?? [], author: 'Test author', image: p.image ?? '', link: p.link ?? null };
    const file = `post-${n}.md`;
    if (opts.writeFiles !== false) {
      const text = formatHexoPost(
        { identity, title: p.title, categories: meta.categories, author: meta.author, date: new Date(p.date), timezone: 'UTC', image: meta.image, html: p.html ?? `<p>Body of ${p.title}</p>`, link: meta.link, guid: null },
        { dateStyle: 'rfc1123' },
      );
      writeFileSync(join(site.config.output.dir, file), text);
    }
    const rec: ItemRecord = { identity, guid: null, link: meta.link, feedKey: p.feedKey, contentHash: 'x', file, firstSeen: p.date, pending: true, meta };
    byFeed.set(p.feedKey, [...(byFeed.get(p.feedKey) ?? []), rec]);
  }
  const out: ItemRecord[] = [];
  for (const [feedKey, recs] of byFeed) {
    const claims = await site.store.claimItems(recs);
    const claimed = recs.filter((_, i) => claims[i]!.kind === 'claimed');
    await site.store.saveFeed(feedKey, { items: claimed.map((r) => ({ ...r, pending: false })), release: [], feed: {} });
    out.push(...claimed);
  }
  return out;
}

export async function serveSite(site: Site, opts: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return startServer({ config: site.config, store: site.store, port: 0, ...opts });
}

/** A feed file of `n` RSS items titled "<prefix> 1" … , dated one hour apart before `newest`. */
export function writeFeed(path: string, prefix: string, n: number, newest: number): void {
  const items = Array.from({ length: n }, (_, i) => {
    const k = i + 1;
    return `<item><title>${prefix} ${k}</title><link>https://example.com/${encodeURIComponent(prefix)}/${k}</link><guid>${prefix}-${k}</guid><pubDate>${new Date(newest - i * 3_600_000).toUTCString()}</pubDate><description>&lt;p&gt;Text of ${prefix} ${k}&lt;/p&gt;</description></item>`;
  });
  writeFileSync(path, `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>${prefix}</title><link>https://example.com/</link><description>test</description>${items.join('')}</channel></rss>\n`);
}
