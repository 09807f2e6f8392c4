// Pruning old posts: their files go, their items become tombstones in the store, so a feed that still lists
// them never brings them back.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ItemRecord, Store } from '../model.js';

export interface PruneRule {
  /** posts dated before this (epoch ms) */
  before?: number;
  /** the newest this many posts are kept */
  keep?: number;
}

export interface PrunedPosts {
  posts: ItemRecord[];
  /** files that were already gone (deleted by hand): their items become tombstones all the same */
  missing: number;
}

const PAGE = 1000;
const BATCH = 500;

/** The posts a rule selects, newest first: every given condition must hold (keep is a floor). */
export async function postsToPrune(store: Store, rule: PruneRule): Promise<ItemRecord[]> {
  const out: ItemRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listPosts({ offset, limit: PAGE });
    page.items.forEach((item, i) => {
      const beyondKeep = rule.keep === undefined || offset + i >= rule.keep;
      const old = rule.before === undefined || (item.meta?.date ?? item.firstSeen) < rule.before;
      if (beyondKeep && old) out.push(item);
    });
    if (page.items.length < PAGE) return out;
  }
}

/** Deletes the posts' files, then makes their items tombstones, in batches (a crash between leaves a rerun to finish). */
export async function prunePosts(store: Store, outputDir: string, posts: ItemRecord[]): Promise<PrunedPosts> {
  let missing = 0;
  for (let i = 0; i < posts.length; i += BATCH) {
    const batch = posts.slice(i, i + BATCH);
    for (const post of batch) {
      try {
        await rm(join(outputDir, post.file));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot delete ${post.file}: ${(err as Error).message}`);
        missing++;
      }
    }
    await store.pruneItems(batch.map((p) => p.identity));
  }
  return { posts, missing };
}
