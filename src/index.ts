// The library entry: parse feeds, or run the whole pipeline from a config.
export { parseFeed } from './parse/index.js';
export { NotAFeedError } from './parse/errors.js';
export { run, type RunOptions } from './pipeline.js';
export { loadConfig, configFromObject } from './config/load.js';
export { ConfigError } from './config/errors.js';
export type * from './model.js';
