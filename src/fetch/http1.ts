// A lean HTTP/1.1 GET client over node:net / node:tls with a keep-alive pool per origin.
//
// Why not node:http: a `feedmill run` where every feed answers 304 must cost at most half the CPU of a
// naive fetch+rss-parser aggregator (~780–865 ms for 1,000 feeds here). Measured on 1,000 conditional GETs over
// 16 keep-alive sockets (whole process, Node start included): http.get with a keep-alive Agent costs
// 370–400 ms of CPU, ~0.25 ms of JS per request (ClientRequest/IncomingMessage streams, Agent events, parser
// pool, timers); a raw net client writing the request and reading the head costs 126–155 ms. feedmill spent
// ~550–690 ms on that pass with node:http. A feed fetcher needs only GET, keep-alive and one request at a time
// per socket, so this client does exactly that: one string write per request, reads into one buffer per
// connection handed straight to a byte-level framing parser (http1-response.ts), no stream for a body that does
// not exist, no timer per request. Written from RFC 9112 (message format, framing, persistence).
import net from 'node:net';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { ResponseParser, hasToken, idleTimeoutMs, type ResponseHead, type ResponseSink } from './http1-response.js';

export { ProtocolError, MAX_HEAD_BYTES } from './http1-response.js';

type TlsModule = typeof import('node:tls');
/** loaded on the first https request only */
let tls: TlsModule | undefined;

export interface Http1Response {
  status: number;
  /** lower-case names; repeated headers joined with ", " */
  headers: Record<string, string>;
  body: Readable;
  /** a 204/304 or Content-Length: 0: `body` is empty, and made only if someone reads it */
  readonly bodyless?: boolean;
}

/** What a request needs of a cancel handle (http-client.ts's Cancellation). */
export interface CancelHandle {
  cancelled: boolean;
  onCancel: (() => void) | null;
}

export interface Http1Options {
  /** ms for the TCP connect; ETIMEDOUT after it */
  connectTimeout: number;
  /** connections per origin (protocol + host + port) */
  socketsPerHost: number;
  /** how long an idle connection is kept when the server does not say (Keep-Alive: timeout=N) */
  idleTimeout?: number;
}

/** An error with a Node-style `code`, which errors.ts reads. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ConnectTimeoutError extends CodedError {
  constructor(ms: number) {
    super('ETIMEDOUT', `connect timeout after ${ms} ms`);
  }
}

export class CancelledError extends CodedError {
  constructor() {
    super('ABORT_ERR', 'request cancelled');
  }
}

const DEFAULT_IDLE_MS = 4000;
const SWEEP_MS = 1000;
const READ_BUFFER_BYTES = 16 * 1024;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** what Node also refuses in a header value: control characters other than HTAB, and anything past Latin-1 */
const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** One GET: its request bytes, where it stands, and how to settle its promise. */
class Request {
  resolve!: (res: Http1Response) => void;
  reject!: (err: unknown) => void;
  readonly head: string;
  /** the caller asked for Connection: close */
  readonly closeAfter: boolean;
  conn: Connection | null = null;
  /** set once the head arrived and the promise resolved */
  body: Readable | null = null;
  settled = false;
  retried = false;

  constructor(
    readonly origin: Origin,
    url: URL,
    headers: Record<string, string>,
  ) {
    let lines = '';
    let host = url.host; // brackets for IPv6, the port only when not the default: as Host wants it
    let connection: string | undefined;
    for (const name in headers) {
      const value = `${headers[name]}`;
      if (!HEADER_NAME.test(name)) throw new CodedError('ERR_INVALID_CHAR', `Invalid header name ["${name}"]`);
      if (BAD_HEADER_VALUE.test(value)) throw new CodedError('ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
      if (name.length === 4 && name.toLowerCase() === 'host') {
        host = value;
        continue;
      }
      if (name.length === 10 && name.toLowerCase() === 'connection') connection = value;
      lines += `${name}: ${value}\r\n`;
    }
    this.closeAfter = hasToken(connection, 'close');
    this.head = `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${host}\r\n${lines}${connection === undefined ? 'Connection: keep-alive\r\n' : ''}\r\n`;
  }
}

/** The connections and waiting requests of one protocol + host + port. */
class Origin {
  readonly idle: Connection[] = [];
  readonly waiting: Request[] = [];
  /** connections open or opening */
  open = 0;

  constructor(
    readonly key: string,
    readonly secure: boolean,
    readonly host: string,
    readonly port: number,
  ) {}
}

/** The body of a response that has one: chunks are pushed as the parser frames them. */
class BodyStream extends Readable {
  constructor(public conn: Connection | null) {
    super();
  }

  override _read(): void {
    this.conn?.resumeReading();
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    // the reader gave up before the end (byte cap, cancel): the rest of the body would block the socket
    const conn = this.conn;
    if (conn !== null) {
      this.conn = null;
      conn.abortBody();
    }
    cb(err);
  }
}

/** The body of a 204/304 or a Content-Length: 0 response: already ended, nothing to read. */
class EmptyBody extends Readable {
  constructor() {
    super();
    this.push(null);
  }

  override _read(): void {}
}

/**
 * A response without a body (204/304, Content-Length: 0). Its stream is made only when asked for: building an
 * ended Readable for every 304 was ~10 ms of an all-304 run of 1,000 feeds (CPU profile).
 */
class BodylessResponse implements Http1Response {
  readonly bodyless = true;
  private stream: Readable | null = null;

  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
  ) {}

  get body(): Readable {
    return (this.stream ??= new EmptyBody());
  }
}

/** Has this response no body (204/304, Content-Length: 0)? Nothing to read or drain. */
export function isBodyless(res: Http1Response): boolean {
  return res.bodyless === true;
}

/** One socket, serving one request at a time. */
class Connection implements ResponseSink {
  readonly parser = new ResponseParser(this);
  req: Request | null = null;
  body: BodyStream | null = null;
  /** responses completed on this socket: a failure before any byte on a reused socket is a stale keep-alive */
  served = 0;
  idleUntil = 0;
  closed = false;
  paused = false;
  connectTimer: NodeJS.Timeout | null = null;

  /** set for plain TCP sockets, which read into `readBuffer` (reused: what is kept must be copied) */
  readBuffer: Buffer | null = null;
  socket!: Socket;

  constructor(
    readonly agent: Http1Agent,
    readonly origin: Origin,
  ) {}

  /** Listens to `socket`; without a read buffer its data comes as 'data' events (TLS). */
  attach(socket: Socket): void {
    this.socket = socket;
    if (this.readBuffer === null) socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEof());
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.onEof());
  }

  send(req: Request): void {
    this.req = req;
    req.conn = this;
    this.parser.reset();
    this.socket.ref();
    this.resumeReading();
    this.socket.write(req.head, 'latin1');
  }

  resumeReading(): void {
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** onread callback of plain TCP sockets: no 'data' event, no Buffer per read */
  onRead(n: number): boolean {
    this.onData(this.readBuffer!.subarray(0, n));
    return true;
  }

  private onData(chunk: Buffer): void {
    const req = this.req;
    if (req === null) {
      // bytes nobody asked for on an idle socket: the connection's framing cannot be trusted
      this.destroy();
      return;
    }
    let complete: boolean;
    try {
      complete = this.parser.execute(chunk);
    } catch (err) {
      if (this.req === req) this.fail(err as Error);
      return;
    }
    // the reader may have destroyed the body while we pushed to it
    if (complete && this.req === req) this.complete(req);
  }

  onHead(head: ResponseHead): void {
    const req = this.req!;
    req.settled = true;
    if (head.bodyless) {
      req.resolve(new BodylessResponse(head.status, head.headers));
      return;
    }
    const body = (req.body = this.body = new BodyStream(this));
    req.resolve({ status: head.status, headers: head.headers, body });
  }

  onBody(chunk: Buffer): void {
    const body = this.body;
    if (body !== null && !body.push(this.readBuffer === null ? chunk : Buffer.from(chunk)) && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private complete(req: Request): void {
    const head = this.parser.head!;
    this.served++;
    this.detach(req);
    const body = this.body;
    if (body !== null) {
      this.body = null;
      body.conn = null;
      body.push(null);
    }
    // reuse only a socket whose response was read to its end, with no stray bytes after it
    if (head.keepAlive && this.parser.extra === 0 && !req.closeAfter && !this.closed) this.agent.release(this, head);
    else this.destroy();
  }

  /** The server ended the connection (FIN, or 'close' without an error). */
  private onEof(): void {
    const req = this.req;
    if (req === null) {
      this.destroy();
      return;
    }
    const outcome = this.parser.eof();
    if (outcome === 'complete') {
      this.complete(req); // a close-delimited body
    } else if (outcome === 'nothing' && this.isStale(req)) {
      this.retry(req);
    } else if (req.settled) {
      this.fail(new CodedError('ECONNRESET', 'connection closed before the body was complete'));
    } else {
      this.fail(new CodedError('ECONNRESET', 'socket hang up'));
    }
  }

  /** A socket error, a protocol error or a premature end: the request (or its body) fails and the socket goes. */
  fail(err: Error, mayRetry = true): void {
    const req = this.req;
    if (req === null) {
      this.destroy();
      return;
    }
    if (mayRetry && this.parser.received === 0 && this.isStale(req)) {
      this.retry(req);
      return;
    }
    this.detach(req);
    const body = this.body;
    this.body = null;
    this.destroy();
    if (!req.settled) {
      req.settled = true;
      req.reject(err);
    } else if (body !== null) {
      body.conn = null;
      failBody(body, err);
    }
  }

  /** A reused idle socket that failed before any byte: the server had closed it; GET is safe to send again. */
  private isStale(req: Request): boolean {
    return this.served > 0 && !req.retried && !req.settled;
  }

  private retry(req: Request): void {
    req.retried = true;
    this.detach(req);
    this.destroy(false);
    this.agent.connect(this.origin, req);
  }

  /** The reader destroyed the body before its end. */
  abortBody(): void {
    this.body = null;
    if (this.req !== null) this.detach(this.req);
    this.destroy();
  }

  detach(req: Request): void {
    this.req = null;
    req.conn = null;
  }

  /** Closes the socket and frees its slot; `pump` hands the slot to a waiting request. */
  destroy(pump = true): void {
    if (this.closed) return;
    this.closed = true;
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    this.socket.destroy();
    this.agent.forget(this, pump);
  }
}

/** Errors after the head go to the body; wait a turn if the reader has not attached yet (same read as the head). */
function failBody(body: Readable, err: Error): void {
  if (body.listenerCount('error') > 0) body.destroy(err);
  else setImmediate(() => body.destroy(err));
}

function onConnectTimeout(conn: Connection, ms: number): void {
  conn.connectTimer = null;
  conn.fail(new ConnectTimeoutError(ms));
}

function sweep(agent: Http1Agent): void {
  agent.closeExpired(Date.now());
}

export class Http1Agent {
  private readonly origins = new Map<string, Origin>();
  private readonly conns = new Set<Connection>();
  private readonly maxPerOrigin: number;
  private readonly idleMs: number;
  private sweeper: NodeJS.Timeout | null = null;
  private lastKeepAlive: string | undefined = undefined;
  private lastKeepMs: number;

  constructor(private readonly opts: Http1Options) {
    this.maxPerOrigin = Math.max(1, opts.socketsPerHost);
    this.idleMs = opts.idleTimeout ?? DEFAULT_IDLE_MS;
    this.lastKeepMs = this.idleMs;
  }

  /** One GET, no redirects followed. Rejects with the socket's error (Node's codes) or a ProtocolError (HPE_*). */
  get(url: URL, headers: Record<string, string>, cancel: CancelHandle): Promise<Http1Response> {
    if (cancel.cancelled) return Promise.reject(new CancelledError());
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return Promise.reject(new CodedError('ERR_INVALID_PROTOCOL', `Protocol "${url.protocol}" not supported`));
    if (secure && tls === undefined) {
      return import('node:tls').then((mod) => {
        tls = mod;
        return this.get(url, headers, cancel);
      });
    }
    const key = url.protocol + url.host;
    let origin = this.origins.get(key);
    if (origin === undefined) {
      const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      origin = new Origin(key, secure, host, url.port ? Number(url.port) : secure ? 443 : 80);
      this.origins.set(key, origin);
    }
    let req: Request;
    try {
      req = new Request(origin, url, headers);
    } catch (err) {
      return Promise.reject(err);
    }
    const promise = new Promise<Http1Response>((resolve, reject) => {
      req.resolve = resolve;
      req.reject = reject;
    });
    cancel.onCancel = () => this.cancel(req);
    this.dispatch(req);
    return promise;
  }

  private dispatch(req: Request): void {
    const origin = req.origin;
    while (origin.idle.length > 0) {
      const conn = origin.idle.pop()!; // the most recently used is the least likely to have been closed
      if (conn.idleUntil > Date.now()) {
        conn.send(req);
        return;
      }
      conn.destroy(false);
    }
    if (origin.open < this.maxPerOrigin) this.connect(origin, req);
    else origin.waiting.push(req);
  }

  /** Opens a connection for `req` (the connect timer runs only until the TCP connection is up). */
  connect(origin: Origin, req: Request): void {
    origin.open++;
    const conn = new Connection(this, origin);
    let socket: Socket;
    if (origin.secure) {
      socket = tls!.connect({
        host: origin.host,
        port: origin.port,
        servername: net.isIP(origin.host) === 0 ? origin.host : undefined,
        ALPNProtocols: ['http/1.1'],
      });
    } else {
      // reads land in one buffer per connection and go straight to the parser: no stream machinery per read
      const buffer = (conn.readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES));
      socket = net.connect({ host: origin.host, port: origin.port, onread: { buffer, callback: (n) => conn.onRead(n) } });
    }
    socket.setNoDelay(true);
    conn.attach(socket);
    this.conns.add(conn);
    const timer = setTimeout(onConnectTimeout, this.opts.connectTimeout, conn, this.opts.connectTimeout);
    timer.unref();
    conn.connectTimer = timer;
    socket.once('connect', () => {
      clearTimeout(timer);
      conn.connectTimer = null;
    });
    conn.send(req);
  }

  /** A response was read to its end on a reusable socket: the next waiting request, or the idle pool. */
  release(conn: Connection, head: ResponseHead): void {
    const origin = conn.origin;
    if (origin.waiting.length > 0) {
      conn.send(origin.waiting.shift()!);
      return;
    }
    const keepAlive = head.headers['keep-alive'];
    // servers repeat the same Keep-Alive value: parse it once
    if (keepAlive !== this.lastKeepAlive) {
      this.lastKeepAlive = keepAlive;
      this.lastKeepMs = idleTimeoutMs(keepAlive, this.idleMs);
    }
    const keepMs = this.lastKeepMs;
    if (keepMs <= 0) {
      conn.destroy();
      return;
    }
    conn.idleUntil = Date.now() + keepMs;
    // an idle socket must never keep the process alive
    conn.socket.unref();
    origin.idle.push(conn);
    if (this.sweeper === null) {
      this.sweeper = setInterval(sweep, SWEEP_MS, this);
      this.sweeper.unref();
    }
  }

  /** Bookkeeping for a closed connection. */
  forget(conn: Connection, pump: boolean): void {
    if (!this.conns.delete(conn)) return;
    const origin = conn.origin;
    origin.open--;
    const i = origin.idle.indexOf(conn);
    if (i >= 0) origin.idle.splice(i, 1);
    if (pump && origin.waiting.length > 0 && origin.open < this.maxPerOrigin) this.connect(origin, origin.waiting.shift()!);
  }

  closeExpired(now: number): void {
    let idle = 0;
    for (const origin of this.origins.values()) {
      for (let i = origin.idle.length - 1; i >= 0; i--) {
        const conn = origin.idle[i]!;
        if (conn.idleUntil <= now) conn.destroy();
      }
      idle += origin.idle.length;
      if (origin.open === 0 && origin.waiting.length === 0) this.origins.delete(origin.key);
    }
    if (idle === 0 && this.sweeper !== null) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  private cancel(req: Request): void {
    const err = new CancelledError();
    if (!req.settled) {
      req.settled = true;
      const conn = req.conn;
      if (conn !== null) {
        conn.detach(req);
        conn.destroy();
      } else {
        const i = req.origin.waiting.indexOf(req);
        if (i >= 0) req.origin.waiting.splice(i, 1);
      }
      req.reject(err);
    } else if (req.body !== null && !req.body.destroyed) {
      failBody(req.body, err);
    }
  }

  /** Destroys every socket; requests still waiting fail. */
  close(): void {
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const origin of this.origins.values()) {
      for (const req of origin.waiting.splice(0)) {
        req.settled = true;
        req.reject(new CodedError('ECONNRESET', 'client closed'));
      }
    }
    for (const conn of [...this.conns]) conn.fail(new CodedError('ECONNRESET', 'client closed'), false);
    this.origins.clear();
  }
}
