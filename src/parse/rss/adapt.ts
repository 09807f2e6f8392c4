// RSS values as the model holds them: person strings, a permalink guid as the item's link, enclosure lengths.
import type { Person } from '../../model.js';
import { resolveUrl } from '../urls.js';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** RSS person strings: `a@b.c (Name)`, `Name <a@b.c>`, `Name`, `a@b.c`. */
export function parsePerson(raw: string): Person | null {
  const s = raw.trim();
  if (!s) return null;
  const m = EMAIL.exec(s);
  if (!m) return { name: s, email: null, url: null };
  const email = m[0];
  let rest = (s.slice(0, m.index) + s.slice(m.index + email.length)).replace(/mailto:/i, '').trim();
  rest = rest.replace(/\(\s*\)|<\s*>|\[\s*\]/g, '').replace(/^[(<[\s]+|[)>\]\s]+$/g, '').trim();
  return { name: rest || null, email, url: null };
}

/** Whether a `<guid>` is a permalink (`isPermaLink` absent or anything but "false"). */
export function isPermalinkGuid(isPermaLink: string | undefined): boolean {
  return (isPermaLink ?? 'true').trim().toLowerCase() !== 'false';
}

const WEB_URL = /^(https?:)?\/\//i;

/** The item link an item without `<link>` gets from its permalink guid, or null. */
export function guidLink(guid: string | null, permalink: boolean): string | null {
  return guid && permalink && WEB_URL.test(guid) ? resolveUrl(guid, null) : null;
}

const DIGITS = /^\d+$/;

/** An enclosure `length`: a whole number of bytes, else null. */
export function enclosureLength(s: string | undefined): number | null {
  if (s == null) return null;
  const t = s.trim();
  if (!DIGITS.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}
