// What `feedmill run` prints: a live progress line on a terminal, plain lines otherwise, and the final table.
import type { FeedReport, RunSummary } from '../model.js';
import { formatMs, table, truncate } from './text.js';

const OUTCOME_LABEL: Record<FeedReport['outcome'], string> = {
  ok: 'ok',
  partial: 'PARTIAL',
  'not-modified': 'unchanged (304)',
  unchanged: 'unchanged',
  failed: 'FAILED',
  'backing-off': 'backing off',
  skipped: 'skipped',
};

function categoriesText(categories: string[]): string {
  return categories.length > 0 ? categories.join(' › ') : '';
}

/** Fetched fine, but brought no new or updated post. */
function nothingNew(r: FeedReport): boolean {
  return (r.outcome === 'ok' || r.outcome === 'unchanged' || r.outcome === 'not-modified') && r.newPosts === 0 && r.updatedPosts === 0;
}

/**
 * The table of the feeds where something happened (new or updated posts, a failure, a skip, a warning) plus a
 * totals line; `all` lists every feed. A run every few minutes over hundreds of feeds is mostly 304s, and a
 * row for each of them buried the few that mattered.
 */
export function renderSummary(summary: RunSummary, opts: { width?: number; all?: boolean } = {}): string {
  const keyWidth = Math.max(24, Math.min(60, (opts.width ?? 120) - 60));
  const listed = opts.all ? summary.feeds : summary.feeds.filter((r) => !nothingNew(r) || r.warnings.length > 0 || imageFailures(r) > 0 || articleFailures(r) > 0);
  const rows = listed.map((r) => {
    const counted = r.outcome === 'ok' || r.outcome === 'partial' || r.outcome === 'unchanged' || r.outcome === 'not-modified';
    const detail = [r.reason, categoriesText(r.categories)].filter(Boolean).join(' · ');
    return [
      OUTCOME_LABEL[r.outcome],
      counted ? String(r.newPosts) : '-',
      counted ? String(r.updatedPosts) : '-',
      counted ? String(r.unchangedPosts) : '-',
      truncate(r.key, keyWidth),
      detail,
    ];
  });
  const out: string[] =
    rows.length === 0
      ? []
      : table(['RESULT', 'NEW', 'UPDATED', 'UNCHANGED', 'FEED', 'REASON · CATEGORIES'], rows, ['left', 'right', 'right', 'right', 'left', 'left']);
  for (const r of summary.feeds) {
    for (const w of r.warnings) out.push(`warning: ${r.key}: ${w}`);
  }
  out.push(...imageFailureLines(summary));
  out.push(...articleFailureLines(summary));
  out.push(totalsLine(summary));
  return `${out.join('\n')}\n`;
}

const imageFailures = (r: FeedReport): number => r.imageFailures?.length ?? 0;

/** Pictures shown in this run per feed; `feedmill status` lists them all. */
const IMAGE_LINES_PER_FEED = 3;

/** The pictures this run could not download (their posts keep the original URLs), a few per feed. */
export function imageFailureLines(summary: RunSummary): string[] {
  const out: string[] = [];
  for (const r of summary.feeds) {
    const lines = r.imageFailures ?? [];
    for (const line of lines.slice(0, IMAGE_LINES_PER_FEED)) out.push(`warning: ${r.key}: ${line}`);
    if (lines.length > IMAGE_LINES_PER_FEED) {
      out.push(`warning: ${r.key}: … and ${lines.length - IMAGE_LINES_PER_FEED} more pictures not downloaded (feedmill status lists them)`);
    }
  }
  return out;
}

const articleFailures = (r: FeedReport): number => r.articleFailures?.length ?? 0;

/** Articles shown in this run per feed; `feedmill status` lists them all. */
const ARTICLE_LINES_PER_FEED = 3;

/** The articles this run could not fetch or extract (their posts keep the feed's own body), a few per feed. */
export function articleFailureLines(summary: RunSummary): string[] {
  const out: string[] = [];
  for (const r of summary.feeds) {
    const lines = r.articleFailures ?? [];
    for (const line of lines.slice(0, ARTICLE_LINES_PER_FEED)) out.push(`warning: ${r.key}: ${line} (the post keeps the feed's text)`);
    if (lines.length > ARTICLE_LINES_PER_FEED) {
      out.push(`warning: ${r.key}: … and ${lines.length - ARTICLE_LINES_PER_FEED} more articles not fetched (feedmill status lists them)`);
    }
  }
  return out;
}

export function totalsLine(summary: RunSummary): string {
  const skipped = summary.feeds.filter((f) => f.outcome === 'skipped').length;
  const parts = [
    `${summary.feeds.length} feed${summary.feeds.length === 1 ? '' : 's'}`,
    `${summary.newPosts} new`,
    `${summary.updatedPosts} updated`,
    `${summary.failedFeeds} failed`,
  ];
  if (summary.backingOffFeeds > 0) parts.push(`${summary.backingOffFeeds} backing off`);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  if (summary.interrupted) parts.push('interrupted');
  const pictures = summary.feeds.reduce((n, r) => n + imageFailures(r), 0);
  if (pictures > 0) parts.push(`${pictures} picture${pictures === 1 ? '' : 's'} not downloaded`);
  const articles = summary.feeds.reduce((n, r) => n + articleFailures(r), 0);
  if (articles > 0) parts.push(`${articles} article${articles === 1 ? '' : 's'} not fetched`);
  const quiet = summary.feeds.filter(nothingNew).length;
  if (quiet > 0) parts.push(`${quiet} with nothing new`);
  parts.push(formatMs(summary.durationMs));
  return parts.join(' · ');
}

/** One line per finished feed, for logs (not a terminal). */
export function feedLine(r: FeedReport, done: number, total: number): string {
  const head = `[${done}/${total}] ${OUTCOME_LABEL[r.outcome]} ${r.key}`;
  if (r.outcome === 'failed' || r.outcome === 'skipped' || r.outcome === 'backing-off') return `${head}: ${r.reason ?? 'unknown reason'}`;
  // a 304 says nothing about posts: no counts to give
  if (r.outcome === 'not-modified') return head;
  const pictures = imageFailures(r);
  const articles = articleFailures(r);
  const counts =
    `${r.newPosts} new, ${r.updatedPosts} updated, ${r.unchangedPosts} unchanged` +
    (pictures > 0 ? `, ${pictures} picture${pictures === 1 ? '' : 's'} not downloaded` : '') +
    (articles > 0 ? `, ${articles} article${articles === 1 ? '' : 's'} not fetched` : '');
  return r.outcome === 'partial' ? `${head}: ${counts}; ${r.reason ?? ''}` : `${head}: ${counts}`;
}

/** A progress line rewritten in place on a terminal. */
export class ProgressLine {
  private newPosts = 0;
  private failed = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(r: FeedReport, done: number, total: number): void {
    this.newPosts += r.newPosts;
    if (r.outcome === 'failed') this.failed++;
    const columns = this.stream.columns || 80;
    const text = `feedmill: ${done}/${total} feeds · ${this.newPosts} new · ${this.failed} failed · ${r.key}`;
    this.stream.write(`\r\x1b[2K${truncate(text, columns - 1)}`);
    this.shown = true;
  }

  /** Clears the line before other output. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
