// URL edits in bodies beyond what the sanitizer allows (sanitize/url-schemes.ts): the http image proxy,
// tracking-parameter stripping, srcset lists, feed-ad links and the head image as written to front matter.
import { isJsSpace } from './chars.js';

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
