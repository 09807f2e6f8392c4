// `feedmill parse --json FILE...`: one JSON line per file in the contract of conformance/feed.schema.json,
// or {"error": "..."}. Per-file hints (contentType, url) come from the JSON file named by FEED_HINTS.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Entry, FeedDocument, Person } from '../model.js';

interface Hint {
  contentType?: string;
  url?: string;
}

async function loadHints(): Promise<Record<string, Hint>> {
  const file = process.env.FEED_HINTS;
  if (!file) return {};
  try {
    const obj = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return obj && typeof obj === 'object' ? (obj as Record<string, Hint>) : {};
  } catch {
    return {};
  }
}

const person = (p: Person): Person => ({ name: p.name, email: p.email, url: p.url });

function entryJson(e: Entry): Entry {
  return {
    id: e.id, title: e.title, link: e.link, published: e.published, updated: e.updated,
    authors: e.authors.map(person), categories: e.categories, summary: e.summary, content: e.content,
    enclosures: e.enclosures.map((x) => ({ url: x.url, type: x.type, length: x.length })), image: e.image,
  };
}

/** Only the contract's fields (drops contentBase, bozoReason, encoding). */
export function feedToContractJson(d: FeedDocument): Omit<FeedDocument, 'bozoReason' | 'encoding'> {
  return {
    format: d.format, version: d.version, title: d.title, link: d.link, feedUrl: d.feedUrl,
    description: d.description, language: d.language, image: d.image, updated: d.updated,
    authors: d.authors.map(person), items: d.items.map(entryJson), bozo: d.bozo,
  };
}

export async function parseJsonCommand(files: string[], opts: { out?: NodeJS.WritableStream } = {}): Promise<number> {
  const out = opts.out ?? process.stdout;
  const hints = await loadHints();
  const { parseFeed } = await import('../parse/index.js');
  let buf = '';
  for (const f of files) {
    const abs = resolve(f);
    const hint = hints[abs] ?? hints[f] ?? {};
    let line: string;
    try {
      const bytes = await readFile(abs);
      const doc = parseFeed(bytes, { contentType: hint.contentType, url: hint.url });
      line = JSON.stringify(feedToContractJson(doc));
    } catch (err) {
      line = JSON.stringify({ error: err instanceof Error ? err.message.split('\n')[0] : String(err) });
    }
    buf += line + '\n';
    if (buf.length > 1 << 16) {
      out.write(buf);
      buf = '';
    }
  }
  if (buf) out.write(buf);
  return 0;
}
