// A feed server on 127.0.0.1 for run-now tests: serves feed files from a folder, holding chosen paths until released.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

/** Serves feed files from a folder; a path in `held` waits until `release(path)`. */
export function feedServer(dir: string, held: Set<string>) {
  const waiting = new Map<string, ServerResponse>();
  const asked = new Map<string, () => void>();
  const requests = new Set<string>();
  const answer = (path: string, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(readFileSync(join(dir, path.slice(1))));
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.add(path);
    asked.get(path)?.();
    if (held.has(path)) waiting.set(path, res);
    else answer(path, res);
  });
  return {
    server,
    async listen(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    /** resolves once a request for `path` has come in */
    requested(path: string): Promise<void> {
      return requests.has(path) ? Promise.resolve() : new Promise((r) => asked.set(path, r));
    },
    /** lets the held request (now or when it comes) through */
    release(path: string) {
      held.delete(path);
      const res = waiting.get(path);
      if (res) answer(path, res);
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
