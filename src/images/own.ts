// images.mode download, for one post: every picture it shows is fetched through the one HTTP layer into the site's
// content-addressed folder and the post is pointed at the copies. A picture that fails costs nothing but its copy:
// the post keeps the original (or proxied) URL and the failure comes back as one line; a later pass retries it
// while attempts last. Already-stored URLs are never fetched again.
import type { ImageCache, ImageRecord, ImagesConfig, Post } from '../model.js';
import { frontMatterImageUrl, proxyImage } from '../transform/urls.js';
import { downloadImage, type GetImage } from './download.js';
import { fileExists, imageFileName, imagePath, imageUrl } from './files.js';
import { listImages } from './list.js';
import { rewritePost, type HeadReplacement, type Replacement } from './rewrite.js';
import { ensureThumbnail } from './thumbnail.js';

export interface OwnImagesContext {
  /** the feed's images: settings (imageSettingsFor) */
  images: ImagesConfig;
  get: GetImage;
  cache: ImageCache;
  signal?: AbortSignal;
  /** tries of a failing URL over all passes (default 3); permanent refusals are not retried */
  maxAttempts?: number;
  /** epoch ms for records (default Date.now) */
  now?: () => number;
}

export interface OwnImagesResult {
  post: Post;
  /** one line per picture that is not the site's own: `image <url>: <reason>` */
  failures: string[];
  /** the lines of `failures` whose download was tried in this pass (the others were refused before) */
  failedNow: string[];
  /** some picture failed but will be tried again by a later pass: render the post again then */
  retryLater: boolean;
}

type Stored = Extract<ImageRecord, { status: 'stored' }>;
/** tried: fetched in this pass; retry: a later pass will try again */
type Outcome = { stored: Stored } | { failed: string; tried: boolean; retry: boolean };

const MAX_URL_IN_MESSAGE = 200;

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/** The stored record for a URL, downloading it when needed. Never throws. */
async function obtain(url: string, articleUrl: string | null, ctx: OwnImagesContext): Promise<Outcome> {
  const { images, cache } = ctx;
  const now = ctx.now ?? Date.now;
  let known: ImageRecord | null = null;
  try {
    known = await cache.get(url);
    if (known?.status === 'stored' && (await fileExists(imagePath(images.dir, imageFileName(known.sha256, known.ext))))) {
      return { stored: known };
    }
    const maxAttempts = ctx.maxAttempts ?? 3;
    if (known?.status === 'failed' && (known.permanent || known.attempts >= maxAttempts)) {
      return { failed: `${known.reason} (not retried)`, tried: false, retry: false };
    }
    const got = await downloadImage(url, {
      get: ctx.get,
      dir: images.dir,
      maxBytes: images.maxBytes,
      maxPixels: images.maxPixels,
      referers: images.referers,
      articleUrl,
      signal: ctx.signal,
    });
    // a run stopped mid-download says nothing about the picture: no attempt is counted
    if (!got.ok && ctx.signal?.aborted) return { failed: 'interrupted', tried: false, retry: true };
    const record: ImageRecord = got.ok
      ? { status: 'stored', sha256: got.sha256, ext: got.ext, bytes: got.bytes, width: got.width, height: got.height, at: now() }
      : {
          status: 'failed',
          reason: oneLine(got.reason),
          attempts: (known?.status === 'failed' ? known.attempts : 0) + 1,
          permanent: got.permanent,
          at: now(),
        };
    await cache.put(url, record);
    if (record.status === 'stored') return { stored: record };
    return { failed: record.reason, tried: true, retry: !record.permanent && record.attempts < maxAttempts };
  } catch (err) {
    // a disk or cache error costs this picture, not the post
    return { failed: oneLine(String((err as Error)?.message ?? err)), tried: true, retry: true };
  }
}

function failureLine(url: string, reason: string): string {
  const u = url.length > MAX_URL_IN_MESSAGE ? `${url.slice(0, MAX_URL_IN_MESSAGE)}…` : url;
  return `image ${u}: ${reason}`;
}

export async function ownImages(post: Post, ctx: OwnImagesContext): Promise<OwnImagesResult> {
  const { images } = ctx;
  const listed = listImages(post, images.placeholder);
  // the head image is usually a body picture written for the front matter (percent-encoded): fetch it once
  const headKey = listed.head === null ? null : (listed.body.find((u) => frontMatterImageUrl(u) === listed.head) ?? listed.head);
  const urls = headKey === null || listed.body.includes(headKey) ? listed.body : [...listed.body, headKey];
  const outcomes = await Promise.all(urls.map((u) => obtain(u, post.link, ctx)));

  const map = new Map<string, Replacement>();
  const failures: string[] = [];
  const failedNow: string[] = [];
  let retryLater = false;
  urls.forEach((url, i) => {
    const o = outcomes[i]!;
    if ('stored' in o) {
      const s = o.stored;
      map.set(url, { kind: 'local', url: imageUrl(images.urlPrefix, imageFileName(s.sha256, s.ext)), width: s.width, height: s.height });
    } else {
      failures.push(failureLine(url, o.failed));
      if (o.tried) failedNow.push(failureLine(url, o.failed));
      retryLater ||= o.retry;
      const proxied = proxyImage(url, images.proxy);
      if (proxied !== url) map.set(url, { kind: 'proxy', url: proxied });
    }
  });

  let head: HeadReplacement | null = null;
  const headOutcome = headKey === null ? undefined : outcomes[urls.indexOf(headKey)];
  if (headOutcome !== undefined && 'stored' in headOutcome) {
    const s = headOutcome.stored;
    head = { image: imageUrl(images.urlPrefix, imageFileName(s.sha256, s.ext)) };
    if (images.thumbnail !== undefined) {
      try {
        const thumb = imageUrl(images.urlPrefix, await ensureThumbnail(images.dir, s, images.thumbnail, images.maxPixels));
        if (images.thumbnail.headimg) head.image = thumb;
        else head.thumbnail = thumb;
      } catch (err) {
        const line = failureLine(listed.head!, `thumbnail: ${oneLine(String((err as Error)?.message ?? err))}`);
        failures.push(line);
        failedNow.push(line);
      }
    }
  } else if (headKey !== null && images.proxy !== undefined) {
    const proxied = proxyImage(headKey, images.proxy);
    if (proxied !== headKey) head = { image: frontMatterImageUrl(proxied) };
  }
  return { post: rewritePost(post, map, head), failures, failedNow, retryLater };
}
