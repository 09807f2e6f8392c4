// Builders for transform/output tests: entries, feeds, sources and contexts with sensible defaults.
import type { Entry, FeedDocument, Source } from '../../src/model.js';
import type { TransformContext } from '../../src/transform/index.js';
import { DEFAULT_IFRAME_HOSTS } from '../../src/transform/sanitize/allowlist.js';
import { sourceFor } from '../helpers.js';

export function makeEntry(over: Partial<Entry> = {}): Entry {
  return {
    id: 'https://example.com/posts/1',
    title: 'A title',
    link: 'https://example.com/posts/1',
    published: '2022-01-27T10:09:07.000Z',
    updated: null,
    authors: [],
    categories: [],
    summary: null,
    content: '<p>Body text</p>',
    enclosures: [],
    image: null,
    ...over,
  };
}

export function makeFeed(over: Partial<FeedDocument> = {}): FeedDocument {
  return {
    format: 'rss',
    version: '2.0',
    title: 'Example Feed',
    link: 'https://example.com/',
    feedUrl: 'https://example.com/feed.xml',
    description: null,
    language: null,
    image: null,
    updated: null,
    authors: [],
    items: [],
    bozo: false,
    ...over,
  };
}

export function makeSource(over: Partial<Source> = {}): Source {
  return sourceFor('https://example.com/feed.xml', { categories: ['新媒体', '观察者网', '头条'], limit: 20, ...over });
}

export function makeCtx(over: { proxy?: string; linksNewTab?: boolean; stripTracking?: boolean; iframeHosts?: string[]; firstSeen?: number } = {}): TransformContext {
  return {
    images: {
      placeholder: 'https://picsum.photos/400/300?random={n}',
      mode: over.proxy !== undefined ? 'proxy' : 'keep',
      dir: '/site/source/images/feedmill',
      urlPrefix: '/images/feedmill',
      referers: {},
      maxBytes: 10 * 1024 * 1024,
      maxPixels: 50_000_000,
      ...(over.proxy !== undefined ? { proxy: over.proxy } : {}),
    },
    content: { stripTracking: over.stripTracking ?? true, linksNewTab: over.linksNewTab ?? false, iframeHosts: over.iframeHosts ?? [...DEFAULT_IFRAME_HOSTS] },
    firstSeen: over.firstSeen ?? Date.UTC(2023, 0, 2, 3, 4, 5),
  };
}

/** The YAML between the post's `---` lines, as Hexo's front-matter reader takes it. */
export function frontMatter(post: string): string {
  const m = /^\n?---\n([\s\S]*?)\n---\n/.exec(post);
  if (!m) throw new Error('no front matter');
  return m[1]!;
}

/** The body between `<div>   \n` and `  \n</div>\n            `. */
export function bodyOf(post: string): string {
  const start = post.indexOf('\n---\n\n<div>   \n');
  if (start < 0) throw new Error('no body');
  const inner = post.slice(start + '\n---\n\n<div>   \n'.length);
  if (!inner.endsWith('  \n</div>\n            ')) throw new Error('bad body tail');
  return inner.slice(0, -'  \n</div>\n            '.length);
}
