// Real proxies on 127.0.0.1 for the proxy tests: an HTTP proxy that forwards plain requests and tunnels CONNECT
// (`proxy`, by TooTallNate), a SOCKS5 proxy (@pondwader/socks5-server), and an https feed server with a
// certificate made at test time (`selfsigned`), trusted only through the fetcher's `ca` option.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { createProxy } from 'proxy';
import { createServer as createSocksServer } from '@pondwader/socks5-server';
import { generate } from 'selfsigned';
import { rssFeed } from './fault-server.js';

export interface RunningProxy {
  url: string;
  /** absolute-URI requests forwarded, and CONNECT tunnels opened, by target */
  forwarded: string[];
  tunnels: string[];
  close(): Promise<void>;
}

function track(server: Server | import('node:net').Server): { close(): Promise<void> } {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function startHttpProxy(): Promise<RunningProxy> {
  const server = createProxy(createHttpServer());
  const forwarded: string[] = [];
  const tunnels: string[] = [];
  server.prependListener('request', (req) => forwarded.push(req.url ?? ''));
  server.prependListener('connect', (req) => tunnels.push(req.url ?? ''));
  const tracked = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, forwarded, tunnels, close: tracked.close };
}

export async function startSocksProxy(): Promise<RunningProxy> {
  const socks = createSocksServer();
  const tunnels: string[] = [];
  socks.setRulesetValidator((conn) => {
    tunnels.push(`${conn.destAddress}:${conn.destPort}`);
    return true;
  });
  // our own listener handing each connection over, so the test can close its sockets
  const server = createTcpServer((s) => {
    s.on('error', () => {});
    socks._handleConnection(s);
  });
  const tracked = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `socks5://127.0.0.1:${(server.address() as AddressInfo).port}`, forwarded: [], tunnels, close: tracked.close };
}

export interface FeedServer {
  base: string;
  /** paths requested, in order */
  hits: string[];
  /** the CA to trust (https only) */
  cert?: string;
  close(): Promise<void>;
}

/** Answers every path with a small RSS feed named after the path's last segment. */
export async function startFeedServer(tls: boolean): Promise<FeedServer> {
  const hits: string[] = [];
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    hits.push(req.url ?? '/');
    const name = (req.url ?? '/').split('/').pop()!.replace(/\W/g, '') || 'root';
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(rssFeed(name));
  };
  let cert: string | undefined;
  let server: Server;
  if (tls) {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    });
    cert = pems.cert;
    server = createHttpsServer({ key: pems.private, cert: pems.cert }, handler);
  } else {
    server = createHttpServer(handler);
  }
  const tracked = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, hits, ...(cert ? { cert } : {}), close: tracked.close };
}

/** A port on 127.0.0.1 that nothing listens on (for a proxy that refuses). */
export async function deadPort(): Promise<number> {
  const s = createHttpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
