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
