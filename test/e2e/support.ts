// Shared pieces of the end-to-end tests: a loopback feed server, tiny feed builders,
// folder snapshots and the CLI's summary counts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Served {
  body: string | Buffer;
  type?: string;
  status?: number;
  /** extra response headers, e.g. content-encoding for a pre-compressed body */
  headers?: Record<string, string>;
}

/** An HTTP server on 127.0.0.1 (port 0) whose answers the test changes between runs. */
export class FeedServer {
  readonly files = new Map<string, Served>();
  /** every request path, in order */
  readonly hits: string[] = [];
  private server: Server | null = null;
  private base = '';

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0]!;
      this.hits.push(path);
      const f = this.files.get(path);
      if (!f) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(f.status ?? 200, { 'content-type': f.type ?? 'application/rss+xml; charset=utf-8', ...f.headers });
      res.end(f.body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(path: string): string {
    return this.base + path;
  }

  set(path: string, body: string | Buffer, type?: string, status?: number): string {
    this.files.set(path, { body, type, status });
    return this.url(path);
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

export interface RssItem {
  title: string;
  guid?: string;
  link?: string;
  html: string;
  /** RFC 822 date */
  date?: string;
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document shaped like RSSHub's output (bodies entity-escaped, so any HTML fits). */
export function rss(title: string, link: string, items: RssItem[]): string {
  const body = items
    .map((it) =>
      [
        '    <item>',
        `      <title>${xmlEscape(it.title)}</title>`,
        `      <description>${xmlEscape(it.html)}</description>`,
        it.date ? `      <pubDate>${it.date}</pubDate>` : '',
        it.guid ? `      <guid isPermaLink="false">${xmlEscape(it.guid)}</guid>` : '',
        it.link ? `      <link>${xmlEscape(it.link)}</link>` : '',
        '    </item>',
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${xmlEscape(title)}</title>
    <link>${xmlEscape(link)}</link>
    <description>${xmlEscape(title)}</description>
${body}
  </channel>
</rss>
`;
}

export interface FileState {
  text: string;
  mtimeMs: number;
}

/** name → content and mtime of every file in a folder (recursively, names relative to it). */
export function snapshot(dir: string): Map<string, FileState> {
  const out = new Map<string, FileState>();
  const walk = (sub: string): void => {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub));
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      const st = statSync(join(dir, rel));
      if (st.isDirectory()) walk(rel);
      else out.set(rel, { text: readFileSync(join(dir, rel), 'utf8'), mtimeMs: st.mtimeMs });
    }
  };
  walk('');
  return out;
}

/** The post whose front matter has this exact `title:` line value (as written, quotes included). */
export function findByTitle(snap: Map<string, FileState>, needle: string): [string, FileState][] {
  return [...snap].filter(([, f]) => frontMatterOf(f.text).includes(needle));
}

export function frontMatterOf(text: string): string {
  const m = /^\n?---\n([\s\S]*?)\n---\n/.exec(text);
  return m ? m[1]! : '';
}

/** Body HTML of a post (what follows the front matter). */
export function bodyOf(text: string): string {
  const m = /^\n?---\n[\s\S]*?\n---\n/.exec(text);
  return m ? text.slice(m[0].length) : text;
}

/** Totals from the CLI's run summary line, e.g. `5 feeds · 14 new · 0 updated · 0 failed · 1.2s` (src/cli/summary.ts). */
export function summaryCounts(stdout: string): { newPosts: number; updatedPosts: number; failed: number } | null {
  const m = /(\d+) feeds? · (\d+) new · (\d+) updated · (\d+) failed/.exec(stdout);
  return m ? { newPosts: Number(m[2]), updatedPosts: Number(m[3]), failed: Number(m[4]) } : null;
}
