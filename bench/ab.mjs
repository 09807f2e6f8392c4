// Two builds of feedmill side by side on the e2e server, alternating which goes first: for owners checking
// that a change pays before it lands (the full bench compares feedmill with other tools, not with itself).
//   node bench/ab.mjs <A/bin/feedmill.js> <B/bin/feedmill.js> [304|first] [reps=9]
// 304: one first pass with each, then `reps` all-304 passes of each over its own state. first: `reps` first
// passes of each, each into a fresh folder. Each run's line also gives its user and system CPU and minor page
// faults. A copy of a build is `cp -r bin dist data package.json <dir>` plus a node_modules symlink. Folders of
// posts are removed only at the end (see README: ext4 after mass deletes). The last line pairs the two runs of each
// rep: on a machine whose speed drifts, the median of those ratios says more than the ratio of the medians.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONCURRENCY, startServer, writeConfig } from './e2e/harness.mjs';
import { median, removeDeferred, removeLater, runMeasured, tempDir } from './lib/util.mjs';

const [A, B, mode = '304', repsArg = '9'] = process.argv.slice(2);
if (!A || !B || !['304', 'first'].includes(mode)) {
  process.stderr.write('usage: node bench/ab.mjs <A/bin/feedmill.js> <B/bin/feedmill.js> [304|first] [reps]\n');
  process.exit(2);
}
const reps = Number(repsArg);
const [binA, binB] = [resolve(A), resolve(B)];
const server = await startServer();
const work = tempDir('feedmill-ab-');
const urls = Array.from({ length: server.latencies.length }, (_, n) => server.url(n));
const runs = { A: [], B: [] };
try {
  // 304: each build over its own state (two builds may keep their state in different schemas), made by one first pass
  const shared = {};
  if (mode === '304') {
    for (const [k, bin] of [['A', binA], ['B', binB]]) {
      const dir = join(work, `${k}-state`);
      mkdirSync(dir);
      shared[k] = writeConfig(dir, urls, { concurrency: CONCURRENCY });
      await runMeasured(bin, ['run', '-c', shared[k], '-q']);
    }
  }
  for (let i = 0; i < reps; i++) {
    for (const [k, bin] of i % 2 ? [['B', binB], ['A', binA]] : [['A', binA], ['B', binB]]) {
      await server.reset();
      let cfg = shared[k];
      if (!cfg) {
        const dir = join(work, `${k}-${i}`);
        mkdirSync(dir);
        cfg = writeConfig(dir, urls, { concurrency: CONCURRENCY });
      }
      const r = await runMeasured(bin, ['run', '-c', cfg, '-q']);
      r.serverCpuMs = (await server.stats()).cpuMs;
      if (r.code !== 0) process.stderr.write(`${k} exited ${r.code}: ${r.stderr.slice(0, 300)}\n`);
      runs[k].push(r);
      process.stdout.write(`${k} wall ${r.wallMs.toFixed(0)} ms, CPU ${r.cpuMs.toFixed(0)} ms, main busy ${r.loopActiveMs.toFixed(0)} ms, workers busy ${r.workerActiveMs.toFixed(0)} ms, peak ${r.peakRssMiB.toFixed(1)} MiB, server CPU ${r.serverCpuMs.toFixed(0)} ms, user ${r.userMs.toFixed(0)} sys ${r.sysMs.toFixed(0)} minflt ${r.minflt}\n`);
    }
  }
  const med = (k, f) => median(runs[k].map((r) => r[f]));
  for (const k of ['A', 'B']) {
    process.stdout.write(`${k} median of ${reps}: wall ${med(k, 'wallMs').toFixed(0)} ms, CPU ${med(k, 'cpuMs').toFixed(0)} ms, main busy ${med(k, 'loopActiveMs').toFixed(0)} ms, workers busy ${med(k, 'workerActiveMs').toFixed(0)} ms, peak ${med(k, 'peakRssMiB').toFixed(1)} MiB\n`);
  }
  process.stdout.write(`B ÷ A: wall ${(med('B', 'wallMs') / med('A', 'wallMs')).toFixed(3)}, CPU ${(med('B', 'cpuMs') / med('A', 'cpuMs')).toFixed(3)}\n`);
  // each rep's two runs are back to back: their ratio is spared the machine's drift across the reps
  const paired = (f) => median(runs.A.map((a, i) => runs.B[i][f] / a[f]));
  const spread = (f) => runs.A.map((a, i) => runs.B[i][f] / a[f]).sort((x, y) => x - y);
  const span = (f) => `${spread(f)[0].toFixed(2)}–${spread(f).at(-1).toFixed(2)}`;
  process.stdout.write(`B ÷ A, median of each rep's ratio: wall ${paired('wallMs').toFixed(3)} (${span('wallMs')}), CPU ${paired('cpuMs').toFixed(3)} (${span('cpuMs')}), workers busy ${paired('workerActiveMs').toFixed(3)}\n`);
} finally {
  server.stop();
  removeLater(work);
  removeDeferred();
}
