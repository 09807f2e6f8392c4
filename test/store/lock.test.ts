// The run lock: one run per state file; a lock left by a dead process is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireRunLock, RunLockedError } from '../../src/store/lock.js';
import { repoRoot, runCli, tempDir } from '../helpers.js';

test('a second lock on the same state file is refused until the first is released', () => {
  const state = join(tempDir(), 'sub', 'state.db');
  const release = acquireRunLock(state);
  assert.ok(existsSync(`${state}.lock`));
  // Another live process holds it: pretend by writing our parent's pid (alive, not us).
  release();
  writeFileSync(`${state}.lock`, String(process.ppid));
  assert.throws(() => acquireRunLock(state), (e: unknown) => e instanceof RunLockedError && /another feedmill run \(pid \d+\)/.test(e.message));
});

test('a PostgreSQL state takes no lock file', () => {
  const release = acquireRunLock('postgres://feedmill@127.0.0.1/blog');
  assert.equal(existsSync('postgres:'), false);
  release();
});

test('a lock whose process is gone is taken over', () => {
  const state = join(tempDir(), 'state.db');
  const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  writeFileSync(`${state}.lock`, dead.stdout.trim());
  const release = acquireRunLock(state);
  release();
  assert.equal(existsSync(`${state}.lock`), false);
});

function demoCopy(): string {
  const demo = join(repoRoot, 'examples', 'demo');
  const dir = tempDir();
  cpSync(demo, dir, { recursive: true, filter: (src) => !/[\\/](source|\.feedmill)([\\/]|$)/.test(src.slice(demo.length)) });
  return dir;
}

test('overlapping runs never write a post twice', async () => {
  const single = demoCopy();
  assert.equal((await runCli(['run', '-c', join(single, 'feedmill.yml'), '--quiet'])).code, 0);
  const expected = readdirSync(join(single, 'source', '_posts')).sort();
  const dir = demoCopy();
  const cfg = join(dir, 'feedmill.yml');
  const runs = await Promise.all([1, 2, 3].map(() => runCli(['run', '-c', cfg, '--quiet'])));
  for (const r of runs) {
    if (r.code !== 0) assert.match(r.stderr, /another feedmill run/, r.stderr);
  }
  assert.ok(runs.some((r) => r.code === 0));
  const again = await runCli(['run', '-c', cfg, '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(readdirSync(join(dir, 'source', '_posts')).sort(), expected);
  assert.equal(existsSync(join(dir, '.feedmill', 'state.db.lock')), false);
});
