// Section 4: startup — `feedmill --version` and `feedmill run` on a config without feeds, against
// `node -e 0`; the three commands alternate, `runs` times each, medians of wall time.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, median, repoRoot, rmrf, tempDir } from '../lib/util.mjs';
import { writeConfig } from '../e2e/harness.mjs';

function timeOnce(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, code: r.status, out: `${r.stdout}`.trim().slice(0, 100), err: `${r.stderr}`.trim().split('\n')[0]?.slice(0, 200) };
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
    const last = {};
    if (sz.startupRuns > 3) for (const n of names) timeOnce(cmds[n]); // warm the page cache
    for (let r = 0; r < sz.startupRuns; r++) {
      for (let k = 0; k < names.length; k++) {
        const n = names[(k + r) % names.length];
        const t = timeOnce(cmds[n]);
        times[n].push(t.ms);
        last[n] = t;
      }
    }
    const base = median(times['node -e 0']);
    const out = {};
    for (const n of names) {
      const m = median(times[n]);
      out[n] = { ms: m, overNodeMs: m - base, exitCode: last[n].code, output: last[n].out, error: last[n].code === 0 ? null : last[n].err };
    }
    return out;
  } finally {
    rmrf(dir);
  }
}
