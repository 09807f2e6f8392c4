// The CPU-heavy part of a feed's refresh: parsing a fetched document and rendering its posts. It runs in this
// thread (`InProcessDocuments`) or on a worker thread (`DocumentPool`, the same code over messages); a document
// stays where it was parsed until the feed drops it.
import type { Entry, FeedDocument, ParseOptions, Source } from '../model.js';
import type { ImageFetching } from '../images/fetching.js';
import type { ArticleFetching } from '../fulltext/fetching.js';
import type { RenderedPost, RenderSettings } from '../output/render.js';
import { distinctItems, type ItemIdentity } from '../items/identity.js';
import { newestEntries } from '../items/select.js';

/** A parsed document as the refresh sees it: its head, and the distinct items it brings. */
export interface OpenDocument {
  id: number;
  /** the document without its entries */
  head: Omit<FeedDocument, 'items'>;
  /** the newest `limit` distinct items, in order; their entries stay with the stage */
  items: ItemIdentity[];
}

export type ParseOutcome = { ok: true; doc: OpenDocument } | { ok: false; reason: string };

/** One post to render: the item at `at` in `OpenDocument.items`, as the store knows it. */
export interface RenderJob {
  at: number;
  identity: string;
  firstSeen: number;
}

export interface DocumentStage {
  /** `body` is the stage's from now on (a worker takes its memory) */
  parse(body: Uint8Array, opts: ParseOptions, limit: number): Promise<ParseOutcome>;
  /** Renders each job (null: none). */
  render(doc: OpenDocument, jobs: Array<RenderJob | null>, source: Source, settings: RenderSettings): Promise<Array<RenderedPost | null>>;
  /** Forgets the document: the feed is done with it. */
  drop(doc: OpenDocument): void;
}

/** The stage in this thread; its render also takes the fetchers that images.mode download and fulltext need. */
export class InProcessDocuments implements DocumentStage {
  private readonly open = new Map<number, { doc: FeedDocument; entries: Entry[] }>();
  private nextId = 0;

  async parse(body: Uint8Array, opts: ParseOptions, limit: number): Promise<ParseOutcome> {
    // the parser loads with the first document: a run where every feed answers 304 needs none
    const { parseFeed, NotAFeedError } = await import('../parse/index.js');
    let doc: FeedDocument;
    try {
      // the document lives until the feed drops it
      doc = parseFeed(body, { ...opts, shortLived: true });
    } catch (err) {
      return { ok: false, reason: err instanceof NotAFeedError ? err.message : `parse error: ${(err as Error).message}` };
    }
    const items = distinctItems(newestEntries(doc.items, limit));
    const id = ++this.nextId;
    this.open.set(id, { doc, entries: items.map((i) => i.entry) });
    const { items: _entries, ...head } = doc;
    return { ok: true, doc: { id, head, items: items.map((i) => i.ids) } };
  }

  async render(
    doc: OpenDocument,
    jobs: Array<RenderJob | null>,
    source: Source,
    settings: RenderSettings,
    fetching?: ImageFetching,
    articles?: ArticleFetching,
  ): Promise<Array<RenderedPost | null>> {
    const parsed = this.opened(doc.id);
    const { renderPost } = await import('../output/render.js');
    return Promise.all(jobs.map((job) => (job ? renderPost(parsed.entries[job.at]!, parsed.doc, source, job, settings, fetching, articles) : null)));
  }

  drop(doc: OpenDocument): void {
    this.open.delete(doc.id);
  }

  private opened(id: number): { doc: FeedDocument; entries: Entry[] } {
    const parsed = this.open.get(id);
    if (!parsed) throw new Error(`document ${id} is not open here (dropped, or its worker stopped)`);
    return parsed;
  }
}
