// The one HTTP layer: every request feedmill makes (feeds, the RSSHub catalog, discovery, and next images and
// article pages) goes through `createHttp(cfg, options).get(url, opts)`, on undici's keep-alive pools.
//
//   get(url, { headers, validators, maxBytes, accept, retries, proxy, referer, signal, timeout })
//     → { kind: 'ok', status, url, body, contentType, etag, lastModified, permanentRedirect, headers }
//     | { kind: 'not-modified', url, etag, lastModified, permanentRedirect }        (a 304 to the validators)
//     | { kind: 'error', reason, status, gone, retryAfter }                          (one line; never throws)
//
// Per request: at most `perHost` in flight to one host; a connect timeout and a total timeout over headers and
// body (a trickling server is cut off); the body decoded (gzip, deflate, br, also as Transfer-Encoding) and capped
// after decoding; up to 5 redirects with loop detection, credentials dropped across origins, a chain of 301/308
// reported as `permanentRedirect`; retries with exponential backoff, jitter and Retry-After; the proxy from
// `opts.proxy`, else `cfg.proxy`, else the environment (see proxy.ts). An aborted `signal` gives reason
// "interrupted" at once. http(s) only: local files are the feed fetcher's business (file.ts), never a page's.
import { STATUS_CODES } from 'node:http';
import type { FetchResult, Validators } from '../model.js';
import { BodyTooLargeError } from './body.js';
import { describeNetworkError } from './errors.js';
import { isBlank } from './file.js';
import { formatBytes, formatDuration } from './format.js';
import { HostLimiter } from './host-limit.js';
import { Dispatchers } from './dispatchers.js';
import { exchange, type Exchange } from './exchange.js';
import { proxyFor, proxyLabel } from './proxy.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.js';

export type HttpResult = FetchResult;
export type HttpError = Extract<FetchResult, { kind: 'error' }>;

/** What the layer needs of the `fetch:` config. */
export interface HttpConfig {
  /** total timeout of one request (headers and body), ms */
  timeout: number;
  connectTimeout: number;
  /** cap on the decoded body, bytes */
  maxBytes: number;
  perHost: number;
  /** further tries after a retryable failure */
  retries: number;
  userAgent: string;
  /** "none", a proxy URL, or undefined for the environment */
  proxy?: string;
}

/** Knobs that are not user configuration; tests set them. */
export interface HttpOptions {
  /** first retry delay before jitter, ms (default 500) */
  retryBaseMs?: number;
  /** longest Retry-After waited for within a run, ms (default 60 s); longer ones are reported instead */
  maxRetryAfterMs?: number;
  /** extra CA certificates trusted for https (a self-signed test server) */
  ca?: string | Buffer | Array<string | Buffer>;
  /** where HTTP_PROXY / HTTPS_PROXY / NO_PROXY are read (default process.env, at creation) */
  env?: Record<string, string | undefined>;
}

export interface GetOptions {
  headers?: Record<string, string>;
  validators?: Validators;
  maxBytes?: number;
  /** Accept header (default any) */
  accept?: string;
  /** overrides cfg.retries */
  retries?: number;
  /** overrides cfg.proxy: "none" or a proxy URL */
  proxy?: string;
  referer?: string;
  signal?: AbortSignal;
  /** overrides cfg.timeout, ms */
  timeout?: number;
}

export interface Http {
  get(url: string, opts?: GetOptions): Promise<HttpResult>;
  close(): Promise<void>;
}

export const MAX_REDIRECTS = 5;
const ACCEPT_ENCODING = 'gzip, deflate, br';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** credentials never follow a redirect to another origin */
const ORIGIN_BOUND_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization']);

/** The outcome of one try at one URL, with what the retry loop needs to decide. */
interface Attempt {
  result: HttpResult;
  retryable: boolean;
  status: number | null;
  retryAfterMs: number | null;
}

/** Per-call settings, resolved once. */
interface Call {
  timeout: number;
  maxBytes: number;
  proxy: string | undefined;
  signal: AbortSignal | undefined;
}

export function errorResult(reason: string, status: number | null, extra: Partial<HttpError> = {}): HttpError {
  return { kind: 'error', reason, status, gone: false, retryAfter: null, ...extra };
}

const interrupted = (): Attempt => ({ result: errorResult('interrupted', null), retryable: false, status: null, retryAfterMs: null });

export function createHttp(cfg: HttpConfig, options: HttpOptions = {}): Http {
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const env = { ...(options.env ?? process.env) };
  const perHost = Math.max(1, cfg.perHost);
  // as many sockets per origin as the per-host limit lets requests in: reuse instead of opening more
  const dispatchers = new Dispatchers({ connectTimeout: cfg.connectTimeout, connections: perHost, ca: options.ca });
  const limiter = new HostLimiter(perHost);

  /** One GET without redirects, holding a per-host slot and a total timer over headers and body. */
  async function requestOnce(url: URL, headers: Record<string, string>, call: Call): Promise<
    { kind: 'redirect'; status: number; location: string | null } | { kind: 'done'; attempt: Attempt }
  > {
    const release = await limiter.acquire(url.host, call.signal);
    const done = (attempt: Attempt) => ({ kind: 'done' as const, attempt });
    if (call.signal?.aborted) {
      release();
      return done(interrupted());
    }
    const proxy = proxyFor(url, call.proxy, env);
    let e: Exchange;
    try {
      e = await exchange(dispatchers.for(proxy), {
        origin: url.origin,
        path: url.pathname + url.search,
        headers,
        timeout: call.timeout,
        signal: call.signal,
        keepBody: (status) => (status >= 200 && status < 300 ? call.maxBytes : null),
      });
    } finally {
      release();
    }
    if (e.kind === 'failed') {
      if (e.interrupted) return done(interrupted());
      const d = describeNetworkError(e.error, {
        timedOut: e.timedOut,
        timeoutMs: call.timeout,
        connectTimeoutMs: cfg.connectTimeout,
        inBody: e.inBody,
        proxy: proxy ? proxyLabel(proxy) : null,
      });
      return done({ result: errorResult(d.reason, null), retryable: d.retryable, status: null, retryAfterMs: null });
    }
    const { status } = e;
    if (e.kind === 'bad-body') {
      const reason = e.error instanceof BodyTooLargeError ? `body over ${formatBytes(call.maxBytes)}` : e.error.message;
      return done({ result: errorResult(reason, status), retryable: false, status, retryAfterMs: null });
    }
    const h = e.headers;
    if (REDIRECTS.has(status)) return { kind: 'redirect', status, location: h['location'] ?? null };
    if (status === 304) {
      const notModified: HttpResult = { kind: 'not-modified', url: url.href, etag: h['etag'] ?? null, lastModified: h['last-modified'] ?? null, permanentRedirect: null };
      return done({ result: notModified, retryable: false, status, retryAfterMs: null });
    }
    if (status < 200 || status >= 300) return done(statusFailure(status, h['retry-after']));
    if (!e.body || isBlank(e.body)) return done({ result: errorResult('empty body', status), retryable: false, status, retryAfterMs: null });
    const ok: HttpResult = {
      kind: 'ok',
      status,
      url: url.href,
      body: e.body,
      contentType: h['content-type'] ?? null,
      etag: h['etag'] ?? null,
      lastModified: h['last-modified'] ?? null,
      permanentRedirect: null,
      headers: h,
    };
    return done({ result: ok, retryable: false, status, retryAfterMs: null });
  }

  function statusFailure(status: number, retryAfterHeader: string | undefined): Attempt {
    const retryAfterMs = parseRetryAfter(retryAfterHeader);
    const text = STATUS_CODES[status];
    let reason = text ? `HTTP ${status} ${text}` : `HTTP ${status}`;
    const tooLong = retryAfterMs !== null && retryAfterMs > maxRetryAfterMs;
    if (tooLong) reason += ` (retry after ${formatDuration(retryAfterMs)})`;
    return {
      result: errorResult(reason, status, { gone: status === 410, retryAfter: retryAfterMs }),
      retryable: isRetryableStatus(status) && !tooLong,
      status,
      retryAfterMs,
    };
  }

  /** One try at a URL, following up to MAX_REDIRECTS redirects with loop detection. */
  async function attemptUrl(startUrl: string, baseHeaders: Record<string, string>, call: Call): Promise<Attempt> {
    const fail = (reason: string, status: number | null = null): Attempt => ({ result: errorResult(reason, status), retryable: false, status, retryAfterMs: null });
    let url: URL;
    try {
      url = new URL(startUrl);
    } catch {
      return fail(`bad URL: ${startUrl}`);
    }
    const startOrigin = url.origin;
    const visited = new Set<string>([url.href]);
    let permanent: string | null = null;
    let onlyPermanentSoFar = true;
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(`unsupported URL scheme: ${url.protocol}`);
      const headers = url.origin === startOrigin ? { ...baseHeaders } : withoutCredentials(baseHeaders);
      if (url.username || url.password) {
        headers['authorization'] ??= 'Basic ' + Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
        url.username = '';
        url.password = '';
      }
      const r = await requestOnce(url, headers, call);
      if (r.kind === 'done') {
        const res = r.attempt.result;
        if (res.kind !== 'error') res.permanentRedirect = permanent;
        return r.attempt;
      }
      if (!r.location) return fail(`HTTP ${r.status} redirect without Location`, r.status);
      let next: URL;
      try {
        next = new URL(r.location, url);
      } catch {
        return fail(`bad redirect Location: ${r.location.slice(0, 200)}`, r.status);
      }
      next.hash = '';
      if (visited.has(next.href)) return fail('redirect loop', r.status);
      if (hop + 1 > MAX_REDIRECTS) return fail('too many redirects', r.status);
      visited.add(next.href);
      // only a chain of permanent moves from the requested URL is worth telling the user about
      if (onlyPermanentSoFar && (r.status === 301 || r.status === 308)) permanent = next.href;
      else onlyPermanentSoFar = false;
      url = next;
    }
  }

  /** A URL with the retry policy: `retries` more tries at most, backoff with jitter, Retry-After honoured. */
  async function attemptWithRetries(url: string, opts: GetOptions = {}): Promise<Attempt> {
    const call: Call = {
      timeout: opts.timeout ?? cfg.timeout,
      maxBytes: opts.maxBytes ?? cfg.maxBytes,
      proxy: opts.proxy ?? cfg.proxy,
      signal: opts.signal,
    };
    const headers: Record<string, string> = {
      'user-agent': cfg.userAgent,
      accept: opts.accept ?? '*/*',
      'accept-encoding': ACCEPT_ENCODING,
    };
    if (opts.referer) headers['referer'] = opts.referer;
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = String(v);
    if (opts.validators?.etag) headers['if-none-match'] = opts.validators.etag;
    if (opts.validators?.lastModified) headers['if-modified-since'] = opts.validators.lastModified;
    const tries = Math.max(0, opts.retries ?? cfg.retries) + 1;
    for (let i = 0; ; i++) {
      if (call.signal?.aborted) return interrupted();
      const a = await attemptUrl(url, headers, call);
      if (a.result.kind !== 'error' || !a.retryable || i + 1 >= tries) return a;
      if (!(await sleep(Math.max(a.retryAfterMs ?? 0, backoffDelay(i, retryBaseMs)), call.signal))) return interrupted();
    }
  }

  return {
    async get(url, opts) {
      try {
        return (await attemptWithRetries(url, opts)).result;
      } catch (err) {
        // a bug here must cost one request, not the run
        return errorResult(`internal fetch error: ${String((err as Error)?.message ?? err).split('\n', 1)[0]}`, null);
      }
    },
    close: () => dispatchers.close(),
  };
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!ORIGIN_BOUND_HEADERS.has(k)) out[k] = v;
  return out;
}

/** Waits `ms`; false when `signal` aborted first. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(t);
      resolve(false);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
