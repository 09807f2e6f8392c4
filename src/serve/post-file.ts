// A written post as pages show it: its text (kept in the store, else the file under output.dir), split into
// the front matter (YAML) and the body HTML.
import { readFile } from 'node:fs/promises';
import { relative, resolve, isAbsolute } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Config, ItemRecord, Store } from '../model.js';

export interface PostText {
  /** the front matter's fields in file order, or null when it does not parse */
  fields: Array<[string, unknown]> | null;
  /** the front matter as written */
  frontMatter: string;
  body: string;
}

export type PostLookup =
  | { kind: 'found'; item: ItemRecord; text: PostText; source: 'store' | 'file' }
  | { kind: 'no-text'; item: ItemRecord; reason: string }
  | { kind: 'unknown' };

export async function findPost(store: Store, identity: string): Promise<ItemRecord | null> {
  const [item] = await store.findItems([{ identity, guid: null, link: null }]);
  return item && item.identity === identity ? item : null;
}

export async function loadPost(config: Config, store: Store, identity: string): Promise<PostLookup> {
  const item = await findPost(store, identity);
  if (!item) return { kind: 'unknown' };
  const kept = await store.getPostText(identity);
  if (kept !== null) return { kind: 'found', item, text: splitPost(kept), source: 'store' };
  const path = resolve(config.output.dir, item.file);
  const rel = relative(config.output.dir, path);
  // the file name comes from the store: never read outside the posts' folder
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { kind: 'no-text', item, reason: `the post's file name ${item.file} points outside ${config.output.dir}` };
  try {
    return { kind: 'found', item, text: splitPost(await readFile(path, 'utf8')), source: 'file' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { kind: 'no-text', item, reason: code === 'ENOENT' ? `the post file ${path} is missing` : `cannot read ${path}: ${(err as Error).message}` };
  }
}

/** Front matter between the first two `---` lines (the seed format starts with an empty line), then the body. */
export function splitPost(text: string): PostText {
  const m = /^\s*---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { fields: null, frontMatter: '', body: text };
  const frontMatter = m[1]!;
  let fields: Array<[string, unknown]> | null = null;
  try {
    const data: unknown = parseYaml(frontMatter);
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) fields = Object.entries(data);
  } catch {
    fields = null;
  }
  return { fields, frontMatter, body: text.slice(m[0].length) };
}
