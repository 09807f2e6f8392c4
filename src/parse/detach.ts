// Field strings cut from the document text are V8 sliced strings: each keeps the whole document string alive
// for as long as the result lives. For documents held in the V8 heap (under ~1 MB: Node makes larger ones
// external strings) the fields a result keeps are copied, so the document dies with the parse instead of
// surviving scavenges beside its results (measured on the real-world corpus, all results kept: retained
// 2.2× → 1.6× the input, peak added ~5.1× → ~4.9×). Big documents keep their slices: copying their fields
// adds more young-generation survivors than it frees (measured on the 5 MB synthetic feeds).
import type { FeedDocument, Person } from '../model.js';

/** Documents at least this long are left alone (Node's external-string threshold is ~1 MB). */
export const DETACH_MAX_DOC = 1_000_000;

/** A flat copy of `s` that does not reference its parent (V8 makes strings under 13 chars flat anyway). */
function detach<T extends string | null | undefined>(s: T): T {
  // the concatenation is flattened into a fresh string before slicing: the slice points at that copy
  return (s != null && s.length >= 13 ? (' ' + s).slice(1) : s) as T;
}

function detachPersons(list: Person[]): void {
  for (let k = 0; k < list.length; k++) {
    const p = list[k];
    p.name = detach(p.name);
    p.email = detach(p.email);
    p.url = detach(p.url);
  }
}

/** Replaces every string field of `doc` that could be a slice of the document text by a copy. */
export function detachDocument(d: FeedDocument): void {
  d.title = detach(d.title);
  d.link = detach(d.link);
  d.feedUrl = detach(d.feedUrl);
  d.description = detach(d.description);
  d.language = detach(d.language);
  d.image = detach(d.image);
  if (d.bozoReason != null) d.bozoReason = detach(d.bozoReason);
  detachPersons(d.authors);
  const items = d.items;
  for (let i = 0; i < items.length; i++) {
    const e = items[i];
    e.id = detach(e.id);
    e.title = detach(e.title);
    e.link = detach(e.link);
    e.summary = detach(e.summary);
    e.content = detach(e.content);
    e.image = detach(e.image);
    if (e.contentBase != null) e.contentBase = detach(e.contentBase);
    const cats = e.categories;
    for (let k = 0; k < cats.length; k++) cats[k] = detach(cats[k]);
    detachPersons(e.authors);
    const encs = e.enclosures;
    for (let k = 0; k < encs.length; k++) {
      encs[k].url = detach(encs[k].url);
      encs[k].type = detach(encs[k].type);
    }
  }
}
