// Section 3: scale — many feeds in one run (peak memory, per-feed cost at two sizes) and the
// state store at 1,000 vs 1,000,000 items (per-item cost).
import { join } from 'node:path';
import { mkdirSync, readdirSync } from 'node:fs';
import { benchDir, firstLine, removeLater, runMeasured } from '../lib/util.mjs';
import { CONCURRENCY, runFeedmill, startServer, tempDir, writeConfig } from '../e2e/harness.mjs';

export async function scaleFeedsSection(sz, log) {
  const server = await startServer({ feeds: sz.scaleFeeds, items: sz.scaleItems, itemBytes: 400, latMin: 2, latMax: 6 });
  const work = tempDir('feedmill-bench-scale-');
  try {
    const out = { itemsPerFeed: sz.scaleItems, runs: {} };
    // the small run first, then the big one: per-feed cost and peak memory side by side
    for (const n of [sz.scaleSmallFeeds, sz.scaleFeeds].filter((x) => x > 0)) {
      log(`scale: feedmill run over ${n} feeds …`);
      const dir = join(work, `n${n}`);
      mkdirSync(dir, { recursive: true });
      const cfg = writeConfig(dir, Array.from({ length: n }, (_, i) => server.url(i)), { concurrency: CONCURRENCY });
      await server.reset();
      const r = await runFeedmill(cfg, { timeoutMs: 1_200_000 });
      let posts = 0;
      try { posts = readdirSync(join(dir, 'posts')).length; } catch { /* none */ }
      out.runs[n] = { feeds: n, ...r, posts, served: await server.stats(), cpuMsPerFeed: r.cpuMs / n, wallMsPerFeed: r.wallMs / n };
    }
    return out;
  } finally {
    server.stop();
    removeLater(work);
  }
}

export async function storeSection(sz, log) {
  log(`store: ${sz.storeSmall.toLocaleString('en')} vs ${sz.storeLarge.toLocaleString('en')} items …`);
  const r = await runMeasured(join(benchDir, 'store-scale-child.mjs'), [JSON.stringify({ small: sz.storeSmall, large: sz.storeLarge, ops: sz.storeOps, rounds: sz.storeRounds })], { nodeArgs: ['--expose-gc'], timeoutMs: 1_200_000 });
  if (r.code !== 0) throw new Error(`store-scale-child.mjs: ${firstLine(r.stderr)}`);
  return { ...JSON.parse(r.stdout), peakRssMiB: r.peakRssMiB, wallMs: r.wallMs };
}
