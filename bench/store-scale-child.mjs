// Store scale, run as a child by run.mjs: two stores opened with feedmill's openStore, one holding
// `small` items and one `large` (filled in bulk through the same API, inside transactions of 10,000).
// Then rounds alternate between the two stores; each round times `ops` items handled the way
// src/pipeline.ts handles a feed of 30: per item findItem of a known item (hit; the 30 items of one stored
// feed picked at random, as an unchanged feed in a rerun), findItem of the new one (miss) and fileTaken of its
// file name (named like the default `{date}-{hash}` template); then one transaction with the 30 upsertItem
// calls, countItems and updateFeed. Reports µs per item, CPU and wall (medians of the rounds).
// The small store is rebuilt before each of its rounds so it really holds `small` items when timed
// (the large one grows by ops × rounds, a rounding error at its size).
import { performance } from 'node:perf_hooks';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { importFeedmill, median, rmrf, tempDir } from './lib/util.mjs';
import { rng } from './lib/synthetic.mjs';

const { small = 1000, large = 1_000_000, ops = 600, rounds = 21 } = JSON.parse(process.argv[2] ?? '{}');
const imp = await importFeedmill('store/index.js');
if (imp.error) throw new Error(imp.error);
const { openStore } = imp.mod;

const record = (i) => {
  const f = Math.floor(i / 30);
  const url = `https://site${f}.example.cn/news/2022_01_27_${f}_${i}.shtml`;
  const h = (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0');
  // file names as the default template `{date}-{hash}` makes them: newer items sort later
  const firstSeen = 1643278147000 + i * 60_000;
  const day = new Date(firstSeen).toISOString().slice(0, 10);
  return { identity: url, guid: url, link: url, feedKey: `http://127.0.0.1/feed/${f}.xml`, contentHash: h + h + h + h, file: `${day}-${h}${(i & 0xff).toString(16)}.md`, firstSeen };
};

const dir = tempDir('feedmill-bench-store-');
try {
  const build = (label, n, gen = 0) => {
    const path = join(dir, `${label}-${gen}.db`);
    const store = openStore(path);
    const t0 = performance.now();
    for (let start = 0; start < n; start += 10_000) {
      const end = Math.min(n, start + 10_000);
      store.transaction(() => { for (let i = start; i < end; i++) store.upsertItem(record(i)); });
    }
    const fillMs = performance.now() - t0;
    return { store, path, n, next: n, fillUsPerItem: (fillMs * 1000) / n, times: [], cpu: [], rand: rng(label === 'small' ? 11 : 12) };
  };
  const stores = { small: build('small', small), large: build('large', large) };
  const gc = globalThis.gc ?? (() => {});
  for (let r = 0; r < rounds; r++) {
    for (const label of r % 2 ? ['large', 'small'] : ['small', 'large']) {
      if (label === 'small' && r > 0) {
        const old = stores.small;
        old.store.close();
        for (const suffix of ['', '-wal', '-shm']) rmrf(old.path + suffix);
        stores.small = { ...build('small', small, r), times: old.times, cpu: old.cpu, fillUsPerItem: old.fillUsPerItem };
      }
      const s = stores[label];
      gc();
      let found = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let done = 0; done < ops; done += 30) {
        // shaped like src/pipeline.ts processFeed: look every entry up, then one transaction per feed
        const fresh = [];
        // the known items are one stored feed's 30 items (an unchanged feed in a rerun: stored together)
        const known0 = 30 * Math.floor(s.rand() * Math.floor(s.n / 30));
        for (let k = 0; k < 30; k++) {
          if (s.store.findItem(record(known0 + k))) found++;
          const rec = record(s.next++);
          if (!s.store.findItem(rec) && !s.store.fileTaken(rec.file)) fresh.push(rec);
        }
        s.store.transaction(() => {
          for (const rec of fresh) s.store.upsertItem(rec);
          s.store.updateFeed(fresh[0].feedKey, { lastSuccess: Date.now(), itemsKnown: s.store.countItems(fresh[0].feedKey) });
        });
      }
      s.times.push(((performance.now() - t0) * 1000) / ops);
      const c = process.cpuUsage(c0);
      s.cpu.push((c.user + c.system) / ops);
      if (found !== ops) throw new Error(`store ${label}: findItem found ${found} of ${ops} known items`);
    }
  }
  const out = {};
  for (const [label, s] of Object.entries(stores)) {
    out[label] = {
      items: s.n, countItems: s.store.countItems(), fillUsPerItem: s.fillUsPerItem, usPerItem: median(s.times), cpuUsPerItem: median(s.cpu),
      samplesUs: s.times.map((x) => Math.round(x * 100) / 100), fileMiB: (statSync(s.path).size + (existsSync(s.path + '-wal') ? statSync(s.path + '-wal').size : 0)) / 1048576,
    };
    s.store.close();
  }
  // the target uses CPU time (user+sys of this process): wall time on a shared 2-core machine mostly
  // measures the other processes; both are reported
  out.wallRatio = out.large.usPerItem / out.small.usPerItem;
  out.ratio = out.large.cpuUsPerItem / out.small.cpuUsPerItem;
  process.stdout.write(JSON.stringify(out));
} finally {
  rmrf(dir);
}
