// Field strings cut from the document text are V8 sliced strings: each keeps the whole text (or the window
// of it the reader had, see xml-reader.ts) alive for as long as the result lives. The builder copies what an
// item keeps when the item ends (xml/builder.ts, detachItems), feed-level fields after the parse. The copies are
// made by internalizing (tenure.ts): they go straight to old space, so only the item's small objects go
// through young-generation GCs (bench/README.md, "Parser memory").
// Documents decoded to one text of 1 MB or more (not read in windows: legacy encodings, string input) keep
// their slices: the text is alive during the parse anyway.
import type { Entry, FeedDocument, Person } from '../model.js';
import { tenure } from './tenure.js';

/** Decoded texts at least this long keep their slices. */
export const DETACH_MAX_DOC = 1_000_000;

/** A flat copy of `s` in old space that does not reference its parent (V8 makes strings under 13 chars flat anyway). */
export function detach<T extends string | null | undefined>(s: T): T {
  // Copied by internalizing (tenure.ts): one flat string in old space, never copied by a young-generation GC,
  // and equal strings (categories, names, MIME types) shared. A string that could
  // be an array index is not internalized by a keyed store: such strings (short, digits) are flat copies already.
  if (s == null || s.length === 0) return s;
  const c = s.charCodeAt(0);
  return (s.length >= 13 || c < 48 || c > 57 ? tenure(s) : s) as T;
}

function detachPersons(list: Person[]): void {
  for (let k = 0; k < list.length; k++) {
    const p = list[k];
    p.name = detach(p.name);
    p.email = detach(p.email);
    p.url = detach(p.url);
  }
}

/** The feed-level fields of `d` (not its items). */
export function detachFeed(d: FeedDocument): void {
  d.title = detach(d.title);
  d.link = detach(d.link);
  d.feedUrl = detach(d.feedUrl);
  d.description = detach(d.description);
  d.language = detach(d.language);
  d.image = detach(d.image);
  if (d.bozoReason != null) d.bozoReason = detach(d.bozoReason);
  detachPersons(d.authors);
}

/** The string fields of one entry (published/updated are left alone: the builder handles them). */
export function detachEntry(e: Entry): void {
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
