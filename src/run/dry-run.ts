// `run --dry-run`: the real run over a store and a posts folder that only pretend to write. Reads go to the
// real store, so the report says what a real run would do now; nothing is written to the store or the disk.
import type { ArticleRecord, ClaimResult, FeedPostCounts, PostCountQuery, FeedHealth, FeedPatch, FeedSave, ImageRecord, ItemQuery, ItemRecord, PostQuery, Store } from '../model.js';
import { PostDir } from '../output/post-dir.js';
import type { FileToWrite } from '../output/post-sink.js';

/** A posts folder whose writes are only recorded. */
export class DryPostDir extends PostDir {
  readonly wouldWrite: string[] = [];

  override write(file: string, _text: string, others: FileToWrite[] = []): void {
    this.wouldWrite.push(file, ...others.map((o) => o.path));
  }

  override cleanUp(): void {
    // nothing was written
  }
}

/** A store that reads through and writes nothing; claims are kept in memory so two feeds of one run still agree. */
export class DryRunStore implements Store {
  readonly kind: string;
  private readonly claimed = new Map<string, ItemRecord>();
  private readonly files = new Set<string>();

  constructor(private readonly inner: Store) {
    this.kind = inner.kind;
  }

  getFeed(key: string): Promise<FeedHealth | null> {
    return this.inner.getFeed(key);
  }
  listFeeds(): Promise<FeedHealth[]> {
    return this.inner.listFeeds();
  }
  async updateFeed(_key: string, _patch: FeedPatch): Promise<void> {}
  findItems(queries: ItemQuery[]): Promise<Array<ItemRecord | null>> {
    return this.inner.findItems(queries);
  }

  async claimItems(records: ItemRecord[]): Promise<ClaimResult[]> {
    const known = await this.inner.findItems(records);
    const taken = await this.inner.filesTaken(records.map((r) => r.file));
    return records.map((rec, i): ClaimResult => {
      const mine = [rec.identity, rec.guid, rec.link].map((k) => (k ? this.claimed.get(k) : undefined)).find((r) => r !== undefined);
      const record = known[i] ?? mine;
      if (record) return { kind: 'known', record };
      if (taken.has(rec.file) || this.files.has(rec.file)) return { kind: 'file-taken' };
      for (const k of [rec.identity, rec.guid, rec.link]) if (k) this.claimed.set(k, { ...rec, pending: true });
      this.files.add(rec.file);
      return { kind: 'claimed' };
    });
  }

  async saveFeed(_key: string, _save: FeedSave): Promise<void> {}
  async filesTaken(files: string[]): Promise<Set<string>> {
    const taken = await this.inner.filesTaken(files);
    for (const f of files) if (this.files.has(f)) taken.add(f);
    return taken;
  }
  listItems(feedKey: string): Promise<ItemRecord[]> {
    return this.inner.listItems(feedKey);
  }
  countItems(feedKey?: string): Promise<number> {
    return this.inner.countItems(feedKey);
  }
  listPosts(query: PostQuery): Promise<{ total: number; items: ItemRecord[] }> {
    return this.inner.listPosts(query);
  }
  postCounts(query: PostCountQuery): Promise<FeedPostCounts[]> {
    return this.inner.postCounts(query);
  }
  getPostText(identity: string): Promise<string | null> {
    return this.inner.getPostText(identity);
  }
  getImage(url: string): Promise<ImageRecord | null> {
    return this.inner.getImage(url);
  }
  async putImage(): Promise<void> {}
  getArticle(url: string): Promise<ArticleRecord | null> {
    return this.inner.getArticle(url);
  }
  async putArticle(): Promise<void> {}
  async pruneItems(): Promise<number> {
    return 0;
  }
  async removeFeed(): Promise<number> {
    return 0;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
