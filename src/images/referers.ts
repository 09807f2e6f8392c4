// The request headers for an image: a browser-like Accept, and the Referer its host requires.
//
// Hosts that refuse pictures without their own site as Referer (hotlink protection), as checked against the
// hosts' behaviour reported by feed readers and image proxies:
//   sinaimg.cn         Weibo: 403 without a weibo.com Referer (an empty Referer stopped working in 2023)
//   mmbiz.qpic.cn      WeChat: a "not allowed" picture for foreign Referers
//   zhimg.com          Zhihu: rejects non-Zhihu Referers
//   cdnfile.sspai.com  sspai
//   hdslb.com          bilibili (i0/i1/i2.hdslb.com covers and pictures)
//   i.pximg.net        pixiv: 403 without a pixiv Referer
//   cdninstagram.com   Instagram
//   doubanio.com       Douban: 403 for some pictures without a douban.com Referer
// A host matches itself and its subdomains. Config `images.referers` entries win over this table; `article`
// sends the post's own link, `none` sends no Referer (also what unlisted hosts get).
export const BUILT_IN_REFERERS: Readonly<Record<string, string>> = {
  'sinaimg.cn': 'https://weibo.com/',
  'mmbiz.qpic.cn': 'https://mp.weixin.qq.com/',
  'zhimg.com': 'https://www.zhihu.com/',
  'cdnfile.sspai.com': 'https://sspai.com/',
  'hdslb.com': 'https://www.bilibili.com/',
  'i.pximg.net': 'https://www.pixiv.net/',
  'cdninstagram.com': 'https://www.instagram.com/',
  'doubanio.com': 'https://www.douban.com/',
};

export const IMAGE_ACCEPT = 'image/avif,image/webp,image/*,*/*;q=0.8';

/** The rule of the longest host suffix that matches, from the overrides first, then the built-in table. */
function ruleFor(host: string, table: Readonly<Record<string, string>>): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const [key, rule] of Object.entries(table)) {
    const k = key.toLowerCase().replace(/^\*?\./, '');
    if ((host === k || host.endsWith(`.${k}`)) && k.length > bestLength) {
      best = rule;
      bestLength = k.length;
    }
  }
  return best;
}

/** The Referer to send for `imageUrl`, or null for none. */
export function refererFor(imageUrl: string, articleUrl: string | null, overrides: Readonly<Record<string, string>>): string | null {
  let host: string;
  try {
    host = new URL(imageUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
  const rule = ruleFor(host, overrides) ?? ruleFor(host, BUILT_IN_REFERERS) ?? 'none';
  if (rule === 'none') return null;
  if (rule === 'article') return articleUrl !== null && /^https?:\/\//i.test(articleUrl) ? articleUrl : null;
  return rule;
}

export function imageRequestHeaders(imageUrl: string, articleUrl: string | null, overrides: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = { accept: IMAGE_ACCEPT };
  const referer = refererFor(imageUrl, articleUrl, overrides);
  if (referer !== null) headers['referer'] = referer;
  return headers;
}
