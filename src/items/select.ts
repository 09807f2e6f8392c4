// Which entries of a document a run considers: the newest `limit` of them.
import type { Entry } from '../model.js';

/** Newest first by published/updated; when some entries carry no date the document order is kept, since feeds list newest first. */
export function newestEntries(items: Entry[], limit: number): Entry[] {
  const stamps = items.map((e) => Date.parse(e.published ?? e.updated ?? ''));
  const ordered = stamps.some((s) => Number.isNaN(s))
    ? items
    : items
        .map((e, i) => ({ e, s: stamps[i]!, i }))
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .map((x) => x.e);
  return ordered.slice(0, limit);
}
