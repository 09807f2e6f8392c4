// Parser throughput, run as a child (node --expose-gc) by run.mjs; prints one JSON object.
// Per data set: one warm-up pass per contender, then `rounds` rounds; each round runs every
// contender once over the whole data set, in an order rotated every round (interleaved, so machine
// load drifts hit all contenders alike), with a gc() before each timed pass. Medians of wall time are
// reported, with the median process CPU time of the same passes as a cross-check.
import { performance } from 'node:perf_hooks';
import { CONTENDERS } from './parsers/contenders.mjs';
import { loadDataset, datasetNames } from './lib/datasets.mjs';
import { median } from './lib/util.mjs';

const opts = JSON.parse(process.argv[2] ?? '{}');
const rounds = opts.rounds ?? 7;
const sizes = opts.sizes ?? {};
const gc = globalThis.gc ?? (() => {});

const names = opts.contenders ?? Object.keys(CONTENDERS);
const loaded = {};
for (const n of names) {
  try {
    await CONTENDERS[n].load();
    loaded[n] = { ok: true };
  } catch (err) {
    loaded[n] = { ok: false, error: String(err.message ?? err).split('\n')[0] };
  }
}

async function pass(c, docs) {
  let errors = 0;
  let items = 0;
  let check = 0;
  let firstError = null;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const d of docs) {
    try {
      const res = c.async ? await c.parse(d) : c.parse(d);
      check += c.touch(res);
      items += c.items(res);
    } catch (err) {
      errors++;
      firstError ??= `${d.name}: ${String(err && err.message ? err.message : err).split('\n')[0].slice(0, 120)}`;
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, errors, items, check, firstError };
}

const out = { rounds, datasets: {} };
for (const ds of opts.datasets ?? datasetNames()) {
  const docs = loadDataset(ds, sizes);
  const bytes = docs.reduce((s, d) => s + d.buf.length, 0);
  const items = docs.reduce((s, d) => s + d.items, 0);
  const active = names.filter((n) => loaded[n].ok);
  const times = Object.fromEntries(active.map((n) => [n, []]));
  const cpuTimes = Object.fromEntries(active.map((n) => [n, []]));
  const info = {};
  for (const n of active) {
    const w = await pass(CONTENDERS[n], docs); // warm-up; also records failures and items found
    info[n] = { errors: w.errors, itemsFound: w.items, firstError: w.firstError };
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < active.length; k++) {
      const n = active[(k + r) % active.length];
      gc();
      const p = await pass(CONTENDERS[n], docs);
      times[n].push(p.ms);
      cpuTimes[n].push(p.cpuMs);
    }
  }
  const res = {};
  for (const n of names) {
    if (!loaded[n].ok) { res[n] = { error: loaded[n].error }; continue; }
    const ms = median(times[n]);
    const cpuMs = median(cpuTimes[n]);
    res[n] = {
      ms, mbps: bytes / 1e6 / (ms / 1000), itemsPerSec: items / (ms / 1000),
      // cross-check less sensitive to other processes on the machine (includes V8's GC helper threads)
      cpuMs, mbpsCpu: bytes / 1e6 / (cpuMs / 1000),
      ...info[n], samplesMs: times[n].map((x) => Math.round(x * 10) / 10),
    };
  }
  out.datasets[ds] = { files: docs.length, bytes, items, contenders: res };
}
process.stdout.write(JSON.stringify(out));
