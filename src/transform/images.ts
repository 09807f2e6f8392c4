// Image rules: lazy-loading attributes, placeholder sources, tracking pixels, and which picture
// may serve as the post's head image (no pixels, emoji, icons or avatars).

/** Lazy loaders keep the real URL here; the first that holds a URL wins over `src`. */
export const LAZY_SRC_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-url', 'data-original-src', 'data-lazyload', 'data-echo'];
export const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-srcset'];

const PIXEL_SIZE = /^\s*\d+(?:\.\d+)?\s*(?:px)?\s*$/i;
const STYLE_SIZE = {
  width: /(?:^|[;\s])width\s*:\s*(\d+(?:\.\d+)?)\s*px/i,
  height: /(?:^|[;\s])height\s*:\s*(\d+(?:\.\d+)?)\s*px/i,
};

/** Declared pixel size from an attribute (`530`, `970px`) or the inline style; null when absent or relative. */
export function declaredSize(attr: string | undefined, style: string | undefined, prop: 'width' | 'height'): number | null {
  // parseFloat skips the same leading whitespace and stops at the unit
  if (attr !== undefined && PIXEL_SIZE.test(attr)) return parseFloat(attr);
  if (style) {
    const m = STYLE_SIZE[prop].exec(style);
    if (m) return parseFloat(m[1]!);
  }
  return null;
}

// Sources lazy loaders use while the real picture is not loaded yet.
const PLACEHOLDER_PATH = /\/(?:loading|lazy|lazy[_-]?load|placeholder|img[_-]placeholder|blank|spacer|transparent|grey|gray|pixel|1x1|none)(?:[@_.-]\w*)?\.(?:gif|png|svg)(?:[?#]|$)/i;

const DATA_URL = /^data:/i;

/** Whether `src` is a stand-in rather than the picture: a short data: URI or a known loading image. */
export function isPlaceholderSrc(src: string): boolean {
  const s = src.trim();
  if (s === '' || s === '#' || s === 'about:blank') return true;
  if (DATA_URL.test(s)) return s.length < 1500;
  return PLACEHOLDER_PATH.test(s);
}

const PIXEL_HOSTS = /(?:^|\.)(?:feeds\.feedburner\.com|feedburner\.google\.com|pixel\.wp\.com|stats\.wordpress\.com|google-analytics\.com|doubleclick\.net|pixel\.quantserve\.com|sb\.scorecardresearch\.com|b\.scorecardresearch\.com|hm\.baidu\.com|cnzz\.com|mmstat\.com|pixel\.facebook\.com|analytics\.twitter\.com|px\.ads\.linkedin\.com|ct\.pinterest\.com|counter\.yadro\.ru|mc\.yandex\.ru|feedsportal\.com|pheedo\.com|statcounter\.com|c\.statcounter\.com)$/i;
const PIXEL_PATH = /(?:\/~r\/|\/~ff\/|\/~4\/|\/pixel(?:\.(?:gif|png|php)|[/?]|$)|\/beacon(?:\.(?:gif|png|php)|[/?]|$)|\/track(?:ing|er)?(?:\.(?:gif|png|php)|[/?]|$)|\/__utm\.gif|\/1x1\.(?:gif|png)|\/open\.(?:gif|png)(?:[?]|$)|\/count(?:er)?\.(?:gif|png|php)|\/stat\.gif|\/_\/stat\?|\/ga\.gif|\/imp(?:ression)?\.gif)/i;

// A plain http(s) URL: one the WHATWG parser would not change in any part the pixel rules read. An ASCII host whose
// last label starts with a letter (no IPv4 number, userinfo or port), a path and query of characters that are never
// percent-encoded, no backslash, tab or newline. Dot segments, `%2e` and `xn--` labels are left to `new URL`.
const PLAIN_HTTP_URL = /^https?:\/\/((?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(\/[\w\-.~!$&'()*+,;=:@/%]*)?(\?[\w\-.~!$&()*+,;=:@/?%]*)?(?:#.*)?$/i;
const NEEDS_URL_PARSER = /\/\.\.?(?:\/|$)|%2e/i;
const PUNYCODE = /xn--/i;

/** Whether the host and `pathname + search` (as `new URL` gives them) name a tracking pixel. */
export function isTrackingPixelUrl(url: string): boolean {
  const m = PLAIN_HTTP_URL.exec(url);
  if (m !== null && !PUNYCODE.test(m[1]!) && (m[2] === undefined || !NEEDS_URL_PARSER.test(m[2]))) {
    const query = m[3] ?? '';
    // the parser writes `/` for an empty path and drops a lone `?`
    return PIXEL_HOSTS.test(m[1]!) || PIXEL_PATH.test((m[2] ?? '/') + (query.length > 1 ? query : ''));
  }
  let host = '';
  let path = url;
  try {
    const u = new URL(url);
    host = u.hostname;
    path = u.pathname + u.search;
  } catch { /* relative: path only */ }
  return PIXEL_HOSTS.test(host) || PIXEL_PATH.test(path);
}

export interface ImageFacts {
  src: string;
  width: number | null;
  height: number | null;
  className: string;
  alt: string;
  /** size hints lazy loaders carry (WeChat data-w/data-ratio, 知乎 data-rawwidth/data-rawheight); never used to remove an image */
  hintWidth?: number | null;
  hintHeight?: number | null;
  /** height / width */
  ratio?: number | null;
}

/** A 0/1-pixel declared size, or a well-known pixel URL: removed from bodies, never a head image. */
export function isTrackingPixel(img: ImageFacts): boolean {
  const w = img.width;
  const h = img.height;
  if ((w !== null && w <= 1) || (h !== null && h <= 1)) return true;
  return isTrackingPixelUrl(img.src);
}

const ICON_PATH = /(?:\/emoji|\/emoticons?\/|\/smil(?:ies|ey)\/|\/icons?\/|\/favicon|\.ico(?:[?#]|$)|\/avatars?\/|gravatar\.com\/avatar|\/\/avatars\d*\.githubusercontent\.com\/|\/bfs\/face\/|\/(?:profile_images|headimg|mmhead)\/|twemoji|\/expression\/|\/equation\?)/i;
const ICON_CLASS = /(?:^|[\s_-])(?:emoji|emoticon|smiley|wp-smiley|icon|avatar|gravatar|face|sticker)(?:$|[\s_-])/i;
const AVATAR_ALT = /avatar|头像/i;
const MAX_ICON_SIZE = 48;

/** Emoji, icons and marked avatars: fine in the body, never the head image. */
export function isIconOrAvatar(img: ImageFacts): boolean {
  const w = img.width ?? img.hintWidth ?? null;
  const h = img.height ?? img.hintHeight ?? null;
  if ((w !== null && w <= MAX_ICON_SIZE) || (h !== null && h <= MAX_ICON_SIZE)) return true;
  if (ICON_CLASS.test(img.className) || AVATAR_ALT.test(img.alt)) return true;
  return ICON_PATH.test(img.src);
}

/** Dividers and thin banners (WeChat articles open with them): too far from a picture's shape. */
export function isStripShape(img: ImageFacts): boolean {
  const w = img.width ?? img.hintWidth ?? null;
  const h = img.height ?? img.hintHeight ?? null;
  const ratio = img.ratio ?? (w && h ? h / w : null);
  return ratio !== null && ratio > 0 && (ratio < 0.2 || ratio > 5);
}

/** Whether a body image may serve as headimg/thumbnail. */
export function isHeadImageCandidate(img: ImageFacts): boolean {
  return !isTrackingPixel(img) && isHeadImageCandidateInBody(img);
}

/** isHeadImageCandidate for an image the body pass kept: it removed tracking pixels already, so that check is skipped. */
export function isHeadImageCandidateInBody(img: ImageFacts): boolean {
  return !DATA_URL.test(img.src) && !isIconOrAvatar(img) && !isStripShape(img);
}

/** A positive number from an attribute value such as `640` or `0.5625`, else null. */
export function numberAttr(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = parseFloat(v);
  return Number.isFinite(n) && n > 0 ? n : null;
}
