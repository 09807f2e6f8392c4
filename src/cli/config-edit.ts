// Adding feeds to the config file: keeps comments and formatting, re-validates, writes atomically.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config, FeedConfig } from '../model.js';
import { CliError, EXIT } from './exit.js';

export type NewFeed = Record<string, unknown> & { url?: string; rsshub?: string };

export interface ConfigFileState {
  path: string;
  text: string;
  config: Config;
  existed: boolean;
}

const NEW_CONFIG = '# feedmill.yml (see `feedmill init` for a commented starter with every option)\nfeeds:\n';

/** Reads and validates the config; a missing file is an empty config when `createIfMissing`. */
export async function readConfigFile(path: string, createIfMissing: boolean): Promise<ConfigFileState> {
  const abs = resolve(path);
  const [{ configFromText }, { ConfigError }] = await Promise.all([import('../config/yaml-text.js'), import('../config/errors.js')]);
  const existed = existsSync(abs);
  if (!existed && !createIfMissing) {
    throw new CliError(`feedmill: ${path}: file not found (create one with \`feedmill init\`)`, EXIT.config);
  }
  const text = existed ? await readFile(abs, 'utf8') : NEW_CONFIG;
  try {
    return { path: abs, text, config: configFromText(text, abs), existed };
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.config);
    throw err;
  }
}

/** The key under which a new feed would collide with a configured one. */
export function feedIdentity(feed: { url?: string; rsshub?: string }): string {
  return feed.url !== undefined ? `url:${feed.url}` : `rsshub:${(feed.rsshub ?? '').replace(/^(?!\/)/, '/')}`;
}

export function configuredIdentities(feeds: FeedConfig[]): Set<string> {
  return new Set(feeds.map((f) => feedIdentity(f)));
}

/** Appends feeds, checks the result still validates, and replaces the file atomically. */
export async function appendFeedsToFile(state: ConfigFileState, feeds: NewFeed[]): Promise<Config> {
  const { appendFeeds } = await import('../config/edit.js');
  return writeConfigText(state, appendFeeds(state.text, feeds));
}

/** Removes the feed at `index` of the feeds list, keeping every other line; validates and replaces the file. */
export async function removeFeedFromFile(state: ConfigFileState, index: number): Promise<Config> {
  const { removeFeedAt } = await import('../config/edit.js');
  return writeConfigText(state, removeFeedAt(state.text, index));
}

async function writeConfigText(state: ConfigFileState, text: string): Promise<Config> {
  const [{ configFromText }, { ConfigError }] = await Promise.all([import('../config/yaml-text.js'), import('../config/errors.js')]);
  let config: Config;
  try {
    config = configFromText(text, state.path);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`feedmill: the edited config would not be valid, not writing it:\n${err.message}`, EXIT.fatal);
    throw err;
  }
  const tmp = `${state.path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, state.path);
  return config;
}
