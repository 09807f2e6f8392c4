// Items per day as a small inline SVG bar chart; each bar's <title> names its day and count, the label sums them up.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

const W = 150;
const H = 30;

export function perDayChart(days: string[], counts: Map<string, number>): HtmlEscapedString | Promise<HtmlEscapedString> {
  const values = days.map((d) => counts.get(d) ?? 0);
  const max = Math.max(1, ...values);
  const total = values.reduce((a, b) => a + b, 0);
  const step = W / days.length;
  // days without posts draw nothing (a bar of height 0 could not be hovered either): no element for them
  const bars = values.flatMap((v, i) => {
    if (v === 0) return [];
    const h = Math.max(1, Math.round((v / max) * H));
    return [html`<rect x="${(i * step).toFixed(1)}" y="${H - h}" width="${(step - 1).toFixed(1)}" height="${h}"><title>${days[i]}: ${v}</title></rect>`];
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${total} items in ${days.length} days, at most ${max} a day"><line x1="0" y1="${H - 0.5}" x2="${W}" y2="${H - 0.5}" class="axis"></line>${bars}</svg>`;
}
