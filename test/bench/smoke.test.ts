// Smoke test of the benchmark harness: `node bench/run.mjs --quick` (every size shrunk) must run every
// section and write results. No timing is asserted; the figures come from `npm run bench`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../helpers.js';

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bench', 'run.mjs'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('bench --quick runs every section and writes results.json', { timeout: 330_000 }, async () => {
  const dir = tempDir('feedmill-bench-smoke-');
  try {
    const out = join(dir, 'results.json');
    const r = await runBench(['--quick', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(out), 'results.json written');
    const res = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(res.mode, 'quick');
    for (const s of ['parser', 'e2e', 'scale', 'store', 'startup', 'serve', 'fulltext', 'images']) {
      assert.ok(res.sections[s], `section ${s} present`);
      assert.equal(res.sections[s].error, undefined, `section ${s} ran: ${res.sections[s].error}`);
    }
    const real = res.sections.parser.throughput.datasets.real;
    for (const lib of ['feedsmith', 'rss-parser', 'rowanmanning', 'tokenizer']) {
      assert.ok(real.contenders[lib].mbps > 0, `${lib} measured`);
    }
    assert.ok(res.sections.e2e.pass1.naive.tally?.ok ?? res.sections.e2e.pass1.naive.details[0].tally.ok, 'naive aggregator fetched feeds');
    // the floor program did the whole pass: every feed read, one file per item, then every feed unchanged
    const e2e = res.sections.e2e;
    const floor1 = e2e.pass1.floor.details[0].tally;
    assert.equal(floor1.ok, e2e.feeds);
    assert.equal(floor1.files, e2e.feeds * e2e.itemsPerFeed);
    assert.equal(e2e.pass2.floor.details[0].tally.notModified, e2e.feeds);
    // the usage reporter measured how busy feedmill's main thread was
    assert.ok(e2e.pass1.feedmill.loopActiveMs > 0 && e2e.pass1.feedmill.loopActiveMs < e2e.pass1.feedmill.wallMs);
    // download mode stored every picture of the first pass and fetched none on the rerun
    const im = res.sections.images;
    assert.equal(im.pass1.served.images, im.feeds * im.itemsPerFeed * im.imagesPerItem);
    assert.equal(im.pass1.imageFiles, im.pass1.served.images);
    assert.deepEqual([im.pass2.served.images, im.pass2.filesWritten], [0, 0]);
    assert.ok(Array.isArray(res.targets) && res.targets.length >= 10, 'targets evaluated');
    assert.match(r.stdout, /TARGETS/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
