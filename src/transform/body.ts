// The body pipeline: ONE pass over htmlparser2's token stream that re-emits the original source
// slices of safe markup untouched and edits only what must change (sanitizer allowlist, link rel,
// lazy images, URL resolution, image proxy, tracking pixels and parameters, rewrite removals).
// Re-serializing a DOM would reorder/requote attributes and break the seed's byte-identical post.
import { Parser } from 'htmlparser2';
import {
  ALLOWED_ELEMENTS, DEFAULT_IFRAME_HOSTS, DROP_WITH_CONTENT, FOREIGN_ACTIVE_ATTR, MATH_ELEMENTS, SVG_ELEMENTS,
  isAllowedAttr,
} from './policy.js';
import { sanitizeStyle } from './css.js';
import { formatSrcset, isFeedAdLink, parseSrcset, proxyImage, safeUrl, stripTrackingParams } from './urls.js';
import {
  LAZY_SRCSET_ATTRS, LAZY_SRC_ATTRS, declaredSize, isPlaceholderSrc, isTrackingPixel, numberAttr, type ImageFacts,
} from './images.js';
import { escapeForHexo } from './hexo-escape.js';

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

export interface BodyResult {
  /** sanitized HTML with Hexo escapes applied, trimmed, ending in a newline (empty when nothing is left) */
  html: string;
  /** the images kept in the body, in order */
  images: ImageFacts[];
}

interface RawAttr {
  name: string;
  value: string;
  /** the attribute exactly as written, e.g. `width="530"` */
  raw: string;
}

interface Frame {
  name: string;
  action: 'keep' | 'unwrap' | 'drop' | 'noscript';
  /** images emitted before this element opened (to tell whether a <noscript> has an image twin beside it) */
  imgMark?: number;
  /** root of a buffered svg/math subtree */
  foreignRoot?: boolean;
  selfClosed?: boolean;
}

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Control characters (but tab and LF) never reach the file; CR/CRLF become LF.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const WELL_FORMED_ATTR = /^[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?$/;

export function cleanControls(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** `<name` followed by whitespace, `/` or `>` (case-insensitive): the source slice really is this element. */
function startsWithTag(raw: string, name: string): boolean {
  return raw.slice(0, name.length + 1).toLowerCase() === `<${name.toLowerCase()}` && /^[\s/>]/.test(raw.slice(name.length + 1));
}

/** `</name>` with optional whitespace before `>`, nothing else. */
function isPlainCloseTag(raw: string, name: string): boolean {
  return raw.slice(0, name.length + 2).toLowerCase() === `</${name}` && /^\s*>$/.test(raw.slice(name.length + 2));
}

// Decoded values can hold controls written as references (`&#1;`, `&#13;`); re-escaped text must not put them in the file.
const DECODED_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function escapeAttrValue(v: string): string {
  return v.replace(DECODED_CONTROL, '').replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(s: string): string {
  return s.replace(DECODED_CONTROL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Output with nested buffers (an svg/math subtree is kept or discarded whole) and <pre>-aware newlines. */
class Emitter {
  private readonly bufs: string[][] = [[]];
  pre = 0;

  push(s: string): void {
    if (s) this.bufs[this.bufs.length - 1]!.push(s);
  }

  openBuffer(): void {
    this.bufs.push([]);
  }

  closeBuffer(keep: boolean): void {
    const b = this.bufs.pop()!;
    if (keep) this.push(b.join(''));
  }

  takeBuffer(): string {
    return this.bufs.pop()!.join('');
  }

  /** Whether everything written since the last newline is spaces/tabs. */
  private lineBlank(): boolean {
    for (let i = this.bufs.length - 1; i >= 0; i--) {
      const buf = this.bufs[i]!;
      for (let j = buf.length - 1; j >= 0; j--) {
        const s = buf[j]!;
        for (let k = s.length - 1; k >= 0; k--) {
          const c = s[k];
          if (c === '\n') return true;
          if (c !== ' ' && c !== '\t') return false;
        }
      }
    }
    return true;
  }

  /** Text; inside <pre> a newline that would end a whitespace-only line is written as `&#10;`. */
  text(s: string): void {
    if (this.pre === 0 || !s.includes('\n')) {
      this.push(s);
      return;
    }
    let blank = this.lineBlank();
    let out = '';
    for (const c of s) {
      if (c === '\n') {
        out += blank ? '&#10;' : '\n';
        blank = !blank;
      } else {
        out += c;
        if (c !== ' ' && c !== '\t') blank = false;
      }
    }
    this.push(out);
  }

  result(): string {
    return this.bufs[0]!.join('');
  }
}

function hostAllowed(url: string, hosts: string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return hosts.some((h) => {
    const hh = h.toLowerCase().replace(/^\*?\./, '');
    return host === hh || host.endsWith(`.${hh}`);
  });
}

// RSSHub's bilibili routes embed www.bilibili.com/blackboard/… pages; the same player lives on player.bilibili.com,
// the host the iframe allowlist names, so the embed survives without allowing the whole site.
const BILIBILI_BLACKBOARD = /^https:\/\/(?:www\.)?bilibili\.com\/blackboard\/(?:html5mobileplayer|newplayer|player|webplayer\/embed-old)\.html(?=[?#]|$)/i;

function bilibiliPlayer(url: string): string {
  return url.replace(BILIBILI_BLACKBOARD, 'https://player.bilibili.com/player.html');
}

/** Runs the pass. `html` is any feed HTML fragment. */
export function processBody(html: string, opts: BodyOptions): BodyResult {
  const src = cleanControls(html);
  const out = new Emitter();
  const stack: Frame[] = [];
  const images: ImageFacts[] = [];
  const iframeHosts = opts.iframeHosts ?? DEFAULT_IFRAME_HOSTS; // an explicit empty list keeps no iframe
  let dropDepth = 0;
  let foreignDepth = 0;
  let foreignActive = false;
  let atEnd = false;
  let attrs: RawAttr[] = [];
  // <noscript> holds the real <img> of lazy-loading pages. Its (sanitized) content is kept only when no
  // image twin sits beside it in the same parent (知乎, WordPress lazy plugins put both); else it is dropped.
  let imgCount = 0;
  let rootMark = 0;
  let pending: { html: string; images: ImageFacts[]; depth: number } | null = null;
  const flushPending = (): void => {
    if (pending === null) return;
    out.push(pending.html);
    images.push(...pending.images);
    imgCount++;
    pending = null;
  };

  /** Rebuilds an open tag from kept raw attributes plus edited ones; unchanged tags keep their source slice. */
  const writeTag = (name: string, raw: string | null, parts: string[], changed: boolean): string => {
    if (raw !== null && !changed && startsWithTag(raw, name)) return raw;
    const selfClose = raw !== null && VOID.has(name) && /\s\/\s*>$|"\/\s*>$|'\/\s*>$/.test(raw) ? ' />' : '>';
    return `<${name}${parts.map((p) => ` ${p}`).join('')}${selfClose}`;
  };

  // `<`/`>` inside a value are harmless to an HTML parser but not to regex tag strippers, search indexes or
  // `<script>`-embedded copies of the post (themes do all three): such values are rewritten escaped.
  const keepRaw = (a: RawAttr): string => (WELL_FORMED_ATTR.test(a.raw) && !/[<>]/.test(a.raw) ? a.raw : canonical(a.name, a.value));
  const canonical = (name: string, value: string): string => `${name}="${escapeAttrValue(value)}"`;

  /** The generic attribute filter; `special` handles per-element URL attributes (returns undefined to fall through). */
  const filterAttrs = (
    element: string,
    list: RawAttr[],
    special?: (a: RawAttr) => string | null | undefined,
  ): { parts: string[]; changed: boolean } => {
    const parts: string[] = [];
    const seen = new Set<string>();
    let changed = false;
    for (const a of list) {
      if (seen.has(a.name) || !isAllowedAttr(element, a.name)) {
        changed = true;
        continue;
      }
      seen.add(a.name);
      const s = special?.(a);
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
        const u = safeUrl(a.value, 'link', opts.base);
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
    return { parts, changed };
  };

  /** A URL attribute rewritten to `value` (kept raw when the value is unchanged). */
  const urlAttr = (a: RawAttr, value: string | null): string | null =>
    value === null ? null : value === a.value ? keepRaw(a) : canonical(a.name, value);

  const imageUrl = (decoded: string): string | null => {
    const u = safeUrl(decoded, 'image', opts.base);
    return u === null ? null : proxyImage(u, opts.proxy);
  };

  const srcsetValue = (decoded: string): string | null => {
    const cands = parseSrcset(decoded)
      .map((c) => ({ url: /^data:/i.test(c.url.trim()) ? null : imageUrl(c.url), descriptor: c.descriptor }))
      .filter((c): c is { url: string; descriptor: string } => c.url !== null);
    return cands.length === 0 ? null : formatSrcset(cands);
  };

  const first = (name: string): RawAttr | undefined => attrs.find((a) => a.name === name);

  /** <img>: lazy sources, placeholders, pixels, proxy, referrerpolicy. Returns the tag or null to drop it. */
  const imgTag = (raw: string | null): string | null => {
    const srcAttr = first('src');
    let lazy: string | null = null;
    for (const n of LAZY_SRC_ATTRS) {
      const a = first(n);
      if (!a || /^\s*data:/i.test(a.value) || isPlaceholderSrc(a.value)) continue;
      const u = imageUrl(a.value);
      if (u !== null) {
        lazy = u;
        break;
      }
    }
    const lazySrcsetAttr = LAZY_SRCSET_ATTRS.map(first).find((a) => a !== undefined && srcsetValue(a.value) !== null);
    const srcsetAttr = first('srcset');
    const srcset = lazySrcsetAttr ? srcsetValue(lazySrcsetAttr.value) : srcsetAttr ? srcsetValue(srcsetAttr.value) : null;
    let src = lazy;
    if (src === null && srcAttr && !isPlaceholderSrc(srcAttr.value)) src = imageUrl(srcAttr.value);
    if (src === null && srcset !== null) src = parseSrcset(srcset)[0]?.url ?? null;
    if (src === null) return null; // nothing but a placeholder (or nothing safe) is left
    const style = first('style')?.value;
    const facts: ImageFacts = {
      src,
      width: declaredSize(first('width')?.value, style, 'width'),
      height: declaredSize(first('height')?.value, style, 'height'),
      className: first('class')?.value ?? '',
      alt: first('alt')?.value ?? '',
      hintWidth: numberAttr(first('data-w')?.value) ?? numberAttr(first('data-rawwidth')?.value),
      hintHeight: numberAttr(first('data-rawheight')?.value),
      ratio: numberAttr(first('data-ratio')?.value),
    };
    if (isTrackingPixel(facts)) return null;
    const { parts, changed } = filterAttrs('img', attrs, (a) => {
      if (a.name === 'src') return urlAttr(a, src);
      if (a.name === 'srcset') return lazySrcsetAttr ? (srcset === null ? null : canonical('srcset', srcset)) : urlAttr(a, srcset);
      if (a.name === 'referrerpolicy') return a.value === 'no-referrer' ? keepRaw(a) : canonical('referrerpolicy', 'no-referrer');
      return undefined;
    });
    let edited = changed;
    if (!srcAttr) {
      parts.unshift(canonical('src', src));
      edited = true;
    }
    if (lazySrcsetAttr && !srcsetAttr && srcset !== null) {
      parts.push(canonical('srcset', srcset));
      edited = true;
    }
    if (!first('referrerpolicy')) {
      parts.push('referrerpolicy="no-referrer"');
      edited = true;
    }
    if (dropDepth === 0 && foreignDepth === 0) {
      if (pending !== null && stack.length === pending.depth) pending = null; // the lazy twin of a <noscript> image
      images.push(facts);
      imgCount++;
    }
    return writeTag('img', raw, parts, edited);
  };

  const aTag = (raw: string | null): string => {
    let hasHref = false;
    const { parts, changed } = filterAttrs('a', attrs, (a) => {
      if (a.name === 'href') {
        let u = safeUrl(a.value, 'link', opts.base);
        if (u !== null && opts.stripTracking) u = stripTrackingParams(u);
        if (u !== null) hasHref = true;
        return urlAttr(a, u);
      }
      if (a.name === 'rel' || a.name === 'target') return null; // set below
      return undefined;
    });
    let edited = changed;
    if (hasHref) {
      const rel = first('rel');
      const tokens = new Set((rel?.value ?? '').toLowerCase().split(/\s+/).filter((t) => /^[a-z-]+$/.test(t)));
      const had = tokens.has('noopener') && tokens.has('noreferrer');
      tokens.add('noopener');
      tokens.add('noreferrer');
      if (rel && had) parts.push(keepRaw(rel));
      else {
        parts.push(canonical('rel', [...tokens].join(' ')));
        edited = true;
      }
      const target = first('target');
      if (opts.linksNewTab) {
        if (target && target.value === '_blank') parts.push(keepRaw(target));
        else {
          parts.push('target="_blank"');
          edited = true;
        }
      } else if (target) edited = true;
    } else if (first('rel') || first('target')) edited = true;
    return writeTag('a', raw, parts, edited);
  };

  const mediaTag = (name: string, raw: string | null): string => {
    const { parts, changed } = filterAttrs(name, attrs, (a) => {
      if (a.name === 'src') return urlAttr(a, safeUrl(a.value, 'media', opts.base));
      // a poster is a picture, but data: is kept for <img> only (the one place every sanitizer agrees it is inert)
      if (a.name === 'poster') return urlAttr(a, /^\s*data:/i.test(a.value) ? null : imageUrl(a.value));
      if (a.name === 'srcset') return urlAttr(a, srcsetValue(a.value));
      return undefined;
    });
    return writeTag(name, raw, parts, changed);
  };

  /** Allowlisted video players only, with no content (browsers read iframe content as raw text). */
  const iframeTag = (raw: string | null): string | null => {
    const srcAttr = first('src');
    if (!srcAttr) return null;
    let u = safeUrl(srcAttr.value, 'frame', opts.base);
    if (u === null || !/^https?:/i.test(u)) return null;
    u = bilibiliPlayer(u.replace(/^http:/i, 'https:'));
    if (!hostAllowed(u, iframeHosts)) return null;
    const { parts } = filterAttrs('iframe', attrs, (a) => (a.name === 'src' ? urlAttr(a, u) : undefined));
    parts.push('sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"');
    return `${writeTag('iframe', raw, parts, true)}</iframe>`;
  };

  /** svg/MathML element: kept as written, but any active part condemns the whole subtree. */
  const foreignTag = (name: string, raw: string | null): string => {
    const lname = name.toLowerCase();
    const allowed = foreignRootKind === 'svg' ? SVG_ELEMENTS : MATH_ELEMENTS;
    if (!allowed.has(lname) || raw === null) foreignActive = true;
    for (const a of attrs) {
      const v = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (FOREIGN_ACTIVE_ATTR.test(a.name) || /javascript:|vbscript:|data:|expression\(/.test(v)) foreignActive = true;
      if (/url\((?!['"]?#)/.test(v)) foreignActive = true;
      if (a.name === 'style' && sanitizeStyle(a.value) !== a.value) foreignActive = true;
      if (!WELL_FORMED_ATTR.test(a.raw) || /[<>]/.test(a.value)) foreignActive = true;
    }
    return raw ?? '';
  };
  let foreignRootKind: 'svg' | 'math' = 'svg';

  const parser: Parser = new Parser(
    {
      onopentagname() {
        attrs = [];
      },
      onattribute(name, value) {
        attrs.push({ name, value, raw: src.slice(parser.startIndex, parser.endIndex) });
      },
      onopentag(name, _attribs, isImplied) {
        const raw = isImplied ? null : src.slice(parser.startIndex, parser.endIndex + 1);
        const lname = name.toLowerCase();
        const selfClosed = raw !== null && /\/\s*>$/.test(raw);
        if (dropDepth > 0) {
          stack.push({ name, action: 'drop' });
          dropDepth++;
          return;
        }
        if (opts.removeStarts?.has(parser.startIndex) && !isImplied) {
          stack.push({ name, action: 'drop' });
          dropDepth++;
          return;
        }
        if (pending !== null && stack.length === pending.depth && lname !== 'img' && lname !== 'noscript') flushPending();
        if (foreignDepth > 0) {
          out.push(foreignTag(name, raw));
          stack.push({ name, action: 'keep', selfClosed });
          foreignDepth++;
          return;
        }
        if (lname === 'svg' || lname === 'math') {
          foreignRootKind = lname;
          foreignActive = false;
          out.openBuffer();
          foreignDepth = 1;
          out.push(foreignTag(name, raw));
          stack.push({ name, action: 'keep', foreignRoot: true, selfClosed });
          return;
        }
        if (lname === 'iframe') {
          const tag = iframeTag(raw);
          if (tag !== null) out.push(tag);
          stack.push({ name, action: 'drop' });
          dropDepth++;
          return;
        }
        if (lname === 'noscript') {
          const parent = stack[stack.length - 1];
          const mark = parent?.imgMark ?? rootMark;
          out.openBuffer();
          stack.push({ name, action: 'noscript', imgMark: images.length, selfClosed: imgCount > mark });
          return;
        }
        if (DROP_WITH_CONTENT.has(lname)) {
          stack.push({ name, action: 'drop' });
          dropDepth++;
          return;
        }
        if (!ALLOWED_ELEMENTS.has(lname)) {
          stack.push({ name, action: 'unwrap', imgMark: imgCount });
          return;
        }
        let tag: string | null;
        if (lname === 'img') tag = imgTag(raw);
        else if (lname === 'a') tag = opts.stripTracking && isFeedAdLink(first('href')?.value ?? '') ? null : aTag(raw);
        else if (lname === 'video' || lname === 'audio' || lname === 'source' || lname === 'track') tag = mediaTag(lname, raw);
        else {
          const { parts, changed } = filterAttrs(lname, attrs);
          tag = writeTag(lname, raw, parts, changed);
        }
        if (tag === null) {
          stack.push({ name, action: 'drop' });
          dropDepth++;
          return;
        }
        out.push(tag);
        if (lname === 'pre') out.pre++;
        stack.push({ name, action: 'keep', imgMark: imgCount });
      },
      ontext(data) {
        if (dropDepth > 0) return;
        if (pending !== null && data.trim() !== '') flushPending(); // words after a lone <noscript> image keep their place
        const raw = src.slice(parser.startIndex, parser.endIndex + 1);
        if (foreignDepth > 0 || raw.startsWith('<![CDATA[')) {
          out.push(escapeText(data));
          return;
        }
        // `<` is escaped even where the tokenizer saw text, so no browser can read a tag into it
        out.text(raw.includes('<') ? raw.replace(/</g, '&lt;') : raw);
      },
      onclosetag(_name, isImplied) {
        const f = stack.pop();
        if (!f) return;
        if (f.action === 'drop') {
          dropDepth--;
          return;
        }
        if (f.action === 'noscript') {
          const html = out.takeBuffer();
          const found = images.splice(f.imgMark ?? images.length);
          imgCount -= found.length;
          // selfClosed marks a noscript whose parent already showed an image: the copy is a duplicate
          if (found.length > 0 && !f.selfClosed) {
            flushPending();
            pending = { html, images: found, depth: stack.length };
          }
          return;
        }
        if (pending !== null && stack.length < pending.depth) flushPending(); // its parent is closing
        if (stack.length === 0 && f.name.toLowerCase() !== 'img') rootMark = imgCount;
        if (f.action === 'unwrap') return;
        const lname = f.name.toLowerCase();
        if (foreignDepth > 0) {
          if (isImplied && !f.selfClosed) foreignActive = true; // unclosed foreign markup: browsers may disagree on its extent
          else if (!isImplied) {
            const raw = src.slice(parser.startIndex, parser.endIndex + 1);
            out.push(/^<\/[^\s/>]+\s*>$/.test(raw) ? raw : `</${f.name}>`);
          }
          foreignDepth--;
          if (f.foreignRoot) {
            out.closeBuffer(!foreignActive);
            foreignDepth = 0;
          }
          return;
        }
        if (lname === 'pre') out.pre = Math.max(0, out.pre - 1);
        if (VOID.has(lname)) return;
        if (!isImplied) {
          const raw = src.slice(parser.startIndex, parser.endIndex + 1);
          out.push(isPlainCloseTag(raw, lname) ? raw : `</${lname}>`);
        } else if (atEnd) {
          out.push(`</${lname}>`); // left open at the end of the fragment: close it so the page layout survives
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(src);
  atEnd = true;
  parser.end();
  flushPending();
  return { html: escapeForHexo(out.result()), images };
}
