// One entry → its post in every output of the run: the texts, the file name base and the hash the store keeps.
// Between the transform and the formatting, images.mode download points the post at the site's own copies of its
// pictures, so the texts and their hash name the local URLs (a rerun finds the same texts and rewrites nothing).
import { hash } from 'node:crypto';
import type { Config, Entry, FeedDocument, ImagesConfig, OutputConfig, PostMeta, Source } from '../model.js';
import type { ImageFetching } from '../images/fetching.js';
import type { ArticleFetching, PostArticle } from '../fulltext/fetching.js';
import { imageSettingsFor } from '../images/settings.js';
import { entryToPost } from '../transform/index.js';
import { outputFormat, type PostWhen } from './format.js';
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
  /** what the post's file names depend on (its date); the rest of the post is in its texts */
  when: PostWhen;
  /** the file name without extension and without a uniqueness suffix */
  base: string;
  /** the post's text for each output, in config.outputs order */
  texts: string[];
  /** sha256 of the texts (of the one text's UTF-8 bytes when there is one output) */
  contentHash: string;
  /** sha256 of the first output's text: a file that holds exactly that is adopted rather than written */
  firstTextHash: string;
  meta: PostMeta;
  images?: PostImages;
  /** fulltext: how the post's article fared (feeds that fetch articles only) */
  article?: PostArticle;
}

export type RenderSettings = Pick<Config, 'images' | 'content' | 'outputs'> & { output: Pick<OutputConfig, 'filename'> };

/**
 * null when the feed's filters drop the entry or it has nothing to show. `fetching` is needed when the feed's
 * images.mode is download; without it the post keeps the pictures' original URLs. `articles` is needed when the feed's
 * fulltext setting fetches articles; without it the post keeps the feed's own body.
 */
export async function renderPost(
  entry: Entry,
  doc: FeedDocument,
  source: Source,
  item: { identity: string; firstSeen: number },
  config: RenderSettings,
  fetching?: ImageFetching,
  articles?: ArticleFetching,
): Promise<RenderedPost | null> {
  let article: PostArticle | undefined;
  if (articles !== undefined && source.fulltext !== undefined && source.fulltext !== 'never') {
    // loaded only for such feeds: the extractor (linkedom, Readability) stays out of other runs
    const { withFetchedArticle } = await import('../fulltext/fetch-article.js');
    ({ entry, article } = await withFetchedArticle(entry, source.fulltext, articles));
  }
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
  const base = postFileBase(post, config.output.filename);
  const final = post;
  const texts = config.outputs.map((o) => outputFormat(o.format).text(final, o));
  const contentHash = hash('sha256', texts.length === 1 ? texts[0]! : texts.join('\u0000'), 'hex');
  return {
    when: { date: post.date, timezone: post.timezone },
    base,
    texts,
    contentHash,
    firstTextHash: texts.length === 1 ? contentHash : hash('sha256', texts[0]!, 'hex'),
    meta: { title: post.title, date: post.date.getTime(), categories: post.categories, author: post.author, image: post.image, link: post.link },
    ...(owned ? { images: owned } : {}),
    ...(article ? { article } : {}),
  };
}

function withoutProxy(images: ImagesConfig): ImagesConfig {
  const { proxy: _proxy, ...rest } = images;
  return rest;
}
