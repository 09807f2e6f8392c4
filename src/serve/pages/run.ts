// The run page: the last (or current) run's per-feed reports, live through /assets/run.js while it runs,
// and when it is over the posts it wrote.
import { html } from 'hono/html';
import type { FeedReport, ItemRecord } from '../../model.js';
import type { ServeContext } from '../context.js';
import { page, query, type Fragment } from '../layout.js';
import type { RunState } from '../runs.js';
import { formatTime } from '../time.js';

export async function runPage(ctx: ServeContext, notice?: string): Promise<Fragment> {
  const run = ctx.runs.current();
  const tz = ctx.config.timezone;
  return page(
    { title: 'Run', current: 'run', script: run?.state === 'running' },
    html`<h1>Run now</h1>
${notice ? html`<p class="notice error">${notice}</p>` : ''}
<form method="post" action="/run"><button type="submit"${run?.state === 'running' ? ' disabled' : ''}>Run all feeds now</button> <span class="meta">one feed at a time from the <a href="/health">health page</a></span></form>
${run ? runSection(run, tz) : html`<p class="notice">No run since this server started.</p>`}
${run && run.state !== 'running' ? await newPostsSection(ctx, run) : ''}`,
  );
}

function runSection(run: RunState, tz: string): Fragment {
  const what = run.feed === null ? 'all feeds' : html`feed ${run.feed}`;
  return html`<section id="run" data-state="${run.state}">
<h2>Run ${run.id}: ${what}, started ${formatTime(run.startedAt, tz)}</h2>
<progress max="${Math.max(1, run.total)}" value="${run.done}"></progress>
<p class="meta" data-count>${run.state === 'running' ? `${run.done} of ${run.total} feeds done` : run.state === 'failed' ? html`<span class="error">the run failed: ${run.error}</span>` : summaryLine(run)}</p>
<table><thead><tr><th>Feed</th><th>Outcome</th><th class="num">New</th><th class="num">Updated</th><th>Reason</th></tr></thead>
<tbody>${run.reports.map(reportRow)}</tbody></table>
</section>`;
}

function summaryLine(run: RunState): string {
  const s = run.summary!;
  return `${s.interrupted ? 'interrupted' : 'done'}: ${run.total} feeds, ${s.newPosts} new posts, ${s.updatedPosts} updated, ${s.failedFeeds} failed, in ${(s.durationMs / 1000).toFixed(1)} s`;
}

function reportRow(r: FeedReport): Fragment {
  return html`<tr data-key="${r.key}"><td>${r.key}</td><td class="status-${r.outcome === 'failed' ? 'failing' : 'ok'}">${r.outcome}</td><td class="num">${r.newPosts}</td><td class="num">${r.updatedPosts}</td><td class="error">${r.reason ?? ''}</td></tr>`;
}

// A finished run's new posts, found once: listing a feed's items reads the whole items table.
const newPostsOf = new WeakMap<RunState, { posts: ItemRecord[]; more: number }>();
const MAX_FEEDS_LISTED = 20;

/** The posts first seen during the run, from the feeds that reported new ones, newest first. */
async function newPostsSection(ctx: ServeContext, run: RunState): Promise<Fragment> {
  let found = newPostsOf.get(run);
  if (!found) {
    const feeds = run.reports.filter((r) => r.newPosts > 0);
    const posts: ItemRecord[] = [];
    for (const r of feeds.slice(0, MAX_FEEDS_LISTED)) {
      for (const item of await ctx.store.listItems(r.key)) if (!item.pending && item.firstSeen >= run.startedAt) posts.push(item);
    }
    posts.sort((a, b) => (b.meta?.date ?? b.firstSeen) - (a.meta?.date ?? a.firstSeen));
    found = { posts, more: feeds.slice(MAX_FEEDS_LISTED).reduce((n, r) => n + r.newPosts, 0) };
    newPostsOf.set(run, found);
  }
  const { posts, more } = found;
  if (posts.length === 0 && more === 0) return html`<p class="notice">This run wrote no new posts.</p>`;
  const tz = ctx.config.timezone;
  return html`<h2>New posts (${posts.length + more})</h2><ol class="posts new-posts">${posts.map(
    (p) => html`<li><div><a class="title" href="/post${query({ id: p.identity })}">${p.meta?.title ?? p.identity}</a><div class="meta">${formatTime(p.meta?.date ?? p.firstSeen, tz)} · ${p.feedKey}</div></div></li>`,
  )}</ol>${more > 0 ? html`<p class="meta">and ${more} more from other feeds: see <a href="/">the news</a>.</p>` : ''}`;
}
