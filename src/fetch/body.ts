// Reads a response body through streaming decompression with the byte cap applied to the decoded bytes,
// so a gzip/brotli bomb is stopped at the cap whatever Content-Length says.
import { createRequire } from 'node:module';
import { Transform, type TransformCallback, type Readable, pipeline } from 'node:stream';
import type { Inflate, InflateRaw } from 'node:zlib';

type Zlib = typeof import('node:zlib');
// zlib is loaded for the first compressed body only: importing it cost ~1.5 ms of every start, a run where
// every feed answers 304 included
let zlibModule: Zlib | undefined;
const zlib = (): Zlib => (zlibModule ??= createRequire(import.meta.url)('node:zlib') as Zlib);

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super('body over limit');
  }
}

export class UnsupportedEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(`unsupported Content-Encoding: ${encoding}`);
  }
}

export class DecodeError extends Error {}

/** Content-Encoding tokens in the order they must be undone (last applied first); identity dropped. */
export function encodingsToUndo(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'identity')
    .reverse();
}

// Truncated compressed bodies are common; decode what arrived, as browsers do.
const zlibOpts = () => ({ finishFlush: zlib().constants.Z_SYNC_FLUSH });

function decoderFor(encoding: string): Transform {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib().createGunzip(zlibOpts());
    case 'deflate':
      return new AutoInflate();
    case 'br':
      return zlib().createBrotliDecompress({ finishFlush: zlib().constants.BROTLI_OPERATION_FLUSH });
    default:
      throw new UnsupportedEncodingError(encoding);
  }
}

/**
 * "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; the first two bytes tell which.
 */
class AutoInflate extends Transform {
  private inner: Inflate | InflateRaw | null = null;
  private pending: Buffer | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.inner) {
      const data: Buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      if (data.length < 2) {
        this.pending = data;
        cb();
        return;
      }
      this.pending = null;
      const zlibWrapped = (data[0]! & 0x0f) === 8 && ((data[0]! << 8) | data[1]!) % 31 === 0;
      this.inner = zlibWrapped ? zlib().createInflate(zlibOpts()) : zlib().createInflateRaw(zlibOpts());
      this.inner.on('data', (d: Buffer) => this.push(d));
      this.inner.on('error', (e) => this.destroy(e));
      chunk = data;
    }
    this.inner.write(chunk, () => cb());
  }

  override _flush(cb: TransformCallback): void {
    if (!this.inner && this.pending) {
      this.inner = zlib().createInflateRaw(zlibOpts());
      this.inner.on('data', (d: Buffer) => this.push(d));
      this.inner.on('error', (e) => this.destroy(e));
      this.inner.write(this.pending);
    }
    if (!this.inner) return cb();
    this.inner.once('end', () => cb());
    this.inner.end();
  }

  override _destroy(err: Error | null, cb: (error: Error | null) => void): void {
    this.inner?.destroy();
    cb(err);
  }
}

/**
 * Reads `source` to the end, undoing `encodings`, and fails with BodyTooLargeError as soon as the
 * decoded size passes `maxBytes` — the streams are destroyed at once, nothing more is read.
 */
export async function readCappedBody(source: Readable, encodings: string[], maxBytes: number): Promise<Buffer> {
  let stream: Readable = source;
  let decoders: Transform[];
  try {
    decoders = encodings.map(decoderFor);
  } catch (err) {
    source.destroy();
    throw err;
  }
  // Which failed first tells bad data (a decoder) from a network error or timeout (the source),
  // since pipeline() passes the first error on to every other stream.
  let firstFailure: 'source' | 'decoder' | null = null;
  source.once('error', () => (firstFailure ??= 'source'));
  for (const d of decoders) d.once('error', () => (firstFailure ??= 'decoder'));
  if (decoders.length > 0) {
    // pipeline destroys every stream when any of them fails or the last one is destroyed
    stream = pipeline([source, ...decoders] as unknown as [Readable, Transform], () => {}) as unknown as Readable;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        const err = new BodyTooLargeError(maxBytes);
        stream.destroy();
        source.destroy();
        throw err;
      }
      chunks.push(chunk);
    }
  } catch (err) {
    source.destroy();
    if (err instanceof BodyTooLargeError) throw err;
    if (firstFailure === 'decoder') {
      throw new DecodeError(`bad ${encodings.join('+')} data: ${(err as Error).message}`);
    }
    throw err;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}
