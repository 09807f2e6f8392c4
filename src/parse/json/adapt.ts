// A JSON Feed object as the model: items, authors (1.0's `author` and 1.1's `authors`), attachments.
import type { Entry, FeedDocument, Person } from '../../model.js';
import { parseDate, type DateContext } from '../dates.js';
import { textToHtml } from '../html-text.js';
import { resolveUrl } from '../urls.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const strOrNum = (v: unknown): string | null => (typeof v === 'number' && Number.isFinite(v) ? String(v) : str(v)?.trim() ?? null);

function versionOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /(\d+(?:\.\d+)?)\/?\s*$/.exec(v.trim());
  if (!m) return null;
  return m[1] === '1' ? '1.0' : m[1];
}

function persons(o: Record<string, unknown>, base: string | null): Person[] {
  const out: Person[] = [];
  const add = (a: unknown): void => {
    if (!a || typeof a !== 'object') return;
    const r = a as Record<string, unknown>;
    const url = str(r.url);
    const p: Person = { name: str(r.name)?.trim() ?? null, email: null, url: url ? resolveUrl(url, base) : null };
    if (url && /^mailto:/i.test(url)) {
      p.email = url.slice(7);
      p.url = null;
    }
    if (p.name || p.url || p.email) out.push(p);
  };
  if (Array.isArray(o.authors)) o.authors.forEach(add);
  else add(o.author);
  return out;
}

export function buildJsonFeed(o: Record<string, unknown>, url: string | null, dateCtx: DateContext): FeedDocument {
  const home = str(o.home_page_url);
  const feedUrl = str(o.feed_url);
  const link = home ? resolveUrl(home, url) : null;
  const base = url ?? link;
  const language = str(o.language);
  const ctx: DateContext = { timezone: dateCtx.timezone, language: language ?? dateCtx.language };
  const items: Entry[] = [];
  let bozo = false;
  const rawItems = Array.isArray(o.items) ? o.items : [];
  if (!Array.isArray(o.items)) bozo = true;
  for (const raw of rawItems) {
    if (!raw || typeof raw !== 'object') {
      bozo = true;
      continue;
    }
    const r = raw as Record<string, unknown>;
    const itemUrl = str(r.url) ?? str(r.external_url);
    const itemLink = itemUrl ? resolveUrl(itemUrl, base) : null;
    const html = str(r.content_html);
    const text = str(r.content_text);
    const image = str(r.image) ?? str(r.banner_image);
    const enclosures = Array.isArray(r.attachments)
      ? r.attachments.flatMap((a: unknown) => {
          if (!a || typeof a !== 'object') return [];
          const at = a as Record<string, unknown>;
          const u = str(at.url);
          if (!u) return [];
          const len = typeof at.size_in_bytes === 'number' && Number.isFinite(at.size_in_bytes) ? at.size_in_bytes : null;
          return [{ url: resolveUrl(u, base), type: str(at.mime_type), length: len }];
        })
      : [];
    let imageUrl = image ? resolveUrl(image, base) : null;
    if (!imageUrl) for (const e of enclosures) if (e.type?.startsWith('image/')) { imageUrl = e.url; break; }
    const authors = persons(r, base);
    items.push({
      id: strOrNum(r.id),
      title: str(r.title)?.trim() ?? null,
      link: itemLink,
      published: parseDate(str(r.date_published), ctx),
      updated: parseDate(str(r.date_modified), ctx),
      authors: authors.length ? authors : [],
      categories: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim()) : [],
      summary: str(r.summary),
      content: html ?? (text ? textToHtml(text) : null),
      enclosures,
      image: imageUrl,
    });
  }
  const icon = str(o.icon) ?? str(o.favicon);
  return {
    format: 'json',
    version: versionOf(o.version),
    title: str(o.title)?.trim() ?? null,
    link,
    feedUrl: feedUrl ? resolveUrl(feedUrl, url) : null,
    description: str(o.description),
    language,
    image: icon ? resolveUrl(icon, base) : null,
    updated: null,
    authors: persons(o, base),
    items,
    bozo,
  };
}
