// The HTTP layer itself (createHttp): what the feed fetcher's tests do not reach — Transfer-Encoding: gzip, error bodies
// drained or dropped, per-call options, and an abort signal at every place a request can wait.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { createHttp, type Http, type HttpConfig, type HttpResult } from '../../src/fetch/http.js';
import { createFetcher } from '../../src/fetch/index.js';
import { sourceFor } from '../helpers.js';
import { startFaultServer, type FaultServer } from './fault-server.js';

const cfg: HttpConfig = {
  // long on purpose: an abort that did not cut a request short would hang the test, not pass it
  timeout: 60_000,
  connectTimeout: 5_000,
  maxBytes: 1024 * 1024,
  perHost: 1,
  retries: 0,
  userAgent: 'feedmill/test',
};

let server: FaultServer;
let http: Http;

before(async () => {
  server = await startFaultServer();
  http = createHttp(cfg, { env: {}, retryBaseMs: 10 });
});
after(async () => {
  await http.close();
  await server.close();
});

function reason(r: HttpResult): string {
  assert.equal(r.kind, 'error');
  return (r as { reason: string }).reason;
}

/** Resolves once the fault server has seen `n` requests for `path`. */
async function seen(path: string, n = 1): Promise<void> {
  while (server.hits(path).length < n) await new Promise((r) => setTimeout(r, 5));
}

test('Transfer-Encoding: gzip, alone (close-delimited) or with chunked, is undone and capped', async () => {
  const feed = Buffer.from('<rss version="2.0"><channel><title>te</title></channel></rss>');
  const gz = zlib.gzipSync(feed);
  const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
  const answers: Record<string, Buffer> = {
    '/te': Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n'), gz]),
    '/te-chunked': Buffer.concat([
      Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: gzip, chunked\r\n\r\n${gz.length.toString(16)}\r\n`),
      gz,
      Buffer.from('\r\n0\r\n\r\n'),
    ]),
    '/te-bomb': Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n'), bomb]),
  };
  const tcp = createTcpServer((s) => {
    s.on('error', () => {});
    s.once('data', (d) => s.end(answers[d.toString('latin1').split(' ')[1] ?? ''] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'));
  });
  await new Promise<void>((res) => tcp.listen(0, '127.0.0.1', res));
  const base = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
  try {
    for (const path of ['/te', '/te-chunked']) {
      const r = await http.get(base + path);
      assert.equal(r.kind, 'ok', path);
      assert.equal((r as { body: Buffer }).body.toString(), feed.toString(), path);
    }
    assert.equal(reason(await http.get(base + '/te-bomb')), 'body over 1MB');
  } finally {
    await new Promise<void>((res) => tcp.close(() => res()));
  }
});

test('a failure body is read to keep the connection when small, and the connection dropped when large', async () => {
  assert.equal(reason(await http.get(`${server.base}/404`)), 'HTTP 404 Not Found');
  const before = server.stats.connections;
  assert.equal(reason(await http.get(`${server.base}/404`)), 'HTTP 404 Not Found');
  assert.equal(server.stats.connections, before, 'a small body is drained and its connection reused');
  // 4 MiB of error page: not read to the end (64 KiB at most), so the next request needs a new connection
  assert.equal(reason(await http.get(`${server.base}/404-big`)), 'HTTP 404 Not Found');
  assert.equal(reason(await http.get(`${server.base}/404`)), 'HTTP 404 Not Found');
  assert.equal(server.stats.connections, before + 1);
});

test('per-call options: accept, referer, headers, maxBytes, timeout', async () => {
  const r = await http.get(`${server.base}/echo-headers`, { accept: 'text/html', referer: 'https://example.com/page', headers: { 'X-One': '1' } });
  assert.equal(r.kind, 'ok');
  const sent = JSON.parse((r as { body: Buffer }).body.toString()).headers as Record<string, string>;
  assert.equal(sent['accept'], 'text/html');
  assert.equal(sent['referer'], 'https://example.com/page');
  assert.equal(sent['x-one'], '1');
  assert.equal(sent['user-agent'], cfg.userAgent);
  assert.equal(reason(await http.get(`${server.base}/good/small.xml`, { maxBytes: 100 })), 'body over 100 bytes');
  assert.equal(reason(await http.get(`${server.base}/trickle`, { timeout: 300 })), 'timeout after 300ms');
});

test('retries per call: a 503 tried 1 + retries times', async () => {
  assert.match(reason(await http.get(`${server.base}/500?r=2`, { retries: 2 })), /^HTTP 500/);
  assert.equal(server.hits('/500?r=2').length, 3);
});

test('an aborted signal: before the request, waiting for the head, mid-body, between retries, queued for a host slot', async () => {
  const before = new AbortController();
  before.abort();
  assert.equal(reason(await http.get(`${server.base}/good/never.xml`, { signal: before.signal })), 'interrupted');
  assert.equal(server.hits('/good/never.xml').length, 0);

  const head = new AbortController();
  const hanging = http.get(`${server.base}/hang?a=1`, { signal: head.signal });
  // perHost is 1: this one waits for the hanging request's slot
  const queued = new AbortController();
  const waiting = http.get(`${server.base}/good/queued.xml`, { signal: queued.signal });
  await seen('/hang?a=1');
  queued.abort();
  assert.equal(reason(await waiting), 'interrupted');
  head.abort();
  assert.equal(reason(await hanging), 'interrupted');
  assert.equal(server.hits('/good/queued.xml').length, 0);

  const body = new AbortController();
  const trickling = http.get(`${server.base}/trickle?a=1`, { signal: body.signal });
  await seen('/trickle?a=1');
  body.abort();
  assert.equal(reason(await trickling), 'interrupted');

  // Retry-After 50 s is within the wait a run allows: only the signal can end this
  const retry = new AbortController();
  const patient = createHttp({ ...cfg, retries: 3 }, { env: {} });
  try {
    const pending = patient.get(`${server.base}/503-retry-after?s=50`, { signal: retry.signal });
    await seen('/503-retry-after?s=50');
    retry.abort();
    assert.equal(reason(await pending), 'interrupted');
    assert.equal(server.hits('/503-retry-after?s=50').length, 1);
  } finally {
    await patient.close();
  }
  // the slot came back: the host is usable again
  assert.equal((await http.get(`${server.base}/good/after.xml`)).kind, 'ok');
});

test('the feed fetcher passes the signal on and stops at the first fallback', async () => {
  const f = createFetcher({ ...cfg, concurrency: 1, maxBackoff: 1 }, { env: {} });
  try {
    const ac = new AbortController();
    const pending = f.fetch(sourceFor(`${server.base}/hang?f=1`, { fallbackUrls: [`${server.base}/good/fb.xml`] }), {}, ac.signal);
    await seen('/hang?f=1');
    ac.abort();
    const r = await pending;
    assert.equal(reason(r), 'interrupted');
    assert.equal(server.hits('/good/fb.xml').length, 0);
  } finally {
    await f.close();
  }
});
