// Paths and small utilities shared by tests (tests run from dist/test/, fixtures stay in test/fixtures/).
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import type { Source } from '../src/model.js';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repo root not found');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRoot();
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
export const fixture = (...parts: string[]): string => join(fixturesDir, ...parts);
export const binPath = join(repoRoot, 'bin', 'feedmill.js');
/** ../shared, present on developer machines and CI; optional checks skip without it */
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const hasShared = existsSync(join(sharedDir, 'seed', 'expected-post.md'));

export function tempDir(prefix = 'feedmill-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Cached config documents of tests (and of the CLIs they start) stay out of the user's ~/.cache.
process.env.FEEDMILL_CACHE_DIR ??= tempDir('feedmill-test-cache-');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A Source with neutral defaults, for tests that call a stage directly. */
export function sourceFor(url: string, over: Partial<Source> = {}): Source {
  return { key: url, url, fallbackUrls: [], categories: [], limit: 50, timezone: 'UTC', headers: {}, filters: [], rewrite: [], ...over };
}
