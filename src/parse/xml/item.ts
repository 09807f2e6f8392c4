// An item being read: what it collected beside its Entry, and how that folds into the Entry when it ends.
import type { Entry, Person } from '../../model.js';
import { guidLink } from '../rss/adapt.js';

export interface ItemAcc {
  entry: Entry;
  publishedRaw: string | null;
  updatedRaw: string | null;
  updatedAltRaw: string | null;
  titleDc: string | null;
  titleLow: string | null;
  idAlt: string | null;
  guid: string | null;
  guidPermalink: boolean;
  linkRank: number;
  summaryAlt: string | null;
  thumb: string | null;
  mediaImage: string | null;
  itunesImage: string | null;
  authorsAlt: Person[];
  /** Media RSS description (also inside media:group/media:content): the summary when the item has none */
  mediaDesc: string | null;
}

/**
 * Folds what an item collected into its entry when the item ends, so that only the entry outlives it (fewer
 * objects surviving young-generation GCs, see tenure.ts). What needs the whole feed waits for result():
 * published/updated keep their raw text, links and the image are fixed against the feed's URL.
 */
export function finishItem(it: ItemAcc): Entry {
  const e = it.entry;
  if (e.title === null) e.title = it.titleDc ?? it.titleLow;
  if (e.id === null && it.idAlt !== null) e.id = it.idAlt;
  if (e.summary === null && it.summaryAlt !== null && e.content === null) e.summary = it.summaryAlt;
  if (e.summary === null && it.mediaDesc !== null) e.summary = it.mediaDesc;
  if (e.link === null) e.link = guidLink(it.guid, it.guidPermalink);
  if (e.authors.length === 0) e.authors = it.authorsAlt === EMPTY_PERSONS ? [] : it.authorsAlt;
  else mergePersons(e.authors, it.authorsAlt);
  e.published = it.publishedRaw;
  e.updated = it.updatedRaw ?? it.updatedAltRaw;
  let image = it.thumb ?? it.mediaImage ?? it.itunesImage;
  if (!image) for (const enc of e.enclosures) if (enc.type && enc.type.startsWith('image/')) { image = enc.url; break; }
  e.image = image ?? null;
  if (e.contentBase === undefined) delete e.contentBase;
  it.entry = null as unknown as Entry;
  it.authorsAlt = EMPTY_PERSONS;
  return e;
}

export function newItemAcc(): ItemAcc {
  return {
    entry: null as unknown as Entry, publishedRaw: null, updatedRaw: null, updatedAltRaw: null, titleDc: null, titleLow: null, idAlt: null,
    guid: null, guidPermalink: false, linkRank: 0, summaryAlt: null, thumb: null, mediaImage: null, itunesImage: null,
    authorsAlt: EMPTY_PERSONS, mediaDesc: null,
  };
}

/** Placeholder for an item's empty dc:creator list (never handed out, never pushed to). */
export const EMPTY_PERSONS: Person[] = [];

/**
 * `list` with `v` added, as an array of exactly the needed size: `push` on a small array reserves room for
 * 17 elements (~180 bytes), and every entry has a few such lists.
 */
export function append<T>(list: T[], v: T): T[] {
  return list.length === 0 ? [v] : list.concat([v]);
}

export function mergePersons(into: Person[], more: Person[]): void {
  for (const p of more) {
    if (!into.some((q) => (q.name && q.name === p.name) || (q.email && q.email === p.email) || (q.name && p.email && q.name === p.email))) into.push(p);
  }
}
