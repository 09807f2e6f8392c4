// The article of a web page: a site rule's element when one matches, else Readability's pick, checked
// against the hints the page and the feed give (item summary, JSON-LD articleBody) and cleaned of page
// furniture. Pure: bytes in, article out, no I/O.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { coverage, findHintedBlock, shingles } from './anchor.js';
import { removeCaptions, removeFurniture, removeLinkListsAndDatelines } from './boilerplate.js';
import { decodePage } from './decode-page.js';
import { absolutizeUrls, fixLazyImages } from './dom-fixes.js';
import { readPageMeta, type PageMeta } from './page-meta.js';
import { plainText } from './plain-text.js';
import type { SiteRule } from './site-rules.js';

export interface ExtractOptions {
  /** the page's URL (after redirects): the base of relative URLs */
  url: string;
  /** HTTP Content-Type, for the charset */
  contentType?: string | null;
  /** the feed item's own summary or body (HTML or text): a hint of where the article is */
  summary?: string | null;
  /** a site rule for this page (see findRule) */
  rule?: SiteRule | null;
}

export interface ExtractedArticle {
  /** the article's HTML: absolute URLs, real image sources, no scripts or page furniture (not yet sanitized) */
  html: string;
  /** plain text, one paragraph per block */
  text: string;
  title: string | null;
  /** the page's lead image (og:image, twitter:image, JSON-LD image), else the article's first image; absolute */
  image: string | null;
  /** link rel=canonical, else og:url, else the page URL; absolute */
  canonical: string;
  lang: string | null;
  byline: string | null;
  /** how the article was found */
  method: 'rule' | 'readability' | 'hint' | 'json-ld';
}

/** Readability's pick must cover this share of a hint's text, else the hinted block is tried. */
const HINT_COVERAGE = 0.5;
const NOT_ARTICLE = 'script, style, noscript, template, form, button, input, select, textarea, svg';

// Never article text, and many DOM nodes: dropped from the markup before parsing, as every node costs
// linkedom an allocation (JSON-LD scripts stay: they hold hints).
const INERT_MARKUP = /<!--[\s\S]*?-->|<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<svg\b[^>]*>[\s\S]*?<\/svg\s*>/gi;

function parse(html: string): Document {
  const clean = html.replace(INERT_MARKUP, '');
  let doc = parseHTML(clean).document as unknown as Document;
  // linkedom builds no <html>/<body> for a fragment (or for text that is no HTML at all)
  if (!doc.documentElement || !doc.body) doc = parseHTML(`<!doctype html><html><head></head><body>${clean}</body></html>`).document as unknown as Document;
  // linkedom keeps the case of createElement('DIV') (Readability's wrappers), which then serialize as <DIV>
  const create = doc.createElement.bind(doc);
  doc.createElement = ((name: string, options?: ElementCreationOptions) => create(name.toLowerCase(), options)) as Document['createElement'];
  return doc;
}

function hintOf(summary: string | null | undefined, meta: PageMeta): Set<string> {
  if (summary) {
    const text = summary.replace(/<[^>]*>/g, ' ').replace(/&[#\w]+;/g, ' ');
    const s = shingles(text);
    if (s.size >= 3) return s;
  }
  return meta.articleBody ? shingles(meta.articleBody) : new Set();
}

function readability(doc: Document): { el: Element; byline: string | null } | null {
  try {
    const r = new Readability<Element>(doc, { keepClasses: true, serializer: (n) => n as Element }).parse();
    return r?.content ? { el: r.content, byline: r.byline ?? null } : null;
  } catch {
    return null; // a page Readability cannot walk has no article for us either; the feed's own body stays
  }
}

/** The rule's element; when its selector matches several (outermost only), all of them in page order. */
function fromRule(doc: Document, rule: SiteRule): Element | null {
  let found: Element[];
  try {
    found = [...doc.querySelectorAll(rule.selector)];
  } catch {
    return null; // an invalid selector: the generic way, as if there were no rule
  }
  const outer = found.filter((el) => !found.some((other) => other !== el && other.contains(el)));
  if (outer.length <= 1) return outer[0] ?? null;
  const div = doc.createElement('div');
  for (const el of outer) div.appendChild(el);
  return div;
}

/** An article from the JSON-LD articleBody alone (pages that render their text with scripts). */
function fromArticleBody(doc: Document, body: string): Element {
  const div = doc.createElement('div');
  for (const para of body.split(/\n\s*\n|\r?\n/)) {
    if (!para.trim()) continue;
    const p = doc.createElement('p');
    p.textContent = para.trim();
    div.appendChild(p);
  }
  return div;
}

function finish(el: Element, meta: PageMeta, byline: string | null, method: ExtractedArticle['method'], remove: readonly string[]): ExtractedArticle | null {
  for (const x of [...el.querySelectorAll(NOT_ARTICLE)]) x.remove();
  removeFurniture(el, remove);
  removeCaptions(el);
  if (method !== 'rule') removeLinkListsAndDatelines(el);
  fixLazyImages(el);
  absolutizeUrls(el, meta.base);
  for (const x of el.querySelectorAll('[class]')) x.removeAttribute('class');
  el.removeAttribute('class');
  const text = plainText(el);
  if (!text && !el.querySelector('img, video, iframe')) return null;
  const firstImg = el.querySelector('img[src]')?.getAttribute('src') ?? null;
  return {
    html: el.innerHTML.trim(),
    text,
    title: meta.title,
    image: meta.image ?? firstImg,
    canonical: meta.canonical ?? meta.base,
    lang: meta.lang,
    byline,
    method,
  };
}

/** The article of a page, or null when it holds none; never throws (the feed's own body then stays). */
export function extractArticle(input: Uint8Array | string, opts: ExtractOptions): ExtractedArticle | null {
  try {
    return extract(input, opts);
  } catch {
    return null; // a page that trips the DOM library costs its article, never the run
  }
}

function extract(input: Uint8Array | string, opts: ExtractOptions): ExtractedArticle | null {
  const { text: html } = decodePage(input, opts.contentType);
  const doc = parse(html);
  const meta = readPageMeta(doc, opts.url);
  fixLazyImages(doc);

  if (opts.rule) {
    const el = fromRule(doc, opts.rule);
    if (el) {
      const found = finish(el, meta, null, 'rule', opts.rule.remove);
      if (found) return found;
    }
  }
  const hint = hintOf(opts.summary, meta);
  const picked = readability(doc); // Readability takes the document apart: hints look at a fresh one
  const pickedText = picked ? plainText(picked.el) : '';
  if (hint.size > 0 && coverage(hint, pickedText) < HINT_COVERAGE) {
    const fresh = parse(html);
    fixLazyImages(fresh);
    const block = findHintedBlock(fresh, hint);
    if (block) {
      const sub = parse(`<!doctype html><html><head><title></title></head><body>${block.outerHTML}</body></html>`);
      const again = readability(sub);
      const el = again && coverage(hint, plainText(again.el)) > coverage(hint, pickedText) ? again.el : block;
      if (coverage(hint, plainText(el)) > coverage(hint, pickedText)) return finish(el, meta, picked?.byline ?? null, 'hint', []);
    }
    if (meta.articleBody && pickedText.length < meta.articleBody.length * 0.3) {
      return finish(fromArticleBody(fresh, meta.articleBody), meta, picked?.byline ?? null, 'json-ld', []);
    }
  }
  return picked ? finish(picked.el, meta, picked.byline, 'readability', []) : null;
}
