// Profiling helper for the owners of the misses (not part of `npm run bench`):
//   node bench/profile.mjs parse <dataset> [passes]     CPU profile of feedmill parseFeed on a data set
//   node bench/profile.mjs top <file.cpuprofile> [n]     top self-time functions of any .cpuprofile
//   node bench/profile.mjs e2e [feeds] [items]           CPU profiles of `feedmill run` (each thread), first and all-304 pass,
//                                                        against the bench's feed server (20–50 ms latency)
//   node bench/profile.mjs passes [feeds] [n] [-- flags]  a first pass and n all-304 passes under node flags (WRAP: a command to run them under)
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Session } from 'node:inspector/promises';
import { repoRoot, tempDir } from './lib/util.mjs';

export function topFunctions(profile, n = 25) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const dt = profile.timeDeltas;
  const counts = new Map();
  for (let i = 0; i < profile.samples.length; i++) counts.set(profile.samples[i], (counts.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  let total = 0;
  for (const [id, us] of counts) {
    const node = byId.get(id);
    const cf = node.callFrame;
    const where = cf.url ? `${relative(repoRoot, cf.url.replace('file://', ''))}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => ({ fn: k, ms: us / 1000, pct: (100 * us) / total }));
}

/**
 * Self time by where it is spent: each sample goes to the nearest frame in feedmill's own code (its folder under
 * src/, or its file for files directly in src/), else to undici when undici is on the stack, else to the sampled
 * function itself (garbage collector, idle, Node's internals).
 */
export function byModule(profile, n = 20) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const memo = new Map();
  const place = (id) => {
    if (memo.has(id)) return memo.get(id);
    let found = null;
    for (let cur = id; cur !== undefined && found === null; cur = parent.get(cur)) {
      const url = byId.get(cur).callFrame.url;
      const ours = /dist\/src\/([^/]+(?:\/[^/.]+)?)/.exec(url);
      if (ours) found = ours[1].replace(/\.js$/, '');
      else if (url.includes('node_modules/undici/')) found = 'undici';
    }
    found ??= byId.get(id).callFrame.functionName || '(anonymous)';
    memo.set(id, found);
    return found;
  };
  const ms = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    ms.set(place(id), (ms.get(place(id)) ?? 0) + us);
    total += us;
  });
  return [...ms.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => ({ fn: k, ms: us / 1000, pct: (100 * us) / total }));
}

function print(rows) {
  for (const r of rows) process.stdout.write(`${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(1).padStart(8)} ms  ${r.fn}\n`);
}

const [cmd, arg, extra] = process.argv.slice(2);
if (cmd === 'top') {
  print(topFunctions(JSON.parse(readFileSync(arg, 'utf8')), Number(extra) || 25));
} else if (cmd === 'parse') {
  process.env.BENCH_CACHE ??= tempDir('feedmill-bench-cache-');
  const { loadDataset } = await import('./lib/datasets.mjs');
  const { CONTENDERS } = await import('./parsers/contenders.mjs');
  const c = CONTENDERS.feedmill;
  await c.load();
  const docs = loadDataset(arg ?? 'real', { synthMB: 5, synthItems: 2000 });
  for (const d of docs) c.touch(c.parse(d)); // warm-up
  const s = new Session();
  s.connect();
  await s.post('Profiler.enable');
  await s.post('Profiler.setSamplingInterval', { interval: 100 });
  await s.post('Profiler.start');
  const t0 = performance.now();
  const passes = Number(extra) || 5;
  for (let p = 0; p < passes; p++) for (const d of docs) c.touch(c.parse(d));
  const ms = performance.now() - t0;
  const { profile } = await s.post('Profiler.stop');
  const bytes = docs.reduce((a, d) => a + d.buf.length, 0);
  process.stdout.write(`${arg}: ${(bytes * passes / 1e6 / (ms / 1000)).toFixed(1)} MB/s under the profiler\n`);
  print(topFunctions(profile, 30));
} else if (cmd === 'e2e') {
  const { spawnSync } = await import('node:child_process');
  const { mkdirSync } = await import('node:fs');
  const { startServer, writeConfig } = await import('./e2e/harness.mjs');
  const { binPath, rmrf } = await import('./lib/util.mjs');
  const feeds = Number(arg) || 1000;
  const server = await startServer({ feeds, items: Number(extra) || 30, itemBytes: 1500, latMin: 20, latMax: 50 });
  const dir = tempDir('feedmill-bench-prof-');
  try {
    mkdirSync(join(dir, 'prof'));
    const cfg = writeConfig(dir, Array.from({ length: feeds }, (_, n) => server.url(n)));
    for (const pass of ['first', 'all-304']) {
      const profDir = join(dir, 'prof', pass);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, binPath, 'run', '-c', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
      process.stdout.write(`\n== ${pass} pass: exit ${r.status}, ${(performance.now() - t0).toFixed(0)} ms wall ${r.stderr.toString().trim().split('\n')[0] ?? ''}\n`);
      // one profile per thread: the main thread, and on a first pass the document worker
      for (const file of readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
        const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
        const urls = profile.nodes.map((x) => x.callFrame.url).join(' ');
        const thread = urls.includes('stage/thread.js') ? 'document worker' : 'main thread';
        process.stdout.write(`-- ${thread} (${file})\n`);
        print(topFunctions(profile, thread === 'main thread' ? 30 : 20));
        process.stdout.write(`-- ${thread}, by module\n`);
        print(byModule(profile));
      }
    }
  } finally {
    server.stop();
    if (process.env.KEEP_PROFILES) process.stdout.write(`profiles kept in ${join(dir, 'prof')}\n`);
    else rmrf(dir);
  }
} else if (cmd === 'mem') {
  // one first pass with the memory sampler; node flags after `--` (e.g. -- --max-semi-space-size=4)
  await runPasses(Number(arg) || 1000, 0, [...nodeFlags(), '--import', join(repoRoot, 'bench', 'lib', 'mem-sampler.mjs')], []);
} else if (cmd === 'passes') {
  // a first pass and `extra` all-304 passes with node flags after `--` (e.g. --import ./bench/lib/first-request.mjs);
  // WRAP='strace -f -c -o /tmp/s.txt' runs each pass under that command
  await runPasses(Number(arg) || 1000, extra === undefined ? 1 : Number(extra), nodeFlags(), (process.env.WRAP ?? '').split(' ').filter(Boolean));
} else {
  process.stdout.write('usage: node bench/profile.mjs parse <real|zh-rss-cdata|en-rss-escaped|atom> [passes] | e2e [feeds] [items] | mem [feeds] [-- node flags] | passes [feeds] [all-304 passes] [-- node flags] | top <file.cpuprofile> [n]\n');
}

function nodeFlags() {
  return process.argv.includes('--') ? process.argv.slice(process.argv.indexOf('--') + 1) : [];
}

/** A first pass and `allPasses` all-304 passes on the bench's server; prints each one's wall time and what preloads print (lines starting with `[`). */
async function runPasses(feeds, allPasses, flags, wrap) {
  const { spawnSync } = await import('node:child_process');
  const { startServer, writeConfig } = await import('./e2e/harness.mjs');
  const { binPath, rmrf } = await import('./lib/util.mjs');
  const server = await startServer({ feeds, items: 30, itemBytes: 1500, latMin: 20, latMax: 50 });
  const dir = tempDir('feedmill-bench-passes-');
  try {
    const cfg = writeConfig(dir, Array.from({ length: feeds }, (_, n) => server.url(n)));
    for (let i = 0; i <= allPasses; i++) {
      const argv = [...wrap, process.execPath, ...flags, binPath, 'run', '-q', '-c', cfg];
      const t0 = performance.now();
      const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
      const lines = r.stderr.toString().split('\n').filter((l) => l.startsWith('['));
      process.stdout.write(`${i === 0 ? 'first pass' : 'all-304 pass'}, ${feeds} feeds, node ${flags.join(' ') || '(no flags)'}: exit ${r.status}, ${(performance.now() - t0).toFixed(0)} ms wall\n${lines.map((l) => `  ${l}\n`).join('')}`);
    }
  } finally {
    server.stop();
    rmrf(dir);
  }
}
