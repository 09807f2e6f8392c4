// What every page reads: the config, the open store, the configured feeds, the run in progress.
import type { Config, Source, Store } from '../model.js';
import type { Runs } from './runs.js';

export interface ServeContext {
  config: Config;
  store: Store;
  /** the configured feeds, resolved once at start (without asking RSSHub for its catalog) */
  sources: Source[];
  runs: Runs;
  now: () => number;
}
