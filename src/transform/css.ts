// Inline `style` attributes: declarations that could run script or load something other than an
// http(s)/data:image URL are removed; a style that needs no change is returned as written.

// Unescapes CSS escapes (`\6a`, `\:`) and drops comments so obfuscated keywords are seen.
function normalizeCss(s: string): string {
  return s
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, hex: string) => {
      const cp = parseInt(hex, 16);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    })
    .replace(/\\(.)/g, '$1')
    .replace(/[\u0000-\u0020\u007F-\u009F]/g, '')
    .toLowerCase();
}

const DANGEROUS_PROPERTY = /^(?:behavior|-ms-behavior|-moz-binding|-webkit-binding|binding|-o-link|-o-link-source)$/;
const DANGEROUS_VALUE = /expression\(|javascript:|vbscript:|livescript:|mocha:|@import|-moz-binding|behavior:|[<>]|\\/;

function urlIsSafe(target: string): boolean {
  const t = target.replace(/^['"]|['"]$/g, '');
  return /^https?:\/\//.test(t) || /^#[\w-]+$/.test(t) || /^data:image\/(?:png|gif|jpe?g|webp|avif|bmp);/.test(t) || /^\/\//.test(t);
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

function declarationIsSafe(decl: string): boolean {
  const norm = normalizeCss(decl);
  if (norm === '') return true;
  const colon = norm.indexOf(':');
  if (colon < 0) return false;
  const prop = norm.slice(0, colon);
  const value = norm.slice(colon + 1);
  if (DANGEROUS_PROPERTY.test(prop) || !/^-?[a-z][a-z0-9-]*$/.test(prop)) return false;
  // An item must stay inside its post: fixed/sticky boxes can cover the blog (fake login, clickjacking).
  if (prop === 'position' && /fixed|sticky/.test(value)) return false;
  if (DANGEROUS_VALUE.test(value) || /\\/.test(decl.replace(/\\[0-9a-f]{1,6}\s?/gi, ''))) return false;
  // url(…) may only point at http(s) or data:image; rarer fetching functions are not kept at all
  if (/(?:image-set|image|src|element|cross-fade)\(/.test(value)) return false;
  for (const m of value.matchAll(/url\(([^)]*)\)?/g)) {
    if (!urlIsSafe(m[1] ?? '')) return false;
  }
  return true;
}

/** The style to write, or null when nothing safe is left. Unchanged input comes back identical. */
export function sanitizeStyle(style: string): string | null {
  const decls = splitDeclarations(style);
  const kept = decls.filter(declarationIsSafe);
  if (kept.length === decls.length) return style.trim() === '' ? null : httpsProtocolRelative(style);
  const out = kept.map((d) => d.trim()).filter((d) => d !== '').join('; ');
  return out === '' ? null : httpsProtocolRelative(out);
}

/** `url(//host/x)` becomes `url(https://host/x)`, as protocol-relative URLs do everywhere else in a body. */
function httpsProtocolRelative(style: string): string {
  return style.replace(/(url\(\s*['"]?)\/\//gi, '$1https://');
}
