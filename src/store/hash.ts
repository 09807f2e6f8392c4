// The key hash behind the item indexes: a 53-bit integer from a string, so SQLite indexes 8-byte integers
// instead of 60–100-character URLs (an index a quarter the size stays in cache at millions of items).
// Hand-written because node:crypto costs 3–5 µs per call here against ~0.5 µs, and a lookup hashes up to
// three strings. Stored in state files: NEVER change it without a schema migration that rehashes.
// Collisions are harmless: every lookup also compares the full value.

export type KeyHash = (value: string) => number;

/** Two 32-bit multiplicative lanes over the UTF-16 code units, each finished with an avalanche; 53 bits kept. */
export const keyHash: KeyHash = (s) => {
  let a = 0x811c9dc5 ^ s.length;
  let b = 0x6b43a9b5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= b >>> 16;
  b = Math.imul(b, 0x7feb352d);
  b ^= b >>> 15;
  b = Math.imul(b, 0x846ca68b);
  b ^= b >>> 16;
  // 21 bits of b above 32 bits of a: a safe integer, so it binds and reads back as a plain number
  return (b >>> 11) * 4294967296 + (a >>> 0);
};
