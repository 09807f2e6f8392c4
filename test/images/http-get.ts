// GetImage over node:http, resolving every host name to 127.0.0.1 (the image server plays many hosts), with the
// body cap and the FetchResult shape of src/fetch/.
import { get as httpGet } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { FetchResult } from '../../src/model.js';
import type { GetImage } from '../../src/images/download.js';

const toLoopback: LookupFunction = (_host, opts, cb) => {
  if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};

const error = (reason: string, status: number | null = null): FetchResult => ({ kind: 'error', reason, status, gone: status === 410, retryAfter: null });

/** Every request to the server on `port` over plain http, whatever the URL's scheme and port (as a TLS-terminating proxy would). */
export function allToPort(port: number): GetImage {
  return (url, init) => {
    const u = new URL(url);
    return loopbackGet(`http://${u.hostname}:${port}${u.pathname}${u.search}`, init).then((r) => (r.kind === 'ok' ? { ...r, url } : r));
  };
}

export const loopbackGet: GetImage = (url, { headers, maxBytes, signal }) =>
  new Promise<FetchResult>((resolve) => {
    const req = httpGet(url, { headers, lookup: toLoopback, signal, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        resolve(error(`HTTP ${status}`, status));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          res.destroy();
          resolve(error(`body over ${maxBytes} bytes`, status));
        } else chunks.push(c);
      });
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
        resolve({ kind: 'ok', status, url, body: Buffer.concat(chunks), contentType: h['content-type'] ?? null, etag: null, lastModified: null, permanentRedirect: null, headers: h });
      });
      res.on('error', (e) => resolve(error(e.message)));
    });
    req.on('error', (e) => resolve(error(e.message)));
  });
