// The `markdown` output format: `<name>.md` with plain YAML front matter and the body converted to Markdown
// by turndown, for any tool that reads Markdown (Obsidian, MkDocs, Eleventy, a git repository as an archive).
import { createRequire } from 'node:module';
import type TurndownService from 'turndown';
import type { Post } from '../model.js';
import { isoInZone, yamlFrontMatter } from './front-matter.js';
import { DEFAULT_OUTPUT_DIRS } from './dirs.js';
import type { FormatParts } from './format.js';

let service: TurndownService | undefined;
const requireCjs = createRequire(import.meta.url);

// turndown (and the DOM it brings) is loaded by the first Markdown post: runs without this format never pay for it.
function turndown(): TurndownService {
  if (!service) {
    const Turndown = requireCjs('turndown') as typeof TurndownService;
    service = new Turndown({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
    // embedded players have no Markdown form: keep them as HTML, which Markdown allows
    service.keep(['iframe', 'video', 'audio']);
  }
  return service;
}

/** The body as Markdown (Hexo's `&#123;` and `&#10;` escapes read back as `{` and line breaks). */
export function htmlToMarkdown(html: string): string {
  return turndown().turndown(html).trim();
}

export function formatMarkdownPost(post: Post): string {
  return (
    yamlFrontMatter([
      ['title', post.title],
      ['date', { timestamp: isoInZone(post.date, post.timezone) }],
      ['categories', post.categories],
      ['author', post.author],
      ['image', post.image || undefined],
      ['link', post.link],
    ]) + `\n${htmlToMarkdown(post.html)}\n`
  );
}

export const markdown: FormatParts = {
  name: 'markdown',
  defaultDir: DEFAULT_OUTPUT_DIRS.markdown,
  path: (_post, base) => `${base}.md`,
  text: (post) => formatMarkdownPost(post),
};
