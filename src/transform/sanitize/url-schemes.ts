// Which URL schemes may stay in a post: http, https and mailto (links only), data:image/* for <img>;
// everything else (javascript:, vbscript:, data: elsewhere, unknown schemes) is refused. Relative URLs are
// resolved against the item's base and `//host/x` becomes `https://host/x`.
import { fixProtocolRelative, resolveUrl } from '../../parse/urls.js';

export type UrlKind = 'link' | 'image' | 'media' | 'frame';

// Browsers ignore ASCII whitespace and controls around and inside a scheme (`java\tscript:`), so the
// scheme is judged with all of them removed.
const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007F-\u009F\u00AD\u200B-\u200F\u2028\u2029\uFEFF]/g;

const PATH_DELIMITER = /[/?#]/;
const SCHEME = /^[a-z][a-z0-9+.-]*$/;

/** The scheme (lower case, no colon) a browser would see, or null for a relative URL. `!` for junk before a colon. */
export function urlScheme(decoded: string): string | null {
  // most URLs start so; nothing after the colon can change the answer
  if (decoded.startsWith('https:')) return 'https';
  if (decoded.startsWith('http:')) return 'http';
  const t = decoded.replace(IGNORED_IN_SCHEME, '');
  const colon = t.indexOf(':');
  if (colon < 0) return null;
  const delim = t.search(PATH_DELIMITER);
  if (delim >= 0 && delim < colon) return null;
  const scheme = t.slice(0, colon).toLowerCase();
  return SCHEME.test(scheme) ? scheme : '!';
}

const EDGE_CONTROLS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const CONTROL_CHAR = /[\u0000-\u001F\u007F]/;
const DOUBLE_BACKSLASH = /^\\\\/;

/** The value without leading and trailing controls and spaces (no copy when there are none). */
function trimControls(s: string): string {
  return s.length > 0 && s.charCodeAt(0) > 0x20 && s.charCodeAt(s.length - 1) > 0x20 ? s : s.replace(EDGE_CONTROLS, '');
}

const DATA_IMAGE = /^data:image\/[a-z0-9.+-]+[;,]/i;

/**
 * The URL to write for an attribute value (entity-decoded), or null when it must go: schemes other
 * than http/https/mailto (plus data:image/* for images) are refused; relative URLs are resolved
 * against `base`; `//host/x` becomes `https://host/x`. Absolute URLs come back exactly as written.
 */
export function safeUrl(decoded: string, kind: UrlKind, base: string | null): string | null {
  const value = trimControls(decoded);
  if (value === '') return null;
  const scheme = urlScheme(value);
  if (scheme === null) {
    if (CONTROL_CHAR.test(value)) return null;
    if (value.startsWith('//') || value.startsWith('\\\\')) return fixProtocolRelative(value.replace(DOUBLE_BACKSLASH, '//'));
    const abs = resolveUrl(value, base);
    const s = urlScheme(abs);
    if (s === null) return abs; // no usable base: a relative URL is harmless
    return s === 'http' || s === 'https' ? abs : null;
  }
  if (scheme === 'http' || scheme === 'https') return value;
  if (scheme === 'mailto') return kind === 'link' ? value : null;
  if (scheme === 'data') return kind === 'image' && DATA_IMAGE.test(value.replace(IGNORED_IN_SCHEME, '')) ? value : null;
  return null;
}
