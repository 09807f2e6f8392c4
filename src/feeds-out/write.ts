// Puts feeds out on disk: each file atomically, and only when its text changed (an unchanged site stays untouched).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FeedsOutConfig } from '../model.js';
import { removeTempDir, writeFileAtomic } from '../output/write.js';
import { renderFeedsOut } from './index.js';
import type { PublishedPost } from './model.js';

/** Writes the feeds of `posts`; returns the absolute paths of the files that changed. */
export async function writeFeedsOut(posts: readonly PublishedPost[], config: FeedsOutConfig, timezone: string): Promise<string[]> {
  const changed: string[] = [];
  const dirs = new Set<string>();
  for (const file of renderFeedsOut(posts, config, timezone)) {
    const path = join(config.dir, file.path);
    const old = await readFile(path, 'utf8').catch(() => null);
    if (old === file.text) continue;
    await writeFileAtomic(path, file.text);
    dirs.add(dirname(path));
    changed.push(path);
  }
  for (const dir of dirs) removeTempDir(dir);
  return changed;
}
