// The state store's share of a first pass, without the rest of the run: 1,000 feeds × 30 new items through
// findItems → claimItems → saveFeed (confirming the claims), as `feedmill run` calls them, on SQLite in a temporary
// folder (TMPDIR). Builds take turns; medians of `reps`. For owners changing src/store/sqlite.ts or its schema.
//   node bench/store-writes.mjs <reps> <A-root> [<B-root> …]      (a root holds dist/src/store/sqlite.js)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, removeDeferred, removeLater, tempDir } from './lib/util.mjs';

const [repsArg, ...roots] = process.argv.slice(2);
if (repsArg !== '--one' && (!(Number(repsArg) > 0) || roots.length === 0)) {
  process.stderr.write('usage: node bench/store-writes.mjs <reps> <build root> [<build root> …]\n');
  process.exit(2);
}
const FEEDS = 1000;
const ITEMS = 30;
const DAY = 86_400_000;

/** A feed's items: guid = link, guid ≠ link, or no guid (one feed in three each), dated over a month. */
function itemsOf(f) {
  return Array.from({ length: ITEMS }, (_, i) => {
    const url = `https://site${f}.example/2026/12/${i}.html`;
    const ids = f % 3 === 0 ? { identity: url, guid: url, link: url } : f % 3 === 1 ? { identity: `urn:${f}:${i}`, guid: `urn:${f}:${i}`, link: url } : { identity: url, guid: null, link: url };
    const date = Date.UTC(2026, 10, 7) + ((f * 7919 + i * 104729) % (30 * DAY));
    return { ...ids, date, title: `第 ${f} 站 第 ${i} 篇 news item title` };
  });
}

async function once(root, dir) {
  const { openSqliteStore } = await import(pathToFileURL(join(resolve(root), 'dist/src/store/sqlite.js')).href);
  const store = openSqliteStore(join(dir, 'state.db'));
  const ms = { find: 0, claim: 0, save: 0 };
  const cpu0 = process.cpuUsage();
  for (let f = 0; f < FEEDS; f++) {
    const key = `https://site${f}.example/feed.xml`;
    const items = itemsOf(f);
    let t = performance.now();
    const found = await store.findItems(items);
    ms.find += performance.now() - t;
    if (found.some(Boolean)) throw new Error('an item was known before it was claimed');
    const records = items.map((it) => ({
      identity: it.identity, guid: it.guid, link: it.link, feedKey: key, contentHash: `${f}-${it.date}`.padEnd(64, '0'),
      file: `${new Date(it.date).toISOString().slice(0, 10)}-${f}-${it.date % 9973}.md`, firstSeen: it.date, pending: true,
      meta: { title: it.title, date: it.date, categories: ['bench', `site${f}`], author: null, image: `https://site${f}.example/a.jpg`, link: it.link },
    }));
    t = performance.now();
    const claims = await store.claimItems(records);
    ms.claim += performance.now() - t;
    if (claims.some((c) => c.kind !== 'claimed')) throw new Error('a claim failed');
    t = performance.now();
    await store.saveFeed(key, { items: [], confirm: records.map((r) => r.identity), release: [], feed: { url: key, lastSuccess: Date.now(), etag: `"${f}"` } });
    ms.save += performance.now() - t;
  }
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  return { ...ms, cpu: (cpu.user + cpu.system) / 1000 };
}

if (repsArg === '--one') {
  // one measurement in this process: <root> <folder>
  process.stdout.write(JSON.stringify(await once(roots[0], roots[1])));
  process.exit(0);
}

const work = tempDir('feedmill-store-writes-');
const runs = roots.map(() => []);
try {
  for (let r = 0; r < Number(repsArg); r++) {
    const order = roots.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const dir = join(work, `${i}-${r}`);
      mkdirSync(dir);
      // each measurement in a fresh process, as each run is
      const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', roots[i], dir], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${roots[i]}: ${out.stderr}`);
      runs[i].push(JSON.parse(out.stdout));
    }
  }
} finally {
  removeLater(work);
  removeDeferred();
}
roots.forEach((root, i) => {
  const m = (k) => median(runs[i].map((x) => x[k])).toFixed(0);
  process.stdout.write(`${root}: median of ${runs[i].length}: find ${m('find')} ms, claim ${m('claim')} ms, save ${m('save')} ms, CPU ${m('cpu')} ms  [CPU ${runs[i].map((x) => x.cpu.toFixed(0)).join(' ')}]\n`);
});
