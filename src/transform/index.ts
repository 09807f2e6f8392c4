// transform: Entry + Source → Post. Title, categories, author, date, head image and the body pass.
import type { ContentConfig, Entry, FeedDocument, ImagesConfig, Post, Source } from '../model.js';
import { contentBaseFor } from '../parse/urls.js';
import { cleanControls, processBody } from './body.js';
import { passesFilters } from './filters.js';
import { itemIdentity, placeholderNumber } from './identity.js';
import { isHeadImageCandidate, isTrackingPixelUrl } from './images.js';
import { rewriteRemovals } from './rewrite.js';
import { collapseWhitespace, postTitle } from './text.js';
import { proxyImage, safeUrl } from './urls.js';

export { itemIdentity, placeholderNumber } from './identity.js';
export type { ItemIdentity } from './identity.js';

export interface TransformContext {
  images: ImagesConfig;
  content: ContentConfig;
  /** epoch ms when feedmill first saw the item: the date of items that carry none */
  firstSeen: number;
}

function validDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

function postDate(entry: Entry, firstSeen: number): Date {
  const d = validDate(entry.published) ?? validDate(entry.updated);
  if (d) return d;
  const seen = new Date(firstSeen);
  return Number.isNaN(seen.getTime()) ? new Date(0) : seen;
}

function postAuthor(entry: Entry, feed: FeedDocument, source: Source): string {
  const candidates = [
    source.author,
    source.categories[1],
    feed.title,
    entry.authors[0]?.name,
    feed.authors[0]?.name,
  ];
  for (const c of candidates) {
    const t = c ? collapseWhitespace(c) : '';
    if (t) return t;
  }
  return '';
}

/** The item's own picture: entry.image, else an enclosure with an image type (or image extension). */
function entryImage(entry: Entry, base: string | null, proxy: string | undefined): string | null {
  const candidates = [entry.image];
  for (const e of entry.enclosures) {
    if ((e.type && /^image\//i.test(e.type)) || (!e.type && /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i.test(e.url))) candidates.push(e.url);
  }
  for (const c of candidates) {
    if (!c) continue;
    const u = safeUrl(c, 'image', base);
    if (u && !/^data:/i.test(u) && !isTrackingPixelUrl(u)) return proxyImage(u, proxy);
  }
  return null;
}

/** The post for an entry, or null when the feed's filters drop it. */
export function entryToPost(entry: Entry, feed: FeedDocument, source: Source, ctx: TransformContext): Post | null {
  const { identity, guid, link } = itemIdentity(entry);
  const rawBody = cleanControls(entry.content ?? entry.summary ?? '');
  const title = postTitle(entry.title, rawBody);
  if (source.filters.length > 0 && !passesFilters(source.filters, entry, title)) return null;

  const base = contentBaseFor(entry, feed);
  const body = processBody(rawBody, {
    base,
    proxy: ctx.images.proxy,
    linksNewTab: ctx.content.linksNewTab,
    stripTracking: ctx.content.stripTracking,
    iframeHosts: ctx.content.iframeHosts,
    removeStarts: source.rewrite.length > 0 ? rewriteRemovals(rawBody, source.rewrite) : undefined,
  });

  const image =
    body.images.find(isHeadImageCandidate)?.src ??
    entryImage(entry, base, ctx.images.proxy) ??
    // seeded by the link first, so an item whose guid changes (same item, issue 2) keeps its picture
    ctx.images.placeholder.split('{n}').join(String(placeholderNumber(link ?? identity)));

  return {
    identity,
    title,
    categories: [...source.categories],
    author: postAuthor(entry, feed, source),
    date: postDate(entry, ctx.firstSeen),
    timezone: source.timezone,
    image,
    html: body.html,
    link,
    guid,
  };
}
