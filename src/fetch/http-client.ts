// GET for the fetch stage over our own HTTP/1.1 client (http1.ts, which says why it exists: node:http cost
// ~0.25 ms of JS per request, most of a run where every feed answers 304). Not undici either: it costs ~60 ms to
// import and ~15 ms to compile its wasm HTTP parser on every start (≈75 ms of CPU before the first request;
// measured with a 1-request script), more than the whole budget of such a run.
import { Http1Agent, type Http1Response } from './http1.js';

export { isBodyless } from './http1.js';

export type HttpResponse = Http1Response;

export interface HttpClientOptions {
  connectTimeout: number;
  /** sockets kept per host; the caller's per-host limit decides how many requests run */
  socketsPerHost: number;
}

/** Cancels a request and its body; lighter than an AbortController, which cost more than the GET itself. */
export class Cancellation {
  cancelled = false;
  onCancel: (() => void) | null = null;

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.onCancel?.();
  }
}

export class HttpClient {
  private readonly agent: Http1Agent;

  constructor(opts: HttpClientOptions) {
    this.agent = new Http1Agent({ connectTimeout: opts.connectTimeout, socketsPerHost: opts.socketsPerHost });
  }

  /**
   * One GET without following redirects. Rejects with the socket's error (codes as Node's net/tls), a protocol
   * error (HPE_* codes), ETIMEDOUT for the connect timeout, ABORT_ERR when cancelled, ERR_INVALID_CHAR for a bad
   * header; after the head, those errors arrive on the body stream instead.
   */
  get(url: URL, headers: Record<string, string>, cancel: Cancellation): Promise<HttpResponse> {
    return this.agent.get(url, headers, cancel);
  }

  /** Destroys every socket, idle or not. */
  close(): void {
    this.agent.close();
  }
}
