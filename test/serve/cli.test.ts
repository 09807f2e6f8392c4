// `feedmill serve` as users start it: the address rules before anything is opened, the URL it prints, and a
// clean stop on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, runCli, tempDir } from '../helpers.js';
import { send } from './http.js';

function site(): { dir: string; config: string } {
  const dir = tempDir('feedmill-serve-cli-');
  const config = join(dir, 'feedmill.yml');
  writeFileSync(config, 'output:\n  dir: posts\nstate: state.db\nfeeds:\n  - url: feed.xml\n    categories: [News]\n');
  return { dir, config };
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
  const child = spawn(process.execPath, [binPath, 'serve', '-c', config, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /^feedmill serve: (http:\/\/127\.0\.0\.1:\d+)\//m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  const health = await send(`${url}/health`);
  assert.equal(health.status, 200);
  assert.match(health.body, /feed\.xml/);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.match(out, /stopping/);
  assert.equal(err, '');
});
