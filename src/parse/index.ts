// parseFeed, the dispatcher: bytes (or text) + hints → FeedDocument. Decodes (decode.ts), then by the first
// character reads JSON Feed (json/) or XML: RSS (rss/), RDF (rdf/) and Atom (atom/) share one pass of the XML
// reader and builder (xml/), which tells them apart by the root element. Throws NotAFeedError only when there
// is no feed at all.
import type { FeedDocument, ParseOptions } from '../model.js';
import { decodeBytes } from './decode.js';
import { NotAFeedError } from './errors.js';
import { buildJsonFeed } from './json/adapt.js';
import { readJsonFeed } from './json/read.js';
import { parseXmlFeed } from './xml/builder.js';
import './xml/warm-up.js';
import { WINDOW_SIZE } from './xml-reader.js';

export { NotAFeedError } from './errors.js';
export { parseDate } from './dates.js';
export { resolveUrl, contentBaseFor } from './urls.js';

export function parseFeed(input: Uint8Array | string, opts: ParseOptions = {}): FeedDocument {
  let text: string;
  let encoding: string | undefined;
  let decodeBozo: string | null = null;
  let asciiBytes: Buffer | null = null;
  let utf8Bytes: Buffer | null = null;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    // a big document seen as latin1 is read by the XML reader in windows, never as one string
    const d = decodeBytes(input, opts.contentType, { latin1View: true, latin1TextMax: WINDOW_SIZE });
    text = d.text;
    encoding = d.encoding;
    decodeBozo = d.bozoReason;
    asciiBytes = d.asciiBytes ?? null;
    utf8Bytes = d.utf8Bytes ?? null;
  }
  const url = opts.url && /^[a-z][a-z0-9+.-]*:/i.test(opts.url) ? opts.url : null;
  const dateCtx = { timezone: opts.timezone };
  const bytes = asciiBytes ?? utf8Bytes;
  const windowed = text === '' && bytes !== null && bytes.length > 0;
  // (the start of the document, for sniffing: all of it, or the head of a windowed one)
  const head = windowed ? bytes.toString('latin1', 0, 4096) : text;
  let i = 0;
  while (i < head.length && isWs(head.charCodeAt(i))) i++;
  if (windowed && i >= head.length) i = skipWsBytes(bytes, i);
  if (i >= (windowed ? bytes.length : text.length)) throw new NotAFeedError('empty body');
  const c = windowed ? bytes[i] : text.charCodeAt(i);
  let doc: FeedDocument;
  if (c === 123 /* { */ || c === 91 /* [ */) {
    const obj = readJsonFeed(utf8Bytes !== null ? utf8Bytes.toString('utf8') : windowed ? bytes.toString('latin1') : text);
    doc = buildJsonFeed(obj, url, dateCtx);
  } else {
    const r = parseXmlFeed(windowed ? null : text, url, dateCtx, asciiBytes, utf8Bytes, undefined, opts.shortLived);
    if (!r.doc) {
      const root = r.rootName?.toLowerCase();
      const start = windowed ? bytes.toString('latin1', i, i + 200) : text.slice(i, i + 200);
      if (root === 'html' || /^\s*<!doctype html/i.test(start)) throw new NotAFeedError('HTML page');
      if (!root) throw new NotAFeedError((windowed ? bytes.indexOf(60) : text.indexOf('<')) < 0 ? 'neither XML nor JSON' : 'no elements');
      throw new NotAFeedError(`no feed element (root <${r.rootName}>)`);
    }
    doc = r.doc;
  }
  if (decodeBozo) {
    doc.bozo = true;
    doc.bozoReason ??= decodeBozo;
  }
  if (encoding) doc.encoding = encoding;
  return doc;
}

function skipWsBytes(b: Buffer, i: number): number {
  while (i < b.length && isWs(b[i])) i++;
  return i;
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}
