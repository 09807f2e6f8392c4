// A local HTTP server on 127.0.0.1 that misbehaves on purpose: the fault matrix of issue 4.
// Shared by the fetcher unit tests and the end-to-end fault test.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FaultServer {
  base: string;
  requests: SeenRequest[];
  /** requests seen for one path (query included) */
  hits(path: string): SeenRequest[];
  /** TCP connections accepted so far, and the most /slow requests seen in flight at once */
  stats: { connections: number; maxInFlight: number };
  close(): Promise<void>;
}

export function rssFeed(name: string, items = 3): string {
  const entries = Array.from({ length: items }, (_, i) => {
    const n = i + 1;
    return `    <item>
      <title>${name} item ${n}</title>
      <link>https://example.com/${name}/${n}</link>
      <guid>urn:feedmill-test:${name}:${n}</guid>
      <pubDate>Thu, 2${n} Jan 2022 10:09:07 GMT</pubDate>
      <description><![CDATA[<p>Body of ${name} item ${n}.</p>]]></description>
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Feed ${name}</title>
    <link>https://example.com/${name}</link>
    <description>test feed ${name}</description>
${entries.join('\n')}
  </channel>
</rss>
`;
}

const LAST_MODIFIED = 'Thu, 27 Jan 2022 10:09:07 GMT';
const MB = 1024 * 1024;

/** `bigBytes`: size of the oversized bodies (must exceed the cap under test). */
export async function startFaultServer(opts: { bigBytes?: number } = {}): Promise<FaultServer> {
  const bigBytes = opts.bigBytes ?? 4 * MB;
  // a few KB on the wire, 16 MB decoded; built on first use
  let bombs: { gzip: Buffer; br: Buffer } | null = null;
  const bomb = (kind: 'gzip' | 'br'): Buffer => {
    bombs ??= {
      gzip: zlib.gzipSync(Buffer.alloc(16 * MB, 0x20)),
      br: zlib.brotliCompressSync(Buffer.alloc(16 * MB, 0x20), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }),
    };
    return bombs[kind];
  };
  const requests: SeenRequest[] = [];
  const counters = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const stats = { connections: 0, maxInFlight: 0 };
  let inFlight = 0;

  const sendFeed = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const etag = '"' + createHash('sha1').update(body).digest('hex').slice(0, 16) + '"';
    if (req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === LAST_MODIFIED)) {
      res.writeHead(304, { etag, 'last-modified': LAST_MODIFIED });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': LAST_MODIFIED });
    res.end(body);
  };

  /** counts hits of a path and answers `fail` for the first `times` of them */
  const countHit = (key: string): number => {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };

  const streamBytes = (res: ServerResponse, total: number): void => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => (sent = total));
    pump();
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    requests.push({ path: req.url ?? '/', headers: req.headers });
    res.on('error', () => {});
    const good = /^\/good\/([\w-]+)\.xml$/.exec(path);
    if (good) return sendFeed(req, res, rssFeed(good[1]!, Number(url.searchParams.get('items') ?? 3)));
    switch (path) {
      case '/gzip-feed': {
        const body = zlib.gzipSync(rssFeed('gz'));
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        return res.end(body);
      }
      case '/br-feed': {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'br' });
        return res.end(zlib.brotliCompressSync(rssFeed('br')));
      }
      case '/deflate-feed': {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
        return res.end(zlib.deflateSync(rssFeed('deflate')));
      }
      case '/raw-deflate-feed': {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' });
        return res.end(zlib.deflateRawSync(rssFeed('rawdeflate')));
      }
      case '/404':
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('no such feed');
      case '/404-big':
        res.writeHead(404, { 'content-type': 'text/html' });
        return streamBytes(res, 4 * 1024 * 1024);
      case '/410':
        res.writeHead(410);
        return res.end();
      case '/500':
        res.writeHead(500);
        return res.end('boom');
      case '/403':
        res.writeHead(403);
        return res.end('forbidden');
      case '/503-retry-after':
        // RSSHub-style: route failure, come back later (longer than any run waits)
        res.writeHead(503, { 'retry-after': url.searchParams.get('s') ?? '3600' });
        return res.end('route failed');
      case '/503-then-ok': {
        const n = countHit(req.url ?? path);
        if (n <= Number(url.searchParams.get('fail') ?? 1)) {
          res.writeHead(503, { 'retry-after': '0' });
          return res.end();
        }
        return sendFeed(req, res, rssFeed('flaky'));
      }
      case '/429': {
        res.writeHead(429, { 'retry-after': url.searchParams.get('s') ?? '3600' });
        return res.end('slow down');
      }
      case '/429-then-ok': {
        const n = countHit(req.url ?? path);
        if (n <= 1) {
          res.writeHead(429, { 'retry-after': '1' });
          return res.end();
        }
        return sendFeed(req, res, rssFeed('patient'));
      }
      case '/slow': {
        inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
        const t = setTimeout(() => {
          inFlight--;
          timers.delete(t);
          sendFeed(req, res, rssFeed('slow'));
        }, Number(url.searchParams.get('ms') ?? 100));
        timers.add(t);
        return;
      }
      case '/hang':
        return; // never answers
      case '/reset':
        return req.socket.destroy();
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!DOCTYPE html>\n<html><head><title>Login</title></head><body><p>Please sign in</p></body></html>\n');
      case '/empty':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return res.end();
      case '/redirect-good':
        res.writeHead(301, { location: '/good/redirected.xml' });
        return res.end();
      case '/redirect-temp':
        res.writeHead(302, { location: '/good/temp.xml' });
        return res.end();
      case '/redirect-to':
        res.writeHead(302, { location: url.searchParams.get('u') ?? '/' });
        return res.end();
      case '/loop-a':
        res.writeHead(302, { location: '/loop-b' });
        return res.end();
      case '/loop-b':
        res.writeHead(302, { location: '/loop-a' });
        return res.end();
      case '/chain': {
        const n = Number(url.searchParams.get('n') ?? 0);
        res.writeHead(302, { location: `/chain?n=${n + 1}` });
        return res.end();
      }
      case '/big-cl':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(bigBytes) });
        return streamBytes(res, bigBytes);
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return streamBytes(res, bigBytes);
      case '/gzip-bomb':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip', 'content-length': String(bomb('gzip').length) });
        return res.end(bomb('gzip'));
      case '/gzip-bomb-chunked':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        return res.end(bomb('gzip'));
      case '/br-bomb':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'br' });
        return res.end(bomb('br'));
      case '/trickle': {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title>');
        const t = setInterval(() => res.write(' '), 100);
        timers.add(t);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
        });
        return;
      }
      case '/gzip-trickle': {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        const gz = zlib.createGzip();
        gz.pipe(res);
        gz.write('<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title>');
        gz.flush();
        const t = setInterval(() => {
          gz.write(' ');
          gz.flush();
        }, 100);
        timers.add(t);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
          gz.destroy();
        });
        return;
      }
      case '/echo-headers':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'echo', items: [], headers: req.headers }));
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    stats.connections++;
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    stats,
    hits: (p) => requests.filter((r) => r.path === p),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
