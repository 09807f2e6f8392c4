// The parser contenders, each as { name, load(), parse(input) → result, touch(result) → number }.
// `input` is { buf: Buffer, str: string }: feedmill takes the raw bytes (its API decodes them: BOM,
// declaration, sniffing), the libraries take the already-decoded string as their APIs expect — so
// decoding is charged to feedmill only (conservative). `touch` reads every field each library
// produced (walking plain objects; calling toJSON() for @rowanmanning/feed-parser, whose fields are
// lazy getters), so lazy work is counted and no result is left unread.
import { createRequire } from 'node:module';
import { importFeedmill } from '../lib/util.mjs';

const require = createRequire(import.meta.url);

/** Reads every value reachable from a plain result; returns a checksum so nothing is dead code. */
export function walk(v, depth = 0) {
  if (v == null) return 1;
  switch (typeof v) {
    case 'string': return v.length + 1;
    case 'number': return 3;
    case 'boolean': return 2;
    case 'object': {
      if (depth > 40) return 0;
      if (v instanceof Date) return v.getTime() | 0;
      let n = 0;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) n += walk(v[i], depth + 1);
      } else {
        for (const k in v) n += walk(v[k], depth + 1);
      }
      return n;
    }
    default: return 0;
  }
}

const ENTRY_FIELDS = ['id', 'title', 'link', 'published', 'updated', 'authors', 'categories', 'summary', 'content', 'enclosures', 'image', 'contentBase'];
const FEED_FIELDS = ['format', 'version', 'title', 'link', 'feedUrl', 'description', 'language', 'image', 'updated', 'authors', 'bozo', 'bozoReason', 'encoding'];

/** Every field of the model, read by name (so getters would run too), then walked. */
function touchFeedDocument(doc) {
  let n = 0;
  for (const f of FEED_FIELDS) n += walk(doc[f]);
  for (const e of doc.items) for (const f of ENTRY_FIELDS) n += walk(e[f]);
  return n;
}

export const CONTENDERS = {
  feedmill: {
    label: 'feedmill parseFeed',
    async load() {
      const r = await importFeedmill('parse/index.js');
      if (r.error) throw new Error(r.error);
      if (typeof r.mod.parseFeed !== 'function') throw new Error('dist/src/parse/index.js has no parseFeed export');
      this.fn = r.mod.parseFeed;
    },
    parse(input) { return this.fn(input.buf); },
    touch: touchFeedDocument,
    items: (res) => res.items.length,
  },
  feedsmith: {
    label: 'feedsmith parseFeed',
    async load() { this.fn = (await import('feedsmith')).parseFeed; },
    parse(input) { return this.fn(input.str); },
    touch: (res) => walk(res.feed),
    items: (res) => (res.feed.items ?? res.feed.entries ?? []).length,
  },
  'feedsmith-bytes': {
    label: 'feedsmith, from bytes (TextDecoder first)',
    // the same work as the feedmill row: bytes in (decoding charged), for an equal-footing comparison
    async load() { this.fn = (await import('feedsmith')).parseFeed; },
    parse(input) { return this.fn(new TextDecoder(input.enc ?? 'utf-8').decode(input.buf)); },
    touch: (res) => walk(res.feed),
    items: (res) => (res.feed.items ?? res.feed.entries ?? []).length,
  },
  'rss-parser': {
    label: 'rss-parser parseString',
    async: true,
    async load() {
      const Parser = require('rss-parser');
      this.p = new Parser();
    },
    parse(input) { return this.p.parseString(input.str); },
    touch: (res) => walk(res),
    items: (res) => (res.items ?? []).length,
  },
  rowanmanning: {
    label: '@rowanmanning/feed-parser',
    async load() { this.fn = require('@rowanmanning/feed-parser').parseFeed; },
    parse(input) { return this.fn(input.str); },
    touch: (res) => walk(res.toJSON()),
    items: (res) => res.items.length,
  },
  tokenizer: {
    label: 'htmlparser2 Tokenizer (no-op, limit)',
    limit: true,
    async load() {
      const { Tokenizer } = await import('htmlparser2');
      const noop = () => {};
      this.cbs = {
        onattribdata: noop, onattribentity: noop, onattribend: noop, onattribname: noop, oncdata: noop,
        onclosetag: noop, oncomment: noop, ondeclaration: noop, onend: noop, onopentagend: noop,
        onopentagname: noop, onprocessinginstruction: noop, onselfclosingtag: noop, ontext: noop, ontextentity: noop,
      };
      this.Tokenizer = Tokenizer;
    },
    parse(input) {
      const t = new this.Tokenizer({ xmlMode: true, decodeEntities: true }, this.cbs);
      t.write(input.str);
      t.end();
      return null;
    },
    touch: () => 0,
    items: () => 0,
  },
  'decode+tokenizer': {
    label: 'TextDecoder + Tokenizer (limit from bytes)',
    limit: true,
    async load() { await CONTENDERS.tokenizer.load(); },
    parse(input) { return CONTENDERS.tokenizer.parse({ str: new TextDecoder(input.enc ?? 'utf-8').decode(input.buf) }); },
    touch: () => 0,
    items: () => 0,
  },
};

export const COMPETITORS = ['feedsmith', 'rss-parser', 'rowanmanning'];
