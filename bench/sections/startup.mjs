// Section 4: startup — `feedmill --version` and `feedmill run` on a config without feeds, against
// `node -e 0`; the three commands alternate, `runs` times each, medians of wall time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, median, rmrf, runMeasured, tempDir } from '../lib/util.mjs';
import { writeConfig } from '../e2e/harness.mjs';

// Wall time from spawn to exit, and the child's own CPU time (user+sys; a cross-check when other
// processes load the machine). All three commands get the same tiny --import that reports it.
async function timeOnce(args) {
  const r = await runMeasured(args[0], args.slice(1));
  return { ms: r.wallMs, cpuMs: r.cpuMs, code: r.code, out: r.stdout.trim().slice(0, 100), err: r.stderr.trim().split('\n')[0]?.slice(0, 200) };
}

export async function startupSection(sz, log) {
  log(`startup: ${sz.startupRuns} runs each …`);
  const dir = tempDir('feedmill-bench-startup-');
  try {
    mkdirSync(join(dir, 'posts'), { recursive: true });
    const cfg = writeConfig(dir, []);
    const cmds = {
      'node -e 0': ['-e', '0'],
      'feedmill --version': [binPath, '--version'],
      'feedmill run (no feeds)': [binPath, 'run', '-c', cfg],
    };
    const names = Object.keys(cmds);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    const last = {};
    if (sz.startupRuns > 3) for (const n of names) await timeOnce(cmds[n]); // warm the page cache
    for (let r = 0; r < sz.startupRuns; r++) {
      for (let k = 0; k < names.length; k++) {
        const n = names[(k + r) % names.length];
        const t = await timeOnce(cmds[n]);
        times[n].push(t.ms);
        cpu[n].push(t.cpuMs);
        last[n] = t;
      }
    }
    const base = median(times['node -e 0']);
    const baseCpu = median(cpu['node -e 0']);
    const out = {};
    for (const n of names) {
      const m = median(times[n]);
      const c = median(cpu[n]);
      out[n] = { ms: m, overNodeMs: m - base, cpuMs: c, cpuOverNodeMs: c - baseCpu, exitCode: last[n].code, output: last[n].out, error: last[n].code === 0 ? null : last[n].err };
    }
    return out;
  } finally {
    rmrf(dir);
  }
}
