// The body pass: ONE pass over htmlparser2's token stream that re-emits the original source
// slices of safe markup untouched and edits only what must change (sanitizer allowlist, link rel,
// lazy images, URL resolution, image proxy, tracking pixels and parameters, rewrite removals).
// Re-serializing a DOM would reorder/requote attributes and break the seed's byte-identical post.
// It runs for every post, so the per-tag path allocates little: one BodyPass object holds the state and
// the tag rules as methods (no closures per call), regexes live at module level (a regex literal inside a
// function is a new object on every call), and cheap character checks come before any regex or copy.
import { Parser, type Handler } from 'htmlparser2';
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
import { isJsSpace } from './chars.js';

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

/** An open tag's output: rebuilt text, or its source slice unchanged. */
const AS_WRITTEN: unique symbol = Symbol('as written');
type TagText = string | typeof AS_WRITTEN;

interface Frame {
  name: string;
  action: 'keep' | 'unwrap' | 'drop' | 'noscript';
  /** images emitted before this element opened (to tell whether a <noscript> has an image twin beside it) */
  imgMark: number | undefined;
  selfClosed: boolean;
  /** root of a buffered svg/math subtree */
  foreignRoot: boolean;
}

/** The open elements. One frame object per depth is reused: a popped frame stays valid until the next push. */
class FrameStack {
  private readonly frames: Frame[] = [];
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(name: string, action: Frame['action'], imgMark?: number, selfClosed = false, foreignRoot = false): void {
    const f = this.frames[this.length];
    if (f === undefined) this.frames.push({ name, action, imgMark, selfClosed, foreignRoot });
    else {
      f.name = name;
      f.action = action;
      f.imgMark = imgMark;
      f.selfClosed = selfClosed;
      f.foreignRoot = foreignRoot;
    }
    this.length++;
  }

  pop(): Frame | undefined {
    return this.length === 0 ? undefined : this.frames[--this.length];
  }

  top(): Frame | undefined {
    return this.length === 0 ? undefined : this.frames[this.length - 1];
  }
}

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Control characters (but tab and LF) never reach the file; CR/CRLF become LF.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const CR = /\r\n?/g;
const WELL_FORMED_ATTR = /^[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?$/;
// WELL_FORMED_ATTR with no `<` or `>` anywhere (not in quoted values either): one scan for keepRaw
const WELL_FORMED_NO_ANGLE_ATTR = /^[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?$/;
const ANGLE_BRACKET = /[<>]/;
const SELF_CLOSING = /\/\s*>$/;
const VOID_SELF_CLOSING = /\s\/\s*>$|"\/\s*>$|'\/\s*>$/;
const PLAIN_CLOSE_TAG = /^<\/[^\s/>]+\s*>$/;
const DATA_URL = /^\s*data:/i;
const DATA_URL_UNTRIMMED = /^data:/i;
const HTTP_URL = /^https?:/i;
const HTTP_SCHEME = /^http:/i;
const LT = /</g;

const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/; // CONTROL plus CR

export function cleanControls(s: string): string {
  return NEEDS_CLEANING.test(s) ? s.replace(CR, '\n').replace(CONTROL, '') : s;
}

/** `name.toLowerCase()`, without a copy when there is nothing to lower (the common case: htmlparser2 lower-cases
 * tag names in HTML mode, but gives svg names their camelCase, e.g. `foreignObject`). */
function lowerName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) return name.toLowerCase();
  }
  return name;
}

/** ASCII lower case of a UTF-16 code unit (other code units unchanged). */
function asciiLower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/**
 * Whether src[start, end) starts with `<name` followed by whitespace, `/` or `>` (case-insensitive): the source
 * slice really is this element.
 */
function startsWithTag(src: string, start: number, end: number, name: string): boolean {
  if (end - start < name.length + 2 || src.charCodeAt(start) !== 0x3c) return false;
  for (let i = 0; i < name.length; i++) {
    const r = src.charCodeAt(start + 1 + i);
    const n = name.charCodeAt(i);
    // full Unicode case mapping, as the check was first written
    if (r >= 0x80 || n >= 0x80) return startsWithTagUnicode(src.slice(start, end), name);
    if (asciiLower(r) !== asciiLower(n)) return false;
  }
  const next = src.charCodeAt(start + 1 + name.length);
  return isJsSpace(next) || next === 0x2f || next === 0x3e;
}

function startsWithTagUnicode(raw: string, name: string): boolean {
  return raw.slice(0, name.length + 1).toLowerCase() === `<${name.toLowerCase()}` && /^[\s/>]/.test(raw.slice(name.length + 1));
}

/** Whether src[start, end) is `</name>` with optional whitespace before `>`, nothing else (`name` in lower case). */
function isPlainCloseTag(src: string, start: number, end: number, name: string): boolean {
  if (end - start < name.length + 3 || src.charCodeAt(start) !== 0x3c || src.charCodeAt(start + 1) !== 0x2f) return false;
  for (let i = 0; i < name.length; i++) {
    const r = src.charCodeAt(start + 2 + i);
    const n = name.charCodeAt(i);
    if (r >= 0x80 || n >= 0x80) return isPlainCloseTagUnicode(src.slice(start, end), name);
    if (asciiLower(r) !== n) return false;
  }
  const last = end - 1;
  if (src.charCodeAt(last) !== 0x3e) return false;
  for (let i = start + 2 + name.length; i < last; i++) if (!isJsSpace(src.charCodeAt(i))) return false;
  return true;
}

function isPlainCloseTagUnicode(raw: string, name: string): boolean {
  return raw.slice(0, name.length + 2).toLowerCase() === `</${name}` && /^\s*>$/.test(raw.slice(name.length + 2));
}

/** Whether src[start, end) holds a `<`. */
function hasLessThan(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src.charCodeAt(i) === 0x3c) return true;
  return false;
}

// Decoded values can hold controls written as references (`&#1;`, `&#13;`); re-escaped text must not put them in the file.
const DECODED_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const NEEDS_ATTR_ESCAPE = /[&"<>\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const AMP = /&/g;
const QUOT = /"/g;
const LT_G = /</g;
const GT_G = />/g;

function escapeAttrValue(v: string): string {
  if (!NEEDS_ATTR_ESCAPE.test(v)) return v;
  return v.replace(DECODED_CONTROL, '').replace(AMP, '&amp;').replace(QUOT, '&quot;').replace(LT_G, '&lt;').replace(GT_G, '&gt;');
}

function escapeText(s: string): string {
  return s.replace(DECODED_CONTROL, '').replace(AMP, '&amp;').replace(LT_G, '&lt;').replace(GT_G, '&gt;');
}

/** `name="value"`, the value escaped. */
function canonical(name: string, value: string): string {
  return `${name}="${escapeAttrValue(value)}"`;
}

// `<`/`>` inside a value are harmless to an HTML parser but not to regex tag strippers, search indexes or
// `<script>`-embedded copies of the post (themes do all three): such values are rewritten escaped.
function keepRaw(a: RawAttr): string {
  return WELL_FORMED_NO_ANGLE_ATTR.test(a.raw) ? a.raw : canonical(a.name, a.value);
}

/** A URL attribute rewritten to `value` (kept raw when the value is unchanged). */
function urlAttr(a: RawAttr, value: string | null): string | null {
  return value === null ? null : value === a.value ? keepRaw(a) : canonical(a.name, value);
}

/**
 * Output with nested buffers (an svg/math subtree is kept or discarded whole) and <pre>-aware newlines.
 * Source kept as written is recorded as a range and copied only when something else is written after it, so
 * a body that needs no change comes back as one slice of the input, and others in few pieces.
 */
class Emitter {
  private readonly bufs: string[][] = [[]];
  private src = '';
  /** source written but not yet copied into the current buffer: src[runStart, runEnd) */
  private runStart = 0;
  private runEnd = 0;
  pre = 0;

  reset(src: string): void {
    this.bufs.length = 1;
    this.bufs[0] = [];
    this.src = src;
    this.runStart = this.runEnd = 0;
    this.pre = 0;
  }

  /** Writes src[start, end) as it is. */
  source(start: number, end: number): void {
    if (start >= end) return;
    if (start === this.runEnd && this.runStart < this.runEnd) {
      this.runEnd = end;
      return;
    }
    this.flushRun();
    this.runStart = start;
    this.runEnd = end;
  }

  /** Writes src[start, end) as text (inside <pre>, newlines may need escaping). */
  sourceText(start: number, end: number): void {
    if (this.pre === 0) this.source(start, end);
    else this.text(this.src.slice(start, end));
  }

  private flushRun(): void {
    if (this.runStart < this.runEnd) {
      this.bufs[this.bufs.length - 1]!.push(this.src.slice(this.runStart, this.runEnd));
      this.runStart = this.runEnd = 0;
    }
  }

  push(s: string): void {
    if (!s) return;
    this.flushRun();
    this.bufs[this.bufs.length - 1]!.push(s);
  }

  openBuffer(): void {
    this.flushRun();
    this.bufs.push([]);
  }

  closeBuffer(keep: boolean): void {
    this.flushRun();
    const b = this.bufs.pop()!;
    if (keep) this.push(b.join(''));
  }

  takeBuffer(): string {
    this.flushRun();
    return this.bufs.pop()!.join('');
  }

  /** Whether everything written since the last newline is spaces/tabs. */
  private lineBlank(): boolean {
    this.flushRun();
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
    let from = 0; // s[from, i) is still to be copied
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a) {
        out += s.slice(from, i) + (blank ? '&#10;' : '\n');
        from = i + 1;
        blank = !blank;
      } else if (c !== 0x20 && c !== 0x09) blank = false;
    }
    this.push(out + s.slice(from));
  }

  result(): string {
    const top = this.bufs[0]!;
    if (this.bufs.length === 1 && top.length === 0) return this.src.slice(this.runStart, this.runEnd);
    this.flushRun();
    return top.join('');
  }
}

/** The open tag's attributes. The objects are reused from tag to tag: one is valid until the next tag. */
class AttrList {
  private readonly items: RawAttr[] = [];
  size = 0;

  clear(): void {
    this.size = 0;
  }

  at(i: number): RawAttr {
    return this.items[i]!;
  }

  add(name: string, value: string, raw: string): void {
    const a = this.items[this.size];
    if (a === undefined) this.items.push({ name, value, raw });
    else {
      a.name = name;
      a.value = value;
      a.raw = raw;
    }
    this.size++;
  }
}

/** The attribute texts of a tag being rebuilt; cleared per tag but keeps its storage (`length = 0` would free it). */
class PartList {
  private readonly items: string[] = [];
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(x: string): void {
    this.items[this.size++] = x;
  }

  unshift(x: string): void {
    for (let i = this.size; i > 0; i--) this.items[i] = this.items[i - 1]!;
    this.items[0] = x;
    this.size++;
  }

  join(separator: string): string {
    let out = '';
    for (let i = 0; i < this.size; i++) out += i === 0 ? this.items[i] : separator + this.items[i];
    return out;
  }
}

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

// A pass runs start to end synchronously, so one BodyPass (and its parser) serves call after call; a nested
// call (none today) would simply get its own.
let idlePass: BodyPass | null = null;

/** Runs the pass. `html` is any feed HTML fragment. */
export function processBody(html: string, opts: BodyOptions): BodyResult {
  return processCleanBody(cleanControls(html), opts);
}

/** processBody for a fragment that already went through cleanControls (saves scanning it again). */
export function processCleanBody(html: string, opts: BodyOptions): BodyResult {
  const pass = idlePass ?? new BodyPass();
  idlePass = null;
  try {
    return pass.run(html, opts);
  } finally {
    idlePass = pass;
  }
}

/**
 * The state of a pass and its tag rules; it is the htmlparser2 handler, so the parser calls its methods.
 * run() resets every field, so nothing of one body reaches the next.
 */
class BodyPass implements Partial<Handler> {
  private readonly parser: Parser;
  private src = '';
  private opts: BodyOptions = { base: null, linksNewTab: false, stripTracking: false };
  private readonly out = new Emitter();
  private readonly stack = new FrameStack();
  private images: ImageFacts[] = [];
  private iframeHosts: string[] = DEFAULT_IFRAME_HOSTS;
  private dropDepth = 0;
  private foreignDepth = 0;
  private foreignActive = false;
  private foreignRootKind: 'svg' | 'math' = 'svg';
  private atEnd = false;
  /** attributes of the open tag being handled, in source order */
  private readonly attrs = new AttrList();
  /** the kept attributes of the tag being rebuilt, as written out (filled by filterAttrs) */
  private readonly parts = new PartList();
  // <noscript> holds the real <img> of lazy-loading pages. Its (sanitized) content is kept only when no
  // image twin sits beside it in the same parent (知乎, WordPress lazy plugins put both); else it is dropped.
  private imgCount = 0;
  private rootMark = 0;
  private pending: { html: string; images: ImageFacts[]; depth: number } | null = null;
  // what the per-element attribute rules of the tag being handled decided (see specialAttr)
  private imgSrc = '';
  private imgSrcset: string | null = null;
  private imgHasLazySrcset = false;
  private linkHasHref = false;
  /** the open tag being handled: src[tagStart, tagEnd), tagEnd -1 when the parser implied it */
  private tagStart = 0;
  private tagEnd = -1;
  /** where the last written close tag really ends (see closeTagEnd) */
  private closeEnd = 0;
  private frameSrc = '';

  constructor() {
    this.parser = new Parser(this, { decodeEntities: true });
  }

  /** Sanitizes `src` (controls already cleaned). */
  run(src: string, opts: BodyOptions): BodyResult {
    this.src = src;
    this.opts = opts;
    this.iframeHosts = opts.iframeHosts ?? DEFAULT_IFRAME_HOSTS; // an explicit empty list keeps no iframe
    this.out.reset(src);
    this.stack.clear();
    this.images = [];
    this.dropDepth = 0;
    this.foreignDepth = 0;
    this.foreignActive = false;
    this.foreignRootKind = 'svg';
    this.atEnd = false;
    this.closeEnd = 0;
    this.attrs.clear();
    this.parts.clear();
    this.imgCount = 0;
    this.rootMark = 0;
    this.pending = null;
    const parser = this.parser;
    parser.reset();
    parser.write(src);
    this.atEnd = true;
    parser.end();
    this.flushPending();
    return { html: escapeForHexo(this.out.result()), images: this.images };
  }

  private flushPending(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.out.push(pending.html);
    this.images.push(...pending.images);
    this.imgCount++;
    this.pending = null;
  }

  /**
   * End of the current close tag. htmlparser2 ends a close tag's range at the first space or `/` after its
   * name (`</p >`, `</p x=1>`) and starts the next text there, so that text would begin with the rest of the
   * tag; the tokenizer itself skips to the `>`, and so do we.
   */
  private closeTagEnd(): number {
    const end = this.parser.endIndex + 1;
    if (this.src.charCodeAt(end - 1) === 62 /* > */) return end;
    const gt = this.src.indexOf('>', end);
    return gt < 0 ? this.src.length : gt + 1;
  }

  /** The source slice of the current token (`end` inclusive). */
  private slice(): string {
    return this.src.slice(this.parser.startIndex, this.parser.endIndex + 1);
  }

  /** The open tag's source slice, or null when the parser implied the tag. */
  private tagSource(): string | null {
    return this.tagEnd < 0 ? null : this.src.slice(this.tagStart, this.tagEnd);
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

  /** <img>: lazy sources, placeholders, pixels, proxy, referrerpolicy. Returns the tag or null to drop it. */
  private imgTag(): TagText | null {
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
    if (this.dropDepth === 0 && this.foreignDepth === 0) {
      if (this.pending !== null && this.stack.length === this.pending.depth) this.pending = null; // the lazy twin of a <noscript> image
      this.images.push(facts);
      this.imgCount++;
    }
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

  private mediaTag(name: string): TagText {
    return this.writeTag(name, this.filterAttrs(name));
  }

  /** Allowlisted video players only, with no content (browsers read iframe content as raw text). */
  private iframeTag(): string | null {
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

  /** svg/MathML element: kept as written, but any active part condemns the whole subtree. */
  private foreignTag(name: string, raw: string | null): string {
    const allowed = this.foreignRootKind === 'svg' ? SVG_ELEMENTS : MATH_ELEMENTS;
    if (!allowed.has(lowerName(name)) || raw === null) this.foreignActive = true;
    for (let i = 0; i < this.attrs.size; i++) {
      const a = this.attrs.at(i);
      const v = a.value.replace(FOREIGN_IGNORED, '').toLowerCase();
      if (FOREIGN_ACTIVE_ATTR.test(a.name) || FOREIGN_ACTIVE_VALUE.test(v)) this.foreignActive = true;
      if (FOREIGN_EXTERNAL_URL.test(v)) this.foreignActive = true;
      if (a.name === 'style' && sanitizeStyle(a.value) !== a.value) this.foreignActive = true;
      if (!WELL_FORMED_ATTR.test(a.raw) || ANGLE_BRACKET.test(a.value)) this.foreignActive = true;
    }
    return raw ?? '';
  }

  // ───── htmlparser2 callbacks ─────

  onopentagname(): void {
    this.attrs.clear();
  }

  onattribute(name: string, value: string): void {
    this.attrs.add(name, value, this.src.slice(this.parser.startIndex, this.parser.endIndex));
  }

  onopentag(name: string, _attribs: unknown, isImplied: boolean): void {
    this.tagStart = this.parser.startIndex;
    this.tagEnd = isImplied ? -1 : this.parser.endIndex + 1;
    const lname = lowerName(name);
    const stack = this.stack;
    if (this.dropDepth > 0 || (this.opts.removeStarts?.has(this.parser.startIndex) && !isImplied)) {
      stack.push(name, 'drop');
      this.dropDepth++;
      return;
    }
    if (this.pending !== null && stack.length === this.pending.depth && lname !== 'img' && lname !== 'noscript') this.flushPending();
    if (this.foreignDepth > 0) {
      const raw = this.tagSource();
      this.out.push(this.foreignTag(name, raw));
      stack.push(name, 'keep', undefined, raw !== null && SELF_CLOSING.test(raw));
      this.foreignDepth++;
      return;
    }
    if (lname === 'svg' || lname === 'math') {
      this.foreignRootKind = lname;
      this.foreignActive = false;
      this.out.openBuffer();
      this.foreignDepth = 1;
      const raw = this.tagSource();
      this.out.push(this.foreignTag(name, raw));
      stack.push(name, 'keep', undefined, raw !== null && SELF_CLOSING.test(raw), true);
      return;
    }
    if (lname === 'iframe') {
      const tag = this.iframeTag();
      if (tag !== null) this.out.push(tag);
      stack.push(name, 'drop');
      this.dropDepth++;
      return;
    }
    if (lname === 'noscript') {
      const parent = stack.top();
      const mark = parent?.imgMark ?? this.rootMark;
      this.out.openBuffer();
      stack.push(name, 'noscript', this.images.length, this.imgCount > mark);
      return;
    }
    if (DROP_WITH_CONTENT.has(lname)) {
      stack.push(name, 'drop');
      this.dropDepth++;
      return;
    }
    if (!ALLOWED_ELEMENTS.has(lname)) {
      stack.push(name, 'unwrap', this.imgCount);
      return;
    }
    let tag: TagText | null;
    if (lname === 'img') tag = this.imgTag();
    else if (lname === 'a') tag = this.opts.stripTracking && isFeedAdLink(this.first('href')?.value ?? '') ? null : this.linkTag();
    else if (lname === 'video' || lname === 'audio' || lname === 'source' || lname === 'track') tag = this.mediaTag(lname);
    else tag = this.writeTag(lname, this.filterAttrs(lname));
    if (tag === null) {
      stack.push(name, 'drop');
      this.dropDepth++;
      return;
    }
    if (tag === AS_WRITTEN) this.out.source(this.tagStart, this.tagEnd);
    else this.out.push(tag);
    if (lname === 'pre') this.out.pre++;
    stack.push(name, 'keep', this.imgCount);
  }

  ontext(data: string): void {
    if (this.dropDepth > 0) return;
    if (this.pending !== null && data.trim() !== '') this.flushPending(); // words after a lone <noscript> image keep their place
    const src = this.src;
    const start = Math.max(this.parser.startIndex, this.closeEnd);
    const end = this.parser.endIndex + 1;
    if (start >= end) return;
    if (this.foreignDepth > 0 || (end - start >= 9 && src.startsWith('<![CDATA[', start))) {
      this.out.push(escapeText(data));
      return;
    }
    // `<` is escaped even where the tokenizer saw text, so no browser can read a tag into it
    if (hasLessThan(src, start, end)) this.out.text(src.slice(start, end).replace(LT, '&lt;'));
    else this.out.sourceText(start, end);
  }

  onclosetag(_name: string, isImplied: boolean): void {
    if (!isImplied) this.closeEnd = this.closeTagEnd();
    const f = this.stack.pop();
    if (!f) return;
    if (f.action === 'drop') {
      this.dropDepth--;
      return;
    }
    const out = this.out;
    if (f.action === 'noscript') {
      const html = out.takeBuffer();
      const found = this.images.splice(f.imgMark ?? this.images.length);
      this.imgCount -= found.length;
      // selfClosed marks a noscript whose parent already showed an image: the copy is a duplicate
      if (found.length > 0 && !f.selfClosed) {
        this.flushPending();
        this.pending = { html, images: found, depth: this.stack.length };
      }
      return;
    }
    if (this.pending !== null && this.stack.length < this.pending.depth) this.flushPending(); // its parent is closing
    const lname = lowerName(f.name);
    if (this.stack.length === 0 && lname !== 'img') this.rootMark = this.imgCount;
    if (f.action === 'unwrap') return;
    if (this.foreignDepth > 0) {
      if (isImplied && !f.selfClosed) this.foreignActive = true; // unclosed foreign markup: browsers may disagree on its extent
      else if (!isImplied) {
        const raw = this.slice();
        out.push(PLAIN_CLOSE_TAG.test(raw) ? raw : `</${f.name}>`);
      }
      this.foreignDepth--;
      if (f.foreignRoot) {
        out.closeBuffer(!this.foreignActive);
        this.foreignDepth = 0;
      }
      return;
    }
    if (lname === 'pre') out.pre = Math.max(0, out.pre - 1);
    if (VOID.has(lname)) return;
    if (!isImplied) {
      const start = this.parser.startIndex;
      const end = this.parser.endIndex + 1;
      if (isPlainCloseTag(this.src, start, end, lname)) out.source(start, end);
      else out.push(`</${lname}>`);
    } else if (this.atEnd) {
      out.push(`</${lname}>`); // left open at the end of the fragment: close it so the page layout survives
    }
  }
}

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
