// One entry → the post's text in the configured format, its file name base and the hash the store keeps.
import { hash } from 'node:crypto';
import type { Config, Entry, FeedDocument, Post, PostMeta, Source } from '../model.js';
import { entryToPost } from '../transform/index.js';
import { formatHexoPost } from './hexo.js';
import { postFileBase } from './filename.js';

export interface RenderedPost {
  post: Post;
  text: string;
  /** the file name without `.md` and without a uniqueness suffix */
  base: string;
  /** sha256 of the text's UTF-8 bytes */
  contentHash: string;
  meta: PostMeta;
}

/** null when the feed's filters drop the entry or it has nothing to show. */
export function renderPost(
  entry: Entry,
  doc: FeedDocument,
  source: Source,
  item: { identity: string; firstSeen: number },
  config: Pick<Config, 'images' | 'content' | 'output'>,
): RenderedPost | null {
  const post = entryToPost(entry, doc, source, { images: config.images, content: config.content, firstSeen: item.firstSeen, identity: item.identity });
  if (!post) return null;
  const text = formatHexoPost(post, { dateStyle: config.output.dateStyle });
  return {
    post,
    text,
    base: postFileBase(post, config.output.filename),
    contentHash: hash('sha256', text, 'hex'),
    meta: { title: post.title, date: post.date.getTime(), categories: post.categories, author: post.author, image: post.image, link: post.link },
  };
}
