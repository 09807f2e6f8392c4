// A forgiving, namespace-aware, one-pass XML scanner that feeds events to a sink.
// Hand-written (not htmlparser2/saxes) because it is the fastest way to the model (bench/README.md): it works on
// the decoded string with indexOf, resolves element names through a per-scope cache, decodes text only when
// the sink asks for it, and recovers from the errors real feeds have (bare &, undeclared entities, stray `<`,
// mismatched or unclosed tags, cut-off documents, undeclared prefixes). It never expands DTD entities.
// A big document given as bytes is read in small windows of their latin1 view (see WINDOW_SIZE), never as one
// string: a token that runs past a window is read again from a new window starting at it.
import { decodeHTMLStrict } from 'entities/decode';

/** Canonical short names for namespace URIs the feed model reads; other URIs get `{uri}` keys. */
const KNOWN_NS: Record<string, string> = {
  '': '',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://channel.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/net/rss1.1#': '',
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://www.w3.org/2007/app': 'app',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/elements/1.0/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://tools.search.yahoo.com/mrss/': 'media',
  'http://video.search.yahoo.com/mrss': 'media',
  'http://video.search.yahoo.com/mrss/': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.itunes.com/dtds/podcast-1.0.dtd/': 'itunes',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
  'http://purl.org/syndication/thread/1.0': 'thr',
  'http://wellformedweb.org/CommentAPI/': 'wfw',
  'http://purl.org/rss/1.0/modules/slash/': 'slash',
  'http://www.georss.org/georss': 'georss',
};
/** Prefixes people use without declaring them: bound to their usual URI (and the document marked bozo). */
const USUAL_PREFIX: Record<string, string> = {
  content: 'content', dc: 'dc', dcterms: 'dcterms', media: 'media', itunes: 'itunes', atom: 'atom',
  rdf: 'rdf', xhtml: 'xhtml', xml: 'xml', slash: 'slash', wfw: 'wfw', thr: 'thr', georss: 'georss',
};
/** Which URIs denote the RSS 0.90 (RDF) vocabulary; the builder reads `version` from it. */
export const RSS090_NS = 'http://my.netscape.com/rdf/simple/0.9/';
export const ATOM03_NS = 'http://purl.org/atom/ns#';

export interface Name {
  /** canonical key: `title`, `atom:link`, `dc:creator`, `{uri}local` for unknown namespaces */
  key: string;
  /** local name as written */
  local: string;
  /** namespace URI ('' for none) */
  ns: string;
  /** qualified name as written */
  qname: string;
}

export interface Attr {
  /** canonical key like element keys (`href`, `rdf:about`, `xml:base`) */
  key: string;
  value: string;
}

export interface Element {
  name: Name;
  /** effective base URL (document URL and xml:base combined), or null */
  base: string | null;
  /** true when an xml:base is in scope */
  xmlBase: boolean;
  /** effective xml:lang, or null */
  lang: string | null;
  attrs: Attr[] | null;
  /** internal: this element opened a namespace scope. Element records are reused after their end event. */
  scoped: boolean;
}

export interface XmlSink {
  /** whether text at the current position is wanted (checked before decoding text) */
  capturing: boolean;
  start(el: Element, selfClosing: boolean): void;
  /** `slice` is true when `text` is exactly the document text of its range (a V8 slice, not a fresh string) */
  text(text: string, slice: boolean): void;
  end(el: Element, truncated: boolean): void;
  /** `cut`: the document ends before its end (a dropped connection): what follows the cut is lost */
  bozo(reason: string, cut?: boolean): void;
}

interface Scope {
  prefixes: Map<string, string>;
  cache: Map<string, Name>;
  attrCache: Map<string, Name>;
  /**
   * scopes opened inside this one, by their declarations: feeds repeat the same xmlns on every entry (an XHTML
   * div, a media group), and a scope reused costs nothing where a new one costs three Maps
   */
  children: Map<string, Scope> | null;
}

const MAX_CHILD_SCOPES = 256;

/** Resolves `xml:base` values; injected so the reader stays free of URL policy. */
export type BaseJoiner = (outer: string | null, inner: string) => string | null;

const VOID_HTML = new Set(['br', 'img', 'hr', 'input', 'meta', 'link', 'area', 'base', 'col', 'embed', 'param', 'source', 'track', 'wbr']);
export function isVoidHtml(local: string): boolean {
  return VOID_HTML.has(local.toLowerCase());
}

// XML 1.0 forbids these; real feeds contain them. Stripped from text handed to the sink.
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const CONTROL_G = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const HIGH = /[\x80-\xFF]/g;
const LINE_END = /\r\n?/g;

/** XML 1.0 §2.11: `\r\n` and a lone `\r` in the document are read as `\n` (a `&#13;` reference stays `\r`). */
function normalizeLineEnds(t: string): string {
  return t.indexOf('\r') < 0 ? t : t.replace(LINE_END, '\n');
}

/** Returned by a token reader whose token runs past the end of the current window (see refill). */
const NEED_MORE = -2;
/**
 * Window size for documents read in windows. Small on purpose: a window alive at a young-generation GC is
 * copied (or, as a large object, promoted and kept until a full GC), so windows must be short-lived
 * (bench/README.md, "Parser memory").
 */
export const WINDOW_SIZE = 32 * 1024;
/** A token starting this close to the end of a window is read from a new window (covers `<![CDATA[`, `<?xml `). */
const WINDOW_MARGIN = 64;

export class XmlReader {
  /** the document text, or the current window of it */
  private s: string;
  /** windowed reading: the whole document's bytes (their latin1 view is the text), else null */
  private readonly src: Buffer | null = null;
  /** `src` is UTF-8 seen as latin1 (else pure ASCII) */
  private readonly srcUtf8: boolean = false;
  /** byte offset of `s` in `src` */
  private base = 0;
  /** whether `s` reaches the end of the document */
  private last = true;
  private windowSize = WINDOW_SIZE;
  private readonly sink: XmlSink;
  private readonly joinBase: BaseJoiner;
  private readonly docBase: string | null;
  private stack: Element[] = [];
  private scopes: Scope[] = [];
  /** set when a DOCTYPE declared entities: HTML entity names are then not an error */
  private hasDoctype = false;
  /** internal DTD entities with plain replacement text (no references: no recursive expansion possible) */
  private entities: Map<string, string> | null = null;
  private expanded = 0;
  private sawRoot = false;
  private nextAmp = -1;
  // recycled element records: a fixed array and a count (push/pop on an array that empties would trim and
  // regrow its backing store on every element)
  private readonly pool: (Element | null)[] = new Array<Element | null>(POOL_SIZE).fill(null);
  private poolLen = 0;
  /** attributes of the tag being read; copied out at the tag's end into an array of exactly their number */
  private readonly attrScratch: Attr[] = [];
  private readonly names = new Map<number, string>();
  private nsMap: Record<string, string> = KNOWN_NS;
  /** one scan of the whole document (or window), so clean documents skip the per-text check */
  private hasControl: boolean;
  /** whether the document (or window) holds a `\r`: its text and attribute values need line-end normalization */
  private hasCR: boolean;
  private nextCR = -1;

  /** the source bytes when the text is pure ASCII (char index = byte index): lets text decoding copy runs natively */
  private ascii: Buffer | null;
  /**
   * the UTF-8 source when `s` is its latin1 view (one char per byte): markup is ASCII, so scanning works
   * unchanged, and every range handed out is decoded from these bytes when it holds a non-ASCII byte
   */
  private u8: Buffer | null;
  private nextHigh = -1;
  /** whether the last sub() decoded bytes (a fresh string) rather than slicing the text */
  private subDecoded = false;
  private highFrom = 0;

  /**
   * `s` is the decoded text. With `s === null` the reader reads `asciiBytes` or `utf8Bytes` (one of them) in
   * windows of their latin1 view instead of one string for the whole document: a big document is then never
   * held as text all at once (the bytes are held by the caller anyway). `windowSize` is for tests.
   */
  constructor(s: string | null, sink: XmlSink, docBase: string | null, joinBase: BaseJoiner, asciiBytes: Buffer | null = null, utf8Bytes: Buffer | null = null, windowSize = WINDOW_SIZE) {
    this.sink = sink;
    this.docBase = docBase;
    this.joinBase = joinBase;
    if (s === null) {
      this.src = asciiBytes ?? utf8Bytes;
      if (this.src === null) throw new Error('XmlReader: no text and no bytes');
      this.srcUtf8 = asciiBytes === null;
      this.windowSize = Math.max(WINDOW_MARGIN * 2, windowSize);
      this.s = '';
      this.ascii = this.u8 = null;
      this.hasControl = false;
      this.hasCR = false;
      this.window(0, this.windowSize);
    } else {
      this.s = s;
      this.ascii = asciiBytes !== null && asciiBytes.length === s.length ? asciiBytes : null;
      this.u8 = utf8Bytes !== null && utf8Bytes.length === s.length ? utf8Bytes : null;
      // (in a latin1 view, U+FFFE/U+FFFF are the bytes EF BF BE/BF)
      this.hasControl = CONTROL.test(s) || (this.u8 !== null && /\xEF\xBF[\xBE\xBF]/.test(s));
      this.hasCR = s.indexOf('\r') >= 0;
    }
    const root = new Map<string, string>();
    root.set('xml', 'http://www.w3.org/XML/1998/namespace');
    this.scopes.push({ prefixes: root, cache: new Map(), attrCache: new Map(), children: null });
  }

  /** Makes bytes [start, start + len) of `src` the current window. */
  private window(start: number, len: number): void {
    const src = this.src!;
    const end = Math.min(src.length, start + len);
    this.base = start;
    this.last = end >= src.length;
    this.s = src.toString('latin1', start, end);
    const view = src.subarray(start, end);
    if (this.srcUtf8) this.u8 = view;
    else this.ascii = view;
    this.nextAmp = -1;
    this.nextCR = -1;
    this.nextHigh = -1;
    this.highFrom = 0;
    this.hasControl = CONTROL.test(this.s) || (this.u8 !== null && /\xEF\xBF[\xBE\xBF]/.test(this.s));
    this.hasCR = this.s.indexOf('\r') >= 0;
  }

  /**
   * Moves the window to start at `i` (a token boundary of the current one). `grow`: the token at `i` did not
   * fit in what was left of the window, so the new one is at least twice that long.
   */
  private refill(i: number, grow: boolean): void {
    const left = this.s.length - i;
    this.window(this.base + i, grow ? Math.max(this.windowSize, left * 2) : this.windowSize);
  }

  /** A string that does not keep a window alive (names and namespace URIs are kept for the whole parse). */
  private own(v: string): string {
    return this.src !== null && v.length >= 13 ? (' ' + v).slice(1) : v;
  }

  run(): void {
    let s = this.s;
    let n = s.length;
    const sink = this.sink;
    let i = 0;
    // junk or whitespace before the first markup
    let first = s.indexOf('<');
    while (first < 0 && !this.last) {
      this.refill(0, true);
      s = this.s;
      n = s.length;
      first = s.indexOf('<');
    }
    if (first < 0) {
      if (s.trim()) sink.bozo('no markup');
      return;
    }
    if (first > 0) {
      // whitespace before the root is fine; before an XML declaration (or any junk) it is not well-formed
      if (s.slice(0, first).trim()) sink.bozo('junk before the document');
      else if (s.startsWith('<?xml', first)) sink.bozo('whitespace before the XML declaration');
      i = first;
    }
    for (;;) {
      if (!this.last && n - i < WINDOW_MARGIN) {
        this.refill(i, false);
        s = this.s;
        n = s.length;
        i = 0;
      }
      if (i >= n) break;
      // each branch reads one token and sets `next` after it, or NEED_MORE when the token runs past the window
      let next: number;
      if (s.charCodeAt(i) !== 60 /* < */) {
        const lt = s.indexOf('<', i);
        if (lt < 0 && !this.last) next = NEED_MORE;
        else {
          next = lt < 0 ? n : lt;
          this.onText(i, next);
        }
      } else {
        const c = s.charCodeAt(i + 1);
        if (c === 47 /* / */) {
          const gt = s.indexOf('>', i + 2);
          if (gt < 0) next = this.last ? n : NEED_MORE;
          else {
            // the usual case, `</name>` closing the open element, is checked in place (no slice)
            const top = this.stack.length ? this.stack[this.stack.length - 1] : null;
            if (top !== null && gt === i + 2 + top.name.qname.length && s.startsWith(top.name.qname, i + 2)) {
              this.stack.pop();
              this.popScope(top);
              sink.end(top, false);
              this.recycle(top);
            } else this.closeTag(this.sub(i + 2, gt).trim());
            next = gt + 1;
          }
        } else if (c === 33 /* ! */) {
          next = this.bang(i);
        } else if (c === 63 /* ? */) {
          const end = s.indexOf('?>', i + 2);
          if (end < 0 && !this.last) next = NEED_MORE;
          else {
            if (this.base + i > 0 && s.startsWith('<?xml ', i) && !this.sawRoot) sink.bozo('XML declaration not at the start');
            next = end < 0 ? n : end + 2;
          }
        } else if (isNameStart(c)) {
          const r = this.openTag(i);
          next = r >= 0 ? r : this.last ? n : NEED_MORE;
        } else {
          // a stray `<` in text
          let lt = s.indexOf('<', i + 1);
          if (lt < 0 && !this.last) next = NEED_MORE;
          else {
            sink.bozo('unescaped < in text');
            if (lt < 0) lt = n;
            if (sink.capturing && this.stack.length) {
              const raw = this.hasCR ? normalizeLineEnds(this.sub(i, lt)) : this.sub(i, lt);
              sink.text(this.cleanText(raw.indexOf('&') >= 0 ? this.decodeEntities(raw) : raw), false);
            }
            next = lt;
          }
        }
      }
      if (next === NEED_MORE) {
        this.refill(i, true);
        s = this.s;
        n = s.length;
        i = 0;
        continue;
      }
      i = next;
    }
    if (this.stack.length) {
      sink.bozo('document ends early', true);
      while (this.stack.length) {
        const el = this.stack.pop()!;
        this.popScope(el);
        sink.end(el, true);
      }
    }
  }

  private onText(from: number, to: number): void {
    const sink = this.sink;
    const s = this.s;
    // next `&` in the document, found once and reused: text is neither sliced nor rescanned unless needed
    if (this.nextAmp < from) {
      const a = s.indexOf('&', from);
      this.nextAmp = a < 0 ? s.length : a;
    }
    const hasAmp = this.nextAmp < to;
    if (sink.capturing && this.stack.length) {
      if (!hasAmp) this.textSlice(from, to);
      else if (this.hasCR && this.crIn(from, to)) sink.text(this.cleanText(this.decodeWithLineEnds(from, to)), false);
      else sink.text(this.cleanText(this.decodeRange(from, to)), false);
      return;
    }
    if (hasAmp) this.decodeRange(from, to); // only to notice malformed references
    if (!this.stack.length && this.sawRoot) {
      for (let k = from; k < to; k++) {
        if (!isSpace(s.charCodeAt(k))) {
          sink.bozo('text after the document');
          break;
        }
      }
    }
  }

  /** Hands s[from, to) to the sink as text, telling it whether the string is a slice of the document. */
  private textSlice(from: number, to: number): void {
    const t = this.sub(from, to);
    const clean = this.cleanText(this.hasCR && this.crIn(from, to) ? normalizeLineEnds(t) : t);
    this.sink.text(clean, clean === t && !this.subDecoded);
  }

  /** decodeRange for text holding a `\r`: line ends normalized, but a `\r` written as a reference (`&#13;`) kept. */
  private decodeWithLineEnds(from: number, to: number): string {
    const ref = this.s.indexOf('&#', from);
    if (ref < 0 || ref >= to) return normalizeLineEnds(this.decodeRange(from, to)); // (no reference can make a \r)
    return this.decodeEntities(normalizeLineEnds(this.sub(from, to)));
  }

  /** Whether s[from, to) holds a `\r`; the next one is found once and reused while the reader moves forward. */
  private crIn(from: number, to: number): boolean {
    if (this.nextCR < from) {
      const c = this.s.indexOf('\r', from);
      this.nextCR = c < 0 ? this.s.length : c;
    }
    return this.nextCR < to;
  }

  private cleanText(t: string): string {
    if (this.hasControl && CONTROL.test(t)) {
      this.sink.bozo('control characters');
      return t.replace(CONTROL_G, '');
    }
    return t;
  }

  /** `<!--`, `<![CDATA[`, `<!DOCTYPE`; returns the index after it. */
  private bang(i: number): number {
    const s = this.s;
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) {
        if (!this.last) return NEED_MORE;
        this.sink.bozo('unterminated comment', true);
        return s.length;
      }
      return end + 3;
    }
    if (s.startsWith('<![CDATA[', i)) {
      let end = s.indexOf(']]>', i + 9);
      if (end < 0) {
        if (!this.last) return NEED_MORE;
        this.sink.bozo('unterminated CDATA section', true);
        end = s.length;
      }
      if (this.sink.capturing && this.stack.length) this.textSlice(i + 9, end);
      return Math.min(s.length, end + 3);
    }
    if (s.startsWith('<!DOCTYPE', i) || s.startsWith('<!doctype', i)) {
      // skipped, internal subset included: no DTD processing, no entity declarations
      let j = i + 9;
      let depth = 0;
      let closed = false;
      for (; j < s.length; j++) {
        const c = s.charCodeAt(j);
        if (c === 91) depth++;
        else if (c === 93) depth--;
        else if (c === 62 && depth <= 0) {
          closed = true;
          break;
        } else if ((c === 34 || c === 39) && depth <= 0) {
          const q = s.indexOf(String.fromCharCode(c), j + 1);
          if (q < 0) break;
          j = q;
        }
      }
      if (!closed && !this.last) return NEED_MORE;
      this.hasDoctype = true;
      this.readEntityDecls(this.sub(i, j));
      return j + 1;
    }
    const gt = s.indexOf('>', i);
    if (gt < 0 && !this.last) return NEED_MORE;
    return gt < 0 ? s.length : gt + 1;
  }

  /** Keeps `<!ENTITY name "text">` declarations whose text holds no reference or markup; others stay unexpanded. */
  private readEntityDecls(doctype: string): void {
    const re = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
    let m: RegExpExecArray | null;
    let count = 0;
    while ((m = re.exec(doctype)) && count < 1000) {
      const value = normalizeLineEnds(m[2] ?? m[3] ?? '');
      if (/[&<%]/.test(value)) {
        this.sink.bozo('entity declaration with references (not expanded)');
        continue;
      }
      (this.entities ??= new Map()).set(m[1], value);
      count++;
    }
  }

  /** s.slice(a, b) as text: decoded from the UTF-8 bytes when `s` is their latin1 view and the range is not ASCII. */
  private sub(from: number, to: number): string {
    const u8 = this.u8;
    if (u8 !== null) {
      // the next non-ASCII byte, found once and reused while the reader moves forward
      if (this.nextHigh < from || this.highFrom > from) {
        HIGH.lastIndex = from;
        const m = HIGH.exec(this.s);
        this.nextHigh = m === null ? this.s.length : m.index;
        this.highFrom = from;
      }
      if (this.nextHigh < to) {
        this.subDecoded = true;
        return u8.toString('utf8', from, to);
      }
    }
    this.subDecoded = false;
    return this.s.slice(from, to);
  }

  /** s.slice(a, b) for element/attribute names, reusing an earlier equal string (names repeat on every item). */
  private intern(h: number, a: number, b: number): string {
    const key = h ^ (b - a);
    const hit = this.names.get(key);
    if (hit !== undefined && hit.length === b - a && this.s.startsWith(hit, a)) return hit;
    const name = this.own(this.sub(a, b));
    if (this.names.size < 4096) this.names.set(key, name);
    return name;
  }

  /** Parses a start tag at `i`; returns the index after it, or -1 when the document ends inside it. */
  private openTag(i: number): number {
    const s = this.s;
    const n = s.length;
    // (in a window, a tag with no `>` before its end is read again from the next one, before any bozo is noted)
    if (!this.last && s.indexOf('>', i) < 0) return -1;
    let j = i + 1;
    let h = 0;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === 62 || c === 47 || c === 32 || c === 10 || c === 9 || c === 13) break;
      h = (Math.imul(h, 31) + c) | 0;
      j++;
    }
    if (j >= n) return -1;
    const qname = this.intern(h, i + 1, j);
    const scratch = this.attrScratch;
    let count = 0;
    let selfClosing = false;
    // attributes
    for (;;) {
      while (j < n) {
        const c = s.charCodeAt(j);
        if (c !== 32 && c !== 10 && c !== 9 && c !== 13) break;
        j++;
      }
      if (j >= n) return -1;
      const c = s.charCodeAt(j);
      if (c === 62) {
        j++;
        break;
      }
      if (c === 47) {
        if (s.charCodeAt(j + 1) === 62) {
          selfClosing = true;
          j += 2;
          break;
        }
        j++;
        continue;
      }
      const ns = j;
      let ah = 7;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d === 61 || d === 62 || d === 47 || d === 32 || d === 10 || d === 9 || d === 13) break;
        ah = (Math.imul(ah, 31) + d) | 0;
        j++;
      }
      const aname = j > ns ? this.intern(ah, ns, j) : '';
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      let value = '';
      if (s.charCodeAt(j) === 61) {
        j++;
        while (j < n && isSpace(s.charCodeAt(j))) j++;
        const q = s.charCodeAt(j);
        if (q === 34 || q === 39) {
          const end = s.indexOf(q === 34 ? '"' : "'", j + 1);
          if (end < 0) return -1;
          value = this.sub(j + 1, end);
          if (this.hasCR) value = normalizeLineEnds(value);
          j = end + 1;
        } else {
          const vs = j;
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === 62 || d === 32 || d === 10 || d === 9 || d === 13) break;
            j++;
          }
          value = this.sub(vs, j);
          this.sink.bozo('unquoted attribute value');
        }
        if (value.indexOf('&') >= 0) value = this.decodeEntities(value);
      } else if (aname) {
        this.sink.bozo('attribute without value');
      }
      if (!aname) {
        j++;
        continue;
      }
      if (count < scratch.length) scratch[count] = { key: aname, value };
      else scratch.push({ key: aname, value });
      count++;
    }
    const raw = count === 0 ? null : count === 1 ? [scratch[0]] : scratch.slice(0, count);
    this.pushElement(qname, raw, selfClosing);
    return j;
  }

  private pushElement(qname: string, raw: Attr[] | null, selfClosing: boolean): void {
    if (this.stack.length >= MAX_DEPTH) {
      // no feed nests this deep: dropping the tag bounds memory on hostile input
      this.sink.bozo('elements nested too deeply');
      return;
    }
    const parent = this.stack.length ? this.stack[this.stack.length - 1] : null;
    let scope = this.scopes[this.scopes.length - 1];
    let newScope = false;
    let base = parent ? parent.base : this.docBase;
    let xmlBase = parent ? parent.xmlBase : false;
    let lang = parent ? parent.lang : null;
    let xmlnsCount = 0;
    if (raw) {
      let decls = '';
      for (let k = 0; k < raw.length; k++) {
        const an = raw[k].key;
        if (an.charCodeAt(0) === 120 /* x */ && (an === 'xmlns' || an.startsWith('xmlns:'))) {
          decls += an + '\u0000' + raw[k].value.trim() + '\u0000';
          xmlnsCount++;
        }
      }
      if (xmlnsCount) {
        let child = scope.children !== null ? scope.children.get(decls) : undefined;
        if (child === undefined) {
          child = { prefixes: new Map(scope.prefixes), cache: new Map(), attrCache: new Map(), children: null };
          for (let k = 0; k < raw.length; k++) {
            const an = raw[k].key;
            if (an.charCodeAt(0) === 120 /* x */ && (an === 'xmlns' || an.startsWith('xmlns:'))) child.prefixes.set(an === 'xmlns' ? '' : an.slice(6), this.own(raw[k].value.trim()));
          }
          scope.children ??= new Map();
          if (scope.children.size < MAX_CHILD_SCOPES) scope.children.set(this.own(decls), child);
        }
        scope = child;
        newScope = true;
        this.scopes.push(scope);
      }
    }
    const name = this.resolve(qname, scope, true);
    // the raw attribute objects become the element's attributes: keys resolved in place, xmlns left out
    let attrs: Attr[] | null = raw;
    if (raw) {
      if (xmlnsCount) attrs = xmlnsCount === raw.length ? null : raw.filter((a) => a.key !== 'xmlns' && !a.key.startsWith('xmlns:'));
      if (attrs) for (let k = 0; k < attrs.length; k++) {
        const a = attrs[k];
        if (a.key.indexOf(':') > 0) a.key = this.resolve(a.key, scope, false).key;
        if (a.key === 'xml:base') {
          base = this.joinBase(base, a.value);
          xmlBase = true;
        } else if (a.key === 'xml:lang') lang = a.value.trim() || null;
      }
    }
    // element records are recycled once their end event is out (sinks must not keep them past end())
    let el = this.poolLen > 0 ? this.pool[--this.poolLen] : null;
    if (el === null) el = { name, base, xmlBase, lang, attrs, scoped: newScope };
    else {
      el.name = name;
      el.base = base;
      el.xmlBase = xmlBase;
      el.lang = lang;
      el.attrs = attrs;
      el.scoped = newScope;
    }
    this.sawRoot = true;
    if (selfClosing) {
      this.sink.start(el, true);
      if (newScope) this.scopes.pop();
      this.sink.end(el, false);
      this.recycle(el);
    } else {
      this.stack.push(el);
      this.sink.start(el, false);
    }
  }

  private resolve(qname: string, scope: Scope, isElement: boolean): Name {
    const cache = isElement ? scope.cache : scope.attrCache;
    let name = cache.get(qname);
    if (name) return name;
    const colon = qname.indexOf(':');
    const prefix = colon > 0 ? qname.slice(0, colon) : '';
    const local = colon > 0 ? qname.slice(colon + 1) : qname;
    let ns: string | undefined;
    if (colon < 0) ns = isElement ? scope.prefixes.get('') ?? '' : '';
    else ns = scope.prefixes.get(prefix);
    let key: string;
    if (ns === undefined) {
      // undeclared prefix: bind the usual ones, keep the rest as unknown
      this.sink.bozo(`undeclared namespace prefix ${prefix}`);
      const usual = USUAL_PREFIX[prefix.toLowerCase()];
      ns = '';
      key = usual ? usual + ':' + local.toLowerCase() : '{' + prefix + '}' + local.toLowerCase();
    } else {
      const short = this.nsMap[ns] ?? this.nsMap[ns.toLowerCase()];
      const l = isElement ? local.toLowerCase() : local;
      key = short === undefined ? '{' + ns + '}' + l : short === '' ? l : short + ':' + l;
    }
    name = { key, local, ns, qname };
    cache.set(qname, name);
    return name;
  }

  /** Reads a namespace URI as a known vocabulary (e.g. a `<feed>` root in an odd namespace as Atom). */
  aliasNamespace(uri: string, short: string): void {
    if (this.nsMap === KNOWN_NS) this.nsMap = { ...KNOWN_NS };
    this.nsMap[uri] = short;
    for (const sc of this.scopes) {
      sc.cache.clear();
      sc.children = null; // (scopes cached below it hold names resolved the old way)
      sc.attrCache.clear();
    }
  }

  /** The namespace URI bound to a prefix ('' = default) where the reader is now. */
  lookupPrefix(prefix: string): string | undefined {
    return this.scopes[this.scopes.length - 1].prefixes.get(prefix);
  }

  private recycle(el: Element): void {
    el.attrs = null;
    if (this.poolLen < POOL_SIZE) this.pool[this.poolLen++] = el;
  }

  private popScope(el: Element): void {
    if (el.scoped) this.scopes.pop();
  }

  private closeTag(qname: string): void {
    const stack = this.stack;
    const top = stack.length - 1;
    if (top >= 0 && stack[top].name.qname === qname) {
      const el = stack.pop()!;
      this.popScope(el);
      this.sink.end(el, false);
      this.recycle(el);
      return;
    }
    // mismatched: close up to the nearest open element of that name (case-insensitively as a fallback);
    // the search is bounded so that runs of stray end tags stay linear
    const floor = Math.max(0, top - MAX_CLOSE_SEARCH);
    let k = top;
    while (k >= floor && stack[k].name.qname !== qname) k--;
    if (k < floor) {
      const lower = qname.toLowerCase();
      k = top;
      while (k >= floor && stack[k].name.qname.toLowerCase() !== lower) k--;
      if (k < floor) k = -1;
    }
    this.sink.bozo(`mismatched end tag </${qname}>`);
    if (k < 0) return; // stray end tag: ignored
    while (stack.length > k) {
      const el = stack.pop()!;
      this.popScope(el);
      this.sink.end(el, false);
      this.recycle(el);
    }
  }

  /**
   * decodeEntities(s.slice(from, to)), faster for ASCII documents: runs between references are copied from the
   * source bytes with native calls (memchr/memcpy) instead of character by character.
   */
  private decodeRange(from: number, to: number): string {
    const bytes = this.ascii;
    if (bytes === null || this.entities !== null) return this.decodeEntities(this.sub(from, to));
    const s = this.s;
    const n = to - from;
    let b8: Buffer = scratch8;
    if (b8.length < n) {
      b8 = Buffer.allocUnsafeSlow(n);
      if (n <= SCRATCH_KEEP) scratch8 = b8;
    }
    let w = 0;
    let pos = from;
    while (pos < to) {
      // short runs are copied in a JS loop (a native call per run costs more), long runs natively
      let amp = pos;
      const lim = Math.min(to, pos + 512);
      while (amp < lim && bytes[amp] !== 38) b8[w++] = bytes[amp++];
      if (amp === lim && amp < to) {
        // (past 512 bytes without a reference: a long run, worth one native search and copy)
        let next = bytes.indexOf(38, amp);
        if (next < 0) next = s.length;
        const stop = next < to ? next : to;
        bytes.copy(b8, w, amp, stop);
        w += stop - amp;
        amp = stop;
        if (next >= to) this.nextAmp = next;
      }
      if (amp >= to) break;
      const end = this.refEnd(s, amp);
      if (end < 0 || end >= to) {
        this.sink.bozo('bare &');
        b8[w++] = 38;
        pos = amp + 1;
        continue;
      }
      const rep = this.refValueAt(s, amp + 1, end);
      if (rep === null) {
        bytes.copy(b8, w, amp, end + 1);
        w += end + 1 - amp;
      } else if (rep.length === 1 && rep.charCodeAt(0) < 256) {
        b8[w++] = rep.charCodeAt(0);
      } else {
        for (let k = 0; k < rep.length; k++) if (rep.charCodeAt(k) > 255) return this.decodeEntities(s.slice(from, to)); // two-byte result
        for (let k = 0; k < rep.length; k++) b8[w++] = rep.charCodeAt(k);
      }
      pos = end + 1;
    }
    return b8.toString('latin1', 0, w);
  }

  /** refValue for s[a..b), with the five XML entities recognised without slicing. */
  private refValueAt(s: string, a: number, b: number): string | null {
    const len = b - a;
    const c0 = s.charCodeAt(a);
    if (len === 2 && s.charCodeAt(a + 1) === 116 /* t */) {
      if (c0 === 108 /* l */) return '<';
      if (c0 === 103 /* g */) return '>';
    } else if (len === 3 && c0 === 97 && s.charCodeAt(a + 1) === 109 && s.charCodeAt(a + 2) === 112) return '&';
    else if (len === 4 && c0 === 113 && s.charCodeAt(a + 1) === 117 && s.charCodeAt(a + 2) === 111 && s.charCodeAt(a + 3) === 116) return '"';
    return this.refValue(s.slice(a, b));
  }

  /**
   * Decodes character and entity references; HTML named entities are accepted (and noted as bozo).
   * Written into a reused UTF-16 scratch buffer and turned into one flat string: entity-dense escaped HTML
   * would otherwise leave a rope node of garbage per reference.
   */
  decodeEntities(t: string): string {
    const n = t.length;
    if (this.entities !== null) return this.decodeEntitiesSlow(t);
    // few references: concatenating slices is cheaper than copying every character
    let refs = 0;
    for (let a = t.indexOf('&'); a >= 0 && refs * 32 < n; a = t.indexOf('&', a + 1)) refs++;
    if (refs * 32 < n) return this.decodeEntitiesSlow(t);
    // decoded text is never longer than its source here (references shrink), so n units suffice
    // scratch buffers are reused up to SCRATCH_KEEP; a larger text gets its own (not kept after the call)
    let b8: Buffer = scratch8;
    if (b8.length < n) {
      b8 = Buffer.allocUnsafeSlow(n);
      if (n <= SCRATCH_KEEP) scratch8 = b8;
    }
    let b16: Uint16Array | null = null;
    let w = 0;
    let i = 0;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c !== 38) {
        if (c > 255 && b16 === null) b16 = widen(b8, w, n);
        if (b16 !== null) b16[w++] = c;
        else b8[w++] = c;
        i++;
        continue;
      }
      const end = this.refEnd(t, i);
      if (end < 0) {
        this.sink.bozo('bare &');
        if (b16 !== null) b16[w++] = 38;
        else b8[w++] = 38;
        i++;
        continue;
      }
      const rep = this.refValue(t.slice(i + 1, end));
      const from = rep === null ? t : rep;
      const a = rep === null ? i : 0;
      const z = rep === null ? end + 1 : rep.length;
      for (let k = a; k < z; k++) {
        const r = from.charCodeAt(k);
        if (r > 255 && b16 === null) b16 = widen(b8, w, n);
        if (b16 !== null) b16[w++] = r;
        else b8[w++] = r;
      }
      i = end + 1;
    }
    if (b16 === null) return b8.toString('latin1', 0, w);
    return Buffer.from(b16.buffer, b16.byteOffset, w * 2).toString('utf16le');
  }

  /** Index of the `;` closing a well-formed reference at `amp`, or -1 for a bare `&`. */
  private refEnd(t: string, amp: number): number {
    const n = Math.min(t.length, amp + 42);
    let k = amp + 1;
    if (k >= n) return -1;
    let c = t.charCodeAt(k);
    if (c === 35 /* # */) {
      k++;
      c = t.charCodeAt(k);
      const hex = c === 120 || c === 88;
      if (hex) k++;
      const digitsStart = k;
      for (; k < n; k++) {
        c = t.charCodeAt(k);
        if ((c >= 48 && c <= 57) || (hex && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)))) continue;
        break;
      }
      return k > digitsStart && c === 59 ? k : -1;
    }
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return -1;
    for (k++; k < n; k++) {
      c = t.charCodeAt(k);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95) continue;
      break;
    }
    return c === 59 ? k : -1;
  }

  /** Replacement text of a reference (without `&` and `;`), or null when unknown (kept as written). */
  private refValue(ref: string): string | null {
    switch (ref) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    if (ref.charCodeAt(0) === 35) {
      const hex = ref.charCodeAt(1) === 120 || ref.charCodeAt(1) === 88;
      return codePointString(parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    const internal = this.entities?.get(ref);
    if (internal !== undefined) {
      if (this.expanded + internal.length > MAX_EXPANSION) {
        this.sink.bozo('entity expansion limit');
        return null;
      }
      this.expanded += internal.length;
      return internal;
    }
    const m = '&' + ref + ';';
    const d = decodeHTMLStrict(m);
    if (d !== m) {
      if (!this.hasDoctype) this.sink.bozo(`undeclared entity ${m}`);
      return d;
    }
    this.sink.bozo(`undefined entity ${m}`);
    return null;
  }

  /** Concatenating variant: for sparse references, and for internal entities (whose text may be longer than the input). */
  private decodeEntitiesSlow(t: string): string {
    let out = '';
    let last = 0;
    let amp = t.indexOf('&');
    while (amp >= 0) {
      out += t.slice(last, amp);
      const end = this.refEnd(t, amp);
      if (end < 0) {
        this.sink.bozo('bare &');
        out += '&';
        last = amp + 1;
      } else {
        const rep = this.refValue(t.slice(amp + 1, end));
        out += rep === null ? t.slice(amp, end + 1) : rep;
        last = end + 1;
      }
      amp = t.indexOf('&', last);
    }
    return out + t.slice(last);
  }
}

const MAX_DEPTH = 1024;
const POOL_SIZE = 64;
const MAX_CLOSE_SEARCH = 256;

// (a text longer than this gets a buffer of its own, freed with it: kept scratch buffers are resident for the
// life of the process, and one 1 MB text would otherwise pin 3 MB)
const SCRATCH_KEEP = 1 << 17;
let scratch8: Buffer = Buffer.allocUnsafeSlow(1 << 16);
let scratch16 = new Uint16Array(1 << 16);

/** Switches the decode scratch from one-byte to two-byte units, copying what was written. */
function widen(b8: Buffer, w: number, n: number): Uint16Array {
  let b16 = scratch16;
  if (b16.length < n) {
    b16 = new Uint16Array(n);
    if (n <= SCRATCH_KEEP) scratch16 = b16;
  }
  for (let k = 0; k < w; k++) b16[k] = b8[k];
  return b16;
}

/** Total characters internal DTD entities may add to a document (quadratic-blowup guard). */
const MAX_EXPANSION = 1 << 20;

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c > 127;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function codePointString(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
  if (cp < 32 && cp !== 9 && cp !== 10 && cp !== 13) return ''; // not allowed in XML 1.0
  // Windows-1252 numeric references (&#146;) mean what the author saw
  if (cp >= 0x80 && cp <= 0x9f) {
    const d = decodeHTMLStrict('&#' + cp + ';');
    return d;
  }
  return String.fromCodePoint(cp);
}
