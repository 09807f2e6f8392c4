// A fake RSSHub instance on 127.0.0.1 serving fixture feeds by route, for end-to-end runs.
import { readFileSync } from 'node:fs';
import { fixture } from '../helpers.js';
import { startServer, type TestServer } from './server.js';

export const ROUTE_FIXTURES: Record<string, string> = {
  '/guancha/headline': fixture('seed', 'guancha-headline.xml'),
  '/36kr/newsflashes': fixture('cli', 'feeds', '36kr-newsflashes.xml'),
  '/juejin/category/frontend': fixture('cli', 'feeds', 'juejin-frontend.xml'),
  '/cnbeta': fixture('cli', 'feeds', 'cnbeta.xml'),
  '/sspai/matrix': fixture('cli', 'feeds', 'sspai-matrix.xml'),
};

/** Serves the fixture for a route; `status` forces every answer (e.g. 503 for a broken instance). */
export function startRsshub(opts: { status?: number } = {}): Promise<TestServer> {
  return startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (opts.status !== undefined) {
      res.writeHead(opts.status, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
      return;
    }
    const file = ROUTE_FIXTURES[path];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(readFileSync(file));
  });
}
