// Small helpers shared by the bench scripts: paths, args, statistics, child processes.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoRoot = dirname(benchDir);
export const distSrc = join(repoRoot, 'dist', 'src');
export const binPath = join(repoRoot, 'bin', 'feedmill.js');
const usageReporter = pathToFileURL(join(benchDir, 'lib', 'usage-reporter.mjs')).href;

export const MB = 1e6;
export const MiB = 1024 * 1024;

export function median(xs) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

export function tempDir(prefix = 'feedmill-bench-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function rmrf(p) {
  try { rmSync(p, { recursive: true, force: true }); } catch { /* best effort */ }
}

// Folders of many files are removed when the whole bench is done, not between measurements: after tens of
// thousands of files are deleted, ext4 skips their inodes for new files for a minute or more (the kernel's
// recently_deleted check, seen at 30–50% of a perf profile), and creating a file then cost up to 25× its
// usual CPU — a first pass measured right after the previous rep's cleanup paid for the bench's own deletes.
const doomed = [];
export function removeLater(p) {
  doomed.push(p);
}
export function removeDeferred() {
  for (const p of doomed.splice(0)) rmrf(p);
}

/** Imports a compiled feedmill module, or returns the reason it is not there yet. */
export async function importFeedmill(rel) {
  const file = join(distSrc, rel);
  if (!existsSync(file)) return { error: `dist/src/${rel} missing (run npx tsc -p tsconfig.json)` };
  try {
    return { mod: await import(pathToFileURL(file).href) };
  } catch (err) {
    return { error: `dist/src/${rel}: ${String(err && err.message ? err.message : err).split('\n')[0]}` };
  }
}

/**
 * Runs `node [nodeArgs] script [args]` and measures the child itself:
 * wall time from the parent, CPU (user+sys) and peak RSS from the child's own
 * process.resourceUsage() written at exit by usage-reporter.mjs (preloaded with --import),
 * so a server or other helper process is never counted.
 */
export function runMeasured(script, args, { nodeArgs = [], cwd = repoRoot, env = {}, timeoutMs = 600_000, input } = {}) {
  const dir = tempDir('feedmill-usage-');
  const usageFile = join(dir, 'usage.json');
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeArgs, '--import', usageReporter, script, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env, BENCH_USAGE_FILE: usageFile },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { if (stdout.length < 4e6) stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { if (stderr.length < 1e6) stderr += d; });
    if (input !== undefined) child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      let usage = null;
      try { usage = JSON.parse(readFileSync(usageFile, 'utf8')); } catch { /* child died before exit */ }
      rmrf(dir);
      resolve({
        code, signal, stdout, stderr, wallMs,
        cpuMs: usage ? usage.cpuMs : NaN,
        userMs: usage ? usage.userMs : NaN,
        sysMs: usage ? usage.sysMs : NaN,
        peakRssMiB: usage ? usage.maxRssKiB / 1024 : NaN,
        loopActiveMs: usage ? usage.loopActiveMs : NaN,
        workerActiveMs: usage?.workerActiveMs ?? NaN,
        minflt: usage ? usage.minflt : NaN,
        timedOut: signal === 'SIGKILL',
      });
    });
  });
}

export function round(x, digits = 2) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The most telling line of a child's output: the first that names an error, else the last. */
export function firstLine(s) {
  const lines = String(s ?? '').trim().split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /error|fatal|cannot|invalid|unknown/i.test(l) && !/^at /.test(l)) ?? lines.at(-1) ?? '';
}
