// The content half of a feed's work, in two steps the pipeline runs on another thread: `readFeed` parses
// the fetched bytes and names the items; `renderItems` turns the items the store let through into post
// text. Between the two the pipeline asks the store what it knows of each item (its first-seen date is
// the date of a post whose item carries none). Pure apart from the open documents kept between the steps.
import { hash } from 'node:crypto';
import type { ContentConfig, Entry, FeedDocument, ImagesConfig, OutputConfig, Source } from '../model.js';
import { parseFeed } from '../parse/index.js';
import { NotAFeedError } from '../parse/errors.js';
import { entryToPost, itemIdentity, type ItemIdentity } from '../transform/index.js';
import { formatHexoPost } from '../output/hexo.js';
import { postFileBase } from '../output/filename.js';

/** The run-wide settings that shape posts. */
export interface RenderSettings {
  images: ImagesConfig;
  content: ContentConfig;
  dateStyle: OutputConfig['dateStyle'];
  filename: string;
}

export interface ReadJob {
  id: number;
  body: Uint8Array;
  url: string;
  contentType: string | null;
  source: Source;
  /**
   * Render every item in the same step, as new and first seen at this time: for a feed whose items the
   * store cannot know yet, this saves the second round trip (`renderItems`).
   */
  renderAsNew?: number;
}

export type ReadResult =
  | {
      id: number;
      ok: true;
      title: string | null;
      bozo: boolean;
      bozoReason: string | null;
      items: ItemIdentity[];
      /** with `renderAsNew`: each item rendered, by its index in `items` */
      rendered: Rendered[] | null;
    }
  | { id: number; ok: false; reason: string };

/** One item to render: its index in `items`, the date it was first seen, and the hash of its post as last written. */
export type RenderPick = [index: number, firstSeen: number, knownHash: string | null];

/**
 * null: the source's filters drop the item. `changed`: the post differs from the one last written; its text
 * stays with the renderer until it is written (`posts`) or forgotten.
 */
export type Rendered = { changed: boolean; contentHash: string; base: string } | null;

interface OpenFeed {
  feed: FeedDocument;
  entries: Entry[];
  source: Source;
}

// one-shot: a Hash object per post showed up in allocation profiles
const sha256 = (data: Uint8Array): string => hash('sha256', data, 'hex');

/** Documents read and not yet rendered, and posts rendered and not yet written, by job id. */
export class FeedRenderer {
  private readonly open = new Map<number, OpenFeed>();
  private readonly rendered = new Map<number, { block: Uint8Array; spans: Array<[number, number] | null> }>();

  constructor(private readonly settings: RenderSettings) {}

  readFeed(job: ReadJob): ReadResult {
    let feed: FeedDocument;
    try {
      feed = parseFeed(job.body, { url: job.url, contentType: job.contentType ?? undefined, timezone: job.source.timezone });
    } catch (err) {
      return { id: job.id, ok: false, reason: err instanceof NotAFeedError ? err.message : `parse error: ${(err as Error).message}` };
    }
    const entries = newestFirst(feed.items).slice(0, job.source.limit);
    const shared = linksUsedTwice(feed.items);
    // A link that several items of the feed share (often the site's home page) identifies none of them.
    const items = entries.map((e) => (e.link && shared.has(e.link) ? { ...itemIdentity({ ...e, link: null }), link: null } : itemIdentity(e)));
    const open = { feed, entries, source: job.source };
    this.open.set(job.id, open);
    // the document stays open: if the store knows some item after all, `renderItems` renders again
    const seen = job.renderAsNew;
    const rendered = seen === undefined ? null : this.render(job.id, open, entries.map((_, i): RenderPick => [i, seen, null]));
    return { id: job.id, ok: true, title: feed.title, bozo: feed.bozo, bozoReason: feed.bozoReason ?? null, items, rendered };
  }

  /** Renders the picked items of a document read before and forgets the document; keeps the changed posts. */
  renderItems(id: number, picks: RenderPick[]): Rendered[] {
    const open = this.open.get(id);
    this.open.delete(id);
    if (!open) return picks.map(() => null);
    return this.render(id, open, picks);
  }

  private render(id: number, open: OpenFeed, picks: RenderPick[]): Rendered[] {
    const { feed, entries, source } = open;
    const { images, content, dateStyle, filename } = this.settings;
    const texts: Array<string | null> = [];
    const bases: Array<string | null> = [];
    let size = 0;
    for (const [index, firstSeen] of picks) {
      const entry = entries[index];
      const post = entry ? entryToPost(entry, feed, source, { images, content, firstSeen }) : null;
      const text = post ? formatHexoPost(post, { dateStyle }) : null;
      texts.push(text);
      bases.push(post ? postFileBase(post, filename) : null);
      if (text !== null) size += Buffer.byteLength(text);
    }
    // The document's posts are encoded once, into one block: hashed from it, and later handed to the writer
    // thread whole (a transfer, not a copy), which writes the bytes as they are.
    const block = new Uint8Array(size);
    const bytes = Buffer.from(block.buffer, 0, size);
    const spans: Array<[number, number] | null> = [];
    let at = 0;
    const out = picks.map(([, , knownHash], k): Rendered => {
      spans.push(null);
      const text = texts[k];
      if (text == null) return null;
      const start = at;
      at += bytes.write(text, at);
      const contentHash = sha256(bytes.subarray(start, at));
      const changed = contentHash !== knownHash;
      if (changed) spans[k] = [start, at];
      return { changed, contentHash, base: bases[k]! };
    });
    this.rendered.set(id, { block, spans });
    return out;
  }

  /**
   * The encoded posts by their place in the picks (changed ones only), as views of one block, with that
   * block; forgets the document.
   */
  posts(id: number, places: number[]): { block: Uint8Array; spans: Array<[number, number]> } {
    const kept = this.rendered.get(id);
    this.rendered.delete(id);
    this.open.delete(id);
    const spans = places.map((k) => {
      const span = kept?.spans[k];
      if (!span) throw new Error(`no rendered post for item ${k} of document ${id}`);
      return span;
    });
    return { block: kept!.block, spans };
  }

  /** Forgets a document, read or rendered. */
  drop(id: number): void {
    this.open.delete(id);
    this.rendered.delete(id);
  }

  /** documents read or rendered and not yet forgotten */
  get openCount(): number {
    return this.open.size + this.rendered.size;
  }
}

function linksUsedTwice(items: Entry[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const e of items) {
    if (!e.link) continue;
    if (seen.has(e.link)) twice.add(e.link);
    else seen.add(e.link);
  }
  return twice;
}

/** Newest first by published/updated; when some items carry no date the document order is kept, since feeds list newest first. */
function newestFirst(items: Entry[]): Entry[] {
  const stamps = items.map((e) => Date.parse(e.published ?? e.updated ?? ''));
  if (stamps.some((s) => Number.isNaN(s))) return items;
  return items
    .map((e, i) => ({ e, s: stamps[i]!, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.e);
}
