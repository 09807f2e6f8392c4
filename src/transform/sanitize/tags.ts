// How the body pass rewrites one open tag: the attribute allowlist applied, every URL through safeUrl,
// and the rules of <img>, <a>, media, <iframe> and svg/MathML. An unchanged tag keeps its source slice.
import { DEFAULT_IFRAME_HOSTS, FOREIGN_ACTIVE_ATTR, MATH_ELEMENTS, SVG_ELEMENTS, isAllowedAttr } from './allowlist.js';
import { sanitizeStyle } from './css.js';
import {
  ANGLE_BRACKET, DATA_URL, DATA_URL_UNTRIMMED, HTTP_SCHEME, HTTP_URL, VOID, VOID_SELF_CLOSING, WELL_FORMED_ATTR, canonical,
  keepRaw, lowerName, startsWithTag, urlAttr, type RawAttr,
} from './markup.js';
import { AttrList, PartList } from './records.js';
import { safeUrl } from './url-schemes.js';
import { formatSrcset, isFeedAdLink, parseSrcset, proxyImage, stripTrackingParams } from '../urls.js';
import {
  LAZY_SRCSET_ATTRS, LAZY_SRC_ATTRS, declaredSize, isPlaceholderSrc, isTrackingPixel, numberAttr, type ImageFacts,
} from '../images.js';

export interface BodyOptions {
  /** base for relative URLs: xml:base, else the item link, else the feed link */
  base: string | null;
  /** images.proxy: prefix, or template with {url} */
  proxy?: string;
  linksNewTab: boolean;
  stripTracking: boolean;
  /** hosts whose iframes are kept; default DEFAULT_IFRAME_HOSTS, [] for none */
  iframeHosts?: string[];
  /** source start offsets of elements to remove (from the feed's rewrite selectors) */
  removeStarts?: ReadonlySet<number>;
}

/** An open tag's output: rebuilt text, or its source slice unchanged. */
export const AS_WRITTEN: unique symbol = Symbol('as written');
export type TagText = string | typeof AS_WRITTEN;

const LEADING_WILDCARD_DOT = /^\*?\./;

function hostAllowed(url: string, hosts: string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  for (const h of hosts) {
    const hh = h.toLowerCase().replace(LEADING_WILDCARD_DOT, '');
    if (host === hh || host.endsWith(`.${hh}`)) return true;
  }
  return false;
}

// RSSHub's bilibili routes embed www.bilibili.com/blackboard/… pages; the same player lives on player.bilibili.com,
// the host the iframe allowlist names, so the embed survives without allowing the whole site.
const BILIBILI_BLACKBOARD = /^https:\/\/(?:www\.)?bilibili\.com\/blackboard\/(?:html5mobileplayer|newplayer|player|webplayer\/embed-old)\.html(?=[?#]|$)/i;

function bilibiliPlayer(url: string): string {
  return url.replace(BILIBILI_BLACKBOARD, 'https://player.bilibili.com/player.html');
}

// svg/MathML attribute checks (on the value with whitespace and controls removed, lower case)
const FOREIGN_IGNORED = /[\u0000-\u0020]/g;
const FOREIGN_ACTIVE_VALUE = /javascript:|vbscript:|data:|expression\(/;
const FOREIGN_EXTERNAL_URL = /url\((?!['"]?#)/;

const NOOPENER_REL = 'rel="noopener noreferrer"';
const REL_SEPARATOR = /\s+/;
const REL_TOKEN = /^[a-z-]+$/;

/** A link's rel tokens (lower case, deduplicated) plus noopener and noreferrer; `had` when both were there. */
function relWithNoopener(rel: string): { value: string; had: boolean } {
  const tokens = new Set(rel.toLowerCase().split(REL_SEPARATOR).filter((t) => REL_TOKEN.test(t)));
  const had = tokens.has('noopener') && tokens.has('noreferrer');
  tokens.add('noopener');
  tokens.add('noreferrer');
  return { value: [...tokens].join(' '), had };
}

/** The open tag being handled and the rules that rewrite it; one instance serves a whole pass (see pass.ts). */
export class TagRules {
  private src = '';
  private opts: BodyOptions = { base: null, linksNewTab: false, stripTracking: false };
  private iframeHosts: string[] = DEFAULT_IFRAME_HOSTS;
  /** attributes of the open tag being handled, in source order */
  readonly attrs = new AttrList();
  /** the kept attributes of the tag being rebuilt, as written out (filled by filterAttrs) */
  private readonly parts = new PartList();
  /** the open tag being handled: src[tagStart, tagEnd), tagEnd -1 when the parser implied it */
  tagStart = 0;
  private tagEnd = -1;
  /** what an <img> kept, after openTag returned its tag */
  image: ImageFacts | null = null;
  // what the per-element attribute rules of the tag being handled decided (see specialAttr)
  private imgSrc = '';
  private imgSrcset: string | null = null;
  private imgHasLazySrcset = false;
  private linkHasHref = false;
  private frameSrc = '';

  reset(src: string, opts: BodyOptions): void {
    this.src = src;
    this.opts = opts;
    this.iframeHosts = opts.iframeHosts ?? DEFAULT_IFRAME_HOSTS; // an explicit empty list keeps no iframe
    this.attrs.clear();
    this.parts.clear();
    this.image = null;
  }

  /** The tag about to be handled is src[start, end); `end` -1 when the parser implied it. */
  at(start: number, end: number): void {
    this.tagStart = start;
    this.tagEnd = end;
  }

  /** The open tag's source slice, or null when the parser implied the tag. */
  tagSource(): string | null {
    return this.tagEnd < 0 ? null : this.src.slice(this.tagStart, this.tagEnd);
  }

  /** An allowed element's tag as it is to be written, or null to drop the element with its content. */
  openTag(lname: string): TagText | null {
    if (lname === 'img') return this.imgTag();
    if (lname === 'a') return this.opts.stripTracking && isFeedAdLink(this.first('href')?.value ?? '') ? null : this.linkTag();
    return this.writeTag(lname, this.filterAttrs(lname));
  }

  /** The open tag as it is to be written: unchanged tags keep their source slice, others are rebuilt. */
  private writeTag(name: string, changed: boolean): TagText {
    if (!changed && this.tagEnd >= 0 && startsWithTag(this.src, this.tagStart, this.tagEnd, name)) return AS_WRITTEN;
    return this.buildTag(name);
  }

  /** Rebuilds the open tag from `parts` (kept raw attributes plus edited ones). */
  private buildTag(name: string): string {
    let selfClose = '>';
    if (VOID.has(name)) {
      const raw = this.tagSource();
      if (raw !== null && VOID_SELF_CLOSING.test(raw)) selfClose = ' />';
    }
    const parts = this.parts;
    return parts.size === 0 ? `<${name}${selfClose}` : `<${name} ${parts.join(' ')}${selfClose}`;
  }

  private imageUrl(decoded: string): string | null {
    const u = safeUrl(decoded, 'image', this.opts.base);
    return u === null ? null : proxyImage(u, this.opts.proxy);
  }

  private srcsetValue(decoded: string): string | null {
    const cands = parseSrcset(decoded);
    let kept = 0;
    for (const c of cands) {
      const url = DATA_URL_UNTRIMMED.test(c.url.trim()) ? null : this.imageUrl(c.url);
      if (url !== null) cands[kept++] = { url, descriptor: c.descriptor };
    }
    cands.length = kept;
    return kept === 0 ? null : formatSrcset(cands);
  }

  /** The first attribute of the open tag with this name. */
  private first(name: string): RawAttr | undefined {
    const attrs = this.attrs;
    for (let i = 0; i < attrs.size; i++) if (attrs.at(i).name === name) return attrs.at(i);
    return undefined;
  }

  /** Whether an attribute before index `i` has the same name (only the first of a name counts). */
  private repeated(i: number): boolean {
    const attrs = this.attrs;
    const name = attrs.at(i).name;
    for (let j = 0; j < i; j++) if (attrs.at(j).name === name) return true;
    return false;
  }

  /**
   * The generic attribute filter: fills `parts` with the kept attributes of `element` and tells whether the tag
   * changed. URL attributes of img/a/media/iframe go through specialAttr first.
   */
  private filterAttrs(element: string): boolean {
    const parts = this.parts;
    parts.clear();
    const attrs = this.attrs;
    let changed = false;
    for (let i = 0; i < attrs.size; i++) {
      const a = attrs.at(i);
      if (!isAllowedAttr(element, a.name) || this.repeated(i)) {
        changed = true;
        continue;
      }
      const s = this.specialAttr(element, a);
      if (s !== undefined) {
        if (s === null) changed = true;
        else {
          parts.push(s);
          if (s !== a.raw) changed = true;
        }
        continue;
      }
      if (a.name === 'style') {
        const st = sanitizeStyle(a.value);
        if (st === null) changed = true;
        else if (st === a.value) parts.push(keepRaw(a));
        else {
          parts.push(canonical('style', st));
          changed = true;
        }
        continue;
      }
      if (a.name === 'cite' || a.name === 'href' || a.name === 'src' || a.name === 'poster' || a.name === 'srcset') {
        const u = safeUrl(a.value, 'link', this.opts.base);
        if (u === null) changed = true;
        else if (u === a.value) parts.push(keepRaw(a));
        else {
          parts.push(canonical(a.name, u));
          changed = true;
        }
        continue;
      }
      const k = keepRaw(a);
      if (k !== a.raw) changed = true;
      parts.push(k);
    }
    return changed;
  }

  /** Per-element rules for an allowed attribute: the text to write, null to drop it, undefined for the generic rules. */
  private specialAttr(element: string, a: RawAttr): string | null | undefined {
    switch (element) {
      case 'img':
        if (a.name === 'src') return urlAttr(a, this.imgSrc);
        if (a.name === 'srcset') {
          const srcset = this.imgSrcset;
          return this.imgHasLazySrcset ? (srcset === null ? null : canonical('srcset', srcset)) : urlAttr(a, srcset);
        }
        if (a.name === 'referrerpolicy') return a.value === 'no-referrer' ? keepRaw(a) : canonical('referrerpolicy', 'no-referrer');
        return undefined;
      case 'a':
        if (a.name === 'href') {
          let u = safeUrl(a.value, 'link', this.opts.base);
          if (u !== null && this.opts.stripTracking) u = stripTrackingParams(u);
          if (u !== null) this.linkHasHref = true;
          return urlAttr(a, u);
        }
        if (a.name === 'rel' || a.name === 'target') return null; // set by linkTag
        return undefined;
      case 'video':
      case 'audio':
      case 'source':
      case 'track':
        if (a.name === 'src') return urlAttr(a, safeUrl(a.value, 'media', this.opts.base));
        // a poster is a picture, but data: is kept for <img> only (the one place every sanitizer agrees it is inert)
        if (a.name === 'poster') return urlAttr(a, DATA_URL.test(a.value) ? null : this.imageUrl(a.value));
        if (a.name === 'srcset') return urlAttr(a, this.srcsetValue(a.value));
        return undefined;
      case 'iframe':
        return a.name === 'src' ? urlAttr(a, this.frameSrc) : undefined;
      default:
        return undefined;
    }
  }

  /** <img>: lazy sources, placeholders, pixels, proxy, referrerpolicy. Returns the tag (and sets `image`) or null to drop it. */
  private imgTag(): TagText | null {
    this.image = null;
    const srcAttr = this.first('src');
    let lazy: string | null = null;
    for (const n of LAZY_SRC_ATTRS) {
      const a = this.first(n);
      if (!a || DATA_URL.test(a.value) || isPlaceholderSrc(a.value)) continue;
      const u = this.imageUrl(a.value);
      if (u !== null) {
        lazy = u;
        break;
      }
    }
    let lazySrcsetAttr: RawAttr | undefined;
    for (const n of LAZY_SRCSET_ATTRS) {
      const a = this.first(n);
      if (a !== undefined && this.srcsetValue(a.value) !== null) {
        lazySrcsetAttr = a;
        break;
      }
    }
    const srcsetAttr = this.first('srcset');
    const srcset = lazySrcsetAttr ? this.srcsetValue(lazySrcsetAttr.value) : srcsetAttr ? this.srcsetValue(srcsetAttr.value) : null;
    let src = lazy;
    if (src === null && srcAttr && !isPlaceholderSrc(srcAttr.value)) src = this.imageUrl(srcAttr.value);
    if (src === null && srcset !== null) src = parseSrcset(srcset)[0]?.url ?? null;
    if (src === null) return null; // nothing but a placeholder (or nothing safe) is left
    const style = this.first('style')?.value;
    const facts: ImageFacts = {
      src,
      width: declaredSize(this.first('width')?.value, style, 'width'),
      height: declaredSize(this.first('height')?.value, style, 'height'),
      className: this.first('class')?.value ?? '',
      alt: this.first('alt')?.value ?? '',
      hintWidth: numberAttr(this.first('data-w')?.value) ?? numberAttr(this.first('data-rawwidth')?.value),
      hintHeight: numberAttr(this.first('data-rawheight')?.value),
      ratio: numberAttr(this.first('data-ratio')?.value),
    };
    if (isTrackingPixel(facts)) return null;
    this.imgSrc = src;
    this.imgSrcset = srcset;
    this.imgHasLazySrcset = lazySrcsetAttr !== undefined;
    let edited = this.filterAttrs('img');
    const parts = this.parts;
    if (!srcAttr) {
      parts.unshift(canonical('src', src));
      edited = true;
    }
    if (lazySrcsetAttr && !srcsetAttr && srcset !== null) {
      parts.push(canonical('srcset', srcset));
      edited = true;
    }
    if (!this.first('referrerpolicy')) {
      parts.push('referrerpolicy="no-referrer"');
      edited = true;
    }
    this.image = facts;
    return this.writeTag('img', edited);
  }

  private linkTag(): TagText {
    this.linkHasHref = false;
    let edited = this.filterAttrs('a');
    const parts = this.parts;
    if (this.linkHasHref) {
      const rel = this.first('rel');
      if (rel === undefined) {
        parts.push(NOOPENER_REL);
        edited = true;
      } else {
        const { value, had } = relWithNoopener(rel.value);
        if (had) parts.push(keepRaw(rel));
        else {
          parts.push(canonical('rel', value));
          edited = true;
        }
      }
      const target = this.first('target');
      if (this.opts.linksNewTab) {
        if (target && target.value === '_blank') parts.push(keepRaw(target));
        else {
          parts.push('target="_blank"');
          edited = true;
        }
      } else if (target) edited = true;
    } else if (this.first('rel') || this.first('target')) edited = true;
    return this.writeTag('a', edited);
  }

  /** Allowlisted video players only, with no content (browsers read iframe content as raw text). */
  iframeTag(): string | null {
    const srcAttr = this.first('src');
    if (!srcAttr) return null;
    let u = safeUrl(srcAttr.value, 'frame', this.opts.base);
    if (u === null || !HTTP_URL.test(u)) return null;
    u = bilibiliPlayer(u.replace(HTTP_SCHEME, 'https:'));
    if (!hostAllowed(u, this.iframeHosts)) return null;
    this.frameSrc = u;
    this.filterAttrs('iframe');
    this.parts.push('sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"');
    return `${this.buildTag('iframe')}</iframe>`;
  }

  /** Whether an svg/MathML tag (`raw` its source, null when implied) has an active part: it condemns the whole subtree. */
  foreignTagActive(name: string, raw: string | null, root: 'svg' | 'math'): boolean {
    const allowed = root === 'svg' ? SVG_ELEMENTS : MATH_ELEMENTS;
    let active = !allowed.has(lowerName(name)) || raw === null;
    for (let i = 0; i < this.attrs.size; i++) {
      const a = this.attrs.at(i);
      const v = a.value.replace(FOREIGN_IGNORED, '').toLowerCase();
      if (FOREIGN_ACTIVE_ATTR.test(a.name) || FOREIGN_ACTIVE_VALUE.test(v)) active = true;
      if (FOREIGN_EXTERNAL_URL.test(v)) active = true;
      if (a.name === 'style' && sanitizeStyle(a.value) !== a.value) active = true;
      if (!WELL_FORMED_ATTR.test(a.raw) || ANGLE_BRACKET.test(a.value)) active = true;
    }
    return active;
  }
}
