// Optional: runs the shared conformance scorer against parseJsonCommand and prints its last line.
// Skipped when ../shared is absent (fresh clones, CI without the corpus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasShared, repoRoot, sharedDir, tempDir } from '../helpers.js';

test('conformance scorer (shared corpus)', { skip: !hasShared && 'no ../shared', timeout: 180_000 }, () => {
  const dir = tempDir();
  const launcher = join(dir, 'parse-json.mjs');
  const mod = pathToFileURL(join(repoRoot, 'dist', 'src', 'cli', 'parse-json.js')).href;
  writeFileSync(launcher, `const { parseJsonCommand } = await import(${JSON.stringify(mod)});\nprocess.exitCode = await parseJsonCommand(process.argv.slice(2));\n`);
  const conf = join(sharedDir, 'conformance');
  const r = spawnSync(process.execPath, [join(conf, 'score.mjs'), '--manifest', join(conf, 'manifest.json'), '--cmd', `"${process.execPath}" "${launcher}"`, '--report', join(dir, 'report.txt')], { encoding: 'utf8', cwd: dir, timeout: 170_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  console.log(last);
  const m = /\(([\d.]+)%\)/.exec(last);
  assert.ok(m, `scorer output: ${r.stdout.slice(-500)} ${r.stderr.slice(-500)}`);
  assert.ok(Number(m[1]) >= 97, last);
});
