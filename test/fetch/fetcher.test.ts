// The fetcher against a misbehaving local server: every behaviour of issue 4, one request at a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFetcher, looksLikeHtml, type Fetcher } from '../../src/fetch/index.js';
import type { FetchConfig, FetchResult, Source } from '../../src/model.js';
import { sourceFor, tempDir } from '../helpers.js';
import { startFaultServer, type FaultServer } from './fault-server.js';

const MB = 1024 * 1024;
const cfg: FetchConfig = {
  timeout: 1000,
  connectTimeout: 500,
  maxBytes: 1 * MB,
  concurrency: 8,
  perHost: 2,
  retries: 2,
  userAgent: 'feedmill/test (+https://github.com/feedmill/feedmill)',
  maxBackoff: 24 * 3600_000,
};

let server: FaultServer;
let fetcher: Fetcher;
let noRetry: Fetcher;

before(async () => {
  server = await startFaultServer({ bigBytes: 3 * MB });
  fetcher = createFetcher(cfg, { retryBaseMs: 10 });
  noRetry = createFetcher({ ...cfg, retries: 0 }, { retryBaseMs: 10 });
});
after(async () => {
  await fetcher.close();
  await noRetry.close();
  await server.close();
});

/** a Source for a path on the fault server, or for any URL given in full (or in `extra.url`) */
function source(path: string, extra: Partial<Source> = {}): Source {
  const url = extra.url ?? (/^[a-z]+:/.test(path) ? path : server.base + path);
  return sourceFor(url, extra);
}

function ok(r: FetchResult): Extract<FetchResult, { kind: 'ok' }> {
  assert.equal(r.kind, 'ok', r.kind === 'error' ? r.reason : r.kind);
  return r as Extract<FetchResult, { kind: 'ok' }>;
}
function failed(r: FetchResult): Extract<FetchResult, { kind: 'error' }> {
  assert.equal(r.kind, 'error');
  return r as Extract<FetchResult, { kind: 'error' }>;
}

test('a good feed: body, validators, User-Agent and per-feed headers', async () => {
  const r = ok(await fetcher.fetch(source('/good/a.xml', { headers: { Cookie: 'session=1', 'X-Token': 't' } }), {}));
  assert.equal(r.status, 200);
  assert.match(r.body.toString('utf8'), /<title>a item 1<\/title>/);
  assert.match(r.contentType ?? '', /rss\+xml/);
  assert.ok(r.etag);
  assert.equal(r.lastModified, 'Thu, 27 Jan 2022 10:09:07 GMT');
  assert.equal(r.permanentRedirect, null);
  const seen = server.hits('/good/a.xml').at(-1)!;
  assert.equal(seen.headers['user-agent'], cfg.userAgent);
  assert.equal(seen.headers['cookie'], 'session=1');
  assert.equal(seen.headers['x-token'], 't');
  assert.match(String(seen.headers['accept-encoding']), /gzip/);
  assert.match(String(seen.headers['accept-encoding']), /br/);
});

test('conditional GET: validators are sent and a 304 is not-modified', async () => {
  const first = ok(await fetcher.fetch(source('/good/cond.xml'), {}));
  const second = await fetcher.fetch(source('/good/cond.xml'), { etag: first.etag, lastModified: first.lastModified });
  assert.equal(second.kind, 'not-modified');
  assert.equal(second.kind === 'not-modified' && second.etag, first.etag);
  const seen = server.hits('/good/cond.xml').at(-1)!;
  assert.equal(seen.headers['if-none-match'], first.etag);
  assert.equal(seen.headers['if-modified-since'], first.lastModified);
  const byDate = await fetcher.fetch(source('/good/cond.xml'), { lastModified: first.lastModified });
  assert.equal(byDate.kind, 'not-modified');
});

test('gzip, brotli, zlib deflate and raw deflate bodies are decoded', async () => {
  for (const [path, name] of [
    ['/gzip-feed', 'gz'],
    ['/br-feed', 'br'],
    ['/deflate-feed', 'deflate'],
    ['/raw-deflate-feed', 'rawdeflate'],
  ] as const) {
    const r = ok(await fetcher.fetch(source(path), {}));
    assert.match(r.body.toString('utf8'), new RegExp(`<title>Feed ${name}</title>`), path);
  }
});

test('404 fails at once with the status text and is not retried', async () => {
  const r = failed(await fetcher.fetch(source('/404'), {}));
  assert.equal(r.reason, 'HTTP 404 Not Found');
  assert.equal(r.status, 404);
  assert.equal(r.gone, false);
  assert.equal(server.hits('/404').length, 1);
});

test('410 marks the feed gone', async () => {
  const r = failed(await fetcher.fetch(source('/410'), {}));
  assert.equal(r.gone, true);
  assert.equal(r.reason, 'HTTP 410 Gone');
});

test('500 is retried `retries` times, then reported', async () => {
  const r = failed(await fetcher.fetch(source('/500'), {}));
  assert.equal(r.reason, 'HTTP 500 Internal Server Error');
  assert.equal(server.hits('/500').length, cfg.retries + 1);
});

test('a transient 503 is retried and the feed comes through', async () => {
  const r = ok(await fetcher.fetch(source('/503-then-ok?fail=2'), {}));
  assert.match(r.body.toString(), /Feed flaky/);
  assert.equal(server.hits('/503-then-ok?fail=2').length, 3);
});

test('503 with a Retry-After beyond the cap is reported, not waited for', async () => {
  const r = failed(await fetcher.fetch(source('/503-retry-after?s=3600'), {}));
  assert.match(r.reason, /^HTTP 503 Service Unavailable/);
  assert.match(r.reason, /retry after 1h/);
  assert.equal(r.retryAfter, 3600_000);
  assert.equal(server.hits('/503-retry-after?s=3600').length, 1);
});

test('429 honours a short Retry-After, then succeeds', async () => {
  const r = ok(await fetcher.fetch(source('/429-then-ok'), {}));
  assert.match(r.body.toString(), /Feed patient/);
  assert.equal(server.hits('/429-then-ok').length, 2);
});

test('429 with a long Retry-After reports it', async () => {
  const r = failed(await fetcher.fetch(source('/429?s=120'), {}));
  assert.match(r.reason, /^HTTP 429 Too Many Requests/);
  assert.equal(r.retryAfter, 120_000);
});

test('a server that never answers times out, and the timeout is retried', async () => {
  const f = createFetcher({ ...cfg, retries: 1 }, { retryBaseMs: 10 });
  try {
    const r = failed(await f.fetch(source('/hang'), {}));
    assert.equal(r.reason, 'timeout after 1s');
    assert.equal(server.hits('/hang').length, 2);
  } finally {
    await f.close();
  }
});

test('a slow trickle is cut by the total timeout, compressed or not', async () => {
  assert.equal(failed(await noRetry.fetch(source('/trickle'), {})).reason, 'timeout after 1s');
  assert.equal(failed(await noRetry.fetch(source('/gzip-trickle'), {})).reason, 'timeout after 1s');
});

test('connection reset', async () => {
  const r = failed(await fetcher.fetch(source('/reset'), {}));
  assert.equal(r.reason, 'connection reset');
  assert.equal(server.hits('/reset').length, cfg.retries + 1);
});

test('connection refused', async () => {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((res) => s.close(() => res()));
  const r = failed(await noRetry.fetch(source(`http://127.0.0.1:${port}/feed.xml`), {}));
  assert.equal(r.reason, 'connection refused');
});

test('TLS failure is named as such', async () => {
  // a TLS handshake against a plain-HTTP server
  const r = failed(await noRetry.fetch(source(server.base.replace('http:', 'https:') + '/good/tls.xml', { url: server.base.replace('http:', 'https:') + '/good/tls.xml' }), {}));
  assert.match(r.reason, /^TLS error: /);
  assert.doesNotMatch(r.reason, /\n/);
});

test('broken HTTP: garbage, a bad chunk, a body cut short', async () => {
  const raw: Record<string, string> = {
    '/garbage': 'HELLO THERE\r\n\r\n',
    '/badchunk': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n',
    '/short': 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<rss>',
  };
  const tcp = createTcpServer((s) => {
    s.on('error', () => {});
    s.once('data', (d) => {
      const path = d.toString('latin1').split(' ')[1] ?? '';
      s.end(raw[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
  });
  await new Promise<void>((res) => tcp.listen(0, '127.0.0.1', res));
  const base = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
  try {
    assert.match(failed(await noRetry.fetch(source(base + '/garbage'), {})).reason, /^invalid HTTP response: /);
    assert.match(failed(await noRetry.fetch(source(base + '/badchunk'), {})).reason, /^invalid HTTP response: .*chunk/);
    assert.equal(failed(await noRetry.fetch(source(base + '/short'), {})).reason, 'connection closed before the body was complete');
  } finally {
    await new Promise<void>((res) => tcp.close(() => res()));
  }
});

test('DNS failure', async () => {
  const r = failed(await noRetry.fetch(source('http://feedmill-test.invalid/feed.xml'), {}));
  assert.match(r.reason, /^(DNS lookup failed|timeout|connect timeout)/);
});

test('a 200 HTML page comes back as ok for the parser to judge; looksLikeHtml says so', async () => {
  const r = ok(await fetcher.fetch(source('/html'), {}));
  assert.equal(looksLikeHtml(r.contentType, r.body), true);
  const feed = ok(await fetcher.fetch(source('/good/h.xml'), {}));
  assert.equal(looksLikeHtml(feed.contentType, feed.body), false);
  assert.equal(looksLikeHtml(null, Buffer.from('\n<!DOCTYPE html><html>')), true);
  assert.equal(looksLikeHtml('text/html', Buffer.from('<?xml version="1.0"?><rss version="2.0">')), false);
});

test('a 200 empty body', async () => {
  const r = failed(await fetcher.fetch(source('/empty'), {}));
  assert.equal(r.reason, 'empty body');
  assert.equal(server.hits('/empty').length, 1);
});

test('a permanent redirect is followed and reported; a temporary one is followed silently', async () => {
  const r = ok(await fetcher.fetch(source('/redirect-good'), {}));
  assert.equal(r.url, `${server.base}/good/redirected.xml`);
  assert.equal(r.permanentRedirect, `${server.base}/good/redirected.xml`);
  const t = ok(await fetcher.fetch(source('/redirect-temp'), {}));
  assert.equal(t.url, `${server.base}/good/temp.xml`);
  assert.equal(t.permanentRedirect, null);
});

test('credentials follow a redirect on the same origin, never to another one', async () => {
  const port = new URL(server.base).port;
  const headers = { Cookie: 'secret=1', Authorization: 'Bearer t' };
  ok(await fetcher.fetch(source(`/redirect-to?u=/good/same.xml`, { headers }), {}));
  assert.equal(server.hits('/good/same.xml').at(-1)!.headers['cookie'], 'secret=1');
  ok(await fetcher.fetch(source(`/redirect-to?u=http://localhost:${port}/good/cross.xml`, { headers }), {}));
  const cross = server.hits('/good/cross.xml').at(-1)!;
  assert.equal(cross.headers['cookie'], undefined);
  assert.equal(cross.headers['authorization'], undefined);
  assert.equal(cross.headers['user-agent'], cfg.userAgent);
});

test('redirect loop and too many redirects', async () => {
  assert.equal(failed(await fetcher.fetch(source('/loop-a'), {})).reason, 'redirect loop');
  assert.equal(failed(await fetcher.fetch(source('/chain?n=0'), {})).reason, 'too many redirects');
  // the start plus five redirects followed
  assert.equal(server.requests.filter((q) => q.path.startsWith('/chain')).length, 6);
});

test('bodies over maxBytes are cut, with and without Content-Length', async () => {
  for (const path of ['/big-cl', '/big-chunked']) {
    const r = failed(await fetcher.fetch(source(path), {}));
    assert.equal(r.reason, 'body over 1MB', path);
    assert.equal(server.hits(path).length, 1, 'not retried');
  }
});

test('gzip and brotli bombs are cut at the cap after decompression', async () => {
  for (const path of ['/gzip-bomb', '/gzip-bomb-chunked', '/br-bomb']) {
    const r = failed(await fetcher.fetch(source(path), {}));
    assert.equal(r.reason, 'body over 1MB', path);
  }
});

test('per-host limit: never more than perHost requests in flight to one host', async () => {
  const results = await Promise.all(Array.from({ length: 7 }, (_, i) => fetcher.fetch(source(`/slow?ms=200&i=${i}`), {})));
  for (const r of results) ok(r);
  assert.equal(server.stats.maxInFlight, cfg.perHost);
});

test('connections are kept alive and reused', async () => {
  const f = createFetcher({ ...cfg, perHost: 1 });
  try {
    ok(await f.fetch(source('/good/ka.xml'), {}));
    const before = server.stats.connections;
    for (let i = 0; i < 5; i++) ok(await f.fetch(source(`/good/ka${i}.xml`), {}));
    assert.equal(server.stats.connections, before);
  } finally {
    await f.close();
  }
});

test('fallback URLs are tried in order when the url answers 5xx/403/429', async () => {
  const r = ok(
    await fetcher.fetch(
      source('/503-retry-after?s=1', { fallbackUrls: [`${server.base}/403`, `${server.base}/good/fallback.xml`] }),
      {},
    ),
  );
  assert.equal(r.url, `${server.base}/good/fallback.xml`);
  assert.equal(server.hits('/403').length, 1);
  // a 404 is the route's answer, not the instance's trouble: no fallback
  const nf = failed(await fetcher.fetch(source('/404?fb', { fallbackUrls: [`${server.base}/good/unused.xml`] }), {}));
  assert.equal(nf.reason, 'HTTP 404 Not Found');
  assert.equal(server.hits('/good/unused.xml').length, 0);
  // all failing: the url's reason first, then the fallbacks'
  const all = failed(await fetcher.fetch(source('/500?all', { fallbackUrls: [`${server.base}/403?all`] }), {}));
  assert.equal(all.reason, 'HTTP 500 Internal Server Error (fallback: HTTP 403 Forbidden)');
});

test('file:// URLs and plain paths are read with the cap; unchanged files are not-modified', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'feeds'));
  const path = join(dir, 'feeds', 'local.xml');
  writeFileSync(path, '<?xml version="1.0"?><rss version="2.0"><channel><title>local</title></channel></rss>');
  const viaUrl = ok(await fetcher.fetch(source(pathToFileURL(path).href), {}));
  assert.match(viaUrl.body.toString(), /<title>local<\/title>/);
  const viaPath = ok(await fetcher.fetch(source(path, { url: path }), {}));
  assert.equal(viaPath.body.length, viaUrl.body.length);
  const again = await fetcher.fetch(source(path, { url: path }), { etag: viaPath.etag });
  assert.equal(again.kind, 'not-modified');
  const big = join(dir, 'big.xml');
  writeFileSync(big, Buffer.alloc(cfg.maxBytes + 1, 0x20));
  assert.equal(failed(await fetcher.fetch(source(big, { url: big }), {})).reason, 'body over 1MB');
  const missing = join(dir, 'missing.xml');
  assert.equal(failed(await fetcher.fetch(source(missing, { url: missing }), {})).reason, `file not found: ${missing}`);
  const empty = join(dir, 'empty.xml');
  writeFileSync(empty, '  \n');
  assert.equal(failed(await fetcher.fetch(source(empty, { url: empty }), {})).reason, 'empty body');
});

test('a bad URL or a broken configured header is an error result, never a throw', async () => {
  const r = failed(await fetcher.fetch(source('http://', { url: 'http://' }), {}));
  assert.match(r.reason, /bad URL/);
  const h = failed(await fetcher.fetch(source('/good/h.xml', { headers: { 'X-Bad': 'a\r\nInjected: 1' } }), {}));
  assert.match(h.reason, /^invalid request: /);
  assert.equal(server.requests.some((q) => q.headers['injected']), false);
});
