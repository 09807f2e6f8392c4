// Section: images — images.mode download on a first pass (issue 18): every feed's items show pictures of the same
// local latency server, fetched by `feedmill run` under the one HTTP layer's per-host limit together with the feeds.
// Every request (feeds and pictures) goes to one host, so at most CONCURRENCY are in flight: the latency floor is
// Σ of all their latencies ÷ CONCURRENCY, and the goal is a wall time within 1.5× of it. A second pass must fetch
// no picture (all stored) and write no file.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeLater } from '../lib/util.mjs';
import { CONCURRENCY, filesWritten, runFeedmill, snapshot, startServer, tempDir } from '../e2e/harness.mjs';

function countFiles(dir) {
  let n = 0;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  } catch { /* none yet */ }
  return n;
}

function writeImagesConfig(dir, urls) {
  const lines = [
    '# written by bench/sections/images.mjs',
    'output:',
    '  dir: posts',
    'state: state.db',
    'images:',
    '  mode: download',
    '  dir: images',
    '  urlPrefix: /images',
    'fetch:',
    `  concurrency: ${CONCURRENCY}`,
    `  perHost: ${CONCURRENCY}`,
    '  timeout: 60s',
    'feeds:',
    ...urls.flatMap((u, i) => [`  - url: ${u}`, `    categories: [bench, site${i}]`]),
  ];
  const file = join(dir, 'feedmill.yml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export async function imagesSection(sz, log) {
  const server = await startServer({ feeds: sz.imagesFeeds, items: sz.imagesItems, itemBytes: 1500, latMin: 20, latMax: 50, images: sz.imagesPerItem });
  const work = tempDir('feedmill-bench-images-');
  try {
    const urls = Array.from({ length: sz.imagesFeeds }, (_, n) => server.url(n));
    const sum = (xs) => xs.reduce((s, x) => s + x, 0);
    const requests = server.latencies.length + server.imageLatencies.length;
    const floorMs = (sum(server.latencies) + sum(server.imageLatencies)) / CONCURRENCY;
    const cfg = writeImagesConfig(work, urls);
    const out = { feeds: sz.imagesFeeds, itemsPerFeed: sz.imagesItems, imagesPerItem: sz.imagesPerItem, concurrency: CONCURRENCY, requests, latencyFloorMs: floorMs };
    for (const pass of ['pass1', 'pass2']) {
      log(`images ${pass}: feedmill run over ${sz.imagesFeeds} feeds × ${sz.imagesItems} items × ${sz.imagesPerItem} pictures …`);
      await server.reset();
      const before = snapshot(work);
      const r = await runFeedmill(cfg, { timeoutMs: 1_200_000 });
      const after = snapshot(work);
      out[pass] = {
        ...r,
        posts: countFiles(join(work, 'posts')),
        imageFiles: countFiles(join(work, 'images')),
        // posts and pictures (the state file changes on every run and is not counted)
        filesWritten: filesWritten(
          new Map([...before].filter(([p]) => !p.includes('state.db'))),
          new Map([...after].filter(([p]) => !p.includes('state.db'))),
        ),
        served: await server.stats(),
        wallOverFloor: r.wallMs / floorMs,
      };
      log(`images ${pass}: ${Math.round(r.wallMs)} ms wall (floor ${Math.round(floorMs)} ms), ${out[pass].served.images} pictures served`);
    }
    return out;
  } finally {
    server.stop();
    removeLater(work);
  }
}
