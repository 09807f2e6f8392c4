// GET over Node's own http/https with keep-alive agents. Node's client rather than undici: undici costs
// ~60 ms to import and ~15 ms to compile its wasm HTTP parser on every start (≈75 ms of CPU before the first
// request; measured with a 1-request script), more than the whole budget of a run where every feed answers
// 304; Node's parser is native and already loaded.
import type { Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import http from 'node:http';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: IncomingMessage;
}

export interface HttpClientOptions {
  connectTimeout: number;
  /** sockets kept per host; the caller's per-host limit decides how many requests run */
  socketsPerHost: number;
}

class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`connect timeout after ${ms} ms`);
  }
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

class CancelledError extends Error {
  readonly code = 'ABORT_ERR';
  constructor() {
    super('request cancelled');
  }
}

type HttpsModule = typeof import('node:https');
let https: HttpsModule | undefined;

export class HttpClient {
  private readonly agents = new Map<string, HttpAgent>();

  constructor(private readonly opts: HttpClientOptions) {}

  private agentFor(mod: typeof http | HttpsModule, protocol: string): HttpAgent {
    let agent = this.agents.get(protocol);
    if (!agent) {
      agent = new mod.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets: Math.max(1, this.opts.socketsPerHost), maxFreeSockets: Math.max(1, this.opts.socketsPerHost), scheduling: 'lifo' });
      this.agents.set(protocol, agent);
    }
    return agent;
  }

  /** One GET without following redirects; rejects with the socket's error (codes as Node's net/tls/http). */
  async get(url: URL, headers: Record<string, string>, cancel: Cancellation): Promise<HttpResponse> {
    // TLS is loaded only when a feed needs it.
    if (url.protocol === 'https:') https ??= await import('node:https');
    const mod = url.protocol === 'https:' ? https! : http;
    const agent = this.agentFor(mod, url.protocol);
    const request = mod.request;
    const options: RequestOptions = {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || undefined,
      path: url.pathname + url.search,
      headers,
      agent,
    };
    return new Promise((resolve, reject) => {
      let response: IncomingMessage | null = null;
      const req = request(options, (res) => {
        response = res;
        resolve({ status: res.statusCode ?? 0, headers: flatten(res.headers), body: res });
      });
      cancel.onCancel = () => {
        const err = new CancelledError();
        if (response) response.destroy(err);
        req.destroy(err);
      };
      if (cancel.cancelled) cancel.onCancel();
      req.on('error', (err) => {
        // after the headers, a socket or parser error belongs to the body: a reader then learns the real cause
        // (a bad chunk, say) rather than a bare "aborted"
        if (response) response.destroy(err);
        else reject(err);
      });
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(() => req.destroy(new ConnectTimeoutError(this.opts.connectTimeout)), this.opts.connectTimeout);
        timer.unref();
        const clear = (): void => clearTimeout(timer);
        socket.once('connect', clear);
        socket.once('close', clear);
      });
      req.end();
    });
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

function flatten(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in raw) {
    const v = raw[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
