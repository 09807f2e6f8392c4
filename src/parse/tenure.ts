// Moves a result string into V8's old generation as it is made, so that it never goes through the young
// generation. Young objects that outlive a scavenge are copied and then promoted, and the bytes that survive
// scavenges are what makes V8 grow its young generation (doubling it each time they pass its size; each
// doubling is megabytes of resident memory): a parser whose results are its text fields would grow it with
// every feed it keeps. An internalized string is always allocated in old space, and internalizing a young
// string (or a slice) copies it there once: the original becomes a forwarding ThinString, which the next
// scavenge drops. Equal strings (categories, names, MIME types) end up shared. Internalized strings are
// collected like any other once unreferenced. If a V8 version stopped doing this, strings would only be
// internalized (correct, just not smaller).

/** Bodies shorter than this are not tenured as they are captured (their item's copy-out does it, when there is one). */
export const TENURE_MIN = 256;

// A dictionary-mode holder: a keyed store internalizes its key; the entry is deleted at once. (A string that
// is an array index, e.g. "42", would be an element instead: callers leave short digit strings alone.)
const holder: Record<string, number> = Object.create(null) as Record<string, number>;

/** `s` itself, internalized (copied into old space when it was young or a slice). */
export function tenure(s: string): string {
  holder[s] = 0;
  delete holder[s];
  return s;
}
