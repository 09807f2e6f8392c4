// Turns bench results into targets (PASS/MISS) and a readable text table.
import { CONTENDERS, COMPETITORS } from '../parsers/contenders.mjs';

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en') : '—');

function target(list, id, label, value, limit, cmp, unit = '', note = '') {
  const ok = Number.isFinite(value) ? (cmp === '<=' ? value <= limit : cmp === '<' ? value < limit : value >= limit) : null;
  list.push({ id, label, value: Number.isFinite(value) ? value : null, target: `${cmp} ${limit}${unit}`, result: ok === null ? 'N/A' : ok ? 'PASS' : 'MISS', note });
}

export function evaluateTargets(res) {
  const t = [];
  const p = res.sections.parser;
  if (p && !p.error) {
    for (const [ds, d] of Object.entries(p.throughput.datasets)) {
      const fm = d.contenders.feedmill;
      const fs = d.contenders.feedsmith;
      target(t, `parser.mbps.${ds}`, `parser ${ds}: feedmill MB/s ÷ feedsmith MB/s`, fm?.mbps / fs?.mbps, 2.5, '>=', '×', fm?.error ?? (fm?.mbpsCpu ? `CPU-time ratio ${f2(fm.mbpsCpu / fs.mbpsCpu)}×` : ''));
    }
    for (const [ds, d] of Object.entries(p.memory)) {
      const fm = d.feedmill;
      target(t, `parser.memory.${ds}`, `parser ${ds}: feedmill peak memory added ÷ input`, fm?.peakAddedPerInput, 3, '<=', '×', fm?.error ?? (fm?.upperBound ? 'upper bound' : ''));
    }
  }
  const e = res.sections.e2e;
  if (e && !e.error) {
    const fl = e.latencyFloorMs;
    // what the floor program (fetch + no-op tokenizer + a plain file per item) alone measured: a goal below it is out of
    // reach for any tool on this machine
    const floorNote = (pass, value, limit, base) => {
      const f = e[pass].floor;
      if (!f || f.error || !Number.isFinite(f[value])) return '';
      const r = f[value] / base;
      return `floor program ${f2(r)}×${r > limit ? ', above the goal: out of reach here' : ''}`;
    };
    const [a, b] = [e.pass1.feedmill, e.pass1.naive];
    // a run cannot end before its main thread has done its share, nor before two cores have done all its CPU work
    // and the feed server's: both over the floor bound this design
    const mainNote = Number.isFinite(a.loopActiveMs)
      ? `; feedmill's main thread busy ${f2(a.loopActiveMs / fl)}× floor${a.loopActiveMs / fl > 1.3 ? ' (bound by it)' : ''}`
      : '';
    const cores = res.machine.cpus;
    const cpuBound = (a.cpuMs + a.serverCpuMs) / cores / fl;
    const cpuNote = Number.isFinite(cpuBound) ? `; its CPU and the server's on ${cores} cores ${f2(cpuBound)}× floor${cpuBound > 1.3 ? ' (bound by it)' : ''}` : '';
    target(t, 'e2e.pass1.wall', 'e2e first pass: feedmill wall ÷ latency floor', a.wallMs / fl, 1.5, '<=', '×', a.error ?? floorNote('pass1', 'wallMs', 1.5, fl) + mainNote + cpuNote);
    target(t, 'e2e.pass1.peak', 'e2e first pass: feedmill peak RSS', a.peakRssMiB, 160, '<=', ' MiB', a.error ?? '');
    const [c, d] = [e.pass2.feedmill, e.pass2.naive];
    target(t, 'e2e.pass2.wall', 'e2e all-304 pass: feedmill wall ÷ latency floor', c.wallMs / fl, 1.15, '<=', '×', c.error ?? floorNote('pass2', 'wallMs', 1.15, fl));
    target(t, 'e2e.pass2.cpu', 'e2e all-304 pass: feedmill CPU ÷ naive CPU', c.cpuMs / d.cpuMs, 0.8, '<=', '×', c.error ?? d.error ?? floorNote('pass2', 'cpuMs', 0.8, d.cpuMs));
    target(t, 'e2e.pass2.files', 'e2e all-304 pass: files written', c.error ? NaN : c.filesWritten, 0, '<=', '', c.error ?? '');
  }
  const s = res.sections.scale;
  if (s && !s.error) {
    const big = s.runs[res.sizes.scaleFeeds];
    target(t, 'scale.feeds.peak', `scale ${res.sizes.scaleFeeds.toLocaleString('en')} feeds: feedmill peak RSS`, big?.error ? NaN : big?.peakRssMiB, 200, '<', ' MiB', big?.error ?? '');
  }
  const st = res.sections.store;
  if (st && !st.error) {
    target(t, 'store.flat', `store: CPU µs/item at ${res.sizes.storeLarge.toLocaleString('en')} ÷ at ${res.sizes.storeSmall.toLocaleString('en')} items`, st.ratio, 1.5, '<=', '×', `wall-time ratio ${f2(st.wallRatio)}×`);
  }
  const sv = res.sections.serve;
  if (sv && !sv.error) {
    const big = sv.runs[res.sizes.serveLarge];
    const small = sv.runs[res.sizes.serveSmall];
    const pages = { first: 'news page', category: 'category page', search: 'title search', deep: 'deep page', health: 'health page' };
    for (const [k, label] of Object.entries(pages)) {
      target(t, k === 'first' ? 'serve.news' : `serve.${k}`, `serve: ${label} with ${res.sizes.serveLarge.toLocaleString('en')} posts (median)`, big?.[k]?.medianMs, 50, '<', ' ms',
        `${res.sizes.serveSmall.toLocaleString('en')} posts: ${f1(small?.[k]?.medianMs)} ms; CPU per request ${f1(small?.[k]?.cpuMs)} → ${f1(big?.[k]?.cpuMs)} ms; p95 at ${res.sizes.serveLarge.toLocaleString('en')}: ${f1(big?.[k]?.p95Ms)} ms`);
    }
  }
  const im = res.sections.images;
  if (im && !im.error) {
    const a = im.pass1;
    const cpuBound = (a.cpuMs + (a.served?.cpuMs ?? NaN)) / res.machine.cpus / im.latencyFloorMs;
    const note = `${im.requests.toLocaleString('en')} requests; CPU (feedmill and server) on ${res.machine.cpus} cores ${f2(cpuBound)}× floor; main thread busy ${f2(a.loopActiveMs / im.latencyFloorMs)}× floor`;
    target(t, 'images.pass1.wall', `images first pass (${im.feeds} feeds × ${im.itemsPerFeed} items × ${im.imagesPerItem} pictures): wall ÷ latency floor`, a.wallMs / im.latencyFloorMs, 1.5, '<=', '×', a.error ?? note);
    target(t, 'images.pass2.fetched', 'images second pass: pictures fetched', im.pass2.error ? NaN : im.pass2.served?.images, 0, '<=', '', im.pass2.error ?? '');
    target(t, 'images.pass2.files', 'images second pass: files written', im.pass2.error ? NaN : im.pass2.filesWritten, 0, '<=', '', im.pass2.error ?? '');
  }
  const u = res.sections.startup;
  if (u && !u.error) {
    for (const k of ['feedmill --version', 'feedmill run (no feeds)']) {
      target(t, `startup.${k.split(' ')[1].replace(/\W/g, '')}`, `startup: ${k} over node -e 0 (wall)`, u[k].error ? NaN : u[k].overNodeMs, 60, '<=', ' ms', u[k].error ?? `CPU over node -e 0: ${f1(u[k].cpuOverNodeMs)} ms`);
    }
  }
  const ft = res.sections.fulltext;
  if (ft && !ft.error) {
    const [a, b] = [ft.contenders.feedmill, ft.contenders.readability];
    target(t, 'fulltext.f1', `fulltext: feedmill F1 on ${ft.pages} benchmark pages`, a.f1, 0.955, '>=', '', `Readability ${b.f1.toFixed(3)}`);
    target(t, 'fulltext.f1.vs', 'fulltext: feedmill F1 − Readability F1', a.f1 - b.f1, 0, '>', '', '');
    target(t, 'fulltext.speed', 'fulltext: feedmill pages per CPU second (one core)', a.pagesPerCpuSec, 20, '>=', '', `Readability ${f1(b.pagesPerCpuSec)}; by the wall clock ${f1(a.pagesPerSec)} and ${f1(b.pagesPerSec)}`);
  }
  const c = res.sections.cluster;
  if (c && !c.error) {
    const sq = c.runs['sqlite run'];
    const one = c.runs['1 worker'];
    const two = c.runs['2 workers'];
    const four = c.runs['4 workers'];
    if (one && two) target(t, 'cluster.scale2', 'cluster first pass: 1 worker wall ÷ 2 workers wall', one.first.wallMs / two.first.wallMs, 1.6, '>=', '×', 'near-linear until both cores are busy');
    if (one && four) target(t, 'cluster.scale4', 'cluster first pass: 1 worker wall ÷ 4 workers wall', one.first.wallMs / four.first.wallMs, 1.6, '>=', '×', 'two cores: 4 workers cannot beat 2 by much');
    if (sq && one) target(t, 'cluster.304', 'cluster all-304 pass: 1 worker on PostgreSQL wall ÷ run on SQLite wall', one.all304.wallMs / sq.all304.wallMs, 1.5, '<=', '×', four ? `4 workers: ${f2(four.all304.wallMs / sq.all304.wallMs)}×` : '');
  }
  return t;
}

function table(rows, align) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r, ri) => r.map((c, i) => (align[i] === 'r' ? String(c).padStart(w[i]) : String(c).padEnd(w[i]))).join('  ').trimEnd() + (ri === 0 ? '\n' + w.map((x) => '─'.repeat(x)).join('  ') : '')).join('\n') + '\n';
}

export function renderReport(res) {
  let o = `\nfeedmill bench — mode ${res.mode}, ${res.machine.cpus} CPUs (${res.machine.cpuModel}), Node ${res.machine.node}, ${(res.durationMs / 1000).toFixed(0)} s; load average ${res.machine.loadAvgAtStart?.[0]} at start, ${res.machine.loadAvgAtEnd?.[0]} at end (other processes share the CPUs: read ratios)\n`;
  const p = res.sections.parser;
  if (p) {
    o += `\n1. PARSER THROUGHPUT — median of ${p.throughput?.rounds ?? '?'} interleaved rounds; MB = 10^6 bytes; feedmill gets bytes (decodes), libraries get decoded strings\n`;
    if (p.error) o += `   error: ${p.error}\n`;
    else {
      const rows = [['data set', 'contender', 'MB/s', 'items/s', 'vs feedmill', 'MB/s CPU', 'mem added', 'errors']];
      for (const [ds, d] of Object.entries(p.throughput.datasets)) {
        const fm = d.contenders.feedmill;
        const best = Math.max(...COMPETITORS.map((n) => d.contenders[n]?.mbps ?? 0));
        rows.push([`${ds} (${d.files} file${d.files > 1 ? 's' : ''}, ${(d.bytes / 1e6).toFixed(1)} MB, ${d.items} items)`, '', '', '', '', '', '', '']);
        for (const [n, c] of Object.entries(d.contenders)) {
          const mem = p.memory[ds]?.[n];
          const memTxt = mem ? (mem.error ? 'error' : `${mem.upperBound ? '≤' : ''}${f1(mem.peakAddedPerInput)}×`) : '';
          if (c.error) { rows.push(['', CONTENDERS[n].label, 'n/a', '', '', '', memTxt, c.error.slice(0, 60)]); continue; }
          rows.push(['', CONTENDERS[n].label, f1(c.mbps), f0(c.itemsPerSec), n === 'feedmill' ? '' : fm?.mbps ? `${f2(fm.mbps / c.mbps)}×` : '', f1(c.mbpsCpu), memTxt, c.errors ? `${c.errors} (${(c.firstError ?? '').slice(0, 50)})` : '0']);
        }
        if (fm?.mbps) rows.push(['', 'ratio feedmill / best other', f2(fm.mbps / best) + '×', '', '', '', '', '']);
      }
      o += table(rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l']);
      o += '   MB/s from the median wall time of each pass; MB/s CPU from the median process CPU time of the same passes (cross-check under machine load)\n';
      o += '   mem added = peak RSS added while parsing ÷ input bytes (fresh child per contender, all start from bytes; see parse-memory-child.mjs)\n';
    }
  }
  const e = res.sections.e2e;
  if (e) {
    o += `\n2. END TO END — ${e.feeds ?? '?'} feeds × ${e.itemsPerFeed ?? '?'} items, 20–50 ms latency, concurrency ${e.concurrency ?? 16}; median of ${res.sizes.e2eReps} alternated reps\n`;
    if (e.error) o += `   error: ${e.error}\n`;
    else {
      o += `   latency floor (Σ latency ÷ concurrency) = ${f0(e.latencyFloorMs)} ms\n`;
      if (e.fsFloor && !e.fsFloor.error) o += `   file-system floor on this machine (one thread, no fsync): ${f0(e.fsFloor.count)} files of ${f0(e.fsFloor.bytes)} B = ${f0(e.fsFloor.plainMs)} ms wall / ${f0(e.fsFloor.plainCpuMs)} ms CPU plain, ${f0(e.fsFloor.atomicMs)} ms / ${f0(e.fsFloor.atomicCpuMs)} ms CPU atomically (temp + rename)\n`;
      const rows = [['pass', 'contender', 'wall ms', '÷ floor', 'CPU ms', 'user/sys', 'main busy', 'server CPU', 'peak MiB', 'served 200/304', 'notes']];
      const names = { feedmill: 'feedmill run', naive: 'naive rss-parser+fetch', floor: 'floor program (not a contender)' };
      const expected = e.feeds * e.itemsPerFeed;
      for (const pass of ['pass1', 'pass2']) {
        for (const who of ['feedmill', 'naive', 'floor']) {
          const r = e[pass][who];
          if (!r) continue;
          const notes = r.error
            ? r.error.slice(0, 70)
            : who === 'feedmill'
              ? `${f0(r.posts)} posts${r.posts === expected ? '' : ` (expected ${f0(expected)})`}, ${r.filesWritten} files written`
              : r.tally ? `${f0(r.tally.items)} items parsed${r.tally.files ? `, ${f0(r.tally.files)} files` : ''}` : '';
          const us = Number.isFinite(r.userMs) ? `${f0(r.userMs)}/${f0(r.sysMs)}` : '';
          const busy = Number.isFinite(r.loopActiveMs) ? `${f0(r.loopActiveMs)} ms` : '';
          const server = Number.isFinite(r.serverCpuMs) ? `${f0(r.serverCpuMs)} ms` : '';
          rows.push([pass === 'pass1' ? 'first' : 'all-304', names[who], f0(r.wallMs), f2(r.wallMs / e.latencyFloorMs), f0(r.cpuMs), us, busy, server, f1(r.peakRssMiB), r.served ? `${r.served.ok}/${r.served.notModified}` : '', notes]);
        }
        const a = e[pass].feedmill, b = e[pass].naive;
        rows.push(['', 'ratio feedmill / naive', f2(a.wallMs / b.wallMs) + '×', '', f2(a.cpuMs / b.cpuMs) + '×', '', '', '', f2(a.peakRssMiB / b.peakRssMiB) + '×', '', '']);
      }
      o += table(rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']);
      o += '   main busy = time the main thread\'s event loop was not idle (JS, GC, synchronous calls): no run ends before it\n';
      const fm = e.pass1?.feedmill;
      if (fm && Number.isFinite(fm.serverCpuMs)) {
        const least = (fm.cpuMs + fm.serverCpuMs) / res.machine.cpus;
        o += `   first pass: (feedmill CPU + server CPU) ÷ ${res.machine.cpus} cores = ${f0(least)} ms, ${f2(least / e.latencyFloorMs)}× the latency floor: the least wall this machine allows for that much work\n`;
      }
      o += '   floor program = e2e/floor-client.mjs: GETs over raw keep-alive sockets at the same concurrency, htmlparser2 Tokenizer with no-op callbacks\n';
      o += '   and on the first pass one plain writeFileSync per item; no state, no rendering: the least any tool does here.\n';
    }
  }
  const s = res.sections.scale;
  if (s) {
    o += `\n3a. SCALE — feeds in one run (${s.itemsPerFeed ?? '?'} small items each, 2–6 ms latency, concurrency 16)\n`;
    if (s.error) o += `   error: ${s.error}\n`;
    else {
      const rows = [['feeds', 'wall ms', 'CPU ms', 'CPU ms/feed', 'peak MiB', 'posts', 'notes']];
      for (const r of Object.values(s.runs)) rows.push([f0(r.feeds), f0(r.wallMs), f0(r.cpuMs), f2(r.cpuMsPerFeed), f1(r.peakRssMiB), f0(r.posts), r.error ? r.error.slice(0, 70) : '']);
      o += table(rows, ['r', 'r', 'r', 'r', 'r', 'r', 'l']);
      const [a, b] = Object.values(s.runs);
      if (a && b) o += `   ${f0(b.feeds)} ÷ ${f0(a.feeds)} feeds: peak RSS ${f2(b.peakRssMiB / a.peakRssMiB)}×, CPU per feed ${f2(b.cpuMsPerFeed / a.cpuMsPerFeed)}× (flat = 1)\n`;
    }
  }
  const st = res.sections.store;
  if (st) {
    o += '\n3b. SCALE — state store per-item cost (per feed of 30: findItems of a stored feed items + findItems of the new ones, claimItems, saveFeed; {date}-{hash} file names)\n';
    if (st.error) o += `   error: ${st.error}\n`;
    else {
      const rows = [['items stored', 'CPU µs/item', 'wall µs/item', 'fill µs/item', 'db MiB']];
      for (const k of ['small', 'large']) rows.push([f0(st[k].items), f2(st[k].cpuUsPerItem), f2(st[k].usPerItem), f2(st[k].fillUsPerItem), f1(st[k].fileMiB)]);
      o += table(rows, ['r', 'r', 'r', 'r', 'r']);
      o += `   ratio large / small: CPU ${f2(st.ratio)}×, wall ${f2(st.wallRatio)}× (medians of ${res.sizes.storeRounds} alternated rounds)\n`;
    }
  }
  const im = res.sections.images;
  if (im) {
    o += `\n7. IMAGES — images.mode download, first pass then rerun: ${im.feeds ?? '?'} feeds × ${im.itemsPerFeed ?? '?'} items × ${im.imagesPerItem ?? '?'} pictures, 20–50 ms latency, all on one host, per-host limit ${im.concurrency ?? '?'}\n`;
    if (im.error) o += `   error: ${im.error}\n`;
    else {
      const rows = [['pass', 'wall ms', '÷ floor', 'CPU ms', 'main busy', 'server CPU', 'peak MiB', 'feeds 200/304', 'pictures served', 'posts', 'picture files', 'files written', 'notes']];
      for (const pass of ['pass1', 'pass2']) {
        const r = im[pass];
        rows.push([pass === 'pass1' ? 'first' : 'rerun', f0(r.wallMs), f2(r.wallMs / im.latencyFloorMs), f0(r.cpuMs), f0(r.loopActiveMs), f0(r.served?.cpuMs), f1(r.peakRssMiB), r.served ? `${r.served.ok}/${r.served.notModified}` : '', f0(r.served?.images), f0(r.posts), f0(r.imageFiles), f0(r.filesWritten), r.error ? r.error.slice(0, 70) : '']);
      }
      o += table(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']);
      o += `   latency floor = Σ latencies of all ${f0(im.requests)} requests (feeds and pictures) ÷ ${im.concurrency} = ${f0(im.latencyFloorMs)} ms\n`;
    }
  }
  const u = res.sections.startup;
  if (u) {
    o += `\n4. STARTUP — median of ${res.sizes.startupRuns} alternated runs\n`;
    if (u.error) o += `   error: ${u.error}\n`;
    else {
      const rows = [['command', 'wall ms', 'over node -e 0', 'CPU ms', 'CPU over node', 'exit', 'notes']];
      for (const [k, r] of Object.entries(u)) rows.push([k, f1(r.ms), f1(r.overNodeMs), f1(r.cpuMs), f1(r.cpuOverNodeMs), r.exitCode, r.error ? r.error.slice(0, 70) : '']);
      o += table(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'l']);
    }
  }
  const sv = res.sections.serve;
  if (sv) {
    o += `\n5. SERVE — pages over HTTP (keep-alive, ${sv.pageSize ?? 50} posts a news page, 100 feeds on the health page, SQLite), median / p95 of ${sv.requests ?? '?'} requests each\n`;
    if (sv.error) o += `   error: ${sv.error}\n`;
    else {
      const rows = [['posts stored', 'first page ms', 'category ms', 'title search ms', 'deep page ms', 'health page ms', 'page KiB', 'fill s']];
      const mp = (x) => `${f1(x.medianMs)} / ${f1(x.p95Ms)}`;
      for (const [n, r] of Object.entries(sv.runs)) rows.push([f0(Number(n)), mp(r.first), mp(r.category), mp(r.search), mp(r.deep), r.health ? mp(r.health) : '—', f1(r.firstPageBytes / 1024), f1(r.fillMs / 1000)]);
      o += table(rows, ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
    }
  }
  const ft = res.sections.fulltext;
  if (ft) {
    o += `\n6. WHOLE ARTICLES — article-extraction benchmark, ${ft.pages ?? '?'} pages; quality from one round, speed = median of ${ft.rounds ?? '?'} interleaved rounds (bytes in, text out, one core)\n`;
    if (ft.error) o += `   error: ${ft.error}\n`;
    else {
      const rows = [['extractor', 'F1', 'precision', 'recall', 'pages/s', 'pages/CPU s', 'errors']];
      const names = { feedmill: 'feedmill extractArticle', readability: 'Readability (linkedom, as is)' };
      for (const [n, c] of Object.entries(ft.contenders)) rows.push([names[n] ?? n, c.f1.toFixed(3), c.precision.toFixed(3), c.recall.toFixed(3), f1(c.pagesPerSec), f1(c.pagesPerCpuSec), c.errors]);
      o += table(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r']);
    }
  }
  const c = res.sections.cluster;
  if (c) {
    o += `\n8. CLUSTER — ${f0(c.feeds)} feeds × ${c.itemsPerFeed ?? '?'} items, 20–50 ms latency, concurrency ${c.concurrencyPerProcess ?? '?'} per process (wall; CPU of feedmill's processes, PostgreSQL's apart)\n`;
    if (c.error) o += `   error: ${c.error}\n`;
    else {
      const rows = [['', 'first wall ms', 'first CPU ms', 'pg CPU ms', 'all-304 wall ms', 'all-304 CPU ms', 'pg CPU ms', 'schedule ms/due feed (CPU)']];
      for (const [k, r] of Object.entries(c.runs)) {
        if (k === 'sqlite run') rows.push([k, f0(r.first.wallMs), f0(r.first.cpuMs), '', f0(r.all304.wallMs), f0(r.all304.cpuMs), '', '']);
        else rows.push([k, f0(r.first.wallMs), f0(r.first.cpuMs), f0(r.first.postgresCpuMs), f0(r.all304.wallMs), f0(r.all304.cpuMs), f0(r.all304.postgresCpuMs), `${f2(r.schedule.wallMsPerDueFeed)} (${f2(r.schedule.cpuMsPerDueFeed)})`]);
      }
      o += table(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
    }
  }
  o += `\nTARGETS${res.mode === 'full' ? '' : ` (mode ${res.mode}: sizes shrunk, indicative only)`}\n`;
  const rows = [['target', 'value', 'goal', 'result', 'note']];
  for (const x of res.targets) {
    const lim = Number(x.target.replace(/^[<>=]+\s*/, '').replace(/[^\d.].*$/, ''));
    // three decimals when two would hide which side of the goal the value is on
    const shown = x.value === null ? '—' : Number.isInteger(x.value) ? String(x.value) : Math.abs(x.value - lim) < 0.005 ? x.value.toFixed(3) : f2(x.value);
    rows.push([x.label, shown, x.target, x.result, x.note]);
  }
  o += table(rows, ['l', 'r', 'l', 'l', 'l']);
  return o + '\n';
}
