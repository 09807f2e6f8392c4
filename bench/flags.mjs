// One build of feedmill under several sets of node flags, alternating which goes first, on the e2e server:
// for owners checking a V8 or Node flag before `src/cli/batch-v8.ts` sets it (a flag given to node wins over it).
//   node bench/flags.mjs <304|first> <reps> [--feeds N] '' '--interrupt-budget=270336' '--no-liftoff-only' …
// 304: one first pass, then `reps` all-304 passes under each set over that state. first: `reps` first passes
// under each set, each into a fresh folder. '' is the build as it ships. --feeds: the first N of the server's
// 1,000 feeds (a small run shows what every run pays once).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONCURRENCY, latencyFloorMs, runFeedmill, startServer, writeConfig } from './e2e/harness.mjs';
import { median, removeDeferred, removeLater, tempDir } from './lib/util.mjs';

const [mode, repsArg, ...rest] = process.argv.slice(2);
const feedsAt = rest.indexOf('--feeds');
const feeds = feedsAt >= 0 ? Number(rest[feedsAt + 1]) : 1000;
const sets = feedsAt >= 0 ? rest.filter((_, i) => i !== feedsAt && i !== feedsAt + 1) : rest;
if (!['304', 'first'].includes(mode) || !(Number(repsArg) > 0) || !(feeds >= 1) || sets.length === 0) {
  process.stderr.write("usage: node bench/flags.mjs <304|first> <reps> [--feeds N] '<flags>' ['<flags>' …]\n");
  process.exit(2);
}
const server = await startServer();
const work = tempDir('feedmill-flags-');
const urls = Array.from({ length: Math.min(feeds, server.latencies.length) }, (_, n) => server.url(n));
const floor = latencyFloorMs(server.latencies.slice(0, urls.length), CONCURRENCY);
const results = sets.map(() => []);
try {
  const stateDir = join(work, 'state');
  mkdirSync(stateDir);
  const shared = writeConfig(stateDir, urls, { concurrency: CONCURRENCY });
  if (mode === '304') await runFeedmill(shared);
  let fresh = 0;
  for (let rep = 0; rep < Number(repsArg); rep++) {
    for (let k = 0; k < sets.length; k++) {
      const i = (k + rep) % sets.length;
      let cfg = shared;
      if (mode === 'first') {
        const dir = join(work, `first-${fresh++}`);
        mkdirSync(dir);
        cfg = writeConfig(dir, urls, { concurrency: CONCURRENCY });
      }
      await server.reset();
      const r = await runFeedmill(cfg, { nodeArgs: sets[i] ? sets[i].split(' ') : [] });
      if (r.error) throw new Error(`${sets[i] || '(as shipped)'}: ${r.error}`);
      results[i].push(r);
    }
  }
} finally {
  server.stop();
  // nothing was deleted while measuring (see README: ext4 after mass deletes); now everything goes, or a few
  // runs fill a tmpfs TMPDIR with gigabytes and slow the machine down
  removeLater(work);
  removeDeferred();
}
sets.forEach((set, i) => {
  const m = (k) => median(results[i].map((r) => r[k]));
  process.stdout.write(
    `${(set || '(as shipped)').padEnd(36)} wall ${m('wallMs').toFixed(0)} ms (${(m('wallMs') / floor).toFixed(2)}× floor), CPU ${m('cpuMs').toFixed(0)} ms, ` +
      `main busy ${m('loopActiveMs').toFixed(0)} ms, peak ${m('peakRssMiB').toFixed(1)} MiB  [CPU ${results[i].map((r) => r.cpuMs.toFixed(0)).join(' ')}]\n`,
  );
});
