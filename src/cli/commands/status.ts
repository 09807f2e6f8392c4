// feedmill status: the health of every configured feed, from the state store.
import type { FeedStatus } from '../../status.js';
import { loadConfigForCli } from '../config-file.js';
import { EXIT } from '../exit.js';
import { formatTime, table, truncate } from '../text.js';

/** Lines shown per feed; --json gives them all. */
const IMAGE_LINES_PER_FEED = 10;

/** Per feed, the pictures its posts show from elsewhere because they could not be downloaded. */
function imageFailureLines(statuses: FeedStatus[]): string[] {
  const out: string[] = [];
  for (const s of statuses) {
    const n = s.imageFailures.length;
    if (n === 0) continue;
    out.push(`${s.key}: ${n} picture${n === 1 ? '' : 's'} not downloaded (shown from their original URL):`);
    for (const line of s.imageFailures.slice(0, IMAGE_LINES_PER_FEED)) out.push(`  ${line}`);
    if (n > IMAGE_LINES_PER_FEED) out.push(`  … and ${n - IMAGE_LINES_PER_FEED} more (--json lists them all)`);
  }
  return out;
}

/** Lines shown per feed; --json gives them all. */
const ARTICLE_LINES_PER_FEED = 10;

/** Per feed, the posts that show the feed's text because their article could not be fetched or extracted. */
function articleFailureLines(statuses: FeedStatus[]): string[] {
  const out: string[] = [];
  for (const s of statuses) {
    const n = s.articleFailures.length;
    if (n === 0) continue;
    out.push(`${s.key}: ${n} article${n === 1 ? '' : 's'} not fetched (the post shows the feed's text):`);
    for (const line of s.articleFailures.slice(0, ARTICLE_LINES_PER_FEED)) out.push(`  ${line}`);
    if (n > ARTICLE_LINES_PER_FEED) out.push(`  … and ${n - ARTICLE_LINES_PER_FEED} more (--json lists them all)`);
  }
  return out;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

export async function statusCommand(opts: { config: string; json?: boolean }): Promise<number> {
  const config = await loadConfigForCli(opts.config);
  const { feedStatuses } = await import('../../status.js');
  const statuses = await feedStatuses(config);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
    return EXIT.ok;
  }
  const tz = config.timezone;
  const rows = statuses.map((s) => {
    const next = !s.known ? 'next run' : s.gone ? 'never (gone)' : s.nextAttempt === null ? 'next run' : formatTime(ms(s.nextAttempt), tz);
    let error = s.lastError === null ? '-' : `${formatTime(ms(s.lastErrorAt), tz)} ${s.lastError}`;
    if (s.permanentRedirect) error += ` (moved to ${s.permanentRedirect})`;
    return [
      truncate(s.key, 48),
      s.known ? formatTime(ms(s.lastSuccess), tz) : 'never run',
      String(s.failures),
      next,
      String(s.itemsKnown),
      error,
    ];
  });
  const lines = table(['FEED', 'LAST SUCCESS', 'FAILURES', 'NEXT ATTEMPT', 'ITEMS', 'LAST ERROR'], rows, [
    'left',
    'left',
    'right',
    'left',
    'right',
    'left',
  ]);
  const failing = statuses.filter((s) => s.failures > 0 || s.gone).length;
  lines.push(...imageFailureLines(statuses));
  lines.push(...articleFailureLines(statuses));
  lines.push(`${statuses.length} feeds · ${failing} failing · times in ${tz}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
