// Puts the site's own copies into a post: body <img src>/srcset, <picture><source srcset>, <video poster> and the
// head image are pointed at their new URLs, the original kept in data-original-src (data-original-poster), and every
// <img> that now shows a downloaded picture gets width/height from the image header (no layout shift). Pure; only the
// changed tags are rewritten, every other byte of the body stays as it was.
import type { Post } from '../model.js';
import { declaredSize } from '../transform/images.js';
import { formatSrcset, parseSrcset } from '../transform/urls.js';
import { attr, pictureTags, type PictureTag, type RawAttr } from './tags.js';

/** What an original URL becomes: a downloaded copy (with its displayed size), or the proxied original. */
export type Replacement = { kind: 'local'; url: string; width: number; height: number } | { kind: 'proxy'; url: string };

export interface HeadReplacement {
  image: string;
  /** set when the front matter's thumbnail differs from headimg */
  thumbnail?: string;
}

const AMP = /&/g;
const QUOT = /"/g;
const LT = /</g;
const GT = />/g;
const BRACES = /[{}]/g;

/** An attribute value as written by feedmill: HTML-escaped, and braces as entities (Hexo's Nunjucks pass). */
function escapeValue(v: string): string {
  return v
    .replace(AMP, '&amp;')
    .replace(QUOT, '&quot;')
    .replace(LT, '&lt;')
    .replace(GT, '&gt;')
    .replace(BRACES, (b) => (b === '{' ? '&#123;' : '&#125;'));
}

/** `data-original-<name>` with the value exactly as written in the body (already escaped there). */
function originalAttr(a: RawAttr): string {
  return `data-original-${a.name}${a.raw.slice(a.name.length)}`;
}

function srcsetText(value: string, map: ReadonlyMap<string, Replacement>): string | null {
  const cands = parseSrcset(value);
  let changed = false;
  for (const c of cands) {
    const r = map.get(c.url);
    if (r !== undefined) {
      c.url = r.url;
      changed = true;
    }
  }
  return changed ? `srcset="${escapeValue(formatSrcset(cands))}"` : null;
}

/** width/height to add: both from the header when neither is declared, else the missing one in proportion. */
function sizeAttrs(tag: PictureTag, r: { width: number; height: number }): string[] {
  const wAttr = attr(tag, 'width');
  const hAttr = attr(tag, 'height');
  if (wAttr === undefined && hAttr === undefined) return [`width="${r.width}"`, `height="${r.height}"`];
  const w = declaredSize(wAttr?.value, undefined, 'width');
  const h = declaredSize(hAttr?.value, undefined, 'height');
  if (hAttr === undefined && w !== null) return [`height="${Math.round((w * r.height) / r.width)}"`];
  if (wAttr === undefined && h !== null) return [`width="${Math.round((h * r.width) / r.height)}"`];
  return []; // both declared, or a relative size: the author's choice stays
}

/** The rebuilt tag, or null when nothing in it changes. */
function rewriteTag(html: string, tag: PictureTag, map: ReadonlyMap<string, Replacement>): string | null {
  const urlAttr = tag.name === 'img' ? 'src' : tag.name === 'video' ? 'poster' : null;
  const target = urlAttr === null ? undefined : attr(tag, urlAttr);
  const replacement = target === undefined ? undefined : map.get(target.value.trim());
  const parts: string[] = [];
  let changed = replacement !== undefined;
  for (const a of tag.attrs) {
    if (a === target && replacement !== undefined) {
      parts.push(`${a.name}="${escapeValue(replacement.url)}"`);
      if (replacement.kind === 'local') parts.push(originalAttr(a));
    } else if (replacement?.kind === 'local' && a.name === `data-original-${urlAttr}`) {
      // an original kept before would now name the wrong picture
    } else if (a.name === 'srcset' && tag.name !== 'video' && a === attr(tag, 'srcset')) {
      const s = srcsetText(a.value, map);
      if (s !== null) changed = true;
      parts.push(s ?? a.raw);
    } else {
      parts.push(a.raw);
    }
  }
  if (!changed) return null;
  if (replacement?.kind === 'local' && tag.name === 'img') parts.push(...sizeAttrs(tag, replacement));
  const raw = html.slice(tag.start, tag.end);
  const name = raw.slice(1, 1 + tag.name.length);
  const close = /\/\s*>$/.test(raw) ? ' />' : '>';
  return `<${name} ${parts.join(' ')}${close}`;
}

/** The body with every mapped picture replaced (keys: original URLs as listImages gives them). */
export function rewriteBody(html: string, map: ReadonlyMap<string, Replacement>): string {
  if (map.size === 0) return html;
  let out = '';
  let from = 0;
  for (const tag of pictureTags(html)) {
    const text = rewriteTag(html, tag, map);
    if (text === null) continue;
    out += html.slice(from, tag.start) + text;
    from = tag.end;
  }
  return from === 0 ? html : out + html.slice(from);
}

/** The post with its body and head image rewritten; `head` null keeps the head image as it is. */
export function rewritePost(post: Post, map: ReadonlyMap<string, Replacement>, head: HeadReplacement | null): Post {
  const out: Post = { ...post, html: rewriteBody(post.html, map) };
  if (head !== null) {
    out.image = head.image;
    if (head.thumbnail !== undefined) out.thumbnail = head.thumbnail;
  }
  return out;
}
