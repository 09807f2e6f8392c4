// Small pieces of the body pass that read or write markup text: control-character cleaning, checks on a
// tag's source slice (cheap character loops first: they run for every tag), and attribute escaping.
import { isJsSpace } from '../chars.js';

export interface RawAttr {
  name: string;
  value: string;
  /** the attribute exactly as written, e.g. `width="530"` */
  raw: string;
}

export const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Control characters (but tab and LF) never reach the file; CR/CRLF become LF.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const CR = /\r\n?/g;
export const WELL_FORMED_ATTR = /^[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?$/;
// WELL_FORMED_ATTR with no `<` or `>` anywhere (not in quoted values either): one scan for keepRaw
const WELL_FORMED_NO_ANGLE_ATTR = /^[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?$/;
export const ANGLE_BRACKET = /[<>]/;
export const SELF_CLOSING = /\/\s*>$/;
export const VOID_SELF_CLOSING = /\s\/\s*>$|"\/\s*>$|'\/\s*>$/;
export const PLAIN_CLOSE_TAG = /^<\/[^\s/>]+\s*>$/;
export const DATA_URL = /^\s*data:/i;
export const DATA_URL_UNTRIMMED = /^data:/i;
export const HTTP_URL = /^https?:/i;
export const HTTP_SCHEME = /^http:/i;
export const LT = /</g;

const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/; // CONTROL plus CR

export function cleanControls(s: string): string {
  return NEEDS_CLEANING.test(s) ? s.replace(CR, '\n').replace(CONTROL, '') : s;
}

/** `name.toLowerCase()`, without a copy when there is nothing to lower (the common case: htmlparser2 lower-cases
 * tag names in HTML mode, but gives svg names their camelCase, e.g. `foreignObject`). */
export function lowerName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) return name.toLowerCase();
  }
  return name;
}

/** ASCII lower case of a UTF-16 code unit (other code units unchanged). */
function asciiLower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/**
 * Whether src[start, end) starts with `<name` followed by whitespace, `/` or `>` (case-insensitive): the source
 * slice really is this element.
 */
export function startsWithTag(src: string, start: number, end: number, name: string): boolean {
  if (end - start < name.length + 2 || src.charCodeAt(start) !== 0x3c) return false;
  for (let i = 0; i < name.length; i++) {
    const r = src.charCodeAt(start + 1 + i);
    const n = name.charCodeAt(i);
    // full Unicode case mapping, as the check was first written
    if (r >= 0x80 || n >= 0x80) return startsWithTagUnicode(src.slice(start, end), name);
    if (asciiLower(r) !== asciiLower(n)) return false;
  }
  const next = src.charCodeAt(start + 1 + name.length);
  return isJsSpace(next) || next === 0x2f || next === 0x3e;
}

function startsWithTagUnicode(raw: string, name: string): boolean {
  return raw.slice(0, name.length + 1).toLowerCase() === `<${name.toLowerCase()}` && /^[\s/>]/.test(raw.slice(name.length + 1));
}

/** Whether src[start, end) is `</name>` with optional whitespace before `>`, nothing else (`name` in lower case). */
export function isPlainCloseTag(src: string, start: number, end: number, name: string): boolean {
  if (end - start < name.length + 3 || src.charCodeAt(start) !== 0x3c || src.charCodeAt(start + 1) !== 0x2f) return false;
  for (let i = 0; i < name.length; i++) {
    const r = src.charCodeAt(start + 2 + i);
    const n = name.charCodeAt(i);
    if (r >= 0x80 || n >= 0x80) return isPlainCloseTagUnicode(src.slice(start, end), name);
    if (asciiLower(r) !== n) return false;
  }
  const last = end - 1;
  if (src.charCodeAt(last) !== 0x3e) return false;
  for (let i = start + 2 + name.length; i < last; i++) if (!isJsSpace(src.charCodeAt(i))) return false;
  return true;
}

function isPlainCloseTagUnicode(raw: string, name: string): boolean {
  return raw.slice(0, name.length + 2).toLowerCase() === `</${name}` && /^\s*>$/.test(raw.slice(name.length + 2));
}

/** Whether src[start, end) holds a `<`. */
export function hasLessThan(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src.charCodeAt(i) === 0x3c) return true;
  return false;
}

// Decoded values can hold controls written as references (`&#1;`, `&#13;`); re-escaped text must not put them in the file.
const DECODED_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const NEEDS_ATTR_ESCAPE = /[&"<>\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const AMP = /&/g;
const QUOT = /"/g;
const LT_G = /</g;
const GT_G = />/g;

export function escapeAttrValue(v: string): string {
  if (!NEEDS_ATTR_ESCAPE.test(v)) return v;
  return v.replace(DECODED_CONTROL, '').replace(AMP, '&amp;').replace(QUOT, '&quot;').replace(LT_G, '&lt;').replace(GT_G, '&gt;');
}

export function escapeText(s: string): string {
  return s.replace(DECODED_CONTROL, '').replace(AMP, '&amp;').replace(LT_G, '&lt;').replace(GT_G, '&gt;');
}

/** `name="value"`, the value escaped. */
export function canonical(name: string, value: string): string {
  return `${name}="${escapeAttrValue(value)}"`;
}

// `<`/`>` inside a value are harmless to an HTML parser but not to regex tag strippers, search indexes or
// `<script>`-embedded copies of the post (themes do all three): such values are rewritten escaped.
export function keepRaw(a: RawAttr): string {
  return WELL_FORMED_NO_ANGLE_ATTR.test(a.raw) ? a.raw : canonical(a.name, a.value);
}

/** A URL attribute rewritten to `value` (kept raw when the value is unchanged). */
export function urlAttr(a: RawAttr, value: string | null): string | null {
  return value === null ? null : value === a.value ? keepRaw(a) : canonical(a.name, value);
}
