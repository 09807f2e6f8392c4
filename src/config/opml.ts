// OPML (the subscription list every feed reader speaks): folders of outlines ⇄ feeds with categories.
import { Parser } from 'htmlparser2';

export interface OpmlFeed {
  url: string;
  /** the outline's text/title */
  title?: string;
  htmlUrl?: string;
  /** names of the enclosing folders, outermost first */
  categories: string[];
}

export interface OpmlDocument {
  title: string | null;
  feeds: OpmlFeed[];
}

/** Reads OPML 1.0/2.0. Nested outlines without xmlUrl are folders; their names become categories. */
export function parseOpml(text: string): OpmlDocument {
  const feeds: OpmlFeed[] = [];
  // one entry per open <outline>: the folder name, or null for feeds and nameless folders
  const stack: Array<string | null> = [];
  let title: string | null = null;
  let inHeadTitle = false;
  let sawOpml = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = name.toLowerCase();
        if (tag === 'opml') sawOpml = true;
        if (tag === 'title' && stack.length === 0) inHeadTitle = true;
        if (tag !== 'outline') return;
        const attr = (k: string): string | undefined => {
          for (const [key, v] of Object.entries(attrs)) if (key.toLowerCase() === k) return v.trim() || undefined;
          return undefined;
        };
        const xmlUrl = attr('xmlurl');
        const label = attr('text') ?? attr('title');
        if (xmlUrl) {
          let categories = stack.filter((s): s is string => s !== null);
          const categoryAttr = attr('category');
          if (categories.length === 0 && categoryAttr) {
            // OPML 2.0 category attribute: comma-separated slash paths; the first path is the folder
            categories = categoryAttr.split(',')[0]!.split('/').map((s) => s.trim()).filter(Boolean);
          }
          const feed: OpmlFeed = { url: xmlUrl, categories };
          const t = attr('title') ?? attr('text');
          if (t) feed.title = t;
          const htmlUrl = attr('htmlurl');
          if (htmlUrl) feed.htmlUrl = htmlUrl;
          feeds.push(feed);
          stack.push(null);
        } else {
          stack.push(label ?? null);
        }
      },
      ontext(data) {
        if (inHeadTitle) title = (title ?? '') + data;
      },
      onclosetag(name) {
        const tag = name.toLowerCase();
        if (tag === 'title') inHeadTitle = false;
        if (tag === 'outline') stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(text.replace(/^\uFEFF/, ''));
  parser.end();
  if (!sawOpml) throw new Error('not an OPML file (no <opml> element)');
  return { title: title === null ? null : (title as string).trim() || null, feeds };
}

function escapeAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;')
    // characters XML 1.0 cannot hold at all
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

interface Folder {
  name: string;
  children: Array<Folder | OpmlFeed>;
}

/** OPML 2.0 with categories as nested outlines (folders in first-seen order, feeds in given order). */
export function buildOpml(feeds: OpmlFeed[], opts: { title?: string } = {}): string {
  const root: Folder = { name: '', children: [] };
  for (const feed of feeds) {
    let folder = root;
    for (const name of feed.categories) {
      let next = folder.children.find((c): c is Folder => 'children' in c && c.name === name);
      if (!next) {
        next = { name, children: [] };
        folder.children.push(next);
      }
      folder = next;
    }
    folder.children.push(feed);
  }
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeAttr(opts.title ?? 'feedmill subscriptions')}</title>`,
    '  </head>',
    '  <body>',
  ];
  const walk = (folder: Folder, depth: number) => {
    const pad = '  '.repeat(depth);
    for (const child of folder.children) {
      if ('children' in child) {
        lines.push(`${pad}<outline text="${escapeAttr(child.name)}" title="${escapeAttr(child.name)}">`);
        walk(child, depth + 1);
        lines.push(`${pad}</outline>`);
      } else {
        const label = child.title ?? child.categories[child.categories.length - 1] ?? child.url;
        const html = child.htmlUrl ? ` htmlUrl="${escapeAttr(child.htmlUrl)}"` : '';
        lines.push(
          `${pad}<outline type="rss" text="${escapeAttr(label)}" title="${escapeAttr(label)}" xmlUrl="${escapeAttr(child.url)}"${html}/>`,
        );
      }
    }
  };
  walk(root, 2);
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}
