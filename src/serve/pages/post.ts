// One post as it will appear: the front matter as a table, the body in a sandboxed frame that loads
// /post/body (its own CSP: no script, its own sandbox) with the post's sanitized HTML as written.
import { html, raw } from 'hono/html';
import type { PostMeta } from '../../model.js';
import type { ServeContext } from '../context.js';
import { page, query, webUrl, type Fragment } from '../layout.js';
import { loadPost, type PostLookup } from '../post-file.js';
import { formatTime } from '../time.js';

export async function postPage(ctx: ServeContext, identity: string): Promise<{ status: 200 | 404; body: Fragment }> {
  const found = await loadPost(ctx.config, ctx.store, identity);
  if (found.kind === 'unknown') {
    return { status: 404, body: page({ title: 'No such post' }, html`<h1>No such post</h1><p class="notice">No written post has the identity “${identity}”.</p><p><a href="/">Back to the news</a></p>`) };
  }
  const meta = found.item.meta;
  const title = meta?.title ?? found.item.identity;
  return {
    status: 200,
    body: page(
      { title, current: 'news' },
      html`<h1>${title}</h1>
<p class="meta">${feedLine(ctx, found)}</p>
${found.kind === 'found' ? frontMatterTable(found) : html`<p class="notice error">${found.reason}</p>${meta ? metaTable(meta, ctx.config.timezone) : ''}`}
${found.kind === 'found' ? html`<h2>Body</h2><iframe class="body" sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" title="The post's body" src="/post/body${query({ id: identity })}"></iframe>` : ''}`,
    ),
  };
}

function feedLine(ctx: ServeContext, found: Exclude<PostLookup, { kind: 'unknown' }>): Fragment {
  const item = found.item;
  const link = webUrl(item.link ?? item.meta?.link);
  const tz = ctx.config.timezone;
  return html`From <a href="/health#${item.feedKey}">${item.feedKey}</a>${item.meta ? ` · dated ${formatTime(item.meta.date, tz)}` : ''} · first seen ${formatTime(item.firstSeen, tz)} (${tz}) · ${
    found.kind === 'found' ? (found.source === 'store' ? 'text kept in the store' : html`file <code>${item.file}</code>`) : html`file <code>${item.file}</code>`
  }${link ? html` · <a href="${link}" rel="noreferrer noopener">original</a>` : ''}`;
}

function frontMatterTable(found: Extract<PostLookup, { kind: 'found' }>): Fragment {
  const { fields, frontMatter } = found.text;
  if (fields === null) {
    return html`<p class="notice error">The front matter does not parse as YAML; as written:</p><pre>${frontMatter}</pre>`;
  }
  return html`<table class="front-matter"><caption class="meta">Front matter</caption><tbody>${fields.map(
    ([k, v]) => html`<tr><th scope="row">${k}</th><td>${value(v)}</td></tr>`,
  )}</tbody></table>`;
}

function value(v: unknown): Fragment | string {
  if (Array.isArray(v)) return html`${v.map((x) => html`<span class="chip">${String(x)}</span> `)}`;
  if (v instanceof Date) return v.toISOString();
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function metaTable(meta: PostMeta, tz: string): Fragment {
  return html`<table class="front-matter"><caption class="meta">What the store remembers</caption><tbody>
<tr><th scope="row">title</th><td>${meta.title}</td></tr>
<tr><th scope="row">date</th><td>${formatTime(meta.date, tz)}</td></tr>
<tr><th scope="row">categories</th><td>${value(meta.categories)}</td></tr>
<tr><th scope="row">author</th><td>${meta.author}</td></tr>
<tr><th scope="row">image</th><td>${meta.image}</td></tr>
</tbody></table>`;
}

/** The framed document: the body exactly as written (it was sanitized when the post was made), in a shell. */
export async function postBody(ctx: ServeContext, identity: string): Promise<string | null> {
  const found = await loadPost(ctx.config, ctx.store, identity);
  if (found.kind !== 'found') return null;
  const doc = html`<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><base target="_blank"><style>body{font:16px/1.7 system-ui,"WenQuanYi Zen Hei",sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem}img{max-width:100%;height:auto}</style></head><body>${raw(found.text.body)}</body></html>`;
  return String(await doc);
}
