// feedmill run: one pass over every feed, with progress and a per-feed summary.
import { CliError, EXIT } from '../exit.js';
import { loadConfigForCli } from '../config-file.js';
import { LineBuffer } from '../line-buffer.js';
import { ProgressLine, feedLine, renderSummary, totalsLine } from '../summary.js';

export interface RunCommandOptions {
  config: string;
  strict?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  force?: boolean;
  offline?: boolean;
}

export async function runCommand(opts: RunCommandOptions): Promise<number> {
  const config = await loadConfigForCli(opts.config);
  const { run } = await import('../../pipeline.js');
  const err = process.stderr;
  const progress = !opts.quiet && err.isTTY ? new ProgressLine(err) : null;
  const lines = progress ? null : new LineBuffer(err);
  const log = (line: string) => {
    progress?.clear();
    if (lines) lines.push(line);
    else err.write(`${line}\n`);
  };
  let summary;
  try {
    summary = await run(config, {
      force: opts.force,
      offline: opts.offline,
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
  if (opts.quiet) {
    for (const f of summary.feeds) {
      if (f.outcome === 'failed') err.write(`failed: ${f.key}${f.categories.length ? ` (${f.categories.join(' › ')})` : ''}: ${f.reason ?? 'unknown reason'}\n`);
    }
    if (summary.failedFeeds > 0) err.write(`${totalsLine(summary)}\n`);
  } else {
    process.stdout.write(renderSummary(summary, { width: process.stdout.columns, all: opts.verbose }));
  }
  return opts.strict && summary.failedFeeds > 0 ? EXIT.fatal : EXIT.ok;
}
