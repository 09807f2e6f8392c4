// The `jekyll` output format: `_posts/YYYY-MM-DD-<name>.md` (the date prefix Jekyll requires), YAML front
// matter with `layout: post`. The body is HTML, which kramdown passes through; its `{` and `}` are already
// entities (transform's Hexo escapes), so Liquid finds no tag in it.
import type { Post } from '../model.js';
import { dayInZone, jekyllDate, yamlFrontMatter } from './front-matter.js';
import { DEFAULT_OUTPUT_DIRS } from './dirs.js';
import type { FormatParts, PostWhen } from './format.js';

export function formatJekyllPost(post: Post): string {
  return (
    yamlFrontMatter([
      ['layout', 'post'],
      ['title', post.title],
      ['date', { timestamp: jekyllDate(post.date, post.timezone) }],
      ['categories', post.categories],
      ['author', post.author],
      ['image', post.image || undefined],
      ['source', post.link ?? undefined],
    ]) + `${post.html}\n`
  );
}

/** Jekyll reads a post's date and slug from its name: the base gets the post's day in front unless it has it. */
export function jekyllFileName(post: PostWhen, base: string): string {
  const day = dayInZone(post.date, post.timezone);
  return /^\d{4}-\d{2}-\d{2}-/.test(base) ? `${base}.md` : `${day}-${base}.md`;
}

export const jekyll: FormatParts = {
  name: 'jekyll',
  defaultDir: DEFAULT_OUTPUT_DIRS.jekyll,
  path: jekyllFileName,
  text: (post) => formatJekyllPost(post),
};
