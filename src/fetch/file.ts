// Local sources: file:// URLs and plain paths, read with the same byte cap as HTTP bodies.
// A weak validator from size and mtime lets unchanged files answer "not modified" like a 304.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FetchResult, Validators } from '../model.js';
import { BodyTooLargeError, readCappedBody } from './body.js';
import { formatBytes } from './format.js';

/** True for URLs that name a local file rather than an http(s) resource. */
export function isLocalSource(url: string): boolean {
  if (/^file:/i.test(url)) return true;
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(url);
}

export function localPath(url: string): string {
  return /^file:/i.test(url) ? fileURLToPath(url) : resolve(url);
}

const TYPES: Record<string, string> = {
  json: 'application/feed+json',
  xml: 'application/xml',
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  rdf: 'application/rdf+xml',
  html: 'text/html',
  htm: 'text/html',
};

export async function fetchLocal(url: string, validators: Validators, maxBytes: number): Promise<FetchResult> {
  const fail = (reason: string): FetchResult => ({ kind: 'error', reason, status: null, gone: false, retryAfter: null });
  let path: string;
  try {
    path = localPath(url);
  } catch (err) {
    return fail(`bad file URL: ${(err as Error).message}`);
  }
  try {
    const st = await stat(path);
    if (st.isDirectory()) return fail(`is a directory: ${path}`);
    if (st.size > maxBytes) return fail(`body over ${formatBytes(maxBytes)}`);
    const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const lastModified = st.mtime.toUTCString();
    if (validators.etag && validators.etag === etag) {
      return { kind: 'not-modified', url, etag, lastModified, permanentRedirect: null };
    }
    const body = await readCappedBody(createReadStream(path), [], maxBytes);
    if (isBlank(body)) return fail('empty body');
    const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
    return {
      kind: 'ok',
      status: 200,
      url,
      body,
      contentType: TYPES[ext] ?? null,
      etag,
      lastModified,
      permanentRedirect: null,
      headers: {},
    };
  } catch (err) {
    if (err instanceof BodyTooLargeError) return fail(`body over ${formatBytes(maxBytes)}`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(`file not found: ${path}`);
    if (code === 'EACCES' || code === 'EPERM') return fail(`permission denied: ${path}`);
    if (code === 'EISDIR') return fail(`is a directory: ${path}`);
    return fail(`cannot read ${path}: ${(err as Error).message.split('\n', 1)[0]}`);
  }
}

/** Zero bytes, or only whitespace (and a BOM). */
export function isBlank(body: Uint8Array): boolean {
  let i = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  for (; i < body.length; i++) {
    const b = body[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}
