// feedmill prune --images: lists (or with --yes removes) downloaded images no post references any more.
import { loadConfigForCli } from '../config-file.js';
import { CliError, EXIT } from '../exit.js';

function sizeText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export async function pruneCommand(opts: { config: string; images?: boolean; yes?: boolean }): Promise<number> {
  if (!opts.images) throw new CliError('feedmill prune: say what to prune (--images)', EXIT.usage);
  const config = await loadConfigForCli(opts.config);
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
    result = await pruneImages(config.images.dir, [config.output.dir], { remove: opts.yes === true });
  } finally {
    unlock();
  }
  const { unused, bytes } = result;
  const where = displayPath(config.images.dir);
  if (unused.length === 0) {
    process.stdout.write(`no unused images in ${where}\n`);
    return EXIT.ok;
  }
  if (opts.yes) {
    process.stdout.write(`removed ${unused.length} unused image file${unused.length === 1 ? '' : 's'} (${sizeText(bytes)}) from ${where}\n`);
  } else {
    for (const path of unused) process.stdout.write(`${displayPath(path)}\n`);
    process.stdout.write(`${unused.length} unused image file${unused.length === 1 ? '' : 's'} (${sizeText(bytes)}) in ${where}; run again with --yes to remove them\n`);
  }
  return EXIT.ok;
}
