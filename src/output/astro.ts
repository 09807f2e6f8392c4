// The `astro` output format: Markdown files of a content collection (`src/content/news/<name>.md` by default),
// and once, when the site has none, the `src/content.config.ts` that declares the collection and its schema
// (Astro 5's content layer: a glob loader and a zod schema). Astro validates every post against it at build.
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Post } from '../model.js';
import { isoInZone, yamlFrontMatter } from './front-matter.js';
import { DEFAULT_OUTPUT_DIRS } from './dirs.js';
import type { FormatParts, RenderedFile } from './format.js';

export function formatAstroPost(post: Post): string {
  return (
    yamlFrontMatter([
      ['title', post.title],
      ['pubDate', { timestamp: isoInZone(post.date, post.timezone) }],
      ['categories', post.categories],
      ['author', post.author],
      ['image', post.image || undefined],
      ['link', post.link],
    ]) + `${post.html}\n`
  );
}

/** The collection's schema: what formatAstroPost writes, as Astro checks it. */
export function astroContentConfig(collection: string, base: string): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(collection) ? collection : 'news';
  return `// Written once by feedmill (output format astro); yours to edit. Declares the collection feedmill writes.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const ${name} = defineCollection({
  loader: glob({ pattern: '**/*.md', base: ${JSON.stringify(base)} }),
  schema: z.object({
    title: z.string(),
    pubDate: z.coerce.date(),
    categories: z.array(z.string()).default([]),
    author: z.string().default(''),
    image: z.string().optional(),
    link: z.string().url().nullable().default(null),
  }),
});

export const collections = { ${JSON.stringify(collection)}: ${name} };
`;
}

/**
 * `src/content.config.ts` for a collection folder at `<site>/src/content/<collection>`; none for a folder
 * elsewhere (the README shows the config to write by hand then).
 */
function siteFiles(dir: string): RenderedFile[] {
  const contentDir = dirname(dir);
  if (basename(contentDir) !== 'content' || basename(dirname(contentDir)) !== 'src') return [];
  const site = dirname(dirname(contentDir));
  const collection = basename(dir);
  const base = `./${relative(site, dir).split(sep).join('/')}`;
  return [{ path: relative(dir, join(site, 'src', 'content.config.ts')), text: astroContentConfig(collection, base) }];
}

export const astro: FormatParts = {
  name: 'astro',
  defaultDir: DEFAULT_OUTPUT_DIRS.astro,
  path: (_post, base) => `${base}.md`,
  text: (post) => formatAstroPost(post),
  siteFiles,
};
