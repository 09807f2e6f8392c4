// `feedmill serve` as users start it: the address rules before anything is opened, the URL it prints, and a
// clean stop on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, runCli, tempDir } from '../helpers.js';
import { send } from './http.js';
import { feedServer } from './feed-server.js';
import { writeFeed } from './site.js';

function site(feedUrl = 'feed.xml'): { dir: string; config: string } {
  const dir = tempDir('feedmill-serve-cli-');
  const config = join(dir, 'feedmill.yml');
  writeFileSync(config, `output:\n  dir: posts\nstate: state.db\nfeeds:\n  - url: ${feedUrl}\n    categories: [News]\n`);
  return { dir, config };
}

/** Starts `feedmill serve` on a free port; resolves with the child and the address it prints. */
async function startServe(config: string) {
  const child = spawn(process.execPath, [binPath, 'serve', '-c', config, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { out: '', err: '' };
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output.err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output.out += d;
      const m = /^feedmill serve: (http:\/\/127\.0\.0\.1:\d+)\//m.exec(output.out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output.err}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, url, output, exited };
}

test('serve on a non-loopback address without a token is a usage error, and opens nothing', async () => {
  const { dir, config } = site();
  const r = await runCli(['serve', '-c', config, '--host', '0.0.0.0']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), 'feedmill serve: serving on 0.0.0.0 needs --token: every request must then carry it');
  assert.equal(existsSync(join(dir, 'state.db')), false);
  const port = await runCli(['serve', '-c', config, '--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port must be a number/);
});

test('serve prints its address, answers, and stops on SIGTERM', async () => {
  const { config } = site();
  const { child, url, output, exited } = await startServe(config);
  const health = await send(`${url}/health`);
  assert.equal(health.status, 200);
  assert.match(health.body, /feed\.xml/);
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.match(output.out, /stopping\n/);
  assert.equal(output.err, '');
});

test('Ctrl-C during a run now interrupts the run (a feed that never answers is not waited for) and exits 0', async () => {
  const dir = tempDir('feedmill-serve-cli-feeds-');
  writeFeed(join(dir, 'held.xml'), 'Held', 1, Date.now());
  const feeds = feedServer(dir, new Set(['/held.xml']));
  const base = await feeds.listen();
  try {
    const { config } = site(`${base}/held.xml`);
    const { child, url, output, exited } = await startServe(config);
    const run = await send(`${url}/run`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(run.status, 303);
    await feeds.requested('/held.xml');
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(output.out, /stopping \(the run in progress is interrupted/);
    assert.equal(output.err, '');
  } finally {
    await feeds.close();
  }
});
