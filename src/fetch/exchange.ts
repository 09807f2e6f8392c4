// One GET on undici's dispatch(): status, headers and the body's chunks straight from the connection.
// undici's request() wraps every answer in a Readable and an AsyncResource, and our total timeout needed an
// AbortController: for a run where every feed answers 304 that was most of the HTTP layer's CPU
// (bench/http-cold.mjs, bench/README.md "The HTTP layer's response path").
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { BodyTooLargeError, encodingsToUndo, readCappedBody } from './body.js';

/** A body we do not need is drained up to this much to keep the connection; past it the connection is dropped. */
export const DRAIN_LIMIT = 64 * 1024;

export interface ExchangeRequest {
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** total over connect, headers and body, ms */
  timeout: number;
  signal?: AbortSignal;
  /** the most body to keep for a status (decoded bytes), or null to drain it and keep none */
  keepBody(status: number): number | null;
}

export type Exchange =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: Buffer | null }
  /** the connection failed or was cut (`inBody`: after the headers), the timer fired, or `signal` aborted */
  | { kind: 'failed'; error: unknown; timedOut: boolean; interrupted: boolean; inBody: boolean }
  /** a body that cannot be kept: over the cap, or encoded in a way we cannot (or could not) undo */
  | { kind: 'bad-body'; status: number; error: Error };

/** Transfer codings (other than chunked, which undici undoes) come off first, then content codings. */
function codingsToUndo(h: Record<string, string>): string[] {
  const transfer = encodingsToUndo(h['transfer-encoding']).filter((c) => c !== 'chunked');
  return [...transfer, ...encodingsToUndo(h['content-encoding'])];
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in raw) {
    const v = raw[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

const ENDED = new Error('request ended by the client');

/** The handler of one request: settles once, whatever undici calls after that. */
class ExchangeHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private settled = false;
  /** undici is done with the request: aborting it would change nothing */
  private ended = false;
  private status = 0;
  private headers: Record<string, string> = {};
  /** what is done with body chunks: dropped (counted), kept as they come, or decoded through a stream */
  private mode: 'drain' | 'keep' | 'decode' = 'drain';
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** the most body kept (decoded bytes) */
  private limit = 0;
  private encoded: Readable | null = null;
  private timedOut = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: (() => void) | null = null;

  constructor(
    private readonly req: ExchangeRequest,
    private readonly resolve: (e: Exchange) => void,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.fail(new Error('timeout'), false);
    }, req.timeout);
    if (req.signal) {
      this.onAbort = () => this.fail(new Error('interrupted'), false);
      req.signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // given up on while it waited for a connection
    if (this.settled) controller.abort(ENDED);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, raw: Record<string, string | string[] | undefined>): void {
    if (this.settled || status < 200) return;
    this.status = status;
    this.headers = flatHeaders(raw);
    const cap = this.req.keepBody(status);
    if (cap === null) return;
    const declared = Number(this.headers['content-length']);
    // decoded bodies are practically never smaller than their encoded form
    if (Number.isFinite(declared) && declared > cap) return this.badBody(new BodyTooLargeError(cap));
    this.limit = cap;
    const codings = codingsToUndo(this.headers);
    if (codings.length === 0) {
      this.mode = 'keep';
      return;
    }
    this.mode = 'decode';
    const encoded = new Readable({
      read: () => controller.resume(),
      destroy: (err, cb) => {
        // the decoder failed or hit the cap: nothing more is read
        if (!this.ended) controller.abort(err ?? ENDED);
        cb(err);
      },
    });
    this.encoded = encoded;
    readCappedBody(encoded, codings, cap).then(
      (body) => this.settle({ kind: 'answer', status, headers: this.headers, body }),
      (err: Error) => {
        // a body cut off by the network or the timer was settled as a failure already
        if (!this.settled) this.badBody(err);
      },
    );
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    if (this.mode === 'decode') {
      if (!this.encoded!.push(chunk)) controller.pause();
      return;
    }
    this.bytes += chunk.length;
    if (this.mode === 'drain') {
      if (this.bytes > DRAIN_LIMIT) this.settleAnswer(null);
      return;
    }
    if (this.bytes > this.limit) return this.badBody(new BodyTooLargeError(this.limit));
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.ended = true;
    if (this.settled) return;
    if (this.mode === 'decode') {
      this.encoded!.push(null);
      return;
    }
    const c = this.chunks;
    this.settleAnswer(this.mode === 'drain' ? null : c.length === 1 ? c[0]! : Buffer.concat(c, this.bytes));
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.ended = true;
    if (this.settled) return;
    if (this.mode === 'decode' && this.encoded) this.encoded.destroy();
    this.fail(err, this.status !== 0);
  }

  private settleAnswer(body: Buffer | null): void {
    this.settle({ kind: 'answer', status: this.status, headers: this.headers, body });
  }

  private badBody(error: Error): void {
    this.settle({ kind: 'bad-body', status: this.status, error });
  }

  private fail(error: unknown, inBody: boolean): void {
    this.settle({ kind: 'failed', error, timedOut: this.timedOut, interrupted: this.req.signal?.aborted === true, inBody });
  }

  private settle(e: Exchange): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.req.signal!.removeEventListener('abort', this.onAbort);
    this.chunks = [];
    // a request still running (timed out, interrupted, body not wanted) is cut off
    if (!this.ended) this.controller?.abort(ENDED);
    if (this.encoded && !this.encoded.destroyed) this.encoded.destroy();
    this.resolve(e);
  }
}

/** One GET, settled once: an answer, a body that cannot be kept, or a failure. Never rejects. */
export function exchange(dispatcher: Dispatcher, req: ExchangeRequest): Promise<Exchange> {
  return new Promise((resolve) => {
    const handler = new ExchangeHandler(req, resolve);
    try {
      dispatcher.dispatch({ origin: req.origin, path: req.path, method: 'GET', headers: req.headers }, handler);
    } catch (err) {
      handler.onResponseError(null as unknown as Dispatcher.DispatchController, err as Error);
    }
  });
}
