// transform: Entry + Source → Post. Title, categories, author, date, head image and the body pass.
import type { ContentConfig, Entry, FeedDocument, ImagesConfig, Post, Source } from '../model.js';
import { contentBaseFor } from '../parse/urls.js';
import { passesFilters } from './filters.js';
import { itemIdentity, placeholderNumber } from '../items/identity.js';
import { isHeadImageCandidateInBody, isIconOrAvatar, isTrackingPixelUrl, type ImageFacts } from './images.js';
import { rewriteRemovals } from './rewrite.js';
import { cleanControls, processBody, processCleanBody, safeUrl, type BodyOptions } from './sanitize/index.js';
import { collapseWhitespace, inertText, textParagraphs } from './text.js';
import { postTitle } from './title.js';
import { frontMatterImageUrl, proxyImage } from './urls.js';


export interface TransformContext {
  images: ImagesConfig;
  content: ContentConfig;
  /** epoch ms when feedmill first saw the item: the date of items that carry none */
  firstSeen: number;
  /** the item's identity as the store knows it (items/identity.ts); default: computed from the entry */
  identity?: string;
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

/** An author candidate as front-matter text ('' when it has none). */
function authorText(c: string | null | undefined): string {
  return c ? inertText(collapseWhitespace(c)) : ''; // the feed's title or author names can spell markup
}

/** `author: item` in a feed's config: each item's own author, else the rule below without a configured author. */
export const ITEM_AUTHOR = 'item';

/**
 * The first of: the configured author, the second category, the feed title, the entry's and the feed's first
 * author. With `author: item`, the entry's first author comes first instead.
 */
function postAuthor(entry: Entry, feed: FeedDocument, source: Source): string {
  const fromItem = source.author === ITEM_AUTHOR;
  return (
    (fromItem ? authorText(entry.authors[0]?.name) : authorText(source.author)) ||
    authorText(source.categories[1]) ||
    authorText(feed.title) ||
    authorText(entry.authors[0]?.name) ||
    authorText(feed.authors[0]?.name)
  );
}

const HTTP_URL = /^https?:\/\//i;

/**
 * headimg/thumbnail: the first body image fit to head a post, else the item's own picture. Only an image the
 * sanitizer kept (body.images lists nothing else) and only an http(s) URL: themes load it outside the body.
 */
function headImage(bodyImages: ImageFacts[], ownImage: string | null): string | null {
  for (const img of bodyImages) if (HTTP_URL.test(img.src) && isHeadImageCandidateInBody(img)) return img.src;
  return ownImage !== null && HTTP_URL.test(ownImage) ? ownImage : null;
}

const IMAGE_TYPE = /^image\//i;
const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;
const DATA_URL = /^data:/i;

/** The picture URL to use for a candidate, or null when it is unsafe, a pixel, an icon or an avatar. */
function usableImage(c: string | null | undefined, base: string | null, proxy: string | undefined): string | null {
  if (!c) return null;
  const u = safeUrl(c, 'image', base);
  // the item's picture carries no size: avatars and icons are told by their URL (GitHub puts the author's avatar here)
  if (u && !DATA_URL.test(u) && !isTrackingPixelUrl(u) && !isIconOrAvatar({ src: u, width: null, height: null, className: '', alt: '' })) return proxyImage(u, proxy);
  return null;
}

/** The item's own picture: entry.image, else an enclosure with an image type (or image extension). */
function entryImage(entry: Entry, base: string | null, proxy: string | undefined): string | null {
  const own = usableImage(entry.image, base, proxy);
  if (own !== null) return own;
  for (const e of entry.enclosures) {
    if ((e.type && IMAGE_TYPE.test(e.type)) || (!e.type && IMAGE_EXTENSION.test(e.url))) {
      const u = usableImage(e.url, base, proxy);
      if (u !== null) return u;
    }
  }
  return null;
}

const AMP = /&/g;
const QUOT = /"/g;
const LT = /</g;
const GT = />/g;
const escapeAttr = (v: string): string => v.replace(AMP, '&amp;').replace(QUOT, '&quot;').replace(LT, '&lt;').replace(GT, '&gt;');

/**
 * A body for items that carry none (Hacker News, YouTube Atom, link blogs): the item's own picture and its
 * link, so the post is not an empty page. Built as HTML and sent through the same body pass as any feed HTML.
 */
function fallbackBody(link: string | null, image: string | null, base: string | null, opts: Omit<BodyOptions, 'removeStarts'>): string {
  const href = link ? safeUrl(link, 'link', base) : null;
  if (href === null) return '';
  const text = href.replace(AMP, '&amp;').replace(LT, '&lt;').replace(GT, '&gt;');
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
  const own = itemIdentity(entry);
  const { guid, link } = own;
  const identity = ctx.identity ?? own.identity;
  const rawBody = textParagraphs(cleanControls(entry.content ?? entry.summary ?? ''));
  const title = postTitle(entry.title, rawBody);
  if (source.filters.length > 0 && !passesFilters(source.filters, entry, title)) return null;

  const base = contentBaseFor(entry, feed);
  const bodyOpts: BodyOptions = {
    base,
    proxy: ctx.images.proxy,
    linksNewTab: ctx.content.linksNewTab,
    stripTracking: ctx.content.stripTracking,
    iframeHosts: ctx.content.iframeHosts,
  };
  // The sanitizer runs last on any HTML that reaches a post: this body, and the fallback and picture blocks
  // below, are built first and then go through the body pass. rawBody is cleaned already (textParagraphs only
  // adds markup), and the rewrite offsets are offsets into it.
  const body = processCleanBody(rawBody, source.rewrite.length > 0 ? { ...bodyOpts, removeStarts: rewriteRemovals(rawBody, source.rewrite) } : bodyOpts);

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
  const found = headImage(body.images, ownImage);
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
