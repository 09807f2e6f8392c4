// Item identity: guid/id, else link, else a hash of title and content. guid and link are returned
// too, so the store can match an item whose guid changed while its link stayed the same.
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

export function itemIdentity(entry: Entry): ItemIdentity {
  const guid = clean(entry.id);
  const link = clean(entry.link);
  if (guid) return { identity: guid, guid, link };
  if (link) return { identity: link, guid, link };
  const hash = createHash('sha256')
    .update(entry.title ?? '')
    .update('\u0000')
    .update(entry.content ?? entry.summary ?? '')
    .digest('hex');
  return { identity: `sha256:${hash.slice(0, 32)}`, guid, link };
}

/** Four digits (1000–9999) derived from the identity, for the placeholder image: stable across runs. */
export function placeholderNumber(identity: string): number {
  const h = hash('sha256', identity, 'buffer');
  return 1000 + (h.readUInt32BE(0) % 9000);
}
