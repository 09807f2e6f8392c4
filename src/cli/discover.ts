// Feed discovery for `feedmill add`: a URL that is a feed is taken as it is; a web page is searched for
// <link rel="alternate"> feeds, then the usual paths (/feed, /rss, /atom.xml, /index.xml, /feed.xml) are tried.
import { Parser } from 'htmlparser2';
import type { Http, HttpConfig } from '../fetch/http.js';

export interface FoundFeed {
  url: string;
  title: string | null;
  type: string | null;
  via: 'self' | 'link' | 'probe';
}

export interface Discovery {
  pageUrl: string;
  siteTitle: string | null;
  feeds: FoundFeed[];
}

export interface DiscoverOptions {
  /** the `fetch:` settings (timeout, maxBytes, userAgent, proxy …); defaults suit a one-off look */
  fetch?: Partial<HttpConfig>;
  /** an HTTP layer to use instead of a one-off one */
  http?: Http;
}

export const COMMON_FEED_PATHS = ['/feed', '/rss', '/atom.xml', '/index.xml', '/feed.xml'];

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/x.atom+xml',
  'application/x-atom+xml',
  'application/x-rss+xml',
]);
// Generic types that are feeds only when the link says so (WordPress also links its JSON API this way).
const MAYBE_FEED_TYPES = new Set(['application/json', 'application/xml', 'text/xml']);

interface Fetched {
  url: string;
  contentType: string | null;
  text: string;
}

const PAGE_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, text/html;q=0.9, */*;q=0.5';

/** Runs `fn` with the caller's HTTP layer, or a one-off one closed afterwards. */
async function withHttp<T>(opts: DiscoverOptions, fn: (http: Http) => Promise<T>): Promise<T> {
  if (opts.http) return fn(opts.http);
  const { createHttp } = await import('../fetch/http.js');
  const http = createHttp({ timeout: 15_000, connectTimeout: 10_000, maxBytes: 10 * 1024 * 1024, perHost: 2, retries: 0, userAgent: 'feedmill', ...opts.fetch });
  try {
    return await fn(http);
  } finally {
    await http.close();
  }
}

/** A page or feed as text, or the one-line reason it could not be had. */
async function get(http: Http, url: string): Promise<Fetched | { error: string }> {
  const res = await http.get(url, { accept: PAGE_ACCEPT });
  if (res.kind === 'error') return { error: res.reason };
  if (res.kind === 'not-modified') return { error: 'HTTP 304 without validators' };
  return { url: res.url, contentType: res.contentType, text: await decodeText(res.body, res.contentType) };
}

/** Bytes → text with the parser's charset rules (BOM, HTTP charset, declarations, sniffing). */
async function decodeText(bytes: Buffer, contentType: string | null): Promise<string> {
  try {
    const { decodeBytes } = await import('../parse/decode.js');
    return decodeBytes(bytes, contentType).text;
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Whether a body is a feed (RSS, RDF, Atom or JSON Feed) rather than a page. */
export function sniffFeed(text: string): 'rss' | 'atom' | 'rdf' | 'json' | null {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{')) {
    try {
      const j = JSON.parse(t) as { version?: unknown; items?: unknown };
      if (typeof j.version === 'string' && j.version.includes('jsonfeed.org')) return 'json';
      return null;
    } catch {
      return null;
    }
  }
  // skip the XML declaration, comments, processing instructions and a doctype
  const head = t.slice(0, 4096).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '').trimStart();
  const m = /^<([A-Za-z_][\w:.-]*)/.exec(head);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  if (name === 'rss') return 'rss';
  if (name === 'feed' || name.endsWith(':feed')) return 'atom';
  if (name === 'rdf:rdf' || name.endsWith(':rdf')) return 'rdf';
  return null;
}

/** A feed's own title, from the parser when it can read it, else from the first <title>. */
async function feedTitle(text: string, url: string): Promise<string | null> {
  try {
    const { parseFeed } = await import('../parse/index.js');
    const doc = parseFeed(text, { url });
    if (doc.title) return doc.title;
  } catch {
    // fall through to the plain look
  }
  if (text.trimStart().startsWith('{')) {
    try {
      const t = (JSON.parse(text) as { title?: unknown }).title;
      return typeof t === 'string' && t.trim() ? t.trim() : null;
    } catch {
      return null;
    }
  }
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
  return m ? decodeBasic(m[1]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')).trim() || null : null;
}

function decodeBasic(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

export interface PageLinks {
  title: string | null;
  siteName: string | null;
  base: string | null;
  alternates: Array<{ href: string; type: string; title: string | null }>;
}

/** The page's title, og:site_name, <base href> and its feed <link>s. */
export function scanPage(html: string): PageLinks {
  const out: PageLinks = { title: null, siteName: null, base: null, alternates: [] };
  let inTitle = false;
  let title = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title' && out.title === null) inTitle = true;
        if (name === 'base' && attrs.href && out.base === null) out.base = attrs.href;
        if (name === 'meta' && (attrs.property === 'og:site_name' || attrs.name === 'og:site_name') && attrs.content) {
          out.siteName = attrs.content.trim();
        }
        if (name === 'link') {
          const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
          const type = (attrs.type ?? '').toLowerCase().split(';')[0]!.trim();
          const href = attrs.href?.trim();
          if (!href || !rel.includes('alternate')) return;
          const linkTitle = attrs.title?.trim() || null;
          const maybe = MAYBE_FEED_TYPES.has(type) && /feed|rss|atom/i.test(`${href} ${linkTitle ?? ''}`);
          if (FEED_TYPES.has(type) || maybe) out.alternates.push({ href, type, title: linkTitle });
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          out.title = title.replace(/\s+/g, ' ').trim() || null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return out;
}

export function discoverFeeds(pageUrl: string, opts: DiscoverOptions = {}): Promise<Discovery> {
  return withHttp(opts, async (http) => {
    const page = await get(http, pageUrl);
    if ('error' in page) throw new Error(`cannot fetch ${pageUrl}: ${page.error}`);
    const kind = sniffFeed(page.text);
    if (kind) {
      const title = await feedTitle(page.text, page.url);
      return { pageUrl: page.url, siteTitle: title, feeds: [{ url: page.url, title, type: kind, via: 'self' }] };
    }
    const links = scanPage(page.text);
    const base = links.base ? safeUrl(links.base, page.url) ?? page.url : page.url;
    const feeds: FoundFeed[] = [];
    const seen = new Set<string>();
    for (const alt of links.alternates) {
      const url = safeUrl(alt.href, base);
      if (!url || seen.has(url)) continue;
      seen.add(url);
      feeds.push({ url, title: alt.title, type: alt.type, via: 'link' });
    }
    if (feeds.length === 0) {
      const origin = new URL(page.url).origin;
      for (const path of COMMON_FEED_PATHS) {
        const res = await get(http, `${origin}${path}`);
        if ('error' in res) continue;
        const found = sniffFeed(res.text);
        if (found && !seen.has(res.url)) {
          seen.add(res.url);
          feeds.push({ url: res.url, title: await feedTitle(res.text, res.url), type: found, via: 'probe' });
        }
      }
    }
    return { pageUrl: page.url, siteTitle: links.siteName ?? links.title, feeds };
  });
}

/** Fetches a feed URL to read its title (for categories); null when it is not reachable or not a feed. */
export function fetchFeedTitle(url: string, opts: DiscoverOptions = {}): Promise<string | null> {
  return withHttp(opts, async (http) => {
    const res = await get(http, url);
    if ('error' in res || !sniffFeed(res.text)) return null;
    return feedTitle(res.text, res.url);
  });
}

function safeUrl(href: string, base: string): string | null {
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
