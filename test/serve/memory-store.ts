// TEMPORARY: an in-memory Store for developing serve until the SQLite store lands on branch `store`.
import type { ClaimResult, FeedHealth, FeedPatch, FeedSave, ItemQuery, ItemRecord, PostQuery, Store } from '../../src/model.js';

export function memoryStore(): Store {
  const feeds = new Map<string, FeedHealth>();
  const items = new Map<string, ItemRecord>();
  const texts = new Map<string, string>();
  const blank = (key: string): FeedHealth => ({ key, url: '', title: null, categories: [], etag: null, lastModified: null, bodyHash: null, lastSuccess: null, lastError: null, lastErrorAt: null, failures: 0, nextAttempt: null, gone: false, permanentRedirect: null, itemsKnown: 0, fetchMs: null });
  const withCount = (f: FeedHealth): FeedHealth => ({ ...f, itemsKnown: [...items.values()].filter((i) => i.feedKey === f.key).length });
  const find = (q: ItemQuery): ItemRecord | null =>
    items.get(q.identity) ?? [...items.values()].find((i) => (q.guid !== null && i.guid === q.guid) || (q.link !== null && i.link === q.link)) ?? null;
  let sorted: ItemRecord[] | null = null;
  return {
    kind: 'memory',
    async getFeed(key) { const f = feeds.get(key); return f ? withCount(f) : null; },
    async listFeeds() { return [...feeds.values()].sort((a, b) => (a.key < b.key ? -1 : 1)).map(withCount); },
    async updateFeed(key: string, patch: FeedPatch) {
      const f = feeds.get(key) ?? blank(key);
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (f as unknown as Record<string, unknown>)[k] = v;
      feeds.set(key, f);
    },
    async findItems(qs) { return qs.map(find); },
    async claimItems(records): Promise<ClaimResult[]> {
      return records.map((r) => {
        const known = find(r);
        if (known) return { kind: 'known', record: known };
        if ([...items.values()].some((i) => i.file === r.file)) return { kind: 'file-taken' };
        items.set(r.identity, { ...r, pending: true });
        sorted = null;
        return { kind: 'claimed' };
      });
    },
    async saveFeed(key: string, save: FeedSave) {
      for (const r of save.items) items.set(r.identity, { ...r, pending: false });
      for (const id of save.release) items.delete(id);
      for (const [id, t] of Object.entries(save.texts ?? {})) texts.set(id, t);
      sorted = null;
      await this.updateFeed(key, save.feed);
    },
    async filesTaken(files) { const all = new Set([...items.values()].map((i) => i.file)); return new Set(files.filter((f) => all.has(f))); },
    async listItems(feedKey) { return [...items.values()].filter((i) => i.feedKey === feedKey); },
    async countItems(feedKey) { return [...items.values()].filter((i) => feedKey === undefined || i.feedKey === feedKey).length; },
    async listPosts(q: PostQuery) {
      sorted ??= [...items.values()].filter((i) => !i.pending && i.meta).sort((a, b) => b.meta!.date - a.meta!.date);
      const words = (q.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const all = sorted.filter((i) => (!q.feedKey || i.feedKey === q.feedKey) && (!q.category || i.meta!.categories.includes(q.category)) && words.every((w) => i.meta!.title.toLowerCase().includes(w)));
      const offset = q.offset ?? 0;
      return { total: all.length, items: all.slice(offset, offset + (q.limit ?? 50)) };
    },
    async getPostText(id) { return texts.get(id) ?? null; },
    async close() {},
  };
}
