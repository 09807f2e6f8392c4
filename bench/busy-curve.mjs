// How much main-thread work per feed a first-pass wall goal leaves room for, on this machine: the floor program
// (e2e/floor-client.mjs) over the e2e server's 1,000 feeds × 30 items, with x ms of busy main thread added per
// feed, alternating over the values given. Prints wall ÷ latency floor against main busy ÷ latency floor.
//   node bench/busy-curve.mjs [reps=2] [extra ms per feed …]   (default 0 0.7 1.4 2)
// Posts are written into a temp folder removed only at the end (see README: ext4 after mass deletes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONCURRENCY, latencyFloorMs, startServer } from './e2e/harness.mjs';
import { benchDir, median, removeDeferred, removeLater, runMeasured, tempDir } from './lib/util.mjs';

const [repsArg = '2', ...extraArgs] = process.argv.slice(2);
const reps = Number(repsArg);
const extras = extraArgs.length > 0 ? extraArgs.map(Number) : [0, 0.7, 1.4, 2];
const server = await startServer();
const work = tempDir('feedmill-busy-');
try {
  const urlsFile = join(work, 'urls.json');
  writeFileSync(urlsFile, JSON.stringify(Array.from({ length: server.latencies.length }, (_, n) => server.url(n))));
  const floor = latencyFloorMs(server.latencies, CONCURRENCY);
  const runs = new Map(extras.map((x) => [x, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const x of rep % 2 ? [...extras].reverse() : extras) {
      await server.reset();
      const out = join(work, `out-${rep}-${x}`);
      mkdirSync(out);
      const r = await runMeasured(join(benchDir, 'e2e', 'floor-client.mjs'), [urlsFile, String(CONCURRENCY), out, '2000'], { env: { FLOOR_EXTRA_MS: String(x) } });
      if (r.code !== 0) throw new Error(`floor program exited ${r.code}: ${r.stderr.slice(0, 200)}`);
      runs.get(x).push(r);
    }
  }
  process.stdout.write(`latency floor ${floor.toFixed(0)} ms; medians of ${reps}\nextra ms/feed  main busy ÷ floor  wall ÷ floor\n`);
  for (const [x, rs] of runs) {
    const busy = median(rs.map((r) => r.loopActiveMs)) / floor;
    const wall = median(rs.map((r) => r.wallMs)) / floor;
    process.stdout.write(`${x.toFixed(1).padStart(13)}  ${busy.toFixed(2).padStart(16)}  ${wall.toFixed(2).padStart(12)}\n`);
  }
} finally {
  server.stop();
  removeLater(work);
  removeDeferred();
}
