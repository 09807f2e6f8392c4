// Store scale, run as a child by run.mjs: two stores opened with feedmill's openStore, one holding
// `small` items and one `large` (filled in bulk through the same API, saveFeed of 10,000 items at a time).
// Then rounds alternate between the two stores; each round times `ops` items handled the way the per-feed
// function handles a feed of 30: findItems of 30 known items (hits; the 30 items of one stored feed picked at
// random, as an unchanged feed in a rerun), findItems of the 30 new ones (misses), claimItems of them (file
// names like the default `{date}-{hash}` template), then saveFeed of the 30 with the feed's health.
// Reports µs per item, CPU and wall (medians of the rounds).
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
  const meta = { title: `Headline ${i} 新闻`, date: firstSeen, categories: ['新闻'], author: `site${f}`, image: '', link: url };
  return { identity: url, guid: url, link: url, feedKey: `http://127.0.0.1/feed/${f}.xml`, contentHash: h + h + h + h, file: `${day}-${h}${(i & 0xff).toString(16)}.md`, firstSeen, pending: false, meta };
};

const dir = tempDir('feedmill-bench-store-');
try {
  const build = async (label, n, gen = 0) => {
    const path = join(dir, `${label}-${gen}.db`);
    const store = await openStore(path);
    const t0 = performance.now();
    for (let start = 0; start < n; start += 10_000) {
      const items = [];
      for (let i = start; i < Math.min(n, start + 10_000); i++) items.push(record(i));
      await store.saveFeed(items[0].feedKey, { items, release: [], feed: {} });
    }
    const fillMs = performance.now() - t0;
    return { store, path, n, next: n, fillUsPerItem: (fillMs * 1000) / n, times: [], cpu: [], rand: rng(label === 'small' ? 11 : 12) };
  };
  const stores = { small: await build('small', small), large: await build('large', large) };
  const gc = globalThis.gc ?? (() => {});
  for (let r = 0; r < rounds; r++) {
    for (const label of r % 2 ? ['large', 'small'] : ['small', 'large']) {
      if (label === 'small' && r > 0) {
        const old = stores.small;
        await old.store.close();
        for (const suffix of ['', '-wal', '-shm']) rmrf(old.path + suffix);
        stores.small = { ...(await build('small', small, r)), times: old.times, cpu: old.cpu, fillUsPerItem: old.fillUsPerItem };
      }
      const s = stores[label];
      gc();
      let found = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let done = 0; done < ops; done += 30) {
        // the known items are one stored feed's 30 items (an unchanged feed in a rerun: stored together)
        const known0 = 30 * Math.floor(s.rand() * Math.floor(s.n / 30));
        const known = [];
        const fresh = [];
        for (let k = 0; k < 30; k++) {
          known.push(record(known0 + k));
          fresh.push(record(s.next++));
        }
        found += (await s.store.findItems(known)).filter((x) => x !== null).length;
        if ((await s.store.findItems(fresh)).some((x) => x !== null)) throw new Error('a new item was found');
        const claims = await s.store.claimItems(fresh.map((rec) => ({ ...rec, contentHash: '', pending: true })));
        if (claims.some((c) => c.kind !== 'claimed')) throw new Error('a new item was not claimed');
        await s.store.saveFeed(fresh[0].feedKey, { items: fresh, release: [], feed: { lastSuccess: Date.now(), failures: 0 } });
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
      items: s.n, countItems: await s.store.countItems(), fillUsPerItem: s.fillUsPerItem, usPerItem: median(s.times), cpuUsPerItem: median(s.cpu),
      samplesUs: s.times.map((x) => Math.round(x * 100) / 100), fileMiB: (statSync(s.path).size + (existsSync(s.path + '-wal') ? statSync(s.path + '-wal').size : 0)) / 1048576,
    };
    await s.store.close();
  }
  // the target uses CPU time (user+sys of this process): wall time on a shared 2-core machine mostly
  // measures the other processes; both are reported
  out.wallRatio = out.large.usPerItem / out.small.usPerItem;
  out.ratio = out.large.cpuUsPerItem / out.small.cpuUsPerItem;
  process.stdout.write(JSON.stringify(out));
} finally {
  rmrf(dir);
}
