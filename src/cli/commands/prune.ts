// feedmill prune: --images lists (or with --yes removes) downloaded images no post references any more;
// --older-than / --keep list (or with --yes remove) old posts, whose items stay in the state as tombstones.
import type { Config } from '../../model.js';
import { loadConfigForCli } from '../config-file.js';
import { CliError, EXIT } from '../exit.js';

export interface PruneOptions {
  config: string;
  images?: boolean;
  olderThan?: string;
  keep?: string;
  yes?: boolean;
}

function sizeText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function pruneCommand(opts: PruneOptions): Promise<number> {
  const posts = opts.olderThan !== undefined || opts.keep !== undefined;
  if (!opts.images && !posts) throw new CliError('feedmill prune: say what to prune (--older-than 30d, --keep N or --images)', EXIT.usage);
  const rule = posts ? await pruneRule(opts) : null;
  const config = await loadConfigForCli(opts.config);
  // posts first: the images only they referenced become unused in the same command
  if (rule) await prunePostsCommand(config, rule, opts.yes === true);
  if (opts.images) await pruneImagesCommand(config, opts.yes === true);
  return EXIT.ok;
}

async function pruneRule(opts: PruneOptions): Promise<{ before?: number; keep?: number }> {
  const rule: { before?: number; keep?: number } = {};
  if (opts.olderThan !== undefined) {
    const { parseDuration } = await import('../../config/units.js');
    const ms = /\d\s*[a-z]/i.test(opts.olderThan) ? parseDuration(opts.olderThan) : null;
    if (ms === null || ms <= 0) throw new CliError(`feedmill prune: --older-than ${opts.olderThan}: expected a duration with its unit, such as 30d or 12h`, EXIT.usage);
    rule.before = Date.now() - ms;
  }
  if (opts.keep !== undefined) {
    const n = Number(opts.keep);
    if (!/^\d+$/.test(opts.keep.trim()) || !Number.isSafeInteger(n)) throw new CliError(`feedmill prune: --keep ${opts.keep}: expected a whole number of posts`, EXIT.usage);
    rule.keep = n;
  }
  return rule;
}

async function prunePostsCommand(config: Config, rule: { before?: number; keep?: number }, remove: boolean): Promise<void> {
  const { openStore, stateExists, isDatabaseUrl } = await import('../../store/index.js');
  const { displayPath } = await import('../../config/load.js');
  const where = displayPath(config.output.dir);
  if (!stateExists(config.state)) {
    process.stdout.write(`no posts to prune in ${where} (nothing has run yet)\n`);
    return;
  }
  const { acquireRunLock } = await import('../../store/lock.js');
  const { postsToPrune, prunePosts } = await import('../../run/prune-posts.js');
  const unlock = remove && !isDatabaseUrl(config.state) ? acquireRunLock(config.state) : () => undefined;
  const store = await openStore(config.state);
  try {
    const old = await postsToPrune(store, rule);
    if (old.length === 0) {
      process.stdout.write(`no posts to prune in ${where}\n`);
      return;
    }
    if (!remove) {
      const { join } = await import('node:path');
      for (const p of old) process.stdout.write(`${displayPath(join(config.output.dir, p.file))}  ${new Date(p.meta?.date ?? p.firstSeen).toISOString().slice(0, 10)}  ${p.meta?.title ?? ''}\n`);
      process.stdout.write(`${plural(old.length, 'post')} to prune in ${where}; run again with --yes to remove them (they will not come back)\n`);
      return;
    }
    const done = await prunePosts(store, config.output.dir, old);
    const gone = done.missing ? ` (${done.missing} already deleted)` : '';
    process.stdout.write(`removed ${plural(old.length, 'post')} from ${where}${gone}; the state remembers them so they never come back\n`);
  } finally {
    await store.close();
    unlock();
  }
}

async function pruneImagesCommand(config: Config, remove: boolean): Promise<void> {
  const { pruneImages } = await import('../../images/prune.js');
  const { displayPath } = await import('../../config/load.js');
  const { acquireRunLock, RunLockedError } = await import('../../store/lock.js');
  // a running job's fresh downloads are named by no post file yet: wait for it rather than list (or delete) them
  let unlock: () => void;
  try {
    unlock = acquireRunLock(config.state);
  } catch (err) {
    if (err instanceof RunLockedError) throw new CliError(`feedmill prune: a run is in progress (pid ${err.pid}); try again when it is done`, EXIT.fatal);
    throw err;
  }
  let result: Awaited<ReturnType<typeof pruneImages>>;
  try {
    result = await pruneImages(config.images.dir, [config.output.dir], { remove });
  } finally {
    unlock();
  }
  const { unused, bytes } = result;
  const where = displayPath(config.images.dir);
  if (unused.length === 0) {
    process.stdout.write(`no unused images in ${where}\n`);
    return;
  }
  if (remove) {
    process.stdout.write(`removed ${unused.length} unused image file${unused.length === 1 ? '' : 's'} (${sizeText(bytes)}) from ${where}\n`);
  } else {
    for (const path of unused) process.stdout.write(`${displayPath(path)}\n`);
    process.stdout.write(`${unused.length} unused image file${unused.length === 1 ? '' : 's'} (${sizeText(bytes)}) in ${where}; run again with --yes to remove them\n`);
  }
}
