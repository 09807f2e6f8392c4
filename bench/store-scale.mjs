// State store at scale: per-item cost of the pipeline's real access pattern at 1k, 10k, 100k and 1M stored items.
//
//   node bench/store-scale.mjs [--sizes 1000,10000,100000,1000000] [--batches 21] [--quick] [--json FILE]
//                              [--store path/to/store/index.js]   (default: dist/src/store/index.js; run tsc first)
//                              [--url postgres://…]   (a PostgreSQL store instead of an SQLite file: give an empty schema)
//
// One child fills a store through the real Store API (saveFeed of 5,000 items at a time) and, at each size,
// times "feeds" of 30 items shaped like the per-feed function:
//   new feed:       findItems of 30 (misses), claimItems of 30, saveFeed of the 30 items with the feed's health
//   unchanged feed: findItems of 30 (hits), then updateFeed; the 30 items are one
//                   earlier poll of one feed (--hits feed, default) or drawn uniformly from the store
//                   (--hits random: the worst case for locality)
// µs per item = batch time ÷ 30; median of --batches batches after 5 untimed warm-up batches (warm: SQLite's
// cache and the OS page cache hold what the run touched). Then a fresh process opens the same file and times
// its first batches with no warm-up ("cold": SQLite's cache is empty, the OS page cache still holds the file),
// which is what a scheduled `feedmill run` sees. Every batch is timed by wall clock and by CPU time; the
// table shows medians (the typical feed) and the JSON also the means (which include WAL checkpoints).
// The timed batches add items (2 × (5 + batches) × 30 per size); figures are labelled with the nominal size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const PER_FEED = 30;
let HITS = 'feed';
const WARMUP = 5;

function parseArgs(argv) {
  const a = { sizes: [1000, 10_000, 100_000, 1_000_000], batches: 21, store: join(here, '..', 'dist', 'src', 'store', 'index.js'), json: null, child: null, db: null, url: null, size: 0, from: 0, salt: '-cold', hits: 'feed', keep: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--sizes') a.sizes = argv[++i].split(',').map(Number);
    else if (x === '--batches') a.batches = Number(argv[++i]);
    else if (x === '--quick') { a.sizes = [1000, 10_000, 100_000]; a.batches = 11; }
    else if (x === '--store') a.store = resolve(argv[++i]);
    else if (x === '--json') a.json = argv[++i];
    else if (x === '--child') a.child = argv[++i];
    else if (x === '--db') a.db = argv[++i];
    else if (x === '--url') a.url = argv[++i];
    else if (x === '--size') a.size = Number(argv[++i]);
    else if (x === '--from') a.from = Number(argv[++i]);
    else if (x === '--salt') a.salt = argv[++i];
    else if (x === '--hits') a.hits = argv[++i];
    else if (x === '--keep') a.keep = true;
    else throw new Error(`unknown argument ${x}`);
  }
  return a;
}

// ───── deterministic realistic items ─────
// Each feed is its own site (its own host prefix), as when a blog follows many RSSHub routes and sites.
// Items come in polls of 30 consecutive numbers from one feed, feeds taking turns, as runs insert them.
// Three kinds of feeds, a third each: (a) guid = link, a URL ending in an increasing article number (text
// indexes love these: a poll's items sort next to each other); (b) a tag: guid ending in a hash and a different
// link with a date path and slug; (c) guid = link, a URL whose article part is an opaque hash (a poll's items
// land anywhere in the site's part of a text index).
// File names are dated like the pipeline's (`2022-01-27-5d83b490b9.md`); dates advance with the item number
// (5 minutes apart), so new items land at the end of the file name order as in real runs.
const FEEDS = 2000;
const BASE = Date.UTC(2016, 0, 1);
const hex = (n, len) => (n >>> 0).toString(16).padStart(8, '0').slice(0, len);
const mix = (i, k) => Math.imul((i + k) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i >>> 13, 0xc2b2ae35);
const SYL = ['guan', 'cha', 'xin', 'hua', 'sina', 'qq', 'zao', 'bao', 'the', 'paper', 'news', 'daily', 'tech', 'wire', 'post', 'times'];
const site = (f) => SYL[f & 15] + SYL[(f >> 4) & 15] + SYL[(f >> 8) & 15] + (f >> 12 || '');
export function record(i, salt = '') {
  const f = Math.floor(i / PER_FEED) % FEEDS;
  const feedKey = `https://rsshub.example.org/${site(f)}/channel/${f}`;
  const day = new Date(BASE + i * 300_000).toISOString().slice(0, 10);
  const h = hex(mix(i, 1), 8) + hex(mix(i, 2), 2);
  let guid, link;
  if (f % 3 === 0) {
    link = `https://www.${site(f)}.cn/politics/${day.replaceAll('-', '_')}_${100000 + i}${salt}.shtml`;
    guid = link;
  } else if (f % 3 === 1) {
    guid = `tag:${site(f)}.com,${day.slice(0, 4)}:article-${h}-${i}${salt}`;
    link = `https://${site(f)}.com/world/${day.replaceAll('-', '/')}/a-rather-long-article-slug-number-${i}${salt}.html`;
  } else {
    link = `https://news.${site(f)}.com/articles/${h}${hex(mix(i, 4), 8)}${salt}?utm_source=rss&utm_medium=feed`;
    guid = link;
  }
  const firstSeen = BASE + i * 300_000;
  return {
    identity: guid, guid, link, feedKey, contentHash: (hex(mix(i, 3), 8) + h).repeat(4).slice(0, 64), file: `${day}-${h}${salt.replace(/[^a-z0-9]/gi, '')}.md`, firstSeen,
    pending: false, meta: { title: `${site(f)} headline ${i}`, date: firstSeen, categories: ['新媒体', site(f)], author: site(f), image: '', link },
  };
}

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

const median = (xs) => {
  const a = [...xs].sort((p, q) => p - q);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};
const mean = (xs) => xs.reduce((p, q) => p + q, 0) / xs.length;
const round2 = (x) => Math.round(x * 100) / 100;

// ───── the timed work ─────
// Each batch is timed by wall clock and by this process's CPU time (user + system, which includes reading
// pages from the OS cache): on a shared 2-core machine CPU time is the steadier figure, wall the honest one.
function clock() {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}
function perItem(t0) {
  const wall = ((performance.now() - t0.wall) * 1000) / PER_FEED;
  const c = process.cpuUsage(t0.cpu);
  return { wall, cpu: (c.user + c.system) / PER_FEED };
}
async function newFeed(store, startIndex, salt) {
  const recs = [];
  for (let k = 0; k < PER_FEED; k++) recs.push(record(startIndex + k, salt));
  const feedKey = recs[0].feedKey;
  const t0 = clock();
  if ((await store.findItems(recs)).some((x) => x !== null)) throw new Error(`a new item of ${feedKey} was found`);
  const claims = await store.claimItems(recs.map((r) => ({ ...r, contentHash: '', pending: true })));
  if (claims.some((c) => c.kind !== 'claimed')) throw new Error(`a new item of ${feedKey} was not claimed`);
  await store.saveFeed(feedKey, { items: recs, release: [], feed: { lastSuccess: Date.now(), failures: 0 } });
  return perItem(t0);
}

/**
 * hits 'feed': the 30 items of one earlier poll of one feed (what an unchanged feed asks for: its items were
 * stored together); hits 'random': 30 items drawn uniformly from the whole store (worst case for locality).
 */
async function hitFeed(store, n, rand) {
  const recs = [];
  if (HITS === 'random') for (let k = 0; k < PER_FEED; k++) recs.push(record(Math.floor(rand() * n)));
  else {
    const poll = Math.floor(rand() * Math.floor(n / PER_FEED)) * PER_FEED;
    for (let k = 0; k < PER_FEED; k++) recs.push(record(poll + k));
  }
  const feedKey = recs[0].feedKey;
  const t0 = clock();
  const got = await store.findItems(recs);
  got.forEach((x, k) => {
    if (x === null || x.file !== recs[k].file) throw new Error(`stored item ${recs[k].identity} not found`);
  });
  await store.updateFeed(feedKey, { lastSuccess: Date.now(), failures: 0 });
  return perItem(t0);
}

/** Times `batches` new feeds and `batches` unchanged feeds, alternating; returns the samples. */
async function measure(store, n, batches, next, salt, rand) {
  next = Math.ceil(next / PER_FEED) * PER_FEED; // a new feed's 30 items are one poll of one feed
  const fresh = [];
  const hit = [];
  for (let b = 0; b < batches; b++) {
    fresh.push(await newFeed(store, next, salt));
    next += PER_FEED;
    hit.push(await hitFeed(store, n, rand));
  }
  return { fresh, hit, next };
}

function fileMiB(db) {
  let bytes = 0;
  for (const p of [db, db + '-wal']) if (existsSync(p)) bytes += statSync(p).size;
  return round2(bytes / 1048576);
}

function summary(m) {
  const pick = (xs, k) => xs.map((x) => round2(x[k]));
  return {
    newUs: round2(median(m.fresh.map((x) => x.wall))), hitUs: round2(median(m.hit.map((x) => x.wall))),
    newCpuUs: round2(median(m.fresh.map((x) => x.cpu))), hitCpuUs: round2(median(m.hit.map((x) => x.cpu))),
    // the mean counts the feeds that paid for a WAL checkpoint; the median shows the typical feed
    newMeanUs: round2(mean(m.fresh.map((x) => x.wall))), hitMeanUs: round2(mean(m.hit.map((x) => x.wall))),
    newMeanCpuUs: round2(mean(m.fresh.map((x) => x.cpu))), hitMeanCpuUs: round2(mean(m.hit.map((x) => x.cpu))),
    newSamples: pick(m.fresh, 'wall'), hitSamples: pick(m.hit, 'wall'), newCpuSamples: pick(m.fresh, 'cpu'), hitCpuSamples: pick(m.hit, 'cpu'),
  };
}

/** Stores items `from` … `to` - 1 as written posts, 5,000 per saveFeed. */
async function fill(store, from, to) {
  for (let start = from; start < to; start += 5000) {
    const items = [];
    for (let i = start; i < Math.min(to, start + 5000); i++) items.push(record(i));
    await store.saveFeed(items[0].feedKey, { items, release: [], feed: {} });
  }
}

/** Fills the store from item `from` to `size` and times warm batches. A fresh process per size. */
async function fillChild(a) {
  const { openStore } = await import(pathToFileURL(a.store).href);
  // JIT warm-up on a throwaway store, so the first size is not charged for compiling the code
  const scratch = await openStore(':memory:');
  await fill(scratch, 0, 3000);
  await measure(scratch, 3000, 60, 3000, '-jit', rng(3));
  await scratch.close();
  const store = await openStore(a.db);
  const t0 = performance.now();
  await fill(store, a.from, a.size);
  const fillUs = ((performance.now() - t0) * 1000) / Math.max(1, a.size - a.from);
  const rand = rng(7 + a.size);
  // warm-up, untimed; the salt keeps the measured items apart from the filled ones
  const warm = await measure(store, a.size, WARMUP, a.size, `-w${a.size}`, rand);
  const m = await measure(store, a.size, a.batches, warm.next, `-w${a.size}`, rand);
  const rssMiB = round2(process.memoryUsage().rss / 1048576);
  await store.close();
  process.stdout.write(JSON.stringify({ size: a.size, fillUsPerItem: round2(fillUs), ...summary(m), rssMiB, fileMiB: fileMiB(a.db) }));
}

/** Opens the store in a fresh process and times its first batches with no warm-up. */
async function coldChild(a) {
  const t0 = performance.now();
  const { openStore } = await import(pathToFileURL(a.store).href);
  const store = await openStore(a.db);
  const openMs = performance.now() - t0;
  const m = await measure(store, a.size, a.batches, a.size, a.salt, rng(99 + a.size));
  await store.close();
  process.stdout.write(JSON.stringify({
    openMs: round2(openMs), firstNewUs: round2(m.fresh[0].wall), firstHitUs: round2(m.hit[0].wall), ...summary(m),
    rssMiB: round2(process.memoryUsage().rss / 1048576),
  }));
}

function runChild(args) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`child ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  HITS = a.hits;
  if (a.child === 'fill') return fillChild(a);
  if (a.child === 'cold') return coldChild(a);
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-store-scale-'));
  const db = a.url ?? join(dir, 'state.db');
  try {
    const log = (s) => process.stderr.write(s + '\n');
    log(`store-scale: ${a.store}, hits: ${a.hits}\nsizes ${a.sizes.join(', ')}; ${a.batches} timed feeds of ${PER_FEED} items of each kind per size`);
    const rows = [];
    let from = 0;
    for (const size of a.sizes) {
      // the same file grows; the cold child reads the file the fill child just wrote (in the OS cache)
      const common = ['--db', db, '--store', a.store, '--size', String(size), '--batches', String(a.batches), '--hits', a.hits];
      const w = runChild(['--child', 'fill', '--from', String(from), ...common]);
      const cold = runChild(['--child', 'cold', ...common]);
      rows.push({ ...w, cold });
      from = size;
      log(`  ${size}: new ${w.newUs} µs (cpu ${w.newCpuUs}), hit ${w.hitUs} µs (cpu ${w.hitCpuUs}); cold new ${cold.newUs}, hit ${cold.hitUs}`);
    }
    const base = rows[0];
    const x = (v, b) => `${v} (${(v / b).toFixed(2)}×)`;
    const table = [
      'µs per item, median of feeds of 30; (×) = against the smallest size; cold = fresh process, OS cache warm',
      'items      fill   new wall        new cpu         hit wall        hit cpu         cold new (1st)   cold hit (1st)   MiB file  rss',
      ...rows.map((r) => [
        r.size.toLocaleString('en').padEnd(10),
        String(r.fillUsPerItem).padStart(5),
        x(r.newUs, base.newUs).padEnd(15), x(r.newCpuUs, base.newCpuUs).padEnd(15),
        x(r.hitUs, base.hitUs).padEnd(15), x(r.hitCpuUs, base.hitCpuUs).padEnd(15),
        `${r.cold.newUs} (${r.cold.firstNewUs})`.padEnd(16), `${r.cold.hitUs} (${r.cold.firstHitUs})`.padEnd(16),
        String(r.fileMiB).padStart(8), String(r.rssMiB).padStart(6),
      ].join(' ')),
    ].join('\n');
    process.stdout.write(table + '\n');
    const last = rows.at(-1);
    const result = {
      store: a.store, batches: a.batches, perFeed: PER_FEED, rows,
      ratioNew: last.newUs / base.newUs, ratioHit: last.hitUs / base.hitUs,
      ratioNewCpu: last.newCpuUs / base.newCpuUs, ratioHitCpu: last.hitCpuUs / base.hitCpuUs,
    };
    process.stdout.write(`ratio ${last.size.toLocaleString('en')} / ${base.size.toLocaleString('en')}: new ${result.ratioNew.toFixed(2)}× wall, ${result.ratioNewCpu.toFixed(2)}× cpu; hit ${result.ratioHit.toFixed(2)}× wall, ${result.ratioHitCpu.toFixed(2)}× cpu\n`);
    if (a.json) writeFileSync(a.json, JSON.stringify(result, null, 2));
  } finally {
    if (!a.keep) rmSync(dir, { recursive: true, force: true });
  }
}

// run only as a script, so record() can be imported by other benches
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
