// The output formats: how a post becomes a file for one site generator. Each format is a small module of
// pure functions; the file step (atomic writes) is write.ts's. `hexo` is the seed format, byte for byte.
import { join } from 'node:path';
import type { OutputConfig, OutputFormatName, Post } from '../model.js';
import { DEFAULT_OUTPUT_DIRS } from './dirs.js';
import { formatHexoPost } from './hexo.js';
import { hugo } from './hugo.js';
import { jekyll } from './jekyll.js';
import { astro } from './astro.js';
import { markdown } from './markdown.js';
import { json } from './json.js';

export interface RenderOptions {
  /** the date form of `hexo` (the other formats write ISO 8601 with the post's zone) */
  dateStyle: 'rfc1123' | 'local';
}

/** What a post's file name may depend on besides its base name: its date, in its zone (Jekyll's `YYYY-MM-DD-`). */
export type PostWhen = Pick<Post, 'date' | 'timezone'>;

export interface RenderedFile {
  /** relative to the output's dir, `/`-separated */
  path: string;
  text: string;
}

/** What each format module defines: where a post's file goes, and its text. */
export interface FormatParts {
  name: OutputFormatName;
  /** where the posts go when the config names no dir, relative to the config file */
  defaultDir: string;
  /** The post's file, relative to the output's dir. `base`: its name without extension (output/filename.ts), shared by all outputs. */
  path(post: PostWhen, base: string): string;
  /** The post's text (it does not depend on the file's name). */
  text(post: Post, opts: RenderOptions): string;
  /** Files the site needs once (Astro's collection schema), relative to `dir`: written only when missing. */
  siteFiles?(dir: string): RenderedFile[];
}

export interface OutputFormat extends FormatParts {
  /** the post's file and text */
  render(post: Post, base: string, opts: RenderOptions): RenderedFile;
}

const hexo: FormatParts = {
  name: 'hexo',
  defaultDir: DEFAULT_OUTPUT_DIRS.hexo,
  path: (_post, base) => `${base}.md`,
  text: (post, opts) => formatHexoPost(post, opts),
};

const withRender = (f: FormatParts): OutputFormat => ({ ...f, render: (post, base, opts) => ({ path: f.path(post, base), text: f.text(post, opts) }) });

const FORMATS: Record<OutputFormatName, OutputFormat> = {
  hexo: withRender(hexo),
  hugo: withRender(hugo),
  jekyll: withRender(jekyll),
  astro: withRender(astro),
  markdown: withRender(markdown),
  json: withRender(json),
};

export const OUTPUT_FORMAT_NAMES = Object.keys(FORMATS) as OutputFormatName[];

/** The format called `name`; throws for an unknown name (the config schema lets none through). */
export function outputFormat(name: OutputFormatName): OutputFormat {
  const format = FORMATS[name];
  if (!format) throw new Error(`unknown output format "${name}" (known: ${OUTPUT_FORMAT_NAMES.join(', ')})`);
  return format;
}

/**
 * One post's file for every output of a run, in config.outputs order: `path` absolute, `file` relative to
 * its output's dir (the first one is what the store keeps as the item's file). `base`: the post's unique
 * file name without extension (claimed once, shared by all outputs).
 */
export function renderPostFiles(post: Post, base: string, outputs: readonly OutputConfig[]): Array<{ path: string; file: string; text: string }> {
  return outputs.map((o) => {
    const { path, text } = outputFormat(o.format).render(post, base, o);
    return { path: join(o.dir, path), file: path, text };
  });
}
