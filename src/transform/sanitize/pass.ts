// The body pass: ONE pass over htmlparser2's token stream that re-emits the original source slices of safe
// markup untouched and edits only what must change. This file decides the structure (which elements are
// kept, unwrapped or dropped with their content, <noscript> image twins, svg/MathML subtrees); tags.ts
// rewrites each kept tag. Re-serializing a DOM would reorder and requote attributes and break the seed's
// byte-identical post. It runs for every post, so one reused BodyPass holds the state and the parser calls
// its methods (no closures per call).
import { Parser, type Handler } from 'htmlparser2';
import { ALLOWED_ELEMENTS, DROP_WITH_CONTENT } from './allowlist.js';
import { Emitter } from './emitter.js';
import {
  LT, PLAIN_CLOSE_TAG, SELF_CLOSING, VOID, cleanControls, escapeText, hasLessThan, isPlainCloseTag, lowerName,
} from './markup.js';
import { FrameStack } from './records.js';
import { AS_WRITTEN, TagRules, type BodyOptions } from './tags.js';
import type { ImageFacts } from '../images.js';
import { escapeForHexo } from '../hexo-escape.js';

export interface BodyResult {
  /** sanitized HTML with Hexo escapes applied, trimmed, ending in a newline (empty when nothing is left) */
  html: string;
  /** the images kept in the body, in order */
  images: ImageFacts[];
}

// A pass runs start to end synchronously, so one BodyPass (and its parser) serves call after call; a nested
// call (none today) would simply get its own.
let idlePass: BodyPass | null = null;

/** Sanitizes any feed HTML fragment (and applies the body edits of `opts`). */
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

/** The state of a pass; run() resets every field, so nothing of one body reaches the next. */
class BodyPass implements Partial<Handler> {
  private readonly parser: Parser;
  private src = '';
  private opts: BodyOptions = { base: null, linksNewTab: false, stripTracking: false };
  private readonly out = new Emitter();
  private readonly stack = new FrameStack();
  private readonly tags = new TagRules();
  private images: ImageFacts[] = [];
  private dropDepth = 0;
  private foreignDepth = 0;
  private foreignActive = false;
  private foreignRootKind: 'svg' | 'math' = 'svg';
  private atEnd = false;
  // <noscript> holds the real <img> of lazy-loading pages. Its (sanitized) content is kept only when no
  // image twin sits beside it in the same parent (知乎, WordPress lazy plugins put both); else it is dropped.
  private imgCount = 0;
  private rootMark = 0;
  private pending: { html: string; images: ImageFacts[]; depth: number } | null = null;
  /** where the last written close tag really ends (see closeTagEnd) */
  private closeEnd = 0;

  constructor() {
    this.parser = new Parser(this, { decodeEntities: true });
  }

  /** Sanitizes `src` (controls already cleaned). */
  run(src: string, opts: BodyOptions): BodyResult {
    this.src = src;
    this.opts = opts;
    this.tags.reset(src, opts);
    this.out.reset(src);
    this.stack.clear();
    this.images = [];
    this.dropDepth = 0;
    this.foreignDepth = 0;
    this.foreignActive = false;
    this.foreignRootKind = 'svg';
    this.atEnd = false;
    this.closeEnd = 0;
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

  private drop(name: string): void {
    this.stack.push(name, 'drop');
    this.dropDepth++;
  }

  /** svg/MathML element: kept as written, but any active part condemns the whole subtree. */
  private foreignTag(name: string, root: boolean): void {
    const raw = this.tags.tagSource();
    if (this.tags.foreignTagActive(name, raw, this.foreignRootKind)) this.foreignActive = true;
    this.out.push(raw ?? '');
    this.stack.push(name, 'keep', undefined, raw !== null && SELF_CLOSING.test(raw), root);
  }

  // ───── htmlparser2 callbacks ─────

  onopentagname(): void {
    this.tags.attrs.clear();
  }

  onattribute(name: string, value: string): void {
    this.tags.attrs.add(name, value, this.src.slice(this.parser.startIndex, this.parser.endIndex));
  }

  onopentag(name: string, _attribs: unknown, isImplied: boolean): void {
    const start = this.parser.startIndex;
    this.tags.at(start, isImplied ? -1 : this.parser.endIndex + 1);
    const lname = lowerName(name);
    const stack = this.stack;
    if (this.dropDepth > 0 || (this.opts.removeStarts?.has(start) && !isImplied)) return this.drop(name);
    if (this.pending !== null && stack.length === this.pending.depth && lname !== 'img' && lname !== 'noscript') this.flushPending();
    if (this.foreignDepth > 0) {
      this.foreignTag(name, false);
      this.foreignDepth++;
      return;
    }
    if (lname === 'svg' || lname === 'math') {
      this.foreignRootKind = lname;
      this.foreignActive = false;
      this.out.openBuffer();
      this.foreignDepth = 1;
      this.foreignTag(name, true);
      return;
    }
    if (lname === 'iframe') {
      const tag = this.tags.iframeTag();
      if (tag !== null) this.out.push(tag);
      return this.drop(name);
    }
    if (lname === 'noscript') {
      const parent = stack.top();
      const mark = parent?.imgMark ?? this.rootMark;
      this.out.openBuffer();
      stack.push(name, 'noscript', this.images.length, this.imgCount > mark);
      return;
    }
    if (DROP_WITH_CONTENT.has(lname)) return this.drop(name);
    if (!ALLOWED_ELEMENTS.has(lname)) {
      stack.push(name, 'unwrap', this.imgCount);
      return;
    }
    const tag = this.tags.openTag(lname);
    if (tag === null) return this.drop(name);
    if (lname === 'img') {
      if (this.pending !== null && stack.length === this.pending.depth) this.pending = null; // the lazy twin of a <noscript> image
      this.images.push(this.tags.image!);
      this.imgCount++;
    }
    if (tag === AS_WRITTEN) this.out.source(start, this.parser.endIndex + 1);
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
