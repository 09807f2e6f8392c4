// Cleanup of an extracted article: what Readability keeps but is not the article's text — share bars,
// "related" and "read more" lists, newsletter boxes, bylines and datelines, tag lists, and image captions and
// credits (the picture stays, its caption goes: in the article-extraction benchmark's bodies, and in most
// readers' view, captions are not the article's text).

/** class/id words of page furniture; matched as whole words of the attribute (`share-bar`, `related_posts`). */
const FURNITURE =
  /(?:^|[-_\s])(?:share|sharing|social|related|recommend(?:ed|ations?)?|newsletter|subscribe|subscription|promo|advert|ads?|sponsor(?:ed)?|byline|author|dateline|timestamp|published|breadcrumbs?|tags?|taglist|comments?|signup|outbrain|taboola|more-stories|read-?more|also|toolbar|print|disclaimer)(?:[-_\s]|$)/i;
/** Elements of furniture hold little text; a big block whose class says "author" is a page layout, not a bar. */
const FURNITURE_MAX_CHARS = 400;

const CAPTIONS = 'figcaption, [class*="caption"], [class*="credit"]';
const MEDIA = /^(?:IMG|PICTURE|VIDEO|AUDIO|IFRAME|A)$/;

function classAndId(el: Element): string {
  return `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
}

/** Removes figure captions and credits; the media inside a figure stay. */
export function removeCaptions(root: Element): void {
  for (const el of [...root.querySelectorAll(CAPTIONS)]) {
    if (el.querySelector('img, picture, video, iframe')) continue;
    el.remove();
  }
  for (const fig of [...root.querySelectorAll('figure')]) {
    for (const child of [...fig.childNodes]) {
      const e = child as Element;
      if (child.nodeType === 1 && (MEDIA.test(e.tagName) || e.querySelector('img, picture, video, iframe'))) continue;
      child.remove();
    }
  }
}

/** Removes small blocks whose class or id names page furniture (share bars, related lists, bylines …). */
export function removeFurniture(root: Element, extraSelectors: readonly string[] = []): void {
  for (const el of [...root.querySelectorAll('[class], [id]')]) {
    if (!el.parentNode) continue; // inside something already removed
    if (FURNITURE.test(classAndId(el)) && (el.textContent ?? '').length < FURNITURE_MAX_CHARS) el.remove();
  }
  for (const selector of extraSelectors) {
    try {
      for (const el of [...root.querySelectorAll(selector)]) el.remove();
    } catch {
      // an invalid selector in a user's rule removes nothing; the rule loader already named it
    }
  }
}

function textLength(el: Element): number {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

function linkTextLength(el: Element): number {
  let n = 0;
  for (const a of el.querySelectorAll('a')) n += textLength(a);
  return n;
}

/**
 * Lists that are mostly link text ("related", "read next", "more on this" lists) and short blocks that are
 * only a date ("Published: Nov. 20, 2019 1:35 a.m."). Only for the generic extractor: a site rule's author
 * picks what to drop with `remove`, and may want a list of links (a post's references) kept.
 */
export function removeLinkListsAndDatelines(root: Element): void {
  for (const list of [...root.querySelectorAll('ul, ol')]) {
    if (!list.parentNode) continue;
    const len = textLength(list);
    if (len > 0 && linkTextLength(list) / len > LINK_LIST_SHARE) list.remove();
  }
  for (const el of [...root.querySelectorAll('p, div, span, time, li')]) {
    if (!el.parentNode || el.querySelector('p, div, li')) continue;
    const t = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (t.length > 0 && t.length < DATELINE_MAX_CHARS && DATELINE.test(t)) el.remove();
  }
}

const LINK_LIST_SHARE = 0.6;
const DATELINE_MAX_CHARS = 80;
/** An optional "Published/Updated" label, a date in a common English, ISO or Chinese form, then little else. */
const DATELINE =
  /^(?:(?:published|updated|posted|last updated|modified|发布时间|更新时间|发布于)[^a-z0-9]*)?(?:[a-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [a-z]{3,9}\.? \d{4}|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )[^!?。！？]{0,40}$/i;
