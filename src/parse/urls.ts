// URL resolution shared by parse (model URL fields) and transform (URLs inside HTML bodies).
// One rule, one place: a URL is resolved against the nearest base in scope (xml:base, else the
// document URL, else the feed/item link); protocol-relative URLs default to https.

/** True for an absolute URL with a scheme (`http:`, `mailto:`, `data:` …). */
export function isAbsoluteUrl(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/**
 * Resolves `url` against `base`. Pure; never throws.
 * - absolute URLs come back as written (only trimmed);
 * - `//host/x` becomes `https://host/x` when there is no http(s) base to take the scheme from;
 * - a relative URL with no usable base comes back unchanged (trimmed);
 * - otherwise the WHATWG URL algorithm, serialized with `href`.
 */
export function resolveUrl(url: string, base: string | null | undefined): string {
  const u = url.trim();
  if (u === '') return base ? base : u;
  if (isAbsoluteUrl(u)) return u;
  if (u.startsWith('//')) {
    const scheme = base && /^http:/i.test(base) ? 'http:' : 'https:';
    return scheme + u;
  }
  if (!base) return u;
  let b = base.trim();
  if (b.startsWith('//')) b = 'https:' + b;
  if (!isAbsoluteUrl(b)) return u;
  try {
    return new URL(u, b).href;
  } catch {
    return u;
  }
}

/** Combines a nested base (e.g. xml:base) with the base in scope: the inner one, resolved against the outer. */
export function joinBase(outer: string | null | undefined, inner: string | null | undefined): string | null {
  if (inner == null || inner.trim() === '') return outer ?? null;
  return resolveUrl(inner, outer);
}

/** `//host/x` → `https://host/x`; anything else unchanged. */
export function fixProtocolRelative(url: string): string {
  return url.startsWith('//') ? 'https:' + url : url;
}

/**
 * The base for relative URLs inside an entry's HTML (summary/content): the xml:base in scope for
 * that element when the document set one, else the item's link, else the feed's link.
 */
export function contentBaseFor(entry: { contentBase?: string | null; link: string | null }, feed: { link: string | null }): string | null {
  return entry.contentBase || entry.link || feed.link || null;
}

const TAG = /<[a-zA-Z][^>]*>/g;
// a URL attribute whose value does not start with a scheme or `#`: the only case with work to do
const HAS_RELATIVE = /\s(?:href|src|poster|cite|background|longdesc|action|data|srcset)\s*=\s*["']?(?![a-zA-Z][a-zA-Z0-9+.-]*:|#|["'\s>])/i;
const URL_ATTR = /(\s(?:href|src|poster|cite|background|longdesc|action|data|srcset)\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)/gi;

/**
 * Resolves relative URLs in the URL attributes of HTML tags (href, src, srcset, poster …) against `base`.
 * Everything else stays byte-identical: only the values that change are rewritten, quotes kept.
 */
export function resolveHtmlUrls(html: string, base: string | null | undefined): string {
  if (!base || html.indexOf('<') < 0 || !HAS_RELATIVE.test(html)) return html;
  return html.replace(TAG, (tag) =>
    tag.replace(URL_ATTR, (m, pre: string, quoted: string) => {
      const q = quoted[0] === '"' || quoted[0] === "'" ? quoted[0] : '';
      const raw = q ? quoted.slice(1, -1) : quoted;
      const isSrcset = /srcset/i.test(pre);
      const value = isSrcset
        ? raw.split(',').map((part) => part.replace(/^(\s*)(\S+)/, (_x, sp: string, u: string) => sp + resolveRelative(u, base))).join(',')
        : resolveRelative(raw, base);
      return value === raw ? m : pre + q + value + q;
    }),
  );
}

/** resolveUrl for attribute values: entity-escaped `&amp;` kept as written, fragments-only and empty kept. */
function resolveRelative(u: string, base: string): string {
  const t = u.trim();
  if (t === '' || t.startsWith('#') || isAbsoluteUrl(t)) return u;
  return resolveUrl(t, base);
}
