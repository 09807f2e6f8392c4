// `feedmill sync`: makes a site's folder of posts match what workers kept in the store. New posts are written,
// changed ones rewritten in place, posts of items gone from the store removed — only files that sync wrote
// (its manifest, `.feedmill-sync.json`, remembers them with their hash). A post whose file the user deleted is
// not written again. Running it twice writes nothing the second time.
import { readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from 'node:crypto';
import type { Config, ItemRecord, Store } from './model.js';
import { openStore } from './store/index.js';
import { removeTempDir, writeFileAtomic } from './output/write.js';

export const MANIFEST = '.feedmill-sync.json';

export interface SyncOptions {
  /** the site's folder of posts (default: output.dir) */
  dir?: string;
  /** only these feeds (keys as in the config: the url, or rsshub:route) */
  feeds?: string[];
  /** only posts in one of these categories */
  categories?: string[];
  /** an already-open store; otherwise config.state is opened and closed here */
  store?: Store;
}

export interface SyncSummary {
  written: number;
  rewritten: number;
  removed: number;
  unchanged: number;
  /** posts whose file the user deleted, or a file sync did not write in the way: left alone */
  leftAlone: number;
  /** posts in the store without a kept text (written by `run`, not by a worker) */
  withoutText: number;
}

interface Manifest {
  version: 1;
  /** file → sha256 of the text sync wrote */
  files: Record<string, string>;
}

const PAGE = 1000;
const sha256 = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

export async function sync(config: Config, opts: SyncOptions = {}): Promise<SyncSummary> {
  const dir = opts.dir ?? config.output.dir;
  const store = opts.store ?? (await openStore(config.state));
  const summary: SyncSummary = { written: 0, rewritten: 0, removed: 0, unchanged: 0, leftAlone: 0, withoutText: 0 };
  try {
    const manifest = await readManifest(dir);
    const wanted = await selectedPosts(store, opts);
    const next: Manifest = { version: 1, files: {} };
    try {
      for (const batch of chunks([...wanted.values()], 50)) {
        await Promise.all(batch.map((item) => syncOne(item, dir, store, manifest, next, summary)));
      }
      for (const [file, written] of Object.entries(manifest.files)) {
        if (wanted.has(file)) continue;
        // gone from the store (or from this site's selection): remove it unless the user changed it since
        const path = join(dir, file);
        const bytes = await readFile(path).catch(() => null);
        if (bytes && sha256(bytes) !== written) {
          summary.leftAlone++;
          continue;
        }
        await rm(path, { force: true });
        if (bytes) summary.removed++;
      }
    } finally {
      // what was done is remembered even when a write failed half-way
      await writeFileAtomic(join(dir, MANIFEST), JSON.stringify(next, null, 1) + '\n');
      removeTempDir(dir);
    }
    return summary;
  } finally {
    if (!opts.store) await store.close();
  }
}

async function syncOne(item: ItemRecord, dir: string, store: Store, manifest: Manifest, next: Manifest, summary: SyncSummary): Promise<void> {
  const path = join(dir, item.file);
  const written = manifest.files[item.file];
  // contentHash is the hash of the post's text: an unchanged post costs no read of its text
  if (written === item.contentHash && existsSync(path)) {
    next.files[item.file] = written;
    summary.unchanged++;
    return;
  }
  if (written !== undefined && !existsSync(path)) {
    // the user deleted the post: never bring it back
    next.files[item.file] = written;
    summary.leftAlone++;
    return;
  }
  const text = await store.getPostText(item.identity);
  if (text === null) {
    summary.withoutText++;
    return;
  }
  const textHash = sha256(text);
  const onDisk = await readFile(path).catch(() => null);
  if (onDisk && sha256(onDisk) === textHash) {
    next.files[item.file] = textHash;
    summary.unchanged++;
    return;
  }
  if (onDisk && written === undefined) {
    // a file sync did not write holds the name (the user's, or `run`'s): keep it
    summary.leftAlone++;
    return;
  }
  await writeFileAtomic(path, text);
  next.files[item.file] = textHash;
  if (onDisk) summary.rewritten++;
  else summary.written++;
}

/** The selected posts by file name: every written post, or those of the given feeds / categories. */
async function selectedPosts(store: Store, opts: SyncOptions): Promise<Map<string, ItemRecord>> {
  const queries: Array<{ feedKey?: string; category?: string }> = [
    ...(opts.feeds ?? []).map((feedKey) => ({ feedKey })),
    ...(opts.categories ?? []).map((category) => ({ category })),
  ];
  if (queries.length === 0) queries.push({});
  const out = new Map<string, ItemRecord>();
  for (const q of queries) {
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.listPosts({ ...q, offset, limit: PAGE });
      for (const item of page.items) out.set(item.file, item);
      if (page.items.length < PAGE) break;
    }
  }
  return out;
}

async function readManifest(dir: string): Promise<Manifest> {
  try {
    const m = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
    if (m && m.version === 1 && typeof m.files === 'object') return m;
  } catch {
    // none yet (or unreadable: then every file is treated as not written by sync, and none is removed)
  }
  return { version: 1, files: {} };
}

function* chunks<T>(list: T[], n: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += n) yield list.slice(i, i + n);
}
