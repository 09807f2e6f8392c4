// One entry → its post in every output of the run: the texts, the file name base and the hash the store keeps.
import { hash } from 'node:crypto';
import { join } from 'node:path';
import type { Config, Entry, FeedDocument, OutputConfig, Post, PostMeta, Source } from '../model.js';
import { entryToPost } from '../transform/index.js';
import { outputFormat } from './format.js';
import { postFileBase } from './filename.js';

export interface RenderedPost {
  post: Post;
  /** the file name without extension and without a uniqueness suffix */
  base: string;
  /** the post's text for each output, in config.outputs order */
  texts: string[];
  /** sha256 of the texts (of the one text's UTF-8 bytes when there is one output) */
  contentHash: string;
  meta: PostMeta;
}

export type RenderSettings = Pick<Config, 'images' | 'content' | 'outputs'> & { output: Pick<OutputConfig, 'filename'> };

/** null when the feed's filters drop the entry or it has nothing to show. */
export function renderPost(entry: Entry, doc: FeedDocument, source: Source, item: { identity: string; firstSeen: number }, config: RenderSettings): RenderedPost | null {
  const post = entryToPost(entry, doc, source, { images: config.images, content: config.content, firstSeen: item.firstSeen, identity: item.identity });
  if (!post) return null;
  const base = postFileBase(post, config.output.filename);
  const texts = config.outputs.map((o) => outputFormat(o.format).render(post, base, o).text);
  return {
    post,
    base,
    texts,
    contentHash: hash('sha256', texts.length === 1 ? texts[0]! : texts.join('\u0000'), 'hex'),
    meta: { title: post.title, date: post.date.getTime(), categories: post.categories, author: post.author, image: post.image, link: post.link },
  };
}

/** The post's file in the first output when its unique name is `stem`: what the store keeps. */
export function firstFile(rendered: RenderedPost, stem: string, outputs: readonly OutputConfig[]): string {
  return outputFormat(outputs[0]!.format).render(rendered.post, stem, outputs[0]!).path;
}

/** Every output's file of the post named `stem`: absolute paths with their texts. */
export function postFiles(rendered: RenderedPost, stem: string, outputs: readonly OutputConfig[]): Array<{ path: string; text: string }> {
  return outputs.map((o, i) => ({ path: join(o.dir, outputFormat(o.format).render(rendered.post, stem, o).path), text: rendered.texts[i]! }));
}

/** The unique name a stored file was made from (file names are `<stem>.<ext>`; Jekyll's keep their date in the stem). */
export function stemOf(file: string): string {
  return file.replace(/\.[^./]+$/, '');
}
