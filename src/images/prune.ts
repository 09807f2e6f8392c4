// `feedmill prune --images`: downloaded files that no post file names any more (posts deleted, images replaced,
// thumbnail size changed), and temporary files a crashed run left. A file is in use when its name — the sha256
// with its extension or thumbnail size — appears in any file under the posts' folders.
import { readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TEMP_SUFFIX } from './files.js';

export interface PruneResult {
  /** absolute paths of the files no post references (removed when `remove` was set) */
  unused: string[];
  /** their total size */
  bytes: number;
}

const FILE_NAME = /[0-9a-f]{64}(?:-\d+x\d+)?\.[a-z0-9]+/g;
// a temporary file this young may belong to a run in progress
const TEMP_GRACE_MS = 60 * 60 * 1000;

async function* filesUnder(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(path);
    else if (e.isFile()) yield path;
  }
}

/** Names of image files referenced by any file under `postsDirs`. */
async function referencedNames(postsDirs: string[]): Promise<Set<string>> {
  const names = new Set<string>();
  for (const dir of postsDirs) {
    for await (const path of filesUnder(dir)) {
      const text = await readFile(path, 'latin1'); // the names are ASCII; no need to decode the rest
      for (const m of text.matchAll(FILE_NAME)) names.add(m[0]);
    }
  }
  return names;
}

export async function pruneImages(imagesDir: string, postsDirs: string[], opts: { remove?: boolean; now?: number } = {}): Promise<PruneResult> {
  const used = await referencedNames(postsDirs);
  const now = opts.now ?? Date.now();
  const unused: string[] = [];
  let bytes = 0;
  for await (const path of filesUnder(imagesDir)) {
    const name = basename(path);
    const info = await stat(path);
    if (name.endsWith(TEMP_SUFFIX) ? now - info.mtimeMs < TEMP_GRACE_MS : used.has(name)) continue;
    unused.push(path);
    bytes += info.size;
  }
  if (opts.remove) {
    for (const path of unused) await unlink(path).catch(() => undefined);
    // the two-hex folders left empty
    const subdirs = await readdir(imagesDir, { withFileTypes: true }).catch(() => []);
    for (const d of subdirs) if (d.isDirectory()) await rmdir(join(imagesDir, d.name)).catch(() => undefined);
  }
  return { unused, bytes };
}
