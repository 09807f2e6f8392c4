// feedmill remove <feed>: takes a feed out of the config (keeping the file's comments and other lines); with
// --posts also deletes its post files and what the state remembers of its items.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readConfigFile, removeFeedFromFile } from '../config-edit.js';
import { CliError, EXIT } from '../exit.js';

export interface RemoveOptions {
  config: string;
  posts?: boolean;
}

export async function removeCommand(name: string, opts: RemoveOptions): Promise<number> {
  const state = await readConfigFile(opts.config, false);
  const config = state.config;
  const { feedsNamed } = await import('../../config/select.js');
  const { sourceKey } = await import('../../config/sources.js');
  const found = feedsNamed(config, name);
  if (found.length > 1) {
    throw new CliError(`feedmill remove: ${name} names ${found.length} feeds (${found.map(sourceKey).join(', ')}); name one by its URL or route`, EXIT.fatal);
  }
  const feed = found[0];
  const { openStore, stateExists, isDatabaseUrl } = await import('../../store/index.js');
  let key = feed ? sourceKey(feed) : null;
  if (!key && opts.posts && stateExists(config.state)) {
    // a feed taken out of the config before: its posts are still known to the state by key or URL
    const store = await openStore(config.state);
    try {
      key = (await store.listFeeds()).find((f) => f.key === name || f.url === name)?.key ?? null;
    } finally {
      await store.close();
    }
  }
  if (!key) {
    throw new CliError(`feedmill remove: ${name}: no configured feed has this key, URL, RSSHub route or title, and the state knows no such feed`, EXIT.fatal);
  }
  let removedFiles = 0;
  let removedItems = 0;
  // without --posts the state keeps the feed: re-adding it brings no duplicates, and `remove --posts` finds it later
  if (opts.posts && stateExists(config.state)) {
    const { acquireRunLock } = await import('../../store/lock.js');
    // a run writing this feed's posts meanwhile would leave files the state no longer knows
    const unlock = isDatabaseUrl(config.state) ? () => undefined : acquireRunLock(config.state);
    const store = await openStore(config.state);
    try {
      for (const item of await store.listItems(key)) {
        try {
          await rm(join(config.output.dir, item.file));
          removedFiles++;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new CliError(`feedmill remove: cannot delete ${item.file}: ${(err as Error).message}`, EXIT.fatal);
        }
      }
      // files first: a failure above leaves the rows, and running the command again finishes the job
      removedItems = await store.removeFeed(key);
    } finally {
      await store.close();
      unlock();
    }
  }
  if (feed) await removeFeedFromFile(state, config.feeds.indexOf(feed));
  const what = opts.posts ? `; deleted ${removedFiles} post file${removedFiles === 1 ? '' : 's'} and forgot ${removedItems} item${removedItems === 1 ? '' : 's'}` : '';
  process.stdout.write(`${feed ? `removed ${key} from ${opts.config}` : `${key} was not in ${opts.config}`}${what}\n`);
  if (!opts.posts) process.stdout.write(`its posts stay (\`feedmill remove ${name} --posts\` also deletes them)\n`);
  return EXIT.ok;
}
