// examples/github-actions/feedmill.yml: its steps are the ones the README describes, and its commit step, run by
// bash in a real git repository with a real remote, commits and pushes new posts and does nothing without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { repoRoot, tempDir } from '../helpers.js';

const exec = promisify(execFile);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

const workflow = parse(readFileSync(join(repoRoot, 'examples', 'github-actions', 'feedmill.yml'), 'utf8')) as {
  on: { schedule: Array<{ cron: string }> };
  permissions: Record<string, string>;
  jobs: { feeds: { steps: Step[] } };
};
const steps = workflow.jobs.feeds.steps;

test('the workflow: scheduled, state restored from and saved to the cache around `feedmill run`, then a commit', () => {
  assert.match(workflow.on.schedule[0]!.cron, /^\S+ \S+ \S+ \S+ \S+$/);
  assert.equal(workflow.permissions.contents, 'write');
  const at = (pred: (s: Step) => boolean): number => steps.findIndex(pred);
  const restore = at((s) => s.uses?.startsWith('actions/cache/restore@') === true);
  const run = at((s) => /npx feedmill run\b/.test(s.run ?? ''));
  const save = at((s) => s.uses?.startsWith('actions/cache/save@') === true);
  const commit = at((s) => s.name === 'Commit new posts');
  assert.ok(restore >= 0 && restore < run && run < save && save < commit, 'restore, run, save, commit in this order');
  // the state folder of the starter config (state: .feedmill/state.db)
  assert.equal(steps[restore]!.with!.path, '.feedmill');
  assert.equal(steps[save]!.with!.path, '.feedmill');
  assert.match(steps[restore]!.with!['restore-keys']!, /^feedmill-state-/);
});

test("the workflow's commit step commits and pushes new posts, and exits 0 with nothing to commit", async () => {
  const script = steps.find((s) => s.name === 'Commit new posts')!.run!;
  const root = tempDir();
  const remote = join(root, 'remote.git');
  const site = join(root, 'site');
  const git = (cwd: string, ...args: string[]) => exec('git', args, { cwd });
  await exec('git', ['init', '--quiet', '--bare', remote]);
  await exec('git', ['init', '--quiet', '-b', 'main', site]);
  writeFileSync(join(site, 'feedmill.yml'), 'feeds: []\n');
  await git(site, 'add', '.');
  await git(site, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'init');
  await git(site, 'remote', 'add', 'origin', remote);
  await git(site, 'push', '--quiet', '-u', 'origin', 'main');

  mkdirSync(join(site, 'source', '_posts'), { recursive: true });
  writeFileSync(join(site, 'source', '_posts', '2022-01-27-a.md'), 'a');
  writeFileSync(join(site, 'source', '_posts', '2022-01-27-b.md'), 'b');
  await exec('bash', ['-e', '-c', script], { cwd: site });
  const log = (await git(remote, 'log', '--format=%an %s', 'main')).stdout;
  assert.equal(log, 'feedmill feedmill: 2 posts\nt init\n');

  const again = await exec('bash', ['-e', '-c', script], { cwd: site });
  assert.equal(again.stdout, 'no new posts\n');
  assert.equal((await git(remote, 'rev-list', '--count', 'main')).stdout, '2\n');
});
