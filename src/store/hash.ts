// The key hash behind the item indexes: a 53-bit integer from a string, so SQLite indexes 8-byte integers
// instead of 60–100-character URLs (an index a quarter the size stays in cache at millions of items).
// Its top 20 bits hash only the key's site (a URL's scheme and host, a tag: URI's authority), so the items of
// one feed sit together in the index: a feed's 30 lookups and inserts touch a few index pages, not 30.
// Hand-written because node:crypto costs 3–5 µs per call here against ~0.5 µs, and a lookup hashes up to
// three strings. Stored in state files: NEVER change it without a schema migration that rehashes.
// Collisions are harmless: every lookup also compares the full value.

export type KeyHash = (value: string) => number;

const SITE_BITS = 2 ** 33;

/** Where a key's site ends: after `scheme://host`, or before the first comma of `tag:host,date:…`; 0 when neither. */
function siteEnd(s: string): number {
  const scheme = s.indexOf('://');
  if (scheme > 0 && scheme < 16) {
    const slash = s.indexOf('/', scheme + 3);
    return slash < 0 ? s.length : slash;
  }
  if (s.startsWith('tag:')) {
    const comma = s.indexOf(',');
    if (comma > 0) return comma;
  }
  return 0;
}

/** 20 bits of the site above 33 bits of the whole key: a safe integer, so it binds and reads back as a number. */
export const keyHash: KeyHash = (s) => {
  const end = siteEnd(s);
  let site = 0x9747b28c;
  for (let i = 0; i < end; i++) site = Math.imul(site ^ s.charCodeAt(i), 0x01000193);
  site ^= site >>> 15;
  site = Math.imul(site, 0x2c1b3c6d);
  site ^= site >>> 12;
  let a = 0x811c9dc5 ^ s.length;
  let b = 0x6b43a9b5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= b;
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  return (site >>> 12) * SITE_BITS + (b & 1) * 4294967296 + (a >>> 0);
};
