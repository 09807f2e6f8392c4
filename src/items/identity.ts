// Every rule that says which item is which, in one place: an item's identity, how the store matches it
// (identity, else guid, else link), and which entries of one document count as distinct items.
import { createHash, hash } from 'node:crypto';
import type { Entry } from '../model.js';

export interface ItemIdentity {
  identity: string;
  guid: string | null;
  link: string | null;
}

function clean(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

/** guid/id, else link, else a hash of title and content. guid and link travel along so a changed guid with the same link still matches. */
export function itemIdentity(entry: Entry): ItemIdentity {
  const guid = clean(entry.id);
  const link = clean(entry.link);
  if (guid) return { identity: guid, guid, link };
  if (link) return { identity: link, guid, link };
  const digest = createHash('sha256')
    .update(entry.title ?? '')
    .update('\u0000')
    .update(entry.content ?? entry.summary ?? '')
    .digest('hex');
  return { identity: `sha256:${digest.slice(0, 32)}`, guid, link };
}

/**
 * The distinct items of a document, in order. A link that several entries share (often the site's home page)
 * identifies none of them; an entry whose identity an earlier entry already has is the same item listed twice.
 */
export function distinctItems(entries: Entry[]): Array<{ entry: Entry; ids: ItemIdentity }> {
  const seenLinks = new Set<string>();
  const shared = new Set<string>();
  for (const e of entries) {
    const link = clean(e.link);
    if (!link) continue;
    if (seenLinks.has(link)) shared.add(link);
    else seenLinks.add(link);
  }
  const out: Array<{ entry: Entry; ids: ItemIdentity }> = [];
  const identities = new Set<string>();
  for (const entry of entries) {
    const link = clean(entry.link);
    // the post keeps its link; only the identity ignores a shared one
    const ids = link !== null && shared.has(link) ? { ...itemIdentity({ ...entry, link: null }), link: null } : itemIdentity(entry);
    if (identities.has(ids.identity)) continue;
    identities.add(ids.identity);
    out.push({ entry, ids });
  }
  return out;
}

/** Four digits (1000–9999) derived from the identity, for the placeholder image: stable across runs. */
export function placeholderNumber(identity: string): number {
  const h = hash('sha256', identity, 'buffer');
  return 1000 + (h.readUInt32BE(0) % 9000);
}
