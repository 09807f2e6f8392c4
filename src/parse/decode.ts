// Bytes → text. Order: BOM > HTTP charset > XML/HTML declaration > sniffing. Never throws on bad bytes.
// Valid non-ASCII UTF-8 wins over a legacy label (that is what the author meant; a legacy text is almost
// never valid UTF-8 by chance), and an invalid "UTF-8" document falls back to a sniffed legacy encoding.
import { isAscii, isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';

// iconv-lite is loaded on first use: UTF-8 feeds (nearly all) never pay for loading its tables.
type Iconv = typeof import('iconv-lite');
const requireCjs = createRequire(import.meta.url);
let iconvModule: Iconv | null = null;
function iconv(): Iconv {
  return (iconvModule ??= requireCjs('iconv-lite') as Iconv);
}

export interface Decoded {
  text: string;
  /** the encoding the text was decoded with (lower case, iconv name) */
  encoding: string;
  /** set when the bytes did not match the declared encoding */
  bozoReason: string | null;
  /** the bytes `text` was decoded from, when they are pure ASCII (then char index = byte index) */
  asciiBytes?: Buffer;
  /**
   * Set only with `latin1View`: `text` is not decoded but these valid UTF-8 bytes seen as latin1 (one char
   * per byte, char index = byte index); the reader decodes the ranges it keeps.
   */
  utf8Bytes?: Buffer;
}

export interface DecodeOptions {
  /**
   * For a mostly-ASCII UTF-8 document, return the latin1 view of its bytes instead of decoded text: a few
   * curly quotes or an emoji would otherwise make V8 hold the whole document as two bytes per char (measured
   * on the real-world bench corpus: 56 of its 134 documents; decoded, the corpus took 1.9× its size).
   */
  latin1View?: boolean;
  /**
   * When `text` would be the latin1 view of more bytes than this (`asciiBytes` or `utf8Bytes` set), it is left
   * empty: the caller reads the bytes itself (the XML reader reads them in windows). (CJK text, decoded whole,
   * could be read in windows too: measured on the 5 MB Chinese RSS bench, peak added ÷ input 2.7 → 2.1–2.4,
   * but parsing 35% slower, as every range it keeps is decoded and copied: not done.)
   */
  latin1TextMax?: number;
}

/** Normalizes a charset label to the decoder we use; null when unknown. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  let l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!l) return null;
  if (l === 'utf8' || l === 'unicode-1-1-utf-8' || l === 'x-unicode20utf8') l = 'utf-8';
  // gb2312/gbk labels routinely carry GBK/GB18030 characters: decode with the superset.
  if (l === 'gb2312' || l === 'gbk' || l === 'x-gbk' || l === 'cp936' || l === 'euc-cn' || l === 'csgb2312' || l === 'gb_2312-80' || l === 'chinese' || l === 'ms936' || l === 'windows-936') l = 'gb18030';
  if (l === 'big5-hkscs' || l === 'x-x-big5' || l === 'cn-big5' || l === 'csbig5') l = 'big5';
  if (l === 'x-sjis' || l === 'sjis' || l === 'ms_kanji' || l === 'csshiftjis' || l === 'windows-31j' || l === 'ms932') l = 'shift_jis';
  if (l === 'ks_c_5601-1987' || l === 'windows-949' || l === 'cp949' || l === 'ksc5601') l = 'euc-kr';
  // Browsers decode latin1/ascii labels as windows-1252.
  if (l === 'iso-8859-1' || l === 'latin1' || l === 'latin-1' || l === 'us-ascii' || l === 'ascii' || l === 'iso8859-1' || l === 'l1' || l === 'cp1252' || l === 'iso_8859-1') l = 'windows-1252';
  if (l === 'utf-16' || l === 'utf-16le' || l === 'utf-16be' || l === 'utf-8') return l;
  return iconv().encodingExists(l) ? l : null;
}

/** charset parameter of a Content-Type header. */
export function charsetFromContentType(ct: string | null | undefined): string | null {
  if (!ct) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(ct);
  return m ? m[2] : null;
}

/** encoding pseudo-attribute of the XML declaration, or an HTML meta charset, read from ASCII-compatible bytes. */
export function declaredCharset(head: string): string | null {
  const x = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (x) return x[1];
  const meta = /<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head);
  return meta ? meta[1] : null;
}

function asciiHead(bytes: Uint8Array, n: number): string {
  // latin1 maps every byte to one char: enough to read ASCII labels, in one native call
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, n)).toString('latin1');
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return true;
  return false;
}

/** Legacy encoding for undeclared, non-UTF-8 bytes: guessed from the document's declared language. */
function sniffLegacy(bytes: Uint8Array): string {
  const head = asciiHead(bytes, 4096);
  const lang = /<(?:language|dc:language)>\s*([a-z]{2})/i.exec(head)?.[1] ?? /xml:lang=["']([a-z]{2})/i.exec(head)?.[1];
  switch (lang?.toLowerCase()) {
    case 'zh': return 'gb18030';
    case 'ja': return 'shift_jis';
    case 'ko': return 'euc-kr';
    case 'ru': case 'uk': case 'bg': case 'sr': case 'be': return 'windows-1251';
    case 'el': return 'windows-1253';
    case 'tr': return 'windows-1254';
    case 'he': return 'windows-1255';
    case 'ar': return 'windows-1256';
    case 'th': return 'windows-874';
  }
  return looksDoubleByte(bytes) ? 'gb18030' : 'windows-1252';
}

/**
 * Whether the high bytes pair up as lead+trail bytes of a CJK double-byte encoding (GBK/Big5/…) rather than
 * standing alone as in Latin-1 text. Undeclared CJK feeds here are overwhelmingly Chinese, hence GB18030.
 */
function looksDoubleByte(bytes: Uint8Array): boolean {
  let pairs = 0;
  let singles = 0;
  const n = Math.min(bytes.length, 1 << 16);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const t = i + 1 < bytes.length ? bytes[i + 1] : 0;
    if (b >= 0x81 && b <= 0xfe && t >= 0x40 && t <= 0xfe && t !== 0x7f) {
      pairs++;
      i++;
    } else singles++;
  }
  return pairs >= 4 && singles * 10 <= pairs;
}

function decodeWith(bytes: Uint8Array, enc: string): string {
  if (enc === 'utf-8') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return iconv().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), enc);
}

/** Detects UTF-16 without a BOM from the `<` of the first markup (`00 3C` / `3C 00`). */
function sniffUtf16(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  // skip leading whitespace encoded as UTF-16
  for (let i = 0; i + 1 < Math.min(bytes.length, 64); i += 2) {
    const a = bytes[i], b = bytes[i + 1];
    if (a === 0 && b === 0x3c) return 'utf-16be';
    if (a === 0x3c && b === 0) return 'utf-16le';
    if (a === 0 && (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) continue;
    if (b === 0 && (a === 0x20 || a === 0x0a || a === 0x0d || a === 0x09)) continue;
    return null;
  }
  return null;
}

/** Decodes feed bytes to text. `contentType` is the HTTP Content-Type header, when known. */
export function decodeBytes(bytes: Uint8Array, contentType?: string | null, opts: DecodeOptions = {}): Decoded {
  // 1. BOM
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return finishUtf8(bytes.subarray(3), 'utf-8', opts.latin1View === true, opts);
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeWith(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', bozoReason: null };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeWith(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', bozoReason: null };
  const u16 = sniffUtf16(bytes);
  if (u16) return { text: decodeWith(bytes, u16), encoding: u16, bozoReason: null };

  // 2./3. labels: the HTTP charset, else the XML/HTML declaration (an unknown label counts as none)
  const httpLabel = charsetFromContentType(contentType);
  const declLabel = declaredCharset(asciiHead(bytes, 1024));
  const httpEnc = usable(normalizeCharset(httpLabel));
  const declEnc = usable(normalizeCharset(declLabel));
  let bozoReason: string | null = null;
  if (httpLabel && !normalizeCharset(httpLabel)) bozoReason = `unknown encoding ${httpLabel}`;
  else if (declLabel && !normalizeCharset(declLabel)) bozoReason = `unknown encoding ${declLabel}`;
  const enc = httpEnc ?? declEnc;
  const label = httpEnc ? httpLabel : declLabel;

  const sevenBit = enc !== null && /^(iso-2022|utf-7|hz)/.test(enc);
  if (!sevenBit && isUtf8(bytes)) {
    const legacyLabel = enc !== null && enc !== 'utf-8';
    const high = legacyLabel && hasHighBytes(bytes);
    if (high) bozoReason ??= `declared ${label} but the bytes are UTF-8`;
    const encoding = legacyLabel && !high ? enc! : 'utf-8';
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!high && isAscii(bytes)) return { text: latin1Text(buf, opts), encoding, bozoReason, asciiBytes: buf };
    if (opts.latin1View && mostlyAscii(bytes)) return { text: latin1Text(buf, opts), encoding, bozoReason, utf8Bytes: buf };
    return { text: decodeWith(bytes, 'utf-8'), encoding, bozoReason };
  }
  if (!enc || enc === 'utf-8') {
    // not UTF-8 after all: a legacy encoding the document declared, else a guess from the bytes
    const legacy = declEnc && declEnc !== 'utf-8' ? declEnc : sniffLegacy(bytes);
    bozoReason ??= enc ? `declared ${label} but the bytes are not UTF-8` : 'undeclared non-UTF-8 encoding';
    return { text: decodeWith(bytes, legacy), encoding: legacy, bozoReason };
  }
  return { text: decodeWith(bytes, enc), encoding: enc, bozoReason };
}

/** UTF-16 labels without a BOM or zero bytes are wrong (the document is ASCII-compatible): ignored. */
function usable(enc: string | null): string | null {
  return enc === 'utf-16' || enc === 'utf-16le' || enc === 'utf-16be' ? null : enc;
}

/** Whether the caller reads these bytes itself (in windows) rather than as one text. */
function windowed(buf: Buffer, opts: DecodeOptions): boolean {
  return opts.latin1TextMax !== undefined && buf.length > opts.latin1TextMax;
}

function latin1Text(buf: Buffer, opts: DecodeOptions): string {
  return windowed(buf, opts) ? '' : buf.toString('latin1');
}

function finishUtf8(bytes: Uint8Array, encoding: string, latin1View: boolean, opts: DecodeOptions): Decoded {
  if (isUtf8(bytes)) {
    if (latin1View && mostlyAscii(bytes)) {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { text: latin1Text(buf, opts), encoding, bozoReason: null, utf8Bytes: buf };
    }
    return { text: decodeWith(bytes, 'utf-8'), encoding, bozoReason: null };
  }
  return { text: decodeWith(bytes, 'utf-8'), encoding, bozoReason: 'invalid UTF-8 bytes' };
}

/**
 * Whether under ~1 byte in 5 is non-ASCII (sampled): then the latin1 view (1 byte per byte) is smaller than
 * the decoded text (2 bytes per char once any char is past U+00FF), and few ranges need decoding. Text in
 * CJK scripts (3 bytes per char) is decoded as usual.
 */
function mostlyAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  const step = n > 4096 ? 7 : 1;
  let high = 0;
  let seen = 0;
  for (let i = 0; i < n; i += step) {
    if (bytes[i] >= 0x80) high++;
    seen++;
  }
  return high * 5 < seen;
}
