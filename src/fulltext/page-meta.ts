// What a page says about itself in its head: title, lead image, canonical URL, language, description and a
// JSON-LD articleBody (used as hints by the extractor).
import { resolveUrl } from '../parse/urls.js';

export interface PageMeta {
  title: string | null;
  image: string | null;
  canonical: string | null;
  lang: string | null;
  description: string | null;
  /** JSON-LD `articleBody` of an Article/NewsArticle/BlogPosting, plain text */
  articleBody: string | null;
  /** `<base href>` resolved against the page URL, else the page URL */
  base: string;
}

function metaContent(doc: Document, ...keys: string[]): string | null {
  for (const key of keys) {
    const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

const ARTICLE_TYPES = /^(Article|NewsArticle|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|TechArticle|Report|WebPage|OpinionNewsArticle|LiveBlogPosting)$/;

interface LdArticle {
  body: string | null;
  image: string | null;
  headline: string | null;
}

/** The first article-like object in the page's JSON-LD blocks (top level, arrays and @graph). */
function jsonLdArticle(doc: Document): LdArticle {
  const found: LdArticle = { body: null, image: null, headline: null };
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue; // broken JSON-LD is common; it only ever gives hints
    }
    const queue: unknown[] = [data];
    while (queue.length > 0) {
      const x = queue.shift();
      if (Array.isArray(x)) queue.push(...x);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (Array.isArray(o['@graph'])) queue.push(...(o['@graph'] as unknown[]));
        const types = ([] as unknown[]).concat(o['@type'] ?? []);
        if (!types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) continue;
        if (!found.body && typeof o.articleBody === 'string' && o.articleBody.trim()) found.body = o.articleBody.trim();
        if (!found.headline && typeof o.headline === 'string') found.headline = o.headline.trim() || null;
        found.image ??= ldImage(o.image);
      }
    }
  }
  return found;
}

function ldImage(x: unknown): string | null {
  if (typeof x === 'string') return x || null;
  if (Array.isArray(x)) return x.length > 0 ? ldImage(x[0]) : null;
  if (x && typeof x === 'object') {
    const u = (x as Record<string, unknown>).url ?? (x as Record<string, unknown>).contentUrl;
    return typeof u === 'string' && u ? u : null;
  }
  return null;
}

export function readPageMeta(doc: Document, url: string): PageMeta {
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href');
  const base = baseHref ? resolveUrl(baseHref, url) : url;
  const abs = (u: string | null): string | null => (u ? resolveUrl(u, base) : null);
  const ld = jsonLdArticle(doc);
  const canonical = doc.querySelector('link[rel~="canonical"][href]')?.getAttribute('href') ?? metaContent(doc, 'og:url');
  const title = metaContent(doc, 'og:title', 'twitter:title') ?? ld.headline ?? (doc.querySelector('title')?.textContent?.trim() || null);
  const image = metaContent(doc, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ?? ld.image ?? doc.querySelector('link[rel="image_src"][href]')?.getAttribute('href') ?? null;
  const lang = doc.documentElement?.getAttribute('lang')?.trim() || metaContent(doc, 'og:locale', 'language', 'content-language');
  return {
    title,
    image: abs(image),
    canonical: abs(canonical),
    lang: lang ? lang.replace(/_/g, '-') : null,
    description: metaContent(doc, 'og:description', 'description', 'twitter:description'),
    articleBody: ld.body,
    base,
  };
}
