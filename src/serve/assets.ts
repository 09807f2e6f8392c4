// The stylesheet and the one script, served from this server ('self' in the CSP): no inline script or style.
// Kept as strings so the bundled CLI carries them without files beside it.

export const STYLE_CSS = `
:root { color-scheme: light; --fg: #1d232a; --muted: #66707a; --line: #e2e5e9; --accent: #0b62c4; --bad: #b3261e; --ok: #1b7f3b; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, "WenQuanYi Zen Hei", sans-serif; color: var(--fg); background: #f7f8fa; }
header.top { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; }
header.top nav a { margin-right: 1rem; color: var(--fg); text-decoration: none; }
header.top nav a[aria-current="page"] { color: var(--accent); font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
a { color: var(--accent); }
h1 { font-size: 1.4rem; margin: .4rem 0 1rem; }
h2.day { font-size: 1rem; color: var(--muted); margin: 1.4rem 0 .4rem; border-bottom: 1px solid var(--line); }
form.search { display: flex; gap: .5rem; margin-bottom: .8rem; }
form.search input[type=search] { flex: 1; padding: .4rem .6rem; font: inherit; }
button, .button { font: inherit; padding: .35rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
.cats { display: flex; flex-wrap: wrap; gap: .35rem; margin-bottom: 1rem; }
.cats a, .chip { display: inline-block; padding: .05rem .55rem; border: 1px solid var(--line); border-radius: 999px; background: #fff; color: var(--fg); text-decoration: none; font-size: .85rem; }
.cats a[aria-current="true"] { border-color: var(--accent); color: var(--accent); font-weight: 600; }
ol.posts { list-style: none; padding: 0; margin: 0; }
ol.posts li { display: flex; gap: .8rem; padding: .55rem 0; border-bottom: 1px solid var(--line); }
ol.posts img.thumb, ol.posts .nothumb { width: 96px; height: 64px; object-fit: cover; border-radius: 4px; flex: none; background: #e9ecef; }
ol.posts .title { font-weight: 600; color: var(--fg); text-decoration: none; }
.meta { color: var(--muted); font-size: .85rem; }
.pager { display: flex; justify-content: space-between; margin-top: 1rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: .35rem .55rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); font-size: .85rem; }
td.num { text-align: right; }
.status-ok { color: var(--ok); font-weight: 600; }
.status-failing, .status-gone { color: var(--bad); font-weight: 600; }
.status-new { color: var(--muted); }
.error { color: var(--bad); word-break: break-word; }
svg.chart rect { fill: var(--accent); }
svg.chart line.axis { stroke: var(--line); }
iframe.body { width: 100%; min-height: 70vh; border: 1px solid var(--line); background: #fff; }
progress { width: 100%; height: 1rem; }
.notice { padding: .6rem .8rem; background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--accent); margin: .8rem 0; }
form.inline { display: inline; }
main:has(table.health) { max-width: 96rem; }
table.health { font-size: .9rem; }
table.health td:first-child { min-width: 12rem; max-width: 18rem; overflow-wrap: anywhere; }
table.health td:nth-child(9) { min-width: 15rem; }
table.health td:nth-child(4) { min-width: 11rem; }
table.health .error { word-break: normal; overflow-wrap: anywhere; }
table.health button { white-space: nowrap; }
details.failures summary { cursor: pointer; color: var(--bad); }
details.failures ul { margin: .3rem 0 0; padding-left: 1rem; font-size: .85rem; max-width: 22rem; overflow-wrap: anywhere; }
`;

// Live run progress: one row per finished feed from the server-sent events, then a reload that shows the
// run's new posts. Rows are built with textContent, never from HTML strings.
export const RUN_JS = `
(() => {
  const root = document.getElementById('run');
  if (!root || root.dataset.state !== 'running') return;
  const bar = root.querySelector('progress');
  const count = root.querySelector('[data-count]');
  const rows = root.querySelector('tbody');
  const seen = new Set(Array.from(rows.querySelectorAll('tr[data-key]'), (tr) => tr.dataset.key));
  const cell = (tr, text, cls) => { const td = tr.insertCell(); td.textContent = text; if (cls) td.className = cls; };
  const events = new EventSource('/run/events');
  events.addEventListener('feed', (e) => {
    const m = JSON.parse(e.data);
    bar.max = m.total; bar.value = m.done;
    count.textContent = m.done + ' of ' + m.total + ' feeds done';
    if (seen.has(m.report.key)) return;
    seen.add(m.report.key);
    const tr = rows.insertRow();
    tr.dataset.key = m.report.key;
    cell(tr, m.report.key);
    cell(tr, m.report.outcome, 'status-' + (m.report.outcome === 'failed' ? 'failing' : 'ok'));
    cell(tr, String(m.report.newPosts), 'num');
    cell(tr, String(m.report.updatedPosts), 'num');
    cell(tr, m.report.reason || '', 'error');
  });
  events.addEventListener('end', () => { events.close(); location.reload(); });
  events.onerror = () => { if (events.readyState === EventSource.CLOSED) count.textContent += ' (connection lost: reload the page)'; };
})();
`;
