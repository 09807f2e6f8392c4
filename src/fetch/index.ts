// The fetch stage: one Source (+ validators from the store) in, one FetchResult out — never throws.
// Local files are read by file.ts; http(s) goes through the one HTTP layer (http.ts). What is feed-specific
// lives here: the feed Accept header, the feed's own headers and proxy, and the RSSHub fallback instances.
import type { FetchConfig, FetchResult, Source, Validators } from '../model.js';
import { fetchLocal, isLocalSource } from './file.js';
import { createHttp, errorResult, type Http, type HttpOptions } from './http.js';
import { shouldFallBack } from './retry.js';

export { looksLikeHtml } from './html.js';
export { formatBytes, formatDuration } from './format.js';
export { parseRetryAfter } from './retry.js';
export { createHttp, MAX_REDIRECTS, type Http, type HttpConfig, type HttpOptions, type HttpResult, type GetOptions } from './http.js';

export interface Fetcher {
  /** `signal` aborted: returns promptly with reason "interrupted" */
  fetch(source: Source, validators: Validators, signal?: AbortSignal): Promise<FetchResult>;
  close(): Promise<void>;
}

/** Knobs that are not user configuration; tests set them. */
export type FetcherOptions = HttpOptions;

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export function createFetcher(cfg: FetchConfig, options: FetcherOptions = {}): Fetcher {
  const http = createHttp(cfg, options);
  return {
    async fetch(source, validators, signal) {
      try {
        if (signal?.aborted) return errorResult('interrupted', null);
        if (isLocalSource(source.url)) return await fetchLocal(source.url, validators ?? {}, cfg.maxBytes);
        return await fetchSource(http, cfg, source, validators ?? {}, signal);
      } catch (err) {
        // a bug here must cost one feed, not the run
        return errorResult(`internal fetch error: ${String((err as Error)?.message ?? err).split('\n', 1)[0]}`, null);
      }
    },
    close: () => http.close(),
  };
}

/** The feed's URL, then its fallback instances in order while the answer is the instance's trouble. */
async function fetchSource(http: Http, cfg: FetchConfig, source: Source, validators: Validators, signal?: AbortSignal): Promise<FetchResult> {
  const urls = [source.url, ...(source.fallbackUrls ?? []).filter((u) => u && u !== source.url)];
  let first: Extract<FetchResult, { kind: 'error' }> | null = null;
  const failures: string[] = [];
  for (let i = 0; i < urls.length; i++) {
    const isLast = i === urls.length - 1;
    const res = await http.get(urls[i]!, {
      headers: source.headers,
      validators,
      accept: FEED_ACCEPT,
      // with fallbacks left, the next instance is a better retry than hammering this one
      retries: isLast ? cfg.retries : 0,
      ...(source.proxy !== undefined ? { proxy: source.proxy } : {}),
      ...(signal ? { signal } : {}),
    });
    if (res.kind !== 'error') {
      if (i > 0) res.permanentRedirect = null; // a move on a fallback instance is not the config's
      return res;
    }
    if (res.reason === 'interrupted') return res;
    first ??= res;
    if (i > 0) failures.push(res.reason);
    if (!shouldFallBack(res.status)) break;
  }
  if (failures.length === 0) return first!;
  return { ...first!, reason: `${first!.reason} (fallback${failures.length > 1 ? 's' : ''}: ${failures.join('; ')})` };
}
