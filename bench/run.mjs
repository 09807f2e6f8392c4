// `npm run bench` — feedmill against the libraries and the naive aggregator users would pick instead.
// Sections: parser (throughput, memory), e2e (first pass, all-304 pass), scale (many feeds, big store),
// startup, serve (news page latency), fulltext (article extraction against Readability), images (download mode's first
// pass against the latency floor), cluster (workers on PostgreSQL). Prints a table with PASS/MISS per target and writes bench/results.json.
//   node bench/run.mjs [--quick] [--only parser,e2e,scale,store,startup,serve,fulltext,images,cluster] [--set size=N] [--out FILE]
// --quick shrinks every size (about half a minute), and is what the test suite's smoke test runs.
// Contenders run in the same process tree and run, interleaved; sizes and methods are in results.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { benchDir, removeDeferred, rmrf, tempDir } from './lib/util.mjs';
import { parserSection } from './sections/parser.mjs';
import { e2eSection } from './sections/e2e.mjs';
import { scaleFeedsSection, storeSection } from './sections/scale.mjs';
import { startupSection } from './sections/startup.mjs';
import { serveSection } from './sections/serve.mjs';
import { fulltextSection } from './sections/fulltext.mjs';
import { imagesSection } from './sections/images.mjs';
import { clusterSection } from './sections/cluster.mjs';
import { evaluateTargets, renderReport } from './lib/report.mjs';

const MODES = {
  full: {
    parseRounds: 9, parseSizes: { synthMB: 5, synthItems: 2000 }, memReps: 3,
    e2eFeeds: 1000, e2eItems: 30, e2eReps: 3,
    scaleFeeds: 10_000, scaleSmallFeeds: 1000, scaleItems: 5,
    storeSmall: 1000, storeLarge: 1_000_000, storeOps: 600, storeRounds: 21,
    startupRuns: 15,
    serveSmall: 1000, serveLarge: 100_000, serveRequests: 40,
    fulltextRounds: 5,
    imagesFeeds: 200, imagesItems: 20, imagesPerItem: 3,
    clusterFeeds: 5000, clusterItems: 20, clusterWorkers: [1, 2, 4],
  },
  quick: {
    parseRounds: 2, parseSizes: { synthMB: 0.5, synthItems: 200 }, memReps: 1,
    e2eFeeds: 100, e2eItems: 30, e2eReps: 1,
    scaleFeeds: 500, scaleSmallFeeds: 100, scaleItems: 5,
    storeSmall: 1000, storeLarge: 20_000, storeOps: 600, storeRounds: 5,
    startupRuns: 5,
    serveSmall: 1000, serveLarge: 5_000, serveRequests: 5,
    fulltextRounds: 1,
    imagesFeeds: 10, imagesItems: 20, imagesPerItem: 3,
    clusterFeeds: 100, clusterItems: 5, clusterWorkers: [1, 2],
  },
};
const SECTIONS = ['parser', 'e2e', 'scale', 'store', 'startup', 'serve', 'fulltext', 'images', 'cluster'];

function parseArgs(argv) {
  const a = { mode: 'full', only: SECTIONS, out: join(benchDir, 'results.json'), set: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--quick') a.mode = 'quick';
    else if (x === '--only') a.only = argv[++i].split(',');
    else if (x.startsWith('--only=')) a.only = x.slice(7).split(',');
    else if (x === '--set') a.set.push(argv[++i]);
    else if (x === '--out') a.out = argv[++i];
    else if (x.startsWith('--out=')) a.out = x.slice(6);
    else if (x === '--help' || x === '-h') {
      process.stdout.write('usage: node bench/run.mjs [--quick] [--only parser,e2e,scale,store,startup,serve,fulltext,images,cluster] [--set e2eReps=1] [--out results.json]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${x}`);
  }
  for (const s of a.only) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s} (${SECTIONS.join(', ')})`);
  return a;
}

const args = parseArgs(process.argv.slice(2));
const sz = { ...MODES[args.mode] };
for (const kv of args.set) {
  // --set e2eReps=1 (numbers) or --set memoryDatasets=real,atom (lists): for owners re-measuring one thing
  const [k, v] = kv.split('=');
  if (!(k in MODES.full) && !/^(memory|parse)/.test(k)) throw new Error(`--set: unknown size ${k}`);
  sz[k] = /^[\d_.]+$/.test(v) ? Number(v.replace(/_/g, '')) : v.split(',');
}
const started = Date.now();
const log = (msg) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
const cache = tempDir('feedmill-bench-cache-');
process.env.BENCH_CACHE = cache; // generated feeds shared by the child processes

const results = {
  mode: args.mode,
  startedAt: new Date(started).toISOString(),
  machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memGiB: Math.round(os.totalmem() / 2 ** 30), loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 10) / 10) },
  sizes: sz,
  sections: {},
};
const runners = {
  parser: parserSection,
  e2e: e2eSection,
  scale: scaleFeedsSection,
  store: storeSection,
  startup: startupSection,
  serve: serveSection,
  fulltext: fulltextSection,
  images: imagesSection,
  cluster: clusterSection,
};
try {
  for (const name of args.only) {
    try {
      results.sections[name] = await runners[name](sz, log);
    } catch (err) {
      log(`${name}: ${err.message}`);
      results.sections[name] = { error: String(err.message ?? err).split('\n')[0] };
    }
  }
} finally {
  rmrf(cache);
  removeDeferred();
}
results.durationMs = Date.now() - started;
results.machine.loadAvgAtEnd = os.loadavg().map((x) => Math.round(x * 10) / 10);
results.targets = evaluateTargets(results);
writeFileSync(args.out, JSON.stringify(results, null, 2) + '\n');
process.stdout.write(renderReport(results));
log(`wrote ${args.out}`);
