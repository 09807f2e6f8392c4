// The `hexo` output format: the seed system's post layout, byte for byte (see DESIGN.md and
// test/fixtures/seed/expected-post.md). Pure formatting; the file step lives in write.ts.
import type { Post } from '../model.js';
import { plainOrQuoted, singleQuoted } from './yaml-scalar.js';

export interface HexoFormatOptions {
  dateStyle: 'rfc1123' | 'local';
}

/** `Thu, 27 Jan 2022 10:09:07 GMT` (rfc1123) or `2022-01-27 18:09:07` in `timezone` (local). */
export function formatPostDate(date: Date, style: 'rfc1123' | 'local', timezone: string): string {
  const d = Number.isNaN(date.getTime()) ? new Date(0) : date;
  if (style === 'rfc1123') return d.toUTCString();
  return formatLocal(d, timezone);
}

function formatLocal(d: Date, timezone: string): string {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone || 'UTC',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return formatLocal(d, 'UTC');
  }
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(d)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
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
    `thumbnail: ${image}\n` +
    '---\n\n' +
    `<div>   \n${post.html}  \n</div>\n            `
  );
}
