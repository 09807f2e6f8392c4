// Inline `style` attributes: declarations that could run script or load something other than an
// http(s)/data:image URL are removed; a style that needs no change is returned as written.

const COMMENT = /\/\*[\s\S]*?(?:\*\/|$)/g;
const HEX_ESCAPE = /\\([0-9a-f]{1,6})\s?/gi;
const CHAR_ESCAPE = /\\(.)/g;
const IGNORED = /[\u0000-\u0020\u007F-\u009F]/g;

function unescapeHex(_m: string, hex: string): string {
  const cp = parseInt(hex, 16);
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
}

// Unescapes CSS escapes (`\6a`, `\:`) and drops comments so obfuscated keywords are seen.
function normalizeCss(s: string): string {
  return s.replace(COMMENT, '').replace(HEX_ESCAPE, unescapeHex).replace(CHAR_ESCAPE, '$1').replace(IGNORED, '').toLowerCase();
}

const DANGEROUS_PROPERTY = /^(?:behavior|-ms-behavior|-moz-binding|-webkit-binding|binding|-o-link|-o-link-source)$/;
const DANGEROUS_VALUE = /expression\(|javascript:|vbscript:|livescript:|mocha:|@import|-moz-binding|behavior:|[<>]|\\/;

const EDGE_QUOTES = /^['"]|['"]$/g;
const SAFE_URL_TARGET = /^https?:\/\/|^#[\w-]+$|^data:image\/(?:png|gif|jpe?g|webp|avif|bmp);|^\/\//;

function urlIsSafe(target: string): boolean {
  return SAFE_URL_TARGET.test(target.replace(EDGE_QUOTES, ''));
}

/** Splits on `;` outside quotes and parentheses. */
function splitDeclarations(style: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < style.length; i++) {
    const c = style[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      parts.push(style.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(style.slice(start));
  return parts;
}

const PROPERTY_NAME = /^-?[a-z][a-z0-9-]*$/;
const FIXED_OR_STICKY = /fixed|sticky/;
const BACKSLASH = /\\/;
const FETCHING_FUNCTION = /(?:image-set|image|src|element|cross-fade)\(/;
const URL_FUNCTION = /url\(([^)]*)\)?/g;

function declarationIsSafe(decl: string): boolean {
  const norm = normalizeCss(decl);
  if (norm === '') return true;
  const colon = norm.indexOf(':');
  if (colon < 0) return false;
  const prop = norm.slice(0, colon);
  const value = norm.slice(colon + 1);
  if (DANGEROUS_PROPERTY.test(prop) || !PROPERTY_NAME.test(prop)) return false;
  // An item must stay inside its post: fixed/sticky boxes can cover the blog (fake login, clickjacking).
  if (prop === 'position' && FIXED_OR_STICKY.test(value)) return false;
  if (DANGEROUS_VALUE.test(value) || BACKSLASH.test(decl.replace(HEX_ESCAPE, ''))) return false;
  // url(…) may only point at http(s) or data:image; rarer fetching functions are not kept at all
  if (FETCHING_FUNCTION.test(value)) return false;
  for (const m of value.matchAll(URL_FUNCTION)) {
    if (!urlIsSafe(m[1] ?? '')) return false;
  }
  return true;
}

const trim = (s: string): string => s.trim();
const nonEmpty = (s: string): boolean => s !== '';

/** The style to write, or null when nothing safe is left. Unchanged input comes back identical. */
export function sanitizeStyle(style: string): string | null {
  const decls = splitDeclarations(style);
  const kept = decls.filter(declarationIsSafe);
  if (kept.length === decls.length) return style.trim() === '' ? null : httpsProtocolRelative(style);
  const out = kept.map(trim).filter(nonEmpty).join('; ');
  return out === '' ? null : httpsProtocolRelative(out);
}

const PROTOCOL_RELATIVE_URL = /(url\(\s*['"]?)\/\//gi;

/** `url(//host/x)` becomes `url(https://host/x)`, as protocol-relative URLs do everywhere else in a body. */
function httpsProtocolRelative(style: string): string {
  return style.replace(PROTOCOL_RELATIVE_URL, '$1https://');
}
