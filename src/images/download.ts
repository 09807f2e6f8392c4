// One image URL → a file of the content-addressed folder, or a one-line reason. The bytes decide everything: the
// type by magic numbers, completeness by the format's end marker, the size by the header (pixel cap before any
// decoding). SVG is refused: an SVG served from the blog's own origin runs its scripts when opened directly, and a
// sanitizer that misses one trick turns a feed into stored XSS on the site; refused, the post keeps the original
// URL, which an <img> shows just as well (browsers never run scripts of an SVG loaded as an image).
import { createHash } from 'node:crypto';
import type { FetchResult } from '../model.js';
import { truncationReason } from './complete.js';
import { imageFileName, imagePath, writeOnce } from './files.js';
import { readHeader } from './header.js';
import { imageRequestHeaders } from './referers.js';
import { sniffImageType } from './sniff.js';

/** A GET through the one HTTP layer (src/fetch/): never throws for HTTP or network failures. */
export type GetImage = (url: string, init: { headers: Record<string, string>; maxBytes: number; signal?: AbortSignal }) => Promise<FetchResult>;

export interface DownloadOptions {
  get: GetImage;
  /** absolute folder of downloaded images */
  dir: string;
  maxBytes: number;
  maxPixels: number;
  /** host → Referer rule, over the built-in table */
  referers: Readonly<Record<string, string>>;
  /** the post's link, for hosts whose rule is `article` */
  articleUrl: string | null;
  signal?: AbortSignal;
}

export type Downloaded =
  | { ok: true; sha256: string; ext: string; bytes: number; width: number; height: number }
  /** permanent: asking again would give the same answer (not an image, SVG, over a cap, 410 Gone) */
  | { ok: false; reason: string; permanent: boolean };

function megabytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')}MB` : `${Math.ceil(n / 1024)}KB`;
}

const fail = (reason: string, permanent: boolean): Downloaded => ({ ok: false, reason, permanent });

export async function downloadImage(url: string, opts: DownloadOptions): Promise<Downloaded> {
  if (!/^https?:\/\//i.test(url)) return fail('not an http(s) URL', true);
  const headers = imageRequestHeaders(url, opts.articleUrl, opts.referers);
  const res = await opts.get(url, { headers, maxBytes: opts.maxBytes, signal: opts.signal });
  // a 2xx that still failed is over the cap or undecodable: the same next time
  if (res.kind === 'error') return fail(res.reason, res.gone || (res.status !== null && res.status >= 200 && res.status < 300));
  if (res.kind !== 'ok') return fail('HTTP 304 to a request without validators', false);
  const body = res.body;
  if (body.length > opts.maxBytes) return fail(`image over ${megabytes(opts.maxBytes)}`, true);
  const type = sniffImageType(body);
  const labelled = res.contentType ? ` served as ${res.contentType.split(';', 1)[0]!.trim()}` : '';
  if (type === 'svg') return fail('SVG refused (kept at its original URL)', true);
  if (type === 'html') return fail(`not an image: an HTML page${labelled}`, true);
  if (type === 'unknown') return fail(`not an image: unknown bytes${labelled}`, true);
  const cut = truncationReason(body, type);
  if (cut !== null) return fail(cut, false);
  const header = readHeader(body, opts.maxPixels);
  if ('error' in header) return fail(header.error, true);
  const sha256 = createHash('sha256').update(body).digest('hex');
  await writeOnce(imagePath(opts.dir, imageFileName(sha256, type)), body);
  return { ok: true, sha256, ext: type, bytes: body.length, width: header.width, height: header.height };
}
