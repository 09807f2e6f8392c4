// feedmill watch: fetch every feed when it is due, for as long as the process lives; SIGTERM or Ctrl-C finish the
// feeds in flight and exit 0 (a second signal stops at once).
import { loadConfigForCli } from '../config-file.js';
import { CliError, EXIT } from '../exit.js';
import { formatTime } from '../text.js';
import { feedLine, totalsLine } from '../summary.js';

export interface WatchCommandOptions {
  config: string;
  interval: string;
  offline?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export async function watchCommand(opts: WatchCommandOptions): Promise<number> {
  const { parseDuration } = await import('../../config/units.js');
  const intervalMs = /\d\s*[a-z]/i.test(opts.interval) ? parseDuration(opts.interval) : null;
  if (intervalMs === null || intervalMs < 1000) throw new CliError(`feedmill watch: --interval ${opts.interval}: expected a duration of 1s or more, such as 30m`, EXIT.usage);
  const config = await loadConfigForCli(opts.config);
  if (config.feeds.length === 0) throw new CliError(`feedmill watch: ${opts.config} has no feeds to watch (add one with \`feedmill add\`)`, EXIT.fatal);
  const { watch } = await import('../../run/watch.js');
  const err = process.stderr;
  const drain = new AbortController();
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (drain.signal.aborted) {
      err.write(`feedmill watch: ${signal} again: stopping at once\n`);
      stop.abort();
      process.exit(130);
    }
    drain.abort();
    err.write(`feedmill watch: ${signal}: finishing the feeds in flight, then exiting (send it again to stop at once)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  err.write(`feedmill watch: ${config.feeds.length} feeds, every ${opts.interval} unless a feed sets its own interval or asks for longer (Cache-Control, <ttl>)\n`);
  try {
    await watch(config, {
      defaultIntervalMs: intervalMs,
      drain: drain.signal,
      signal: stop.signal,
      offline: opts.offline,
      log: opts.verbose ? (l) => err.write(`${l}\n`) : undefined,
      onFeedDone: (r, done, total) => {
        // a long-lived log: feeds where nothing happened are left out unless --verbose
        const nothing = r.outcome === 'not-modified' || r.outcome === 'unchanged' || (r.outcome === 'ok' && r.newPosts + r.updatedPosts === 0);
        if (opts.quiet ? r.outcome === 'failed' : opts.verbose || !nothing) err.write(`${feedLine(r, done, total)}\n`);
      },
      onRound: (summary, nextAt) => {
        const eventful = summary.newPosts + summary.updatedPosts + summary.failedFeeds > 0;
        if (opts.verbose || (!opts.quiet && eventful)) err.write(`${totalsLine(summary)}; next fetch ${nextAt === null ? 'never' : formatTime(nextAt, config.timezone)}\n`);
      },
    });
  } catch (e) {
    throw new CliError(`feedmill watch: fatal: ${(e as Error).message ?? String(e)}`, EXIT.fatal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  err.write('feedmill watch: stopped\n');
  return EXIT.ok;
}
