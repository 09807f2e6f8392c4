// The news page: posts newest first, a category filter, search by title, day headings in the site's zone,
// paging by offset (the store answers a page without reading the posts before it into memory). The matches are
// counted only up to COUNT_AHEAD pages past the current one: counting every match of a filter in a large store
// costs far more than the page itself.
import { html } from 'hono/html';
import type { ItemRecord, PostMeta } from '../../model.js';
import type { ServeContext } from '../context.js';
import { page, query, webUrl, type Fragment } from '../layout.js';
import { dayOf, formatTime } from '../time.js';

export const PAGE_SIZE = 50;
/** how many pages past the current one the count looks */
export const COUNT_AHEAD = 20;

export interface NewsParams {
  search: string;
  category: string;
  page: number;
}

export function newsParams(q: (name: string) => string | undefined): NewsParams {
  const n = Number.parseInt(q('page') ?? '1', 10);
  return { search: (q('q') ?? '').trim().slice(0, 200), category: (q('category') ?? '').slice(0, 200), page: Number.isFinite(n) && n >= 1 ? Math.min(n, 1_000_000) : 1 };
}

/** Every category of the configured feeds, in config order, each once. */
export function configuredCategories(ctx: ServeContext): string[] {
  return [...new Set(ctx.sources.flatMap((s) => s.categories))];
}

export async function newsPage(ctx: ServeContext, p: NewsParams): Promise<Fragment> {
  const offset = (p.page - 1) * PAGE_SIZE;
  const horizon = offset + PAGE_SIZE * COUNT_AHEAD;
  const { total, items } = await ctx.store.listPosts({
    offset,
    limit: PAGE_SIZE,
    countUpTo: horizon + 1,
    ...(p.search !== '' ? { search: p.search } : {}),
    ...(p.category !== '' ? { category: p.category } : {}),
  });
  const tz = ctx.config.timezone;
  // more than the horizon: the total and the last page are not known, only that there are more
  const more = total > horizon;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const categories = configuredCategories(ctx);
  const link = (over: Partial<NewsParams>) => {
    const v = { ...p, ...over };
    return `/${query({ q: v.search, category: v.category, page: v.page > 1 ? v.page : undefined })}`;
  };
  return page(
    { title: p.category || 'News', current: 'news' },
    html`<h1>${p.category || 'News'}</h1>
<form class="search" method="get" action="/" role="search">
<input type="search" name="q" value="${p.search}" placeholder="Search titles" aria-label="Search titles">
${p.category ? html`<input type="hidden" name="category" value="${p.category}">` : ''}
<button type="submit">Search</button>
</form>
<nav class="cats" aria-label="Categories"><a href="${link({ category: '', page: 1 })}" aria-current="${String(p.category === '')}">All</a>${categories.map(
      (c) => html`<a href="${link({ category: c, page: 1 })}" aria-current="${String(p.category === c)}">${c}</a>`,
    )}</nav>
<p class="meta" id="count">${more ? `over ${horizon.toLocaleString('en')}` : total.toLocaleString('en')} posts${p.search ? html` matching “${p.search}”` : ''} · page ${p.page}${more ? '' : ` of ${pages}`} · times in ${tz}</p>
${items.length === 0 ? html`<p class="notice">No posts${total > 0 ? ' on this page' : ' yet: run the feeds from the Run page'}.</p>` : byDay(items, tz, link)}
<nav class="pager">${p.page > 1 ? html`<a href="${link({ page: p.page - 1 })}" rel="prev">← Newer</a>` : html`<span></span>`}${more || p.page < pages ? html`<a href="${link({ page: p.page + 1 })}" rel="next">Older →</a>` : ''}</nav>`,
  );
}

function byDay(items: ItemRecord[], tz: string, link: (over: Partial<NewsParams>) => string): Fragment[] {
  const out: Fragment[] = [];
  let day = '';
  let group: Fragment[] = [];
  const flush = () => {
    if (group.length > 0) out.push(html`<h2 class="day">${day}</h2><ol class="posts">${group}</ol>`);
    group = [];
  };
  for (const item of items) {
    const meta = item.meta as PostMeta; // listPosts returns only items with meta
    const d = dayOf(meta.date, tz);
    if (d !== day) {
      flush();
      day = d;
    }
    group.push(postRow(item, meta, tz, link));
  }
  flush();
  return out;
}

function postRow(item: ItemRecord, meta: PostMeta, tz: string, link: (over: Partial<NewsParams>) => string): Fragment {
  const href = `/post${query({ id: item.identity })}`;
  return html`<li>${webUrl(meta.image) ? html`<img class="thumb" src="${webUrl(meta.image)}" alt="" loading="lazy" referrerpolicy="no-referrer">` : html`<span class="nothumb"></span>`}<div>
<a class="title" href="${href}">${meta.title}</a>
<div class="meta"><time datetime="${new Date(meta.date).toISOString()}">${formatTime(meta.date, tz)}</time> · ${meta.author || item.feedKey}${webUrl(meta.link) ? html` · <a href="${webUrl(meta.link)}" rel="noreferrer noopener">source</a>` : ''}
${meta.categories.map((c) => html` <a class="chip" href="${link({ category: c, page: 1, search: '' })}">${c}</a>`)}</div>
</div></li>`;
}
