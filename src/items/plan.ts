// What to do with each item of a fetched document, given what the store knows: the dedupe rules of a run.
// `at` is the item's place in the document's list of distinct items.
import type { ItemRecord } from '../model.js';
import type { ItemIdentity } from './identity.js';

export type Decision =
  /** the same item was posted by another feed first: one item, one post */
  | { kind: 'owned-elsewhere'; at: number; ids: ItemIdentity; record: ItemRecord }
  /** never seen: render it first seen now, then claim it */
  | { kind: 'new'; at: number; ids: ItemIdentity }
  /** claimed by a run that did not confirm its post (interrupted): write it again, same date and file */
  | { kind: 'resume'; at: number; ids: ItemIdentity; record: ItemRecord }
  /** posted before: rewrite it in place only when its post changed, and never when the user deleted it */
  | { kind: 'known'; at: number; ids: ItemIdentity; record: ItemRecord };

/** `known[i]` is the store's record matching `items[i]` (by identity, else guid, else link), or null. */
export function decide(items: ItemIdentity[], known: Array<ItemRecord | null>, feedKey: string): Decision[] {
  const seen = new Set<string>();
  const out: Decision[] = [];
  items.forEach((ids, at) => {
    const record = known[at] ?? null;
    if (record === null) return out.push({ kind: 'new', at, ids });
    // two entries of one document that match the same stored item (a guid changed, its link did not): the first wins
    if (seen.has(record.identity)) return;
    seen.add(record.identity);
    if (record.feedKey !== feedKey) return out.push({ kind: 'owned-elsewhere', at, ids, record });
    out.push({ kind: record.pending ? 'resume' : 'known', at, ids, record });
  });
  return out;
}

/** The stored record of a known item after its post was rewritten: same row, newer guid/link and hash. */
export function updatedRecord(record: ItemRecord, ids: ItemIdentity, contentHash: string, meta: ItemRecord['meta']): ItemRecord {
  return { ...record, guid: ids.guid ?? record.guid, link: ids.link ?? record.link, contentHash, meta, pending: false };
}
