// Where each output format puts posts when the config names no dir (relative to the config file): each
// generator's own convention. Kept apart from the formats so that reading a config loads none of them.
import type { OutputFormatName } from '../model.js';

export const DEFAULT_OUTPUT_DIRS: Readonly<Record<OutputFormatName, string>> = {
  hexo: 'source/_posts',
  hugo: 'content/posts',
  jekyll: '_posts',
  astro: 'src/content/news',
  markdown: 'posts',
  json: 'posts',
};

/** Where feeds out go by default, by the first output's format: a folder the generator copies into the site as it is. */
export const DEFAULT_FEEDS_OUT_DIRS: Readonly<Record<OutputFormatName, string>> = {
  hexo: 'source',
  hugo: 'static',
  jekyll: '.',
  astro: 'public',
  markdown: 'feeds',
  json: 'feeds',
};
