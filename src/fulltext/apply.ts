// What a run needs around the extractor, as pure functions: whether a feed's item gets its article
// fetched, which site rule applies to the page, the request for the page, and the item with its article.
// A run wires them in fetch-article.ts (fetch once through the HTTP layer, cache in the store, extract).
import type { Entry, FulltextSetting, Source } from '../model.js';
import type { ExtractedArticle } from './extract.js';
import { needsFullText } from './needs-fulltext.js';
import { findRule, type SiteRule, type SiteRules } from './site-rules.js';

/** never (or unset): no; always or a feed rule: when the item has a link; auto: when its body looks cut. */
export function shouldFetchArticle(setting: FulltextSetting | undefined, entry: Pick<Entry, 'link' | 'summary' | 'content'>): boolean {
  if (setting === undefined || setting === 'never' || !entry.link || !/^https?:\/\//i.test(entry.link)) return false;
  if (setting === 'auto') return needsFullText(entry);
  return true;
}

/** The feed's own rule when it has one, else the site rule of the page's host. */
export function ruleForPage(setting: FulltextSetting | undefined, rules: SiteRules, pageUrl: string): SiteRule | null {
  if (setting !== undefined && typeof setting === 'object') return setting;
  return findRule(rules, pageUrl);
}

export const HTML_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';

/**
 * The fetch layer's request for an article page. The feed's own headers are not sent: they are meant for
 * the feed's server (often an RSSHub instance), not for the site the article is on.
 */
export function articleRequest(url: string): Source {
  return { key: `article:${url}`, url, fallbackUrls: [], categories: [], limit: 1, timezone: 'UTC', headers: { accept: HTML_ACCEPT }, filters: [], rewrite: [] };
}

/**
 * The item with the article as its content; its own image, when it has one, stays the head image, and its own title
 * stays when it has one.
 */
export function withArticle(entry: Entry, article: Pick<ExtractedArticle, 'html' | 'image' | 'canonical' | 'title'>): Entry {
  return { ...entry, title: entry.title || article.title, content: article.html, image: entry.image ?? article.image, contentBase: article.canonical };
}
