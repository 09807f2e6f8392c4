// `feedmill serve` page latency, run as a child by sections/serve.mjs: for each size, a fresh SQLite store filled
// through the store API in bulk (claimItems + saveFeed, 1,000 posts a call, 100 feeds), the server on 127.0.0.1,
// then `requests` GETs of each page kind in turn over one keep-alive connection, after a warm-up: the first page, a
// category, a title search, a deep page (offset 20,000 or the last page) and the health page. Medians and p95 of
// the wall time, and the mean CPU time per request of this process (server and client: steadier than wall time on
// a busy machine).
import { request, Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { importFeedmill, median, rmrf, tempDir } from './lib/util.mjs';

const { sizes = [1000, 100_000], requests = 40 } = JSON.parse(process.argv[2] ?? '{}');
const mods = {};
for (const rel of ['store/index.js', 'serve/index.js', 'config/load.js']) {
  const imp = await importFeedmill(rel);
  if (imp.error) throw new Error(imp.error);
  mods[rel] = imp.mod;
}
const { openStore } = mods['store/index.js'];
const { startServer } = mods['serve/index.js'];
const { configFromObject } = mods['config/load.js'];

const FEEDS = 100;
const CATEGORIES = ['新闻', '科技', '财经', '体育', '文化'];
const words = ['北约', '俄罗斯', 'market', 'update', '发布', 'science', '报告', 'report', '观察', 'city'];

function post(i, feedKey, newest) {
  const title = `${words[i % 10]} ${words[(i * 7) % 10]} headline ${i}`;
  const date = newest - i * 60_000;
  return {
    identity: `https://site.example/${i}`, guid: `g${i}`, link: `https://site.example/${i}`, feedKey,
    contentHash: 'h', file: `post-${i}.md`, firstSeen: date, pending: true,
    meta: { title, date, categories: [CATEGORIES[i % 5], `Site ${i % FEEDS}`], author: 'Bench', image: `https://img.example/${i}.jpg`, link: `https://site.example/${i}` },
  };
}

async function fill(store, n) {
  const t0 = performance.now();
  const newest = Date.now();
  const per = Math.ceil(n / FEEDS);
  for (let f = 0; f < FEEDS; f++) {
    const key = `https://site.example/feed/${f}.xml`;
    for (let start = f * per; start < Math.min(n, (f + 1) * per); start += 1000) {
      const recs = [];
      for (let i = start; i < Math.min(n, (f + 1) * per, start + 1000); i++) recs.push(post(i, key, newest));
      await store.claimItems(recs);
      await store.saveFeed(key, { items: recs.map((r) => ({ ...r, pending: false })), release: [], feed: { url: key, lastSuccess: newest } });
    }
  }
  return performance.now() - t0;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function get(url) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    request(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve({ ms: performance.now() - t0, bytes }) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    }).on('error', reject).end();
  });
}

const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const out = {};
for (const n of sizes) {
  const dir = tempDir('feedmill-bench-serve-');
  try {
    const config = configFromObject({ output: { dir: 'posts' }, state: 'state.db', timezone: 'Asia/Shanghai', feeds: Array.from({ length: FEEDS }, (_, f) => ({ url: `https://site.example/feed/${f}.xml`, categories: [CATEGORIES[f % 5]] })) }, dir);
    const store = await openStore(join(dir, 'state.db'));
    const fillMs = await fill(store, n);
    const server = await startServer({ config, store, port: 0 });
    const lastPage = Math.ceil(n / 50);
    const kinds = {
      first: '/',
      category: `/?category=${encodeURIComponent('科技')}`,
      search: `/?q=${encodeURIComponent('北约 headline')}`,
      deep: `/?page=${Math.min(lastPage, 401)}`,
      health: '/health',
    };
    const times = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    const cpu = Object.fromEntries(Object.keys(kinds).map((k) => [k, 0]));
    let bytes = 0;
    for (let r = -5; r < requests; r++) {
      for (const [k, path] of Object.entries(kinds)) {
        const c0 = process.cpuUsage();
        const t = await get(server.url + path);
        const c = process.cpuUsage(c0);
        if (r >= 0) {
          times[k].push(t.ms);
          cpu[k] += (c.user + c.system) / 1000;
        }
        if (k === 'first') bytes = t.bytes;
      }
    }
    await server.close();
    await store.close();
    const stats = (k, xs) => ({ medianMs: +median(xs).toFixed(2), p95Ms: +p95(xs).toFixed(2), cpuMs: +(cpu[k] / xs.length).toFixed(2) });
    out[n] = { fillMs: Math.round(fillMs), firstPageBytes: bytes, ...Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, stats(k, xs)])) };
  } finally {
    rmrf(dir);
  }
}
agent.destroy();
process.stdout.write(JSON.stringify({ requests, pageSize: 50, runs: out }));
