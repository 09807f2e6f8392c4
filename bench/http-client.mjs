// The hand-written HTTP/1.1 client that fetched feeds until issue 17 against the undici layer that replaced it,
// side by side in one run: CPU per keep-alive GET answered 304 on 127.0.0.1, and the cost of loading each.
//
//   node bench/http-client.mjs [--old <git rev>] [--requests 1000] [--rounds 5]
//
// The old fetcher is taken from git (default: the last commit before it was removed) and bundled with esbuild
// into a temporary folder; the new one is dist/src/fetch/index.js (run `npx tsc -p tsconfig.json` first).
// The 304 server runs in its own process, so its CPU is never counted. Both fetchers get the same config
// (perHost 8, 8 requests in flight) and the same validators; rounds alternate old/new, medians reported.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const OLD_REV = arg('old', '9e09f9f');
const REQUESTS = Number(arg('requests', 1000));
const ROUNDS = Number(arg('rounds', 5));
const WIDTH = 8;

// ── child modes ──
if (process.argv[2] === '--serve') {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    res.writeHead(304, { etag: '"v1"', 'last-modified': 'Thu, 27 Jan 2022 10:09:07 GMT' });
    res.end();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  process.on('disconnect', () => process.exit(0));
} else if (process.argv[2] === '--import-cost') {
  // a fresh process: CPU to import a fetcher and make its first request (undici compiles its wasm parser then)
  const [, , , modUrl, port] = process.argv;
  const t0 = process.cpuUsage();
  const { createFetcher } = await import(modUrl);
  const t1 = process.cpuUsage(t0);
  const f = createFetcher(config(), {});
  await f.fetch(source(`http://127.0.0.1:${port}/feed/0`), { etag: '"v1"' });
  const t2 = process.cpuUsage(t0);
  await f.close();
  process.stdout.write(JSON.stringify({ importMs: ms(t1), firstRequestMs: ms(t2) - ms(t1) }));
} else {
  await main();
}

function config() {
  return { timeout: 20_000, connectTimeout: 10_000, maxBytes: 10 * 1024 * 1024, concurrency: WIDTH, perHost: WIDTH, retries: 0, userAgent: 'feedmill/bench', maxBackoff: 3600_000 };
}
function source(url) {
  return { key: url, url, fallbackUrls: [], categories: [], limit: 50, timezone: 'UTC', headers: {}, filters: [], rewrite: [] };
}
function ms(u) {
  return (u.user + u.system) / 1000;
}
function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

async function bundleOld() {
  const dir = mkdtempSync(join(tmpdir(), 'feedmill-old-http-'));
  const tar = execFileSync('git', ['-C', root, 'archive', OLD_REV, 'src/fetch', 'src/model.ts']);
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  const out = join(dir, 'old-fetch.mjs');
  await build({ entryPoints: [join(dir, 'src/fetch/index.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  return { dir, url: pathToFileURL(out).href };
}

async function pass(fetcher, port, n) {
  let next = 0;
  let notModified = 0;
  await Promise.all(
    Array.from({ length: WIDTH }, async () => {
      while (next < n) {
        const i = next++;
        const r = await fetcher.fetch(source(`http://127.0.0.1:${port}/feed/${i}`), { etag: '"v1"', lastModified: 'Thu, 27 Jan 2022 10:09:07 GMT' });
        if (r.kind === 'not-modified') notModified++;
        else throw new Error(`expected a 304, got ${r.kind}: ${r.reason ?? ''}`);
      }
    }),
  );
  return notModified;
}

async function main() {
  const server = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => server.once('message', resolve));
  const old = await bundleOld();
  const newUrl = pathToFileURL(join(root, 'dist/src/fetch/index.js')).href;
  try {
    const contenders = { old: await import(old.url), undici: await import(newUrl) };
    const perRequest = { old: [], undici: [] };
    const fetchers = { old: contenders.old.createFetcher(config(), {}), undici: contenders.undici.createFetcher(config(), {}) };
    for (let i = 0; i < 3; i++) for (const name of ['old', 'undici']) await pass(fetchers[name], port, REQUESTS); // warm-up: JIT and sockets
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 ? ['undici', 'old'] : ['old', 'undici']) {
        const t0 = process.cpuUsage();
        await pass(fetchers[name], port, REQUESTS);
        perRequest[name].push((ms(process.cpuUsage(t0)) * 1000) / REQUESTS);
      }
    }
    for (const f of Object.values(fetchers)) await f.close();

    const startup = { old: [], undici: [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, url] of [['old', old.url], ['undici', newUrl]]) {
        const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--import-cost', url, String(port)], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(r.stderr);
        startup[name].push(JSON.parse(r.stdout));
      }
    }
    const row = (name) => ({
      'CPU µs / 304 GET (median)': Math.round(median(perRequest[name])),
      'CPU µs / GET, all rounds': perRequest[name].map((x) => Math.round(x)).join(' '),
      'import ms CPU': median(startup[name].map((s) => s.importMs)).toFixed(1),
      'first request ms CPU': median(startup[name].map((s) => s.firstRequestMs)).toFixed(1),
    });
    console.log(`${REQUESTS} keep-alive GETs answered 304, ${WIDTH} in flight, ${ROUNDS} alternating rounds; old = ${OLD_REV}`);
    console.table({ 'old http1 client': row('old'), 'undici layer': row('undici') });
    writeFileSync(join(tmpdir(), 'feedmill-http-client-bench.json'), JSON.stringify({ perRequest, startup }, null, 1));
  } finally {
    server.kill();
    rmSync(old.dir, { recursive: true, force: true });
  }
}
