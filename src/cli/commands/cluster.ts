// The cluster's commands: `schedule` (due feeds onto the queue), `worker` (refresh queued feeds into the
// store) and `sync` (the store's posts into a site's folder).
import { CliError, EXIT } from '../exit.js';
import { loadConfigForCli } from '../config-file.js';

export interface ScheduleCommandOptions {
  config: string;
  offline?: boolean;
  force?: boolean;
  visibilityTimeout?: string;
}

export async function scheduleCommand(opts: ScheduleCommandOptions): Promise<number> {
  const config = await loadConfigForCli(opts.config);
  const { schedule } = await import('../../schedule.js');
  const s = await fatal(() => schedule(config, { offline: opts.offline, force: opts.force, visibilitySeconds: seconds(opts.visibilityTimeout) }));
  process.stdout.write(`${s.feeds} feeds, ${s.due} due, ${s.enqueued} enqueued (${s.durationMs} ms)\n`);
  return EXIT.ok;
}

export interface WorkerCommandOptions {
  config: string;
  concurrency?: string;
  untilIdle?: boolean;
  offline?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** what a shell reports for a process stopped by Ctrl-C */
const EXIT_INTERRUPTED = 130;

export async function workerCommand(opts: WorkerCommandOptions): Promise<number> {
  const config = await loadConfigForCli(opts.config);
  const concurrency = opts.concurrency === undefined ? undefined : Number(opts.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new CliError(`feedmill worker: --concurrency: expected a whole number above 0, got ${opts.concurrency}`, EXIT.usage);
  }
  const { work } = await import('../../worker.js');
  const err = process.stderr;
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      err.write(`feedmill worker: ${signal} again: stopping at once (its jobs are retried after the visibility timeout)\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    stop.abort();
    err.write(`feedmill worker: ${signal}: taking no more jobs, finishing the feeds in progress\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const s = await fatal(() =>
      work(config, {
        concurrency,
        untilIdle: opts.untilIdle,
        offline: opts.offline,
        signal: stop.signal,
        log: opts.verbose ? (line) => err.write(`${line}\n`) : undefined,
        onFeedDone: (r) => {
          if (opts.quiet && r.outcome !== 'failed') return;
          const counts = r.newPosts || r.updatedPosts ? ` +${r.newPosts} new, ${r.updatedPosts} updated` : '';
          err.write(`${r.outcome}: ${r.key}${counts}${r.reason ? `: ${r.reason}` : ''}\n`);
        },
      }),
    );
    process.stdout.write(`${s.jobs} jobs: ${s.newPosts} new posts, ${s.updatedPosts} updated, ${s.failedFeeds} feeds failed, ${s.returned} jobs given back\n`);
    return s.interrupted ? EXIT_INTERRUPTED : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export interface SyncCommandOptions {
  config: string;
  dir?: string;
  feed?: string[];
  category?: string[];
}

export async function syncCommand(opts: SyncCommandOptions): Promise<number> {
  const config = await loadConfigForCli(opts.config);
  const { sync } = await import('../../sync.js');
  const s = await fatal(() => sync(config, { dir: opts.dir, feeds: opts.feed, categories: opts.category }));
  const parts = [`${s.written} written`, `${s.rewritten} rewritten`, `${s.removed} removed`, `${s.unchanged} unchanged`];
  if (s.leftAlone) parts.push(`${s.leftAlone} left alone (deleted or not written by sync)`);
  if (s.withoutText) parts.push(`${s.withoutText} without a kept text (written by run)`);
  process.stdout.write(`${parts.join(', ')}\n`);
  return EXIT.ok;
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 10)) throw new CliError(`--visibility-timeout: expected whole seconds, 10 or more, got ${value}`, EXIT.usage);
  return n;
}

async function fatal<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new CliError(`feedmill: ${(e as Error).message ?? String(e)}`, EXIT.fatal);
  }
}
