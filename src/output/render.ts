// One entry → the post's text in the configured format, its file name base and the hash the store keeps.
// Between the transform and the formatting, images.mode download points the post at the site's own copies of its
// pictures, so the text and its hash name the local URLs (a rerun finds the same text and rewrites nothing).
import { hash } from 'node:crypto';
import type { Config, Entry, FeedDocument, ImagesConfig, Post, PostMeta, Source } from '../model.js';
import type { ImageFetching } from '../images/fetching.js';
import { imageSettingsFor } from '../images/settings.js';
import { entryToPost } from '../transform/index.js';
import { formatHexoPost } from './hexo.js';
import { postFileBase } from './filename.js';

/** How a post's pictures fared (images.mode download only). */
export interface PostImages {
  /** one line per picture that is not the site's own */
  failures: string[];
  /** the lines of `failures` whose download was tried now */
  failedNow: string[];
  /** some picture will be tried again by a later run */
  retryLater: boolean;
}

export interface RenderedPost {
  post: Post;
  text: string;
  /** the file name without `.md` and without a uniqueness suffix */
  base: string;
  /** sha256 of the text's UTF-8 bytes */
  contentHash: string;
  meta: PostMeta;
  images?: PostImages;
}

/**
 * null when the feed's filters drop the entry or it has nothing to show. `fetching` is needed when the feed's
 * images.mode is download; without it the post keeps the pictures' original URLs.
 */
export async function renderPost(
  entry: Entry,
  doc: FeedDocument,
  source: Source,
  item: { identity: string; firstSeen: number },
  config: Pick<Config, 'images' | 'content' | 'output'>,
  fetching?: ImageFetching,
): Promise<RenderedPost | null> {
  const images = imageSettingsFor(config.images, source.images);
  const download = images.mode === 'download' && fetching !== undefined;
  // download mode fetches the original URLs; the proxy goes only onto the pictures that fail
  const transformImages: ImagesConfig = download ? withoutProxy(images) : config.images;
  let post = entryToPost(entry, doc, source, { images: transformImages, content: config.content, firstSeen: item.firstSeen, identity: item.identity });
  if (!post) return null;
  let owned: PostImages | undefined;
  if (download) {
    // loaded only in download mode: image-size, and sharp for thumbnails, stay out of other runs
    const { ownImages } = await import('../images/own.js');
    const r = await ownImages(post, { images, ...fetching });
    post = r.post;
    owned = { failures: r.failures, failedNow: r.failedNow, retryLater: r.retryLater };
  }
  const text = formatHexoPost(post, { dateStyle: config.output.dateStyle });
  return {
    post,
    text,
    base: postFileBase(post, config.output.filename),
    contentHash: hash('sha256', text, 'hex'),
    meta: { title: post.title, date: post.date.getTime(), categories: post.categories, author: post.author, image: post.image, link: post.link },
    ...(owned ? { images: owned } : {}),
  };
}

function withoutProxy(images: ImagesConfig): ImagesConfig {
  const { proxy: _proxy, ...rest } = images;
  return rest;
}
