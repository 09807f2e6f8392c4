// Post file names from a template ({title} {hash} {date} {id}): safe on every file system, unique.
import { hash } from 'node:crypto';
import type { Post } from '../model.js';
import { formatLocal } from './hexo.js';
import { uniqueFileName } from './unique-name.js';

export { uniqueFileName } from './unique-name.js';

export const DEFAULT_FILENAME_TEMPLATE = '{date}-{hash}';
const MAX_NAME = 120;
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** Short stable hex hash of the item identity. One-shot: a Hash object per post cost 65 ms per 30,000 posts. */
export function identityHash(identity: string, length = 10): string {
  return hash('sha256', identity, 'hex').slice(0, length);
}

function dateInZone(date: Date, timezone: string): string {
  const d = Number.isNaN(date.getTime()) ? new Date(0) : date;
  return formatLocal(d, timezone).slice(0, 10);
}

/** Letters and digits of any script kept (the user asked for the title), everything else → `-`. */
function titleSlug(title: string): string {
  return title.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
}

/** ASCII slug of the identity (usually a URL) without its scheme. */
function idSlug(identity: string): string {
  return identity.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(-80).replace(/^-+/, '');
}

/** Path separators, control and shell/Windows-unsafe characters removed; no leading dot; bounded length. */
function cleanName(name: string): string {
  let n = name
    .replace(/[\u0000-\u001F\u007F-\u009F/\\:*?"<>|#%&{}$!'`@=+^~;,[\]\s]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-.]+$/g, ''); // Hexo skips source files whose name starts with `_` or `.`
  // cut by UTF-8 bytes, never inside a character
  while (Buffer.byteLength(n) > MAX_NAME) n = Array.from(n).slice(0, -1).join('');
  n = n.replace(/[-.]+$/, '');
  if (WINDOWS_RESERVED.test(n)) n = `${n}_`;
  return n;
}

/** The post's name without `.md` and without a uniqueness suffix. */
export function postFileBase(post: Post, template: string): string {
  const hash = identityHash(post.identity);
  const tpl = template && template.trim() !== '' ? template : DEFAULT_FILENAME_TEMPLATE;
  const filled = tpl.replace(/\{(\w+)\}/g, (_m, key: string) => {
    switch (key) {
      case 'date': return dateInZone(post.date, post.timezone);
      case 'hash': return hash;
      case 'title': return titleSlug(post.title) || hash;
      case 'id': return idSlug(post.identity) || hash;
      default: return '';
    }
  }).replace(/\.md$/i, '');
  return cleanName(filled) || hash;
}

/** `name.md` for the post, unique according to `taken` (which gets full `name.md` strings). */
export function postFileName(post: Post, template: string, taken: (name: string) => boolean): string {
  return uniqueFileName(postFileBase(post, template), taken);
}
