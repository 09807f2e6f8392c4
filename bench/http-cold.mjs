// What 1,000 GETs answered 304 cost in a fresh process, the way an all-304 run makes them: feedmill's HTTP layer
// (`createHttp().get`) against undici's `request()` (with and without an AbortSignal) and `dispatch()` with a bare
// handler, each way in its own process so that none profits from another's warmed-up code.
//
//   node bench/http-cold.mjs [--reps 3]      (run `npx tsc -p tsconfig.json` first)
//
// The feed server is e2e/server.mjs in its own process (1–2 ms latency). Each child first fetches every feed once
// with a plain `request()` to learn its ETag (not counted), then measures its own CPU for the 1,000 conditional GETs.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { median } from './lib/util.mjs';

const WAYS = ['feedmill', 'request+signal', 'request', 'dispatch'];
const FEEDS = 1000;
const WIDTH = 16;

if (process.argv[2] === '--child') {
  const [, , , way, base] = process.argv;
  const require = createRequire(import.meta.url);
  // undici's dispatchers as src/fetch/dispatchers.ts loads them, with the request API its index adds (compared below)
  Object.assign(require('undici/lib/dispatcher/dispatcher').prototype, require('undici/lib/api'));
  const Agent = require('undici/lib/dispatcher/agent');
  const agent = new Agent({ connections: WIDTH });
  const urls = Array.from({ length: FEEDS }, (_, n) => new URL(`${base}/feed/${n}.xml`));
  const etags = [];
  const each = async (fn) => {
    let next = 0;
    await Promise.all(Array.from({ length: WIDTH }, async () => {
      while (next < urls.length) {
        const i = next++;
        await fn(urls[i], i);
      }
    }));
  };
  await each(async (u, i) => {
    const r = await agent.request({ origin: u.origin, path: u.pathname, method: 'GET' });
    etags[i] = r.headers.etag;
    await r.body.dump();
  });
  const headers = (i) => ({ 'user-agent': 'feedmill-bench', accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'if-none-match': etags[i] });
  const request = async (u, i, signal) => {
    const r = await agent.request({ origin: u.origin, path: u.pathname, method: 'GET', headers: headers(i), signal });
    if (r.statusCode !== 304) throw new Error(`HTTP ${r.statusCode}`);
    await r.body.dump();
  };
  let fn;
  if (way === 'feedmill') {
    const { createHttp } = await import('../dist/src/fetch/http.js');
    const http = createHttp({ timeout: 20_000, connectTimeout: 10_000, perHost: WIDTH, maxBytes: 10e6, retries: 0, userAgent: 'feedmill-bench' });
    fn = async (u, i) => {
      const r = await http.get(u.href, { validators: { etag: etags[i] } });
      if (r.kind !== 'not-modified') throw new Error(`${r.kind} ${r.reason ?? ''}`);
    };
  } else if (way === 'request+signal') {
    fn = async (u, i) => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 20_000);
      try {
        await request(u, i, abort.signal);
      } finally {
        clearTimeout(timer);
      }
    };
  } else if (way === 'request') {
    fn = (u, i) => request(u, i);
  } else {
    fn = (u, i) =>
      new Promise((resolve, reject) => {
        const handler = { onConnect() {}, onHeaders: (status) => (status === 304 || reject(new Error(`HTTP ${status}`)), true), onData: () => true, onComplete: resolve, onError: reject };
        agent.dispatch({ origin: u.origin, path: u.pathname, method: 'GET', headers: headers(i) }, handler);
      });
  }
  const c0 = process.cpuUsage();
  await each(fn);
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ cpuMs: (c.user + c.system) / 1000 }));
  await agent.close();
  process.exit(0);
}

const { startServer } = await import('./e2e/harness.mjs');
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 3;
const server = await startServer({ feeds: FEEDS, items: 30, itemBytes: 1500, latMin: 1, latMax: 2 });
const base = new URL(server.url(0)).origin;
const cpu = Object.fromEntries(WAYS.map((w) => [w, []]));
try {
  for (let rep = 0; rep < reps; rep++) {
    for (const way of WAYS) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', way, base], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${way}: ${r.stderr.slice(0, 300)}`);
      cpu[way].push(JSON.parse(r.stdout).cpuMs);
    }
  }
} finally {
  server.stop();
}
for (const way of WAYS) {
  process.stdout.write(`${way.padEnd(15)} CPU for ${FEEDS} × 304 in a fresh process: median ${median(cpu[way]).toFixed(0)} ms (${cpu[way].map((x) => x.toFixed(0)).join(', ')})\n`);
}
