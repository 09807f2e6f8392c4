// The health page: every configured feed with its status, last success, last error and since when,
// failures in a row, next attempt, posts per day over 30 days, the pictures and articles its last run could not
// fetch, and a "run now" button.
import { html } from 'hono/html';
import type { FeedHealth, Source } from '../../model.js';
import { perDayChart } from '../chart.js';
import type { ServeContext } from '../context.js';
import { page, type Fragment } from '../layout.js';
import { postsPerDay } from '../per-day.js';
import { formatTime, lastDays, relative } from '../time.js';

const DAYS = 30;

export type FeedStatus = 'ok' | 'failing' | 'gone' | 'new';

export function feedStatus(h: FeedHealth | undefined): FeedStatus {
  if (!h || (h.lastSuccess === null && h.lastError === null)) return 'new';
  if (h.gone) return 'gone';
  return h.failures > 0 ? 'failing' : 'ok';
}

export async function healthPage(ctx: ServeContext): Promise<Fragment> {
  const now = ctx.now();
  const tz = ctx.config.timezone;
  const healths = new Map((await ctx.store.listFeeds()).map((h) => [h.key, h]));
  const days = lastDays(now, DAYS, tz);
  const perDay = await postsPerDay(ctx.store, days, tz);
  const none = new Map<string, number>();
  let failing = 0;
  const rows = ctx.sources.map((s) => {
    const h = healths.get(s.key);
    if (feedStatus(h) === 'failing' || feedStatus(h) === 'gone') failing++;
    return feedRow(ctx, s, h, perDay.get(s.key) ?? none, days, now);
  });
  const running = ctx.runs.current()?.state === 'running';
  return page(
    { title: 'Health', current: 'health' },
    html`<h1>Feed health</h1>
<p class="meta">${ctx.sources.length} feeds · ${failing} failing · times in ${tz} · posts per day over the last ${DAYS} days, by post date</p>
<form method="post" action="/run"><button type="submit"${running ? ' disabled' : ''}>Run all feeds now</button>${running ? html` <a href="/run">a run is in progress</a>` : ''}</form>
<table class="health">
<thead><tr><th>Feed</th><th>Status</th><th>Last success</th><th>Last error</th><th class="num">Failures in a row</th><th>Next attempt</th><th class="num">Items</th><th>Posts per day</th><th>Failed fetches</th><th></th></tr></thead>
<tbody>${rows}</tbody>
</table>`,
  );
}

function feedRow(ctx: ServeContext, s: Source, h: FeedHealth | undefined, counts: Map<string, number>, days: string[], now: number): Fragment {
  const tz = ctx.config.timezone;
  const status = feedStatus(h);
  const label = status === 'new' ? 'never run' : status;
  const next = !h || status === 'new' ? 'next run' : h.gone ? 'never (gone)' : h.nextAttempt === null || h.nextAttempt <= now ? 'next run' : `${formatTime(h.nextAttempt, tz)} (${relative(h.nextAttempt, now)})`;
  const running = ctx.runs.current()?.state === 'running';
  return html`<tr id="${s.key}" data-status="${status}">
<td><strong>${h?.title ?? s.key}</strong>${h?.title || s.url !== s.key ? html`<div class="meta">${s.url}</div>` : ''}${s.categories.length ? html`<div>${s.categories.map((c) => html`<span class="chip">${c}</span> `)}</div>` : ''}</td>
<td class="status-${status}">${label}</td>
<td>${h?.lastSuccess ? html`${formatTime(h.lastSuccess, tz)}<div class="meta">${relative(h.lastSuccess, now)}</div>` : 'never'}</td>
<td>${h?.lastError ? html`<div class="error">${h.lastError}</div><div class="meta">at ${formatTime(h.lastErrorAt, tz)}${failingSince(h, tz)}</div>` : '-'}${h?.permanentRedirect ? html`<div class="meta">moved to ${h.permanentRedirect}</div>` : ''}</td>
<td class="num">${h?.failures ?? 0}</td>
<td>${next}</td>
<td class="num">${h?.itemsKnown ?? 0}</td>
<td>${perDayChart(days, counts)}</td>
<td>${failedFetches(h)}</td>
<td><form method="post" action="/run"><input type="hidden" name="feed" value="${s.key}"><button class="secondary" type="submit"${running ? ' disabled' : ''}>Run now</button></form></td>
</tr>`;
}

/** The store keeps the last error and the streak length, not the streak's start: say what is known. */
function failingSince(h: FeedHealth, tz: string): string {
  if (h.failures === 0) return ' (recovered since)';
  return h.lastSuccess === null ? ' · failing since its first run' : ` · failing since after ${formatTime(h.lastSuccess, tz)}`;
}

/** What the feed's last run could not fetch for its posts: pictures (images.mode download) and articles (fulltext). */
function failedFetches(h: FeedHealth | undefined): Fragment | string {
  const pictures = h?.imageFailures ?? [];
  const articles = h?.articleFailures ?? [];
  if (pictures.length === 0 && articles.length === 0) return '-';
  return html`${failureList(pictures, 'picture', 'not downloaded', 'pictures')}${failureList(articles, 'article', 'not fetched', 'articles')}`;
}

function failureList(lines: string[], one: string, what: string, kind: string): Fragment | string {
  if (lines.length === 0) return '';
  return html`<details class="failures" data-kind="${kind}"><summary>${lines.length === 1 ? `1 ${one}` : `${lines.length} ${one}s`} ${what}</summary><ul>${lines.map(
    (line) => html`<li class="error">${line}</li>`,
  )}</ul></details>`;
}
