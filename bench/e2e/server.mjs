// The e2e feed server, a separate process (forked with IPC) so its CPU is never charged to a contender.
// Serves GET /feed/<n>.xml for n < feeds: a stable RSS document per feed, answered after a fixed
// per-feed latency (latencyOf), with ETag and Last-Modified; a matching If-None-Match or a not-older
// If-Modified-Since gets 304 after the same latency. Loopback only; bounded: it exits when the
// parent disconnects, after `maxLifetimeMs`, or after `idleMs` without requests.
// With `images: k` (the images section) every item shows k pictures of this server instead of the feed's own,
// GET /img/<feed>/<item>/<k>.jpg, each a distinct JPEG (the same picture with its path in a comment segment),
// answered after a per-picture latency in the same range; their latencies come with the ready message.
import { createServer } from 'node:http';
import { e2eFeed, latencyOf } from '../lib/synthetic.mjs';

const opts = { feeds: 1000, items: 30, itemBytes: 1500, latMin: 20, latMax: 50, images: 0, maxLifetimeMs: 15 * 60_000, idleMs: 120_000, ...JSON.parse(process.argv[2] ?? '{}') };
const LAST_MODIFIED = 'Thu, 27 Jan 2022 10:30:00 GMT';
const LM_MS = Date.parse(LAST_MODIFIED);

// Bodies are built up front so generating them never adds to the answer latency.
const bodies = new Array(opts.feeds);
const latencies = new Array(opts.feeds);
for (let n = 0; n < opts.feeds; n++) {
  bodies[n] = Buffer.from(e2eFeed(n, { items: opts.items, itemBytes: opts.itemBytes }), 'utf8');
  latencies[n] = latencyOf(n, opts.latMin, opts.latMax);
}
const stats = { requests: 0, ok: 0, notModified: 0, notFound: 0, bytes: 0, images: 0 };

/** Picture (feed n, item i, k) → its index, latency and bytes. */
const imageIndex = (n, i, k) => (n * opts.items + i) * opts.images + k;
const imageLatencies = new Array(opts.feeds * opts.items * opts.images);
for (let x = 0; x < imageLatencies.length; x++) imageLatencies[x] = latencyOf(1_000_000 + x, opts.latMin, opts.latMax);
// a small noisy JPEG, made once (sharp only when pictures are asked for)
const baseJpeg = opts.images > 0
  ? await (await import('sharp')).default(Buffer.from(Array.from({ length: 120 * 90 * 3 }, (_, i) => (i * 2654435761) >>> 24)), { raw: { width: 120, height: 90, channels: 3 } }).jpeg({ quality: 85 }).toBuffer()
  : null;

/** The base JPEG with a COM segment naming the picture right after SOI: distinct bytes, the same picture. */
function jpegFor(path) {
  const text = Buffer.from(path, 'latin1');
  const com = Buffer.alloc(4);
  com.writeUInt16BE(0xfffe, 0);
  com.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([baseJpeg.subarray(0, 2), com, text, baseJpeg.subarray(2)]);
}

/** The feed's own pictures out, this server's in: `images` per item, at the start of each description. */
function withImages(body, n, origin) {
  let i = 0;
  return body.replace(/<img [^>]*>/g, '').replace(/<item>\s*<title>[\s\S]*?<\/title>\s*<description><!\[CDATA\[/g, (m) => {
    const tags = Array.from({ length: opts.images }, (_, k) => `<p><img src="${origin}/img/${n}/${i}/${k}.jpg"></p>`).join('');
    i++;
    return m + tags;
  });
}
let lastRequest = Date.now();
// the server shares the machine's cores with the contender: its CPU since the last reset is reported too
let cpuBase = process.cpuUsage();

const server = createServer((req, res) => {
  stats.requests++;
  lastRequest = Date.now();
  const img = opts.images > 0 ? /^\/img\/(\d+)\/(\d+)\/(\d+)\.jpg$/.exec(req.url ?? '') : null;
  if (img) {
    const [n, i, k] = img.slice(1).map(Number);
    if (n < opts.feeds && i < opts.items && k < opts.images) {
      const bytes = jpegFor(req.url);
      setTimeout(() => {
        stats.images++;
        stats.bytes += bytes.length;
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length }).end(bytes);
      }, imageLatencies[imageIndex(n, i, k)]);
      return;
    }
  }
  const m = /^\/feed\/(\d+)\.xml(?:\?.*)?$/.exec(req.url ?? '');
  const n = m ? Number(m[1]) : -1;
  if (!(n >= 0 && n < opts.feeds) || req.method !== 'GET') {
    stats.notFound++;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const etag = `"fm-${n}-v1"`;
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const fresh = inm ? inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag) : ims ? Date.parse(ims) >= LM_MS : false;
  setTimeout(() => {
    if (fresh) {
      stats.notModified++;
      res.writeHead(304, { etag, 'last-modified': LAST_MODIFIED }).end();
    } else {
      stats.ok++;
      stats.bytes += bodies[n].length;
      res.writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        'content-length': bodies[n].length,
        etag,
        'last-modified': LAST_MODIFIED,
      }).end(bodies[n]);
    }
  }, latencies[n]);
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  if (opts.images > 0) for (let n = 0; n < opts.feeds; n++) bodies[n] = Buffer.from(withImages(bodies[n].toString('utf8'), n, `http://127.0.0.1:${port}`), 'utf8');
  const send = (msg) => (process.send ? process.send(msg) : process.stdout.write(JSON.stringify(msg) + '\n'));
  send({ type: 'ready', port, latencies, imageLatencies: opts.images > 0 ? imageLatencies : [] });
});

function stop() {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}
process.on('message', (msg) => {
  if (msg === 'stats') {
    const cpu = process.cpuUsage(cpuBase);
    process.send?.({ type: 'stats', stats: { ...stats, cpuMs: (cpu.user + cpu.system) / 1000 } });
  } else if (msg === 'reset') {
    for (const k of Object.keys(stats)) stats[k] = 0;
    cpuBase = process.cpuUsage();
    process.send?.({ type: 'reset' });
  }
  else if (msg === 'stop') stop();
});
process.on('disconnect', stop);
setTimeout(stop, opts.maxLifetimeMs).unref();
setInterval(() => { if (Date.now() - lastRequest > opts.idleMs) stop(); }, 1000).unref();
