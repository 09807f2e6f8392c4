// One feed thread of a run (feed-threads.ts): refreshFeed for each feed index it is handed, the report back.
import { parentPort, workerData } from 'node:worker_threads';
import type { FeedHealth } from '../model.js';
import type { ThreadSettings } from './feed-threads.js';
import { useLeanHeap } from './lean-heap.js';
import { createFetcher } from '../fetch/index.js';
import { openStore } from '../store/index.js';
import { PostDir } from '../output/post-dir.js';
import { refreshFeed, report, type FeedContext } from '../refresh.js';

const settings = workerData as ThreadSettings;
// a thread starts with Node's own V8 flags again
if (settings.leanHeap) useLeanHeap();
const { config, sources } = settings;
const stop = new AbortController();
const fetcher = createFetcher(config.fetch);
const ready = (async (): Promise<FeedContext> => {
  const store = await openStore(config.state);
  const articles = config.feeds.some((f) => f.fulltext !== undefined) ? new (await import('../fulltext/fetching.js')).ArticleRun(config.fulltext) : undefined;
  return { config, store, fetcher, posts: new PostDir(config.output.dir), force: settings.force, signal: stop.signal, articles };
})();

parentPort!.on('message', async (m: { index?: number; health?: FeedHealth | null; abort?: boolean; close?: boolean }) => {
  if (m.abort) return stop.abort();
  if (m.close) {
    const ctx = await ready.catch(() => null);
    await fetcher.close();
    await ctx?.store.close();
    return parentPort!.close();
  }
  const source = sources[m.index!]!;
  let r;
  try {
    r = await refreshFeed(source, { ...(await ready), health: m.health ?? null });
  } catch (err) {
    // a bug, a disk error or a store that will not open costs this feed, not the run
    r = report(source, 'failed', `internal error: ${(err as Error).message ?? String(err)}`);
  }
  parentPort!.postMessage({ index: m.index, report: r });
});
