// feedmill run: one pass over every feed, with progress, a per-feed summary, and a clean stop on Ctrl-C.
import { join } from 'node:path';
import type { RunSummary } from '../../model.js';
import { CliError, EXIT } from '../exit.js';
import { loadConfigForCli } from '../config-file.js';
import { LineBuffer } from '../line-buffer.js';
import { tuneV8ForBatch } from '../batch-v8.js';
import { ProgressLine, feedLine, renderSummary, totalsLine } from '../summary.js';

export interface RunCommandOptions {
  config: string;
  strict?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  force?: boolean;
  offline?: boolean;
  /** only these feeds (key, URL, route or title) */
  feed?: string[];
  dryRun?: boolean;
  json?: boolean;
}

/** what a shell reports for a run stopped by Ctrl-C */
const EXIT_INTERRUPTED = 130;

export async function runCommand(opts: RunCommandOptions): Promise<number> {
  tuneV8ForBatch();
  // First signal: no new feed starts, requests in flight are cancelled, the rest is saved. Second: leave now
  // (claims in the store let the next run complete what this one began, without duplicates).
  const stop = new AbortController();
  let log = (line: string): void => void process.stderr.write(`${line}\n`);
  let flush = (): void => undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      flush();
      process.stderr.write(`feedmill: ${signal} again: stopping at once\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    stop.abort();
    log(`feedmill: ${signal}: finishing the feeds in progress (press Ctrl-C again to stop at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runWithSignal(opts, stop.signal, (l, f) => ((log = l), (flush = f)));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runWithSignal(
  opts: RunCommandOptions,
  signal: AbortSignal,
  useOutput: (log: (line: string) => void, flush: () => void) => void,
): Promise<number> {
  let config = await loadConfigForCli(opts.config);
  if (opts.feed && opts.feed.length > 0) {
    const { selectFeeds } = await import('../../config/select.js');
    const picked = selectFeeds(config, opts.feed);
    if (picked.unmatched.length > 0) {
      throw new CliError(
        `feedmill run: --feed ${picked.unmatched.join(', ')}: no configured feed has this key, URL, RSSHub route or title (see \`feedmill validate\`)`,
        EXIT.usage,
      );
    }
    config = picked.config;
  }
  const { run } = await import('../../run.js');
  const err = process.stderr;
  if (!opts.quiet) {
    const { findHexoSite, dateShiftWarning } = await import('../hexo-site.js');
    const site = findHexoSite(config.output.dir);
    const warning = site ? dateShiftWarning(config, site) : null;
    if (warning) err.write(`${warning}\n`);
  }
  const progress = !opts.quiet && err.isTTY ? new ProgressLine(err) : null;
  const lines = progress ? null : new LineBuffer(err);
  const log = (line: string) => {
    progress?.clear();
    if (lines) lines.push(line);
    else err.write(`${line}\n`);
  };
  useOutput(log, () => {
    progress?.clear();
    lines?.flush();
  });
  let summary: RunSummary;
  try {
    summary = await run(config, {
      force: opts.force,
      offline: opts.offline,
      dryRun: opts.dryRun,
      signal,
      log: opts.verbose ? log : undefined,
      onFeedDone: (report, done, total) => {
        if (opts.quiet) return;
        if (progress) progress.update(report, done, total);
        else lines?.push(feedLine(report, done, total));
      },
    });
  } catch (e) {
    progress?.clear();
    lines?.flush();
    throw new CliError(`feedmill: fatal: ${opts.verbose ? ((e as Error).stack ?? String(e)) : ((e as Error).message ?? String(e))}`, EXIT.fatal);
  }
  progress?.clear();
  lines?.flush();
  const failing = summary.feeds.filter((f) => f.outcome === 'failed' || f.outcome === 'backing-off');
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ dryRun: opts.dryRun === true, ...summary }, null, 2)}\n`);
  } else if (opts.quiet) {
    for (const f of failing) {
      err.write(`${f.outcome === 'failed' ? 'failed' : 'backing off'}: ${f.key}${f.categories.length ? ` (${f.categories.join(' › ')})` : ''}: ${f.reason ?? 'unknown reason'}\n`);
    }
    if (failing.length > 0 || summary.interrupted) err.write(`${totalsLine(summary)}\n`);
  } else {
    process.stdout.write(renderSummary(summary, { width: process.stdout.columns, all: opts.verbose }));
    if (summary.wouldWrite) process.stdout.write(dryRunLines(summary.wouldWrite, config.output.dir, (await import('../../config/load.js')).displayPath));
  }
  if (summary.interrupted) return EXIT_INTERRUPTED;
  if (opts.strict && failing.length > 0) {
    err.write(`feedmill: --strict: ${failing.length} feed${failing.length === 1 ? ' is' : 's are'} failing: ${failing.map((f) => f.key).join(', ')}\n`);
    return EXIT.fatal;
  }
  return EXIT.ok;
}

/** What a dry run would have written, one path a line, and that nothing was. */
function dryRunLines(files: string[], dir: string, displayPath: (p: string) => string): string {
  const lines = files.map((f) => `would write ${displayPath(join(dir, f))}`);
  lines.push(`dry run: ${files.length} post file${files.length === 1 ? '' : 's'} would be written; nothing was written`);
  return `${lines.join('\n')}\n`;
}
