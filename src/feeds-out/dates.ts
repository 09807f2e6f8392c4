// The two date forms feeds use, from epoch ms (a missing or broken date reads as the epoch, never throws).
const valid = (ms: number): Date => new Date(Number.isFinite(ms) ? ms : 0);

/** RFC 3339 in UTC, whole seconds: `2022-01-27T10:09:07Z` (Atom, JSON Feed). */
export function isoUtc(ms: number): string {
  return valid(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** RFC 822: `Thu, 27 Jan 2022 10:09:07 GMT` (RSS). */
export function rfc822(ms: number): string {
  return valid(ms).toUTCString();
}
