// The library entry: parse feeds, refresh one feed, or run every feed of a config.
export { parseFeed } from './parse/index.js';
export { NotAFeedError } from './parse/errors.js';
export { run, type RunOptions } from './run.js';
export { refreshFeed, feedContext, type FeedContext } from './refresh.js';
export { ArticleRun } from './fulltext/fetching.js';
export { openStore } from './store/index.js';
export { createFetcher, type Fetcher } from './fetch/index.js';
export { loadConfig, configFromObject } from './config/load.js';
export { ConfigError } from './config/errors.js';
export { resolveSources } from './config/sources.js';
export { feedStatuses, type FeedStatus } from './status.js';
export { outputFormat, renderPostFiles, OUTPUT_FORMAT_NAMES, type OutputFormat, type RenderedFile, type RenderOptions } from './output/format.js';
export { ensureSiteFiles } from './output/site-files.js';
export { renderFeedsOut, postPageUrl, type PublishedPost, type PostMetaLike, type FeedSite } from './feeds-out/index.js';
export { writeFeedsOut } from './feeds-out/write.js';
export type * from './model.js';
