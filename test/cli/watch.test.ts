// feedmill watch through the real CLI against a local server: feeds are fetched on their interval unless they ask
// for longer (Cache-Control max-age, <ttl>) or back off after failures; SIGTERM lets the feed in flight finish,
// its post is written, and the process exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { binPath, tempDir } from '../helpers.js';
import { startServer } from './server.js';

function rss(name: string, titles: string[], channelExtra = ''): string {
  const items = titles.map((t, i) => `<item><title>${t}</title><link>https://example.com/${name}/${i}</link><guid>urn:${name}:${t}</guid><pubDate>Thu, 27 Jan 2022 10:0${i}:00 GMT</pubDate><description>${t} body</description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://example.com/</link>${channelExtra}${items.join('')}</channel></rss>`;
}

/** Resolves when `check` holds, polling; rejects after a generous guard so a broken build fails instead of hanging. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

test('watch: interval, max-age, <ttl> and backoff decide what is fetched; SIGTERM finishes the feed in flight and exits 0', async () => {
  let holdSlow = false;
  let held: ServerResponse | null = null;
  const server = await startServer((req, res) => {
    const path = req.url ?? '';
    const xml = { 'content-type': 'application/rss+xml' };
    if (path === '/fast') res.writeHead(200, xml).end(rss('fast', ['f1']));
    else if (path === '/cached') res.writeHead(200, { ...xml, 'cache-control': 'public, max-age=3600' }).end(rss('cached', ['c1']));
    else if (path === '/ttl') res.writeHead(200, xml).end(rss('ttl', ['t1'], '<ttl>60</ttl>'));
    else if (path === '/down') res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
    else if (path === '/slow' && holdSlow) held = res;
    else if (path === '/slow') res.writeHead(200, xml).end(rss('slow', ['s1']));
    else res.writeHead(404).end();
  });
  const dir = tempDir();
  const feeds = ['fast', 'cached', 'ttl', 'down', 'slow'].map((n) => `  - url: ${server.url}/${n}\n    categories: [${n}]\n`).join('');
  writeFileSync(join(dir, 'feedmill.yml'), `fetch: { retries: 0, timeout: 30s }\nfeeds:\n${feeds}`);
  // the slow feed has its own (longer) interval; the others follow --interval
  writeFileSync(join(dir, 'feedmill.yml'), readFileSync(join(dir, 'feedmill.yml'), 'utf8').replace(`${server.url}/slow\n`, `${server.url}/slow\n    interval: 2s\n`));
  const child = spawn(process.execPath, [binPath, 'watch', '--interval', '1s'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const count = (p: string): number => server.requests.filter((u) => u === p).length;
  try {
    await until(() => count('/fast') >= 4, 'four fetches of /fast');
    assert.equal(count('/cached'), 1, 'max-age=3600: not fetched again');
    assert.equal(count('/ttl'), 1, '<ttl>60</ttl>: not fetched again');
    assert.equal(count('/down'), 2, 'a first failure is retried on the next round; the second backs off');
    assert.ok(count('/slow') < count('/fast'), 'interval: 2s is fetched less often than --interval 1s');
    assert.match(stderr, /^\[\d\/5\] ok http:\/\/127\.0\.0\.1:\d+\/fast: 1 new/m);
    assert.doesNotMatch(stderr, /· 0 new · 0 updated · 0 failed/, 'rounds where nothing happened are not logged');
    assert.match(stderr, /^5 feeds · 4 new · 0 updated · 1 failed .*; next fetch \d{4}-\d\d-\d\d \d\d:\d\d$/m);

    // the next fetch of /slow brings a new item, but its answer waits until watch has been told to stop
    const before = count('/slow');
    holdSlow = true;
    await until(() => held !== null, 'the held /slow request');
    assert.equal(count('/slow'), before + 1);
    child.kill('SIGTERM');
    await until(() => /SIGTERM: finishing the feeds in flight/.test(stderr), 'the SIGTERM notice');
    held!.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('slow', ['s1', 'late item']));
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /feedmill watch: stopped\n$/);
    const posts = readdirSync(join(dir, 'source', '_posts')).map((f) => readFileSync(join(dir, 'source', '_posts', f), 'utf8'));
    assert.ok(posts.some((p) => p.includes("title: 'late item'")), 'the feed in flight was finished and written');
    assert.equal(posts.length, 5);
  } finally {
    child.kill('SIGKILL');
    await server.close();
  }
});

test('watch: a bad --interval is a usage error', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'feedmill.yml'), 'feeds: []\n');
  const child = spawn(process.execPath, [binPath, 'watch', '--interval', '5'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 2);
  assert.match(stderr, /^feedmill watch: --interval 5: expected a duration of 1s or more/);
});
