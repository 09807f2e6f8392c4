// The fault matrix at fetcher level: every fault at once through one fetcher, good feeds beside them,
// as the pipeline drives it (a bounded pool of workers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFetcher } from '../../src/fetch/index.js';
import type { FetchConfig, FetchResult, Source } from '../../src/model.js';
import { startFaultServer } from './fault-server.js';
import { sourceFor } from '../helpers.js';

const cfg: FetchConfig = {
  timeout: 1000,
  connectTimeout: 1000,
  maxBytes: 1024 * 1024,
  concurrency: 16,
  perHost: 8,
  retries: 1,
  userAgent: 'feedmill/test',
  maxBackoff: 3600_000,
};

/** path → what the fetcher must say: 'ok', 'not-modified' is for the second pass, or an error reason */
const MATRIX: Array<[string, RegExp | 'ok']> = [
  ['/good/one.xml', 'ok'],
  ['/good/two.xml', 'ok'],
  ['/gzip-feed', 'ok'],
  ['/br-feed', 'ok'],
  ['/redirect-good', 'ok'],
  ['/html', 'ok'], // a page, not a feed: the parser says so
  ['/404', /^HTTP 404 Not Found$/],
  ['/500', /^HTTP 500 Internal Server Error$/],
  ['/503-retry-after?s=3600', /^HTTP 503 Service Unavailable \(retry after 1h\)$/],
  ['/429?s=120', /^HTTP 429 Too Many Requests \(retry after 2m\)$/],
  ['/hang', /^timeout after 1s$/],
  ['/reset', /^connection reset$/],
  ['/empty', /^empty body$/],
  ['/loop-a', /^redirect loop$/],
  ['/big-cl', /^body over 1MB$/],
  ['/big-chunked', /^body over 1MB$/],
  ['/gzip-bomb', /^body over 1MB$/],
  ['/gzip-bomb-chunked', /^body over 1MB$/],
  ['/br-bomb', /^body over 1MB$/],
  ['/trickle', /^timeout after 1s$/],
];

const src = (url: string): Source => sourceFor(url);

async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

test('every fault at once: good feeds come through, each bad one has its reason, validators give 304s', async () => {
  const server = await startFaultServer({ bigBytes: 3 * 1024 * 1024 });
  const fetcher = createFetcher(cfg, { retryBaseMs: 50 });
  try {
    const results = await pool(MATRIX, cfg.concurrency, ([path]) => fetcher.fetch(src(server.base + path), {}));
    const memo = new Map<string, FetchResult>();
    MATRIX.forEach(([path, want], i) => {
      const r = results[i]!;
      memo.set(path, r);
      if (want === 'ok') assert.equal(r.kind, 'ok', `${path}: ${r.kind === 'error' ? r.reason : r.kind}`);
      else {
        assert.equal(r.kind, 'error', path);
        assert.match((r as { reason: string }).reason, want, path);
      }
    });
    // second pass over the good feeds with the validators they gave
    const good = MATRIX.filter(([p]) => p.startsWith('/good/') || p === '/redirect-good').map(([p]) => p);
    const again = await pool(good, cfg.concurrency, (path) => {
      const first = memo.get(path) as Extract<FetchResult, { kind: 'ok' }>;
      return fetcher.fetch(src(server.base + path), { etag: first.etag, lastModified: first.lastModified });
    });
    again.forEach((r, i) => assert.equal(r.kind, 'not-modified', good[i]));
  } finally {
    await fetcher.close();
    await server.close();
  }
});
