// URL rules for bodies: which schemes may stay, resolution against the item's base, https for
// protocol-relative URLs, the http image proxy and tracking-parameter stripping.
import { fixProtocolRelative, resolveUrl } from '../parse/urls.js';
import { isJsSpace } from './chars.js';

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

const HTTP_URL = /^http:\/\//i;

/** `images.proxy` for http:// images: a prefix plus the raw URL, or percent-encoded into `{url}`. */
export function proxyImage(url: string, proxy: string | undefined): string {
  if (!proxy || !HTTP_URL.test(url)) return url;
  return proxy.includes('{url}') ? proxy.split('{url}').join(encodeURIComponent(url)) : proxy + url;
}

const TRACKING_PARAMS = new Set([
  'spm', 'scm', 'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'ysclid',
  'twclid', 'ttclid', 'igshid', 'igsh', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi', 'hsctatracking', 'mkt_tok',
  'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv', '_openstat', 'wickedid', 'rb_clickid', 's_cid',
  'ref_src', 'ref_url', 'li_fat_id', 'si', 'share_token', 'sharer_shareid', 'sharer_sharetime', 'xtor',
  'ncid', 'cmpid', 'trk', 'trkcampaign', 'sc_campaign', 'sc_channel', 'sc_content', 'sc_medium', 'sc_outcome',
  'sc_geo', 'sc_country', '__twitter_impression', 'at_campaign', 'at_medium', 'pk_campaign', 'pk_kwd',
  'pk_source', 'pk_medium', 'piwik_campaign', 'piwik_kwd', 'matomo_campaign', 'mtm_campaign', 'mtm_source',
  'mtm_medium', 'mtm_keyword', 'mtm_content', 'mtm_cid', 'mtm_group', 'mtm_placement',
  // bilibili and other Chinese platforms' share and click tracking
  'spm_id_from', 'from_spmid', 'vd_source', 'share_source', 'share_medium', 'share_plat', 'share_session_id',
  'share_tag', 'share_from', 'unique_k', 'bbid',
  // WeChat share links
  'mpshare', 'isappinstalled', 'sharer_shareinfo', 'sharer_shareinfo_first', 'clicktime', 'enterid',
]);

const PLUS = /\+/g;

function isTrackingParam(key: string): boolean {
  let k = key;
  try { k = decodeURIComponent(key.replace(PLUS, ' ')); } catch { /* keep raw */ }
  k = k.toLowerCase();
  return k.startsWith('utm_') || TRACKING_PARAMS.has(k);
}

/** Whether a `key=value` pair of a query stays. */
function keepParam(pair: string): boolean {
  if (pair === '') return true;
  const eq = pair.indexOf('=');
  return !isTrackingParam(eq < 0 ? pair : pair.slice(0, eq));
}

const nonEmpty = (s: string): boolean => s !== '';

/** Removes tracking query parameters; the rest of the URL keeps its exact bytes. */
export function stripTrackingParams(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hashAt = url.indexOf('#', q);
  const query = url.slice(q + 1, hashAt < 0 ? undefined : hashAt);
  const fragment = hashAt < 0 ? '' : url.slice(hashAt);
  const pairs = query.split('&');
  const kept = pairs.filter(keepParam);
  if (kept.length === pairs.length) return url;
  const rest = kept.filter(nonEmpty).join('&');
  return url.slice(0, q) + (rest ? `?${rest}` : '') + fragment;
}

/** A `srcset` candidate list. Commas inside URLs survive (a URL runs to whitespace; trailing commas end it). */
export interface SrcsetCandidate {
  url: string;
  descriptor: string;
}

const TRAILING_COMMAS = /,+$/;

export function parseSrcset(srcset: string): SrcsetCandidate[] {
  const out: SrcsetCandidate[] = [];
  let i = 0;
  const s = srcset;
  while (i < s.length) {
    while (i < s.length && (isJsSpace(s.charCodeAt(i)) || s.charCodeAt(i) === 0x2c)) i++;
    if (i >= s.length) break;
    let j = i;
    while (j < s.length && !isJsSpace(s.charCodeAt(j))) j++;
    let url = s.slice(i, j);
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(TRAILING_COMMAS, '');
      i = j;
    } else {
      let k = j;
      let depth = 0;
      while (k < s.length && (depth > 0 || s[k] !== ',')) {
        if (s[k] === '(') depth++;
        else if (s[k] === ')') depth = Math.max(0, depth - 1);
        k++;
      }
      descriptor = s.slice(j, k).trim();
      i = k + 1;
    }
    if (url) out.push({ url, descriptor });
  }
  return out;
}

export function formatSrcset(candidates: SrcsetCandidate[]): string {
  let out = '';
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (i > 0) out += ', ';
    out += c.descriptor ? `${c.url} ${c.descriptor}` : c.url;
  }
  return out;
}

const FEED_AD_LINK = /^(?:https?:)?\/\/(?:feeds\.feedburner\.com|feedproxy\.google\.com|feedads\.g\.doubleclick\.net)\/~(?:ff|a|at)\//i;

/** FeedBurner's feedflare and feed-ad links (`/~ff/`, `/~a/`): tracking wrappers around a tracking image, never content. */
export function isFeedAdLink(url: string): boolean {
  return url.includes('/~') && FEED_AD_LINK.test(url.trim());
}

/**
 * The head image as written to the front matter: characters that can end an HTML attribute, a CSS `url()`
 * or a JS string in a theme template (quotes, parentheses, angle brackets, backslash, backtick, whitespace)
 * are percent-encoded. Themes put headimg/thumbnail into all three, often unescaped.
 */
export function frontMatterImageUrl(url: string): string {
  return url.replace(UNSAFE_IN_TEMPLATES, percentEncodeChar);
}

const UNSAFE_IN_TEMPLATES = /[\s"'<>\\`()]/g;

function percentEncodeChar(c: string): string {
  return c.charCodeAt(0) < 0x80 ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(c);
}
