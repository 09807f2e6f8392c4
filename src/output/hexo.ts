// The `hexo` output format: the seed system's post layout, byte for byte (see DESIGN.md and
// test/fixtures/seed/expected-post.md). Pure formatting; the file step lives in write.ts.
import type { Post } from '../model.js';
import { plainOrQuoted, singleQuoted } from './yaml-scalar.js';
import { zoneOffsetAt } from '../parse/dates.js';

export interface HexoFormatOptions {
  dateStyle: 'rfc1123' | 'local';
}

/** `Thu, 27 Jan 2022 10:09:07 GMT` (rfc1123) or `2022-01-27 18:09:07` in `timezone` (local). */
export function formatPostDate(date: Date, style: 'rfc1123' | 'local', timezone: string): string {
  const d = Number.isNaN(date.getTime()) ? new Date(0) : date;
  if (style === 'rfc1123') return d.toUTCString();
  return formatLocal(d, timezone);
}

/** `YYYY-MM-DD HH:MM:SS` of an instant in an IANA zone (UTC when the zone is unknown). */
export function formatLocal(d: Date, timezone: string): string {
  // zoneOffsetAt keeps one formatter per zone and one offset per day: a new Intl.DateTimeFormat per post cost
  // seconds and hundreds of MiB of native memory on large runs
  const offset = timezone && timezone !== 'UTC' ? zoneOffsetAt(timezone, d.getTime()) || 0 : 0;
  return new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The whole post file. No newline at the very end, as in the seed. */
export function formatHexoPost(post: Post, opts: HexoFormatOptions): string {
  const image = singleQuoted(post.image);
  const categories = post.categories.length === 0
    ? 'categories: []\n'
    : 'categories: \n' + post.categories.map((c) => ` - ${plainOrQuoted(c)}\n`).join('');
  return (
    '\n---\n' +
    `title: ${singleQuoted(post.title)}\n` +
    categories +
    `headimg: ${image}\n` +
    `author: ${plainOrQuoted(post.author)}\n` +
    'comments: false\n' +
    `date: ${formatPostDate(post.date, opts.dateStyle, post.timezone)}\n` +
    `thumbnail: ${post.thumbnail === undefined ? image : singleQuoted(post.thumbnail)}\n` +
    '---\n\n' +
    `<div>   \n${post.html}  \n</div>\n            `
  );
}
