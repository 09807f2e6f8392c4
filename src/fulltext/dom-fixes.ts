// Page DOM repairs before extraction: lazy-loaded images get their real source, and every URL the article
// may carry becomes absolute.
import { resolveUrl } from '../parse/urls.js';
import { LAZY_SRCSET_ATTRS, LAZY_SRC_ATTRS, isPlaceholderSrc } from '../transform/images.js';

const URL_LIKE = /^(?:https?:)?\/\/|^\/|^[\w./-]+\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)/i;

/** `data-src` and friends win over a missing or placeholder `src` (the same attributes the transform reads). */
export function fixLazyImages(root: ParentNode): void {
  for (const img of root.querySelectorAll('img, source')) {
    const src = img.getAttribute('src');
    if (src === null || isPlaceholderSrc(src)) {
      for (const attr of LAZY_SRC_ATTRS) {
        const v = img.getAttribute(attr)?.trim();
        if (v && URL_LIKE.test(v)) {
          img.setAttribute('src', v);
          break;
        }
      }
    }
    if (!img.getAttribute('srcset')) {
      for (const attr of LAZY_SRCSET_ATTRS) {
        const v = img.getAttribute(attr)?.trim();
        if (v) {
          img.setAttribute('srcset', v);
          break;
        }
      }
    }
  }
}

const URL_ATTRS: Array<[string, string]> = [
  ['a[href]', 'href'],
  ['img[src]', 'src'],
  ['source[src]', 'src'],
  ['video[src]', 'src'],
  ['audio[src]', 'src'],
  ['iframe[src]', 'src'],
  ['video[poster]', 'poster'],
];

function resolveSrcset(srcset: string, base: string): string {
  return srcset
    .split(',')
    .map((part) => {
      const [u, ...rest] = part.trim().split(/\s+/);
      return u ? [resolveUrl(u, base), ...rest].join(' ') : '';
    })
    .filter(Boolean)
    .join(', ');
}

/** Relative and protocol-relative URLs of links, media and srcsets resolved against `base`. */
export function absolutizeUrls(root: ParentNode, base: string): void {
  for (const [selector, attr] of URL_ATTRS) {
    for (const el of root.querySelectorAll(selector)) {
      const v = el.getAttribute(attr)!;
      if (v.startsWith('#')) continue; // in-page anchors stay in the page
      const abs = resolveUrl(v, base);
      if (abs !== v) el.setAttribute(attr, abs);
    }
  }
  for (const el of root.querySelectorAll('img[srcset], source[srcset]')) {
    el.setAttribute('srcset', resolveSrcset(el.getAttribute('srcset')!, base));
  }
}
