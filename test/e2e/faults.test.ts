// The fault matrix of issue 4, end to end: one `feedmill run` over good feeds beside every kind of bad one,
// against a misbehaving server on 127.0.0.1; then a second run that must send validators and get 304s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, repoRoot } from '../helpers.js';
import { startFaultServer, type FaultServer } from '../fetch/fault-server.js';

const built = existsSync(join(repoRoot, 'dist', 'src', 'run.js')) && existsSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js'));

/** path on the fault server → the reason the run must give (null: a good feed) */
const MATRIX: Array<{ name: string; path: string; reason: RegExp | null }> = [
  { name: 'alpha', path: '/good/alpha.xml', reason: null },
  { name: 'beta', path: '/good/beta.xml', reason: null },
  { name: 'gzipped', path: '/gzip-feed', reason: null },
  { name: 'moved', path: '/redirect-good', reason: null },
  { name: 'missing', path: '/404', reason: /HTTP 404/ },
  { name: 'broken', path: '/500', reason: /HTTP 500/ },
  { name: 'route-failed', path: '/503-retry-after?s=3600', reason: /HTTP 503/ },
  { name: 'busy', path: '/429?s=120', reason: /HTTP 429/ },
  { name: 'silent', path: '/hang', reason: /timeout after 1s/ },
  { name: 'reset', path: '/reset', reason: /connection reset/ },
  { name: 'webpage', path: '/html', reason: /not a feed/i },
  { name: 'blank', path: '/empty', reason: /empty body/ },
  { name: 'loop', path: '/loop-a', reason: /redirect loop/ },
  { name: 'huge-declared', path: '/big-cl', reason: /body over 1MB/ },
  { name: 'huge-chunked', path: '/big-chunked', reason: /body over 1MB/ },
  { name: 'bomb', path: '/gzip-bomb', reason: /body over 1MB/ },
  { name: 'trickle', path: '/trickle', reason: /timeout after 1s/ },
];

let server: FaultServer;
let dir: string;
let cfg: string;

before(async () => {
  server = await startFaultServer({ bigBytes: 3 * 1024 * 1024 });
  dir = tempDir('feedmill-faults-');
  cfg = join(dir, 'feedmill.yml');
  const feeds = MATRIX.map((f) => `  - url: "${server.base}${f.path}"\n    categories: [Faults, ${f.name}]`).join('\n');
  writeFileSync(
    cfg,
    `output:
  dir: posts
state: .feedmill/state.db
fetch:
  timeout: 1s
  connectTimeout: 1s
  maxBytes: 1MB
  concurrency: 17
  perHost: 8
  retries: 1
feeds:
${feeds}
`,
  );
});
after(async () => {
  await server?.close();
});

/** the lines of the run's output that name a feed, with the categories shown beside it */
function linesFor(output: string, path: string): string[] {
  return output.split('\n').filter((l) => l.includes(path));
}

function postFiles(): Map<string, { text: string; mtimeMs: number }> {
  const out = new Map<string, { text: string; mtimeMs: number }>();
  const postsDir = join(dir, 'posts');
  if (!existsSync(postsDir)) return out;
  for (const name of readdirSync(postsDir)) {
    const p = join(postsDir, name);
    out.set(name, { text: readFileSync(p, 'utf8'), mtimeMs: statSync(p).mtimeMs });
  }
  return out;
}

test('fault matrix: good feeds are written, every bad feed is named with its reason, two runs, status', { skip: !built && 'the CLI is not built' }, async () => {
  // ── first run ──
  const first = await runCli(['run', '-c', cfg], { timeoutMs: 60_000 });
  const out1 = first.stdout + first.stderr;
  assert.equal(first.code, 0, `run exits 0 even with failing feeds (a killed, hanging run gives null)\n${out1}`);

  const posts = postFiles();
  const texts = [...posts.values()].map((p) => p.text).join('\n');
  for (const name of ['alpha', 'beta', 'gz', 'redirected']) {
    for (let i = 1; i <= 3; i++) assert.ok(texts.includes(`${name} item ${i}`), `post "${name} item ${i}" written\n${out1}`);
  }
  assert.equal(posts.size, 12, 'the good feeds\' 12 items, nothing from the bad ones');

  for (const f of MATRIX) {
    const lines = linesFor(out1, f.path);
    assert.ok(lines.length > 0, `${f.path} is named in the output\n${out1}`);
    if (f.reason) {
      assert.ok(
        lines.some((l) => f.reason!.test(l) && l.includes(f.name)),
        `${f.path} is reported with ${f.reason} and its categories\n${lines.join('\n')}`,
      );
    } else {
      assert.ok(!lines.some((l) => /FAILED/.test(l)), `${f.path} did not fail\n${lines.join('\n')}`);
    }
  }
  assert.ok(linesFor(out1, '/redirect-good').some((l) => l.includes('/good/redirected.xml')), 'the permanent redirect is reported');

  // ── second run: validators sent, 304s, nothing written ──
  const before304 = server.requests.length;
  const second = await runCli(['run', '-c', cfg], { timeoutMs: 60_000 });
  const out2 = second.stdout + second.stderr;
  assert.equal(second.code, 0, out2);
  const secondRequests = server.requests.slice(before304);
  for (const path of ['/good/alpha.xml', '/good/beta.xml', '/redirect-good']) {
    const req = secondRequests.find((r) => r.path === path);
    assert.ok(req, `${path} fetched again`);
    assert.ok(req.headers['if-none-match'], `${path}: If-None-Match sent`);
    assert.ok(req.headers['if-modified-since'], `${path}: If-Modified-Since sent`);
  }
  const after = postFiles();
  assert.equal(after.size, posts.size);
  for (const [name, p] of posts) {
    assert.equal(after.get(name)?.mtimeMs, p.mtimeMs, `${name} untouched by the second run`);
  }
  for (const f of MATRIX.filter((m) => !m.reason)) {
    assert.ok(!linesFor(out2, f.path).some((l) => /FAILED/.test(l)), `${f.path} fine on the second run`);
  }

  // ── status --json shows the health of every feed ──
  const status = await runCli(['status', '--json', '-c', cfg]);
  assert.equal(status.code, 0, status.stderr);
  const rows = JSON.parse(status.stdout) as Array<{
    url: string;
    lastSuccess: string | null;
    lastError: string | null;
    failures: number;
    nextAttempt: string | null;
    itemsKnown: number;
    permanentRedirect: string | null;
  }>;
  const row = (path: string) => rows.find((r) => r.url === server.base + path)!;
  assert.equal(rows.length, MATRIX.length);
  for (const f of MATRIX) {
    const r = row(f.path);
    assert.ok(r, `${f.path} in status`);
    if (f.reason) {
      assert.match(r.lastError ?? '', f.reason, f.path);
      assert.ok(r.failures >= 1, `${f.path} counts failures`);
    } else {
      assert.ok(r.lastSuccess, `${f.path} has a last success`);
      assert.equal(r.failures, 0);
      assert.equal(r.itemsKnown, 3, `${f.path} knows its items`);
    }
  }
  assert.equal(row('/404').failures, 2, 'failed on both runs');
  // Retry-After of an hour: not retried within the run, and the next attempt waits for it
  assert.ok(row('/503-retry-after?s=3600').nextAttempt, 'backing off after Retry-After');
  assert.equal(row('/redirect-good').permanentRedirect, `${server.base}/good/redirected.xml`);
});
