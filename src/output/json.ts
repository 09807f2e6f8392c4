// The `json` output format: one `<name>.json` per item, for a site or a script that reads data files
// (Eleventy or Hugo data, a search index, another program).
import type { Post } from '../model.js';
import { DEFAULT_OUTPUT_DIRS } from './dirs.js';
import type { FormatParts } from './format.js';

/** The fields of a post as JSON; `date` in ISO 8601 UTC. Stable key order, so unchanged posts stay byte-identical. */
export function formatJsonPost(post: Post): string {
  const d = Number.isNaN(post.date.getTime()) ? new Date(0) : post.date;
  const item = {
    id: post.identity,
    guid: post.guid,
    title: post.title,
    date: d.toISOString(),
    categories: post.categories,
    author: post.author,
    image: post.image || null,
    link: post.link,
    html: post.html,
  };
  return `${JSON.stringify(item, null, 2)}\n`;
}

export const json: FormatParts = {
  name: 'json',
  defaultDir: DEFAULT_OUTPUT_DIRS.json,
  path: (_post, base) => `${base}.json`,
  text: (post) => formatJsonPost(post),
};
