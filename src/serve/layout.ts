// The page shell: title, navigation, stylesheet and (for the run page) the script, all from this server.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

const NAV = [
  { href: '/', label: 'News', id: 'news' },
  { href: '/health', label: 'Health', id: 'health' },
  { href: '/run', label: 'Run', id: 'run' },
] as const;

export function page(opts: { title: string; current?: string; script?: boolean }, body: Fragment): Fragment {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${opts.title} · feedmill</title>
<link rel="stylesheet" href="/assets/style.css">
${opts.script ? html`<script src="/assets/run.js" defer></script>` : ''}
</head>
<body>
<header class="top"><span class="brand">feedmill</span><nav>${NAV.map(
    (n) => html`<a href="${n.href}"${opts.current === n.id ? html` aria-current="page"` : ''}>${n.label}</a>`,
  )}</nav></header>
<main>
${body}
</main>
</body>
</html>`;
}

/** A query string from the non-empty values, for links that keep the current filters. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== 0) q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** An http(s) URL to put in href/src, or null: a feed's `javascript:` or `data:` link is never linked. */
export function webUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}
