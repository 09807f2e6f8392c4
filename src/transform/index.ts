// transform: Entry + Source → Post. Title, categories, author, date, head image and the body pass.
import type { ContentConfig, Entry, FeedDocument, ImagesConfig, Post, Source } from '../model.js';
import { contentBaseFor } from '../parse/urls.js';
import { cleanControls, processBody, type BodyOptions } from './body.js';
import { passesFilters } from './filters.js';
import { itemIdentity, placeholderNumber } from './identity.js';
import { isHeadImageCandidate, isIconOrAvatar, isTrackingPixelUrl } from './images.js';
import { rewriteRemovals } from './rewrite.js';
import { collapseWhitespace, inertText, postTitle, textParagraphs } from './text.js';
import { frontMatterImageUrl, proxyImage, safeUrl } from './urls.js';

export { itemIdentity, placeholderNumber } from './identity.js';
export type { ItemIdentity } from './identity.js';

export interface TransformContext {
  images: ImagesConfig;
  content: ContentConfig;
  /** epoch ms when feedmill first saw the item: the date of items that carry none */
  firstSeen: number;
}

// Feeds write the Unix epoch or year 0001 (Go's zero time) when they have no date; nothing real predates 1971.
const EARLIEST_REAL_DATE = Date.UTC(1971, 0, 1);
const LATEST_WRITABLE_DATE = Date.UTC(9999, 11, 31, 23, 59, 59);

function validDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  const t = d.getTime();
  return Number.isNaN(t) || t < EARLIEST_REAL_DATE || t > LATEST_WRITABLE_DATE ? null : d;
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
    const t = c ? inertText(collapseWhitespace(c)) : ''; // the feed's title or author names can spell markup
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
    // the item's picture carries no size: avatars and icons are told by their URL (GitHub puts the author's avatar here)
    if (u && !/^data:/i.test(u) && !isTrackingPixelUrl(u) && !isIconOrAvatar({ src: u, width: null, height: null, className: '', alt: '' })) return proxyImage(u, proxy);
  }
  return null;
}

const escapeAttr = (v: string): string => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A body for items that carry none (Hacker News, YouTube Atom, link blogs): the item's own picture and its
 * link, so the post is not an empty page. Built as HTML and sent through the same body pass as any feed HTML.
 */
function fallbackBody(link: string | null, image: string | null, base: string | null, opts: Omit<BodyOptions, 'removeStarts'>): string {
  const href = link ? safeUrl(link, 'link', base) : null;
  if (href === null) return '';
  const text = href.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const img = image ? `<p><img src="${escapeAttr(image)}"></p>\n` : '';
  return processBody(`${img}<p><a href="${escapeAttr(href)}">${text}</a></p>`, opts).html;
}

/** The item's own picture for a text-only body, linked to the item when it has a link. */
function pictureBlock(link: string | null, image: string, base: string | null, opts: Omit<BodyOptions, 'removeStarts'>): string {
  const href = link ? safeUrl(link, 'link', base) : null;
  const img = `<img src="${escapeAttr(image)}">`;
  return processBody(`<p>${href ? `<a href="${escapeAttr(href)}">${img}</a>` : img}</p>`, opts).html;
}

/** The post for an entry, or null when the feed's filters drop it. */
export function entryToPost(entry: Entry, feed: FeedDocument, source: Source, ctx: TransformContext): Post | null {
  const { identity, guid, link } = itemIdentity(entry);
  const rawBody = textParagraphs(cleanControls(entry.content ?? entry.summary ?? ''));
  const title = postTitle(entry.title, rawBody);
  if (source.filters.length > 0 && !passesFilters(source.filters, entry, title)) return null;

  const base = contentBaseFor(entry, feed);
  const bodyOpts = {
    base,
    proxy: ctx.images.proxy,
    linksNewTab: ctx.content.linksNewTab,
    stripTracking: ctx.content.stripTracking,
    iframeHosts: ctx.content.iframeHosts,
  };
  const body = processBody(rawBody, {
    ...bodyOpts,
    removeStarts: source.rewrite.length > 0 ? rewriteRemovals(rawBody, source.rewrite) : undefined,
  });

  const ownImage = entryImage(entry, base, ctx.images.proxy);
  const html =
    body.html === ''
      ? fallbackBody(link, ownImage, base, bodyOpts)
      : body.images.length === 0 && ownImage !== null
        ? // a text-only body (a video's description, a podcast's notes) shows the item's own picture, linked to the item
          pictureBlock(link, ownImage, base, bodyOpts) + body.html
        : body.html;
  // An item with neither title nor body (nor a link or picture to show) would be an empty page.
  if (title === '' && html === '') return null;
  const found = body.images.find(isHeadImageCandidate)?.src ?? ownImage;
  const image =
    (found !== null ? frontMatterImageUrl(found) : null) ??
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
    html,
    link,
    guid,
  };
}
