// Drives the e2e and scale comparisons: the feed server (own process), `feedmill run` and the
// naive aggregator as measured children (wall from here, CPU and peak RSS from the child itself).
import { fork } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, binPath, firstLine, rmrf, runMeasured, tempDir } from '../lib/util.mjs';

/** The concurrency for every e2e contender (and feedmill's per-host limit, since every feed shares one host). */
export const CONCURRENCY = 16;

/** Starts e2e/server.mjs; its defaults are the e2e comparison's feeds (1,000 × 30 items, 20–50 ms). */
export function startServer(opts = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(join(benchDir, 'e2e', 'server.mjs'), [JSON.stringify(opts)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const waiters = [];
    child.on('message', (msg) => {
      if (msg.type === 'ready') {
        resolve({
          port: msg.port,
          latencies: msg.latencies,
          imageLatencies: msg.imageLatencies ?? [],
          url: (n) => `http://127.0.0.1:${msg.port}/feed/${n}.xml`,
          stats: () => request('stats'),
          reset: () => request('reset'),
          stop: () => { try { child.send('stop'); } catch { /* gone */ } child.disconnect?.(); },
        });
      } else {
        waiters.shift()?.(msg.stats ?? msg);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`feed server exited (${code}) before ready`)));
    function request(what) {
      return new Promise((res) => { waiters.push(res); child.send(what); });
    }
  });
}

/** Sum of all latencies divided by the concurrency: no fetcher at that concurrency can finish sooner. */
export function latencyFloorMs(latencies, concurrency) {
  return latencies.reduce((s, x) => s + x, 0) / concurrency;
}

/** A feedmill.yml for the bench: every feed on the local server, posts and state in `dir`. */
export function writeConfig(dir, urls, { concurrency = 16 } = {}) {
  const lines = [
    '# written by bench/e2e/harness.mjs',
    'output:',
    '  dir: posts',
    'state: state.db',
    'fetch:',
    `  concurrency: ${concurrency}`,
    `  perHost: ${concurrency}`,
    '  timeout: 60s',
    'feeds:',
  ];
  for (let i = 0; i < urls.length; i++) {
    lines.push(`  - url: ${urls[i]}`, `    categories: [bench, site${i}]`);
  }
  if (urls.length === 0) lines[lines.length - 1] = 'feeds: []';
  const file = join(dir, 'feedmill.yml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** name → mtime+size of every file under `dir` (posts are compared across passes with it). */
export function snapshot(dir) {
  const out = new Map();
  if (!existsSync(dir)) return out;
  const walkDir = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walkDir(p);
      else { const s = statSync(p); out.set(p, `${s.mtimeMs}:${s.size}`); }
    }
  };
  walkDir(dir);
  return out;
}

export function filesWritten(before, after) {
  let n = 0;
  for (const [p, sig] of after) if (before.get(p) !== sig) n++;
  return n;
}

export async function runFeedmill(configFile, { timeoutMs = 600_000, extraArgs = [], nodeArgs = [] } = {}) {
  const r = await runMeasured(binPath, ['run', '-c', configFile, ...extraArgs], { timeoutMs, nodeArgs });
  return {
    wallMs: r.wallMs, cpuMs: r.cpuMs, userMs: r.userMs, sysMs: r.sysMs, peakRssMiB: r.peakRssMiB, code: r.code,
    loopActiveMs: r.loopActiveMs,
    error: r.code === 0 ? null : `exit ${r.code}${r.timedOut ? ' (timeout)' : ''}: ${firstLine(r.stderr) || firstLine(r.stdout)}`.slice(0, 300),
    stdoutTail: r.stdout.split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 300),
  };
}

export async function runNaive(urlsFile, concurrency, validatorsIn, validatorsOut, { timeoutMs = 600_000 } = {}) {
  const args = [urlsFile, String(concurrency)];
  if (validatorsIn || validatorsOut) args.push(validatorsIn ?? '', validatorsOut ?? '');
  const r = await runMeasured(join(benchDir, 'e2e', 'naive-aggregator.mjs'), args.map((a) => a || ''), { timeoutMs });
  let tally = null;
  try { tally = JSON.parse(r.stdout.trim().split('\n').pop()); } catch { /* failed */ }
  return {
    wallMs: r.wallMs, cpuMs: r.cpuMs, userMs: r.userMs, sysMs: r.sysMs, peakRssMiB: r.peakRssMiB, code: r.code, tally,
    loopActiveMs: r.loopActiveMs,
    error: r.code === 0 ? null : `exit ${r.code}: ${firstLine(r.stderr)}`.slice(0, 300),
  };
}

/** The floor program (floor-client.mjs): fetch + no-op tokenizing (+ one plain file per item when outDir is given). */
export async function runFloor(urlsFile, concurrency, outDir, postBytes, validatorsIn, validatorsOut, { timeoutMs = 600_000 } = {}) {
  const args = [urlsFile, String(concurrency), outDir ?? '-', String(postBytes), validatorsIn ?? '', validatorsOut ?? ''];
  const r = await runMeasured(join(benchDir, 'e2e', 'floor-client.mjs'), args, { timeoutMs });
  let tally = null;
  try { tally = JSON.parse(r.stdout.trim().split('\n').pop()); } catch { /* failed */ }
  return {
    wallMs: r.wallMs, cpuMs: r.cpuMs, userMs: r.userMs, sysMs: r.sysMs, peakRssMiB: r.peakRssMiB, code: r.code, tally,
    loopActiveMs: r.loopActiveMs,
    error: r.code === 0 ? null : `exit ${r.code}: ${firstLine(r.stderr)}`.slice(0, 300),
  };
}

export { rmrf, tempDir };
