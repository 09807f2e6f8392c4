// The `hugo` output format: `content/posts/<name>.html` by default (dir), YAML front matter with Hugo's own
// keys (title, date, draft, categories, images). The body stays HTML: Hugo renders `.html` content as it is,
// while raw HTML in a `.md` file is dropped unless the site sets `markup.goldmark.renderer.unsafe`.
import type { Post } from '../model.js';
import { isoInZone, yamlFrontMatter } from './front-matter.js';
import { DEFAULT_OUTPUT_DIRS } from './dirs.js';
import type { FormatParts } from './format.js';

export function formatHugoPost(post: Post): string {
  return (
    yamlFrontMatter([
      ['title', post.title],
      ['date', { timestamp: isoInZone(post.date, post.timezone) }],
      ['draft', false],
      ['categories', post.categories],
      ['author', post.author],
      ['images', post.image ? [post.image] : []],
      ['source', post.link ?? undefined],
    ]) + `${post.html}\n`
  );
}

export const hugo: FormatParts = {
  name: 'hugo',
  defaultDir: DEFAULT_OUTPUT_DIRS.hugo,
  path: (_post, base) => `${base}.html`,
  text: (post) => formatHugoPost(post),
};
