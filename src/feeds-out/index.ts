// Feeds out: Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the site's newest posts — all of them, and one set per
// first category — as files to put in the site. Pure: posts and settings in, file paths and texts out
// (write.ts puts them on disk).
import type { FeedOutFormat, FeedsOutConfig } from '../model.js';
import type { RenderedFile } from '../output/format.js';
import { atomFeed } from './atom.js';
import { jsonFeed } from './json-feed.js';
import type { FeedOut, FeedSite, PublishedPost } from './model.js';
import { rssFeed } from './rss.js';

export type { FeedOut, FeedSite, PostMetaLike, PublishedPost } from './model.js';
export { postPageUrl } from './post-url.js';
export { atomFeed, jsonFeed, rssFeed };

const FILES: Record<FeedOutFormat, { name: string; render: (feed: FeedOut) => string }> = {
  atom: { name: 'atom.xml', render: atomFeed },
  rss: { name: 'rss.xml', render: rssFeed },
  json: { name: 'feed.json', render: jsonFeed },
};

/** Newest first (ties by file name, so the order never depends on the caller's), at most `limit`. */
export function newestPosts(posts: readonly PublishedPost[], limit: number): PublishedPost[] {
  return [...posts].sort((a, b) => b.meta.date - a.meta.date || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).slice(0, limit);
}

/** A category's folder name: letters and digits of any script, the rest `-` (`科技`, `open-source`). */
export function categorySlug(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'category';
}

/** Each first category's folder, unique (a second `A B` next to `a-b` becomes `a-b-2`), in name order. */
function categoryFolders(posts: readonly PublishedPost[]): Map<string, string> {
  const names = [...new Set(posts.map((p) => p.meta.categories[0]).filter((c): c is string => !!c && c.trim() !== ''))].sort();
  const taken = new Set<string>();
  const folders = new Map<string, string>();
  for (const name of names) {
    const slug = categorySlug(name);
    let folder = slug;
    for (let i = 2; taken.has(folder); i++) folder = `${slug}-${i}`;
    taken.add(folder);
    folders.set(name, folder);
  }
  return folders;
}

/**
 * Every feed file: `atom.xml`, `rss.xml`, `feed.json` for all posts and, with perCategory, the same under
 * `categories/<first category>/`. Paths are relative to `config.dir`, which is published at the site's root.
 */
export function renderFeedsOut(posts: readonly PublishedPost[], config: FeedsOutConfig, timezone: string): RenderedFile[] {
  const site: FeedSite = { title: config.title, siteUrl: config.siteUrl, postUrl: config.postUrl, timezone };
  if (config.description) site.description = config.description;
  const sets: Array<{ folder: string; title: string; posts: PublishedPost[] }> = [{ folder: '', title: config.title, posts: newestPosts(posts, config.limit) }];
  if (config.perCategory) {
    for (const [name, folder] of categoryFolders(posts)) {
      const own = posts.filter((p) => p.meta.categories[0] === name);
      sets.push({ folder: `categories/${folder}/`, title: `${config.title} · ${name}`, posts: newestPosts(own, config.limit) });
    }
  }
  const files: RenderedFile[] = [];
  for (const set of sets) {
    for (const format of config.formats) {
      const { name, render } = FILES[format];
      const path = `${set.folder}${name}`;
      const selfUrl = new URL(path.split('/').map(encodeURIComponent).join('/'), config.siteUrl).href;
      files.push({ path, text: render({ site, selfUrl, title: set.title, posts: set.posts }) });
    }
  }
  return files;
}
