// fulltext for one item: its web page, fetched once through the one HTTP layer and cached by URL in the store, is
// extracted and becomes the item's content before the transform (which sanitizes it, fixes its pictures and escapes
// it for Hexo like any feed HTML). A page that fails, or holds no article, costs nothing but the article: the item
// keeps the feed's own body, the failure comes back as one line, and later runs try again while attempts last.
// An article once extracted is used by every later run, so a post never flips between article and summary.
import type { ArticleRecord, Entry, FulltextSetting } from '../model.js';
import { HTML_ACCEPT, ruleForPage, shouldFetchArticle, withArticle } from './apply.js';
import { extractArticle } from './extract.js';
import type { ArticleFetching, PostArticle } from './fetching.js';

/** Tries of a failing page over all runs; a permanent failure is not retried. */
export const MAX_ARTICLE_ATTEMPTS = 3;

const MAX_URL_IN_MESSAGE = 200;

/** Content types that are no web page (a feed linking a PDF or a picture): no article in them, ever. */
const NOT_A_PAGE = /^(?:image|audio|video|font)\/|^application\/(?:pdf|zip|octet-stream|msword|vnd\.)/i;

export interface ArticleOutcome {
  /** the item with its article as content, or as it was */
  entry: Entry;
  /** undefined when the feed's setting does not fetch this item */
  article?: PostArticle;
}

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

function failureLine(url: string, reason: string): string {
  const u = url.length > MAX_URL_IN_MESSAGE ? `${url.slice(0, MAX_URL_IN_MESSAGE)}…` : url;
  return `article ${u}: ${reason}`;
}

type Failed = Extract<ArticleRecord, { status: 'failed' }>;
const retried = (r: Failed): boolean => !r.permanent && r.attempts < MAX_ARTICLE_ATTEMPTS;
const finalReason = (r: Failed): string => (r.permanent ? `${r.reason} (not retried)` : `${r.reason} (tried ${r.attempts} times; not retried)`);

/** About how much text the item's own body shows. */
const bodyTextLength = (entry: Entry): number => (entry.content ?? entry.summary ?? '').replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim().length;

const none = { failure: null, failedNow: false, retryLater: false, deferred: false };

/** The item with its article when the feed's setting asks for it; never throws. */
export async function withFetchedArticle(entry: Entry, setting: FulltextSetting | undefined, ctx: ArticleFetching): Promise<ArticleOutcome> {
  if (!shouldFetchArticle(setting, entry)) return { entry };
  const url = entry.link!;
  try {
    const known = await ctx.cache.get(url);
    if (known?.status === 'extracted') return { entry: withArticle(entry, known), article: none };
    if (known?.status === 'failed' && !retried(known)) return { entry, article: { ...none, failure: failureLine(url, finalReason(known)) } };
    let pending = ctx.run.inFlight.get(url);
    if (!pending) {
      if (!ctx.run.take()) return { entry, article: { ...none, retryLater: true, deferred: true } };
      pending = fetchAndRecord(url, entry, setting, known, ctx);
      ctx.run.inFlight.set(url, pending);
      void pending.finally(() => ctx.run.inFlight.delete(url));
    }
    const record = await pending;
    // null: the run was stopped mid-fetch, which says nothing about the page (no attempt is counted)
    if (record === null) return { entry, article: { ...none, retryLater: true } };
    if (record.status === 'extracted') return { entry: withArticle(entry, record), article: none };
    const retry = retried(record);
    return { entry, article: { failure: failureLine(url, retry ? record.reason : finalReason(record)), failedNow: true, retryLater: retry, deferred: false } };
  } catch (err) {
    // a store error costs this article, not the post
    return { entry, article: { failure: failureLine(url, oneLine(String((err as Error)?.message ?? err))), failedNow: true, retryLater: true, deferred: false } };
  }
}

/** Fetches and extracts the page, and records the outcome; null when the run was stopped. */
async function fetchAndRecord(url: string, entry: Entry, setting: FulltextSetting | undefined, known: ArticleRecord | null, ctx: ArticleFetching): Promise<ArticleRecord | null> {
  const now = Date.now();
  const res = await ctx.get(url, { accept: HTML_ACCEPT, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  if (ctx.signal?.aborted) return null;
  const attempts = (known?.status === 'failed' ? known.attempts : 0) + 1;
  const failed = (reason: string, permanent: boolean): ArticleRecord => ({ status: 'failed', reason: oneLine(reason), attempts, permanent, at: now });
  let record: ArticleRecord;
  if (res.kind === 'error') record = failed(res.reason, res.gone);
  else if (res.kind !== 'ok') record = failed('HTTP 304 to a request without validators', false);
  else if (res.contentType && NOT_A_PAGE.test(res.contentType)) record = failed(`not a web page: ${res.contentType.split(';', 1)[0]!.trim()}`, true);
  else {
    const article = extractArticle(res.body, {
      url: res.url,
      contentType: res.contentType,
      summary: entry.content ?? entry.summary,
      rule: ruleForPage(setting, ctx.run.rules.rules, res.url),
    });
    // a page whose "article" holds less text than the item's own body (a menu, a login wall) has none for us
    record = article && article.text.length > bodyTextLength(entry)
      ? { status: 'extracted', html: article.html, title: article.title, image: article.image, canonical: article.canonical, at: now }
      : failed('no article found in the page', false);
  }
  await ctx.cache.put(url, record);
  return record;
}
