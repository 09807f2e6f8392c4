// HTTP/1.1 response framing (RFC 9112 §4–7) as a pure state machine over bytes: feed it what the socket
// delivered, in any split; it reports the head and the body pieces and says when the response is complete.
// No I/O here, so every split and every malformed input can be tested byte by byte.

/** A malformed response. Codes follow Node's parser (HPE_*) so errors.ts describes both the same way. */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(`Parse Error: ${detail}`);
  }
}

/**
 * Largest response head accepted (status line + header lines, and likewise the trailers): 64 KiB.
 * Node's default (--max-http-header-size) is 16 KiB; feed servers behind CDNs sometimes send long
 * Set-Cookie/CSP headers, and a head is parsed once, so the larger, browser-like limit costs nothing.
 */
export const MAX_HEAD_BYTES = 64 * 1024;
/** a chunk-size line with extensions longer than this is an attack, not a feed */
const MAX_CHUNK_LINE = 16 * 1024;

export interface ResponseHead {
  status: number;
  /** minor version: 0 for HTTP/1.0, 1 for HTTP/1.1 (and later 1.x) */
  minor: number;
  /** lower-case names; repeated headers joined with ", " */
  headers: Record<string, string>;
  /** no body follows (1xx/204/304, or Content-Length: 0) */
  bodyless: boolean;
  /** the server allows another request on this connection after this response */
  keepAlive: boolean;
}

/** Where the parser sends what it framed; the connection implements it. */
export interface ResponseSink {
  onHead(head: ResponseHead): void;
  /** `chunk` may be a view of the caller's reused read buffer: valid during the call only, copy to keep */
  onBody(chunk: Buffer): void;
}

const enum State {
  Head,
  Length,
  UntilClose,
  ChunkSize,
  ChunkSizeWs,
  ChunkExt,
  ChunkSizeLf,
  ChunkData,
  ChunkDataCr,
  ChunkDataLf,
  Trailers,
  Done,
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;
const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS_LINE = /^HTTP\/1\.(\d) ([1-9]\d\d)(?: |$)/;

/** What the end of the stream meant for the response being read. */
export type EofOutcome = 'complete' | 'nothing' | 'truncated';

/** Frames one response at a time; `reset()` before the next one on the same connection. */
export class ResponseParser {
  private state = State.Head;
  /** bytes of the current head (or trailers) seen so far, for the size limit and the "HTTP/" check */
  private headLen = 0;
  /** 0 inside a line, 1 just after LF, 2 after LF CR: a LF in state 1 or 2 ends the head */
  private lineState = 0;
  private headParts: Buffer[] = [];
  private remaining = 0;
  private sizeDigits = 0;
  private chunkLineLen = 0;
  /** bytes received for this response, interim heads included */
  received = 0;
  /** bytes after the end of the response in the last chunk given to execute() */
  extra = 0;
  head: ResponseHead | null = null;

  constructor(private readonly sink: ResponseSink) {}

  reset(): void {
    this.state = State.Head;
    this.headLen = 0;
    this.lineState = 0;
    this.headParts.length = 0;
    this.received = 0;
    this.extra = 0;
    this.head = null;
  }

  get done(): boolean {
    return this.state === State.Done;
  }

  /** Frames `chunk`; true once the response is complete (`extra` then counts unread bytes). Throws ProtocolError. */
  execute(chunk: Buffer): boolean {
    const len = chunk.length;
    this.received += len;
    let pos = 0;
    while (pos < len) {
      switch (this.state) {
        case State.Head: {
          const start = pos;
          const end = this.scanHead(chunk, pos);
          if (end < 0) {
            this.keepHeadPart(chunk, start, len);
            return false;
          }
          pos = end;
          this.finishHead(chunk, start, end);
          if (this.head === null) continue; // an interim 1xx: the final head follows
          if ((this.state as State) === State.Done) {
            this.extra = len - pos;
            return true;
          }
          break;
        }
        case State.Length: {
          const n = Math.min(this.remaining, len - pos);
          this.sink.onBody(pos === 0 && n === len ? chunk : chunk.subarray(pos, pos + n));
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = State.Done;
            this.extra = len - pos;
            return true;
          }
          break;
        }
        case State.UntilClose:
          this.sink.onBody(pos === 0 ? chunk : chunk.subarray(pos));
          return false;
        case State.ChunkData: {
          const n = Math.min(this.remaining, len - pos);
          this.sink.onBody(chunk.subarray(pos, pos + n));
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = State.ChunkDataCr;
          break;
        }
        case State.Trailers: {
          const end = this.scanHead(chunk, pos);
          if (end < 0) return false;
          pos = end;
          this.state = State.Done;
          this.extra = len - pos;
          return true;
        }
        case State.Done:
          this.extra = len - pos;
          return true;
        default:
          pos = this.chunkLine(chunk, pos);
      }
    }
    return false;
  }

  /** The connection ended: was a close-delimited body complete, or did nothing arrive at all? */
  eof(): EofOutcome {
    if (this.state === State.UntilClose || this.state === State.Done) {
      this.state = State.Done;
      return 'complete';
    }
    return this.received === 0 ? 'nothing' : 'truncated';
  }

  /** Scans head/trailer bytes from `pos` for the empty line; returns the index after it, or -1. */
  private scanHead(chunk: Buffer, pos: number): number {
    const len = chunk.length;
    const start = pos;
    // bad status lines fail on their first bytes, not after waiting for a head that never comes
    if (this.state === State.Head) {
      for (let i = this.headLen, p = pos; i < 5 && p < len; i++, p++) {
        if (chunk[p] !== HTTP_SLASH[i]) throw new ProtocolError('HPE_INVALID_CONSTANT', 'Expected HTTP/');
      }
    }
    // line by line with the native indexOf: a head is a dozen lines, and this code runs cold
    let line = this.lineState;
    while (pos < len) {
      const lf = chunk.indexOf(LF, pos);
      if (lf < 0) {
        line = line === 1 && len - pos === 1 && chunk[pos] === CR ? 2 : 0;
        pos = len;
        break;
      }
      const n = lf - pos;
      if ((line === 1 && (n === 0 || (n === 1 && chunk[pos] === CR))) || (line === 2 && n === 0)) {
        if (this.headLen + (lf + 1 - start) > MAX_HEAD_BYTES) throw new ProtocolError('HPE_HEADER_OVERFLOW', 'Header overflow');
        this.headLen = 0;
        this.lineState = 1; // trailers start at a line start
        return lf + 1;
      }
      line = 1;
      pos = lf + 1;
    }
    this.headLen += pos - start;
    this.lineState = line;
    if (this.headLen > MAX_HEAD_BYTES) throw new ProtocolError('HPE_HEADER_OVERFLOW', 'Header overflow');
    return -1;
  }

  private keepHeadPart(chunk: Buffer, start: number, end: number): void {
    // a head split across reads is joined when complete (copied: the reader may reuse its buffer);
    // trailers are only scanned, never kept
    if (this.state === State.Head) this.headParts.push(Buffer.from(chunk.subarray(start, end)));
  }

  private finishHead(chunk: Buffer, start: number, end: number): void {
    let text: string;
    if (this.headParts.length === 0) {
      text = chunk.toString('latin1', start, end);
    } else {
      this.headParts.push(chunk.subarray(start, end));
      text = Buffer.concat(this.headParts).toString('latin1');
      this.headParts.length = 0;
    }
    this.headLen = 0;
    this.lineState = 0;
    const head = parseHead(text);
    if (head.status < 200) {
      if (head.status === 101) throw new ProtocolError('HPE_UNEXPECTED_UPGRADE', 'Unexpected 101 Switching Protocols');
      return; // 100 Continue, 102 Processing, 103 Early Hints: the final response follows
    }
    this.head = head;
    this.state = this.framing(head);
    this.sink.onHead(head);
  }

  /** RFC 9112 §6.3: how the body of this response is delimited. */
  private framing(head: ResponseHead): State {
    const h = head.headers;
    const te = h['transfer-encoding'];
    const cl = h['content-length'];
    if (head.status === 204 || head.status === 304) {
      head.bodyless = true;
      return State.Done;
    }
    if (te !== undefined) {
      if (lastCodingIsChunked(te)) {
        if (cl !== undefined) throw new ProtocolError('HPE_UNEXPECTED_CONTENT_LENGTH', 'Content-Length can\'t be present with Transfer-Encoding');
        this.sizeDigits = 0;
        this.remaining = 0;
        this.chunkLineLen = 0;
        return State.ChunkSize;
      }
      // another coding last: only the end of the connection ends the body
      head.keepAlive = false;
      return State.UntilClose;
    }
    if (cl !== undefined) {
      const n = parseContentLength(cl);
      if (cl.includes(',')) h['content-length'] = String(n); // "10, 10" → "10"
      if (n === 0) {
        head.bodyless = true;
        return State.Done;
      }
      this.remaining = n;
      return State.Length;
    }
    head.keepAlive = false;
    return State.UntilClose;
  }

  /** The chunk-size line and the CRLF after chunk data, byte by byte (they are a few bytes each). */
  private chunkLine(chunk: Buffer, pos: number): number {
    const len = chunk.length;
    for (; pos < len; pos++) {
      const c = chunk[pos]!;
      switch (this.state) {
        case State.ChunkSize: {
          const v = hexValue(c);
          if (v >= 0) {
            if (++this.sizeDigits > 12) throw new ProtocolError('HPE_INVALID_CHUNK_SIZE', 'Chunk size overflow');
            this.remaining = this.remaining * 16 + v;
            break;
          }
          if (this.sizeDigits === 0) throw new ProtocolError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
          if (c === CR) this.state = State.ChunkSizeLf;
          else if (c === LF) return this.chunkSizeDone(pos + 1);
          else if (c === SP || c === HT) this.state = State.ChunkSizeWs;
          else if (c === 0x3b /* ; */) this.state = State.ChunkExt;
          else throw new ProtocolError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
          break;
        }
        case State.ChunkSizeWs:
          if (c === CR) this.state = State.ChunkSizeLf;
          else if (c === LF) return this.chunkSizeDone(pos + 1);
          else if (c === 0x3b) this.state = State.ChunkExt;
          else if (c !== SP && c !== HT) throw new ProtocolError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size');
          break;
        case State.ChunkExt:
          // extensions are ignored; only their length is bounded
          if (++this.chunkLineLen > MAX_CHUNK_LINE) throw new ProtocolError('HPE_CHUNK_EXTENSIONS_OVERFLOW', 'Chunk extensions overflow');
          if (c === LF) return this.chunkSizeDone(pos + 1);
          break;
        case State.ChunkSizeLf:
          if (c !== LF) throw new ProtocolError('HPE_LF_EXPECTED', 'Expected LF after chunk size');
          return this.chunkSizeDone(pos + 1);
        case State.ChunkDataCr:
          if (c === CR) this.state = State.ChunkDataLf;
          else if (c === LF) return this.nextChunk(pos + 1);
          else throw new ProtocolError('HPE_LF_EXPECTED', 'Expected CRLF after chunk data');
          break;
        case State.ChunkDataLf:
          if (c !== LF) throw new ProtocolError('HPE_LF_EXPECTED', 'Expected CRLF after chunk data');
          return this.nextChunk(pos + 1);
        default:
          return pos;
      }
    }
    return pos;
  }

  private chunkSizeDone(pos: number): number {
    if (this.remaining === 0) {
      // the last chunk: trailer fields follow until an empty line; they are read and dropped
      this.state = State.Trailers;
      this.headLen = 0;
      this.lineState = 1;
    } else {
      this.state = State.ChunkData;
    }
    return pos;
  }

  private nextChunk(pos: number): number {
    this.state = State.ChunkSize;
    this.sizeDigits = 0;
    this.remaining = 0;
    this.chunkLineLen = 0;
    return pos;
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** Content-Length: digits; a list (repeated headers) only when every member is the same number. */
function parseContentLength(value: string): number {
  let n = -1;
  for (const part of value.includes(',') ? value.split(',') : [value]) {
    const v = trimOws(part);
    if (!/^\d{1,15}$/.test(v)) throw new ProtocolError('HPE_INVALID_CONTENT_LENGTH', 'Invalid character in Content-Length');
    const m = Number(v);
    if (n >= 0 && m !== n) throw new ProtocolError('HPE_UNEXPECTED_CONTENT_LENGTH', 'Conflicting Content-Length values');
    n = m;
  }
  return n;
}

function lastCodingIsChunked(te: string): boolean {
  const comma = te.lastIndexOf(',');
  return trimOws(comma < 0 ? te : te.slice(comma + 1)).toLowerCase() === 'chunked';
}

/** Does a comma-separated header (Connection) hold `token`? */
export function hasToken(value: string | undefined, token: string): boolean {
  if (value === undefined) return false;
  const v = value.toLowerCase();
  if (v === token) return true;
  if (!v.includes(token)) return false;
  for (const part of v.split(',')) if (trimOws(part) === token) return true;
  return false;
}

/** Only SP and HTAB are whitespace in HTTP: String.trim() would also eat 0xA0, a byte of many UTF-8 characters. */
function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === SP || s.charCodeAt(a) === HT)) a++;
  while (b > a && (s.charCodeAt(b - 1) === SP || s.charCodeAt(b - 1) === HT)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Status line and header fields of one head (ending with its empty line), CRLF or bare LF. */
export function parseHead(text: string): ResponseHead {
  // index arithmetic over the one string, not split()/slice() per line: this runs once per response, cold
  let nl = text.indexOf('\n');
  const statusLine = text.slice(0, lineEnd(text, 0, nl));
  const m = STATUS_LINE.exec(statusLine);
  if (m === null) {
    // "HTTP/" was checked as the bytes arrived; name what else is wrong
    if (!/^HTTP\/1\.\d( |$)/.test(statusLine)) throw new ProtocolError('HPE_INVALID_VERSION', 'Invalid HTTP version');
    throw new ProtocolError('HPE_INVALID_STATUS', 'Invalid status code');
  }
  const code = m[2]!;
  const minor = m[1]!.charCodeAt(0) - 0x30;
  const headers: Record<string, string> = {};
  let last = '';
  // the head ends with an empty line, so every line has its LF
  while (nl >= 0) {
    const start = nl + 1;
    nl = text.indexOf('\n', start);
    if (nl < 0) break;
    const end = lineEnd(text, start, nl);
    if (end === start) break;
    const first = text.charCodeAt(start);
    if (first === SP || first === HT) {
      // obs-fold: a continuation of the previous field's value
      if (last === '') throw new ProtocolError('HPE_INVALID_HEADER_TOKEN', 'Unexpected whitespace after status line');
      const more = owsSlice(text, start, end);
      if (more) headers[last] = headers[last] ? `${headers[last]} ${more}` : more;
      continue;
    }
    const colon = text.indexOf(':', start);
    const name = colon > start && colon < end ? text.slice(start, colon) : '';
    if (!TOKEN.test(name)) throw new ProtocolError('HPE_INVALID_HEADER_TOKEN', 'Invalid header field name');
    const key = name.toLowerCase();
    const value = owsSlice(text, colon + 1, end);
    const prev = headers[key];
    headers[key] = typeof prev === 'string' ? `${prev}, ${value}` : value;
    last = key;
  }
  const connection = headers['connection'];
  const keepAlive = minor >= 1 ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive');
  return { status: Number(code), minor, headers, bodyless: false, keepAlive };
}

/** The end of the line whose LF is at `nl`, without its CR. */
function lineEnd(text: string, start: number, nl: number): number {
  return nl > start && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
}

/** text[a, b) without leading and trailing SP/HTAB. */
function owsSlice(text: string, a: number, b: number): string {
  while (a < b && (text.charCodeAt(a) === SP || text.charCodeAt(a) === HT)) a++;
  while (b > a && (text.charCodeAt(b - 1) === SP || text.charCodeAt(b - 1) === HT)) b--;
  return text.slice(a, b);
}

/** How long an idle connection may be kept: the server's Keep-Alive timeout less a margin, else `fallbackMs`. */
export function idleTimeoutMs(keepAliveHeader: string | undefined, fallbackMs: number): number {
  if (keepAliveHeader === undefined) return fallbackMs;
  const m = /(?:^|[,;\s])timeout\s*=\s*"?(\d+)/i.exec(keepAliveHeader);
  if (m === null) return fallbackMs;
  const serverMs = Number(m[1]) * 1000;
  // a second early, so we close before the server does; half of a very short timeout
  return Math.max(serverMs - 1000, serverMs / 2);
}
