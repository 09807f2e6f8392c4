// "Run now" in headless Chromium with the real run() and two feeds served on 127.0.0.1, each held until the
// test releases it: the run page shows each feed's report as it arrives (server-sent events), then the new posts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { makeSite, serveSite, writeFeed } from './site.js';
import { launch } from './browser.js';
import { watchedPage } from './browser.js';
import { send } from './http.js';

/** Serves feed files from a folder; a path in `held` waits until `release(path)`. */
function feedServer(dir: string, held: Set<string>) {
  const waiting = new Map<string, ServerResponse>();
  const answer = (path: string, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(readFileSync(join(dir, path.slice(1))));
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (held.has(path)) waiting.set(path, res);
    else answer(path, res);
  });
  return {
    server,
    async listen(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    /** lets the held request (now or when it comes) through */
    release(path: string) {
      held.delete(path);
      const res = waiting.get(path);
      if (res) answer(path, res);
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

test('run now: live progress per feed, then the new posts on the run page and the news page', async () => {
  const site = await makeSite([]);
  const feeds = feedServer(site.dir, new Set(['/fast.xml', '/slow.xml']));
  const base = await feeds.listen();
  cleanups.push(feeds.close);
  writeFeed(join(site.dir, 'fast.xml'), 'Fast item', 3, Date.now() - 60_000);
  writeFeed(join(site.dir, 'slow.xml'), 'Slow item', 2, Date.now() - 120_000);
  site.config.feeds.push({ url: `${base}/fast.xml`, categories: ['Fast'] }, { url: `${base}/slow.xml`, categories: ['Slow'] });
  const server = await serveSite(site);
  cleanups.push(() => site.store.close(), () => server.close());
  const browser = await launch();
  cleanups.push(() => browser.close());
  const { page, errors } = await watchedPage(browser);

  await page.goto(`${server.url}/health`);
  await page.locator('button', { hasText: 'Run all feeds now' }).click();
  await page.waitForURL(/\/run$/);
  assert.equal(await page.locator('[data-count]').textContent(), '0 of 2 feeds done'); // or what made the run fail
  assert.equal(await page.locator('#run').getAttribute('data-state'), 'running');
  const host = new URL(server.url).host;
  const again = await send(`${server.url}/run`, { method: 'POST', headers: { origin: `http://${host}`, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(again.status, 409, 'one run at a time');

  feeds.release('/fast.xml');
  const fastRow = page.locator(`#run tbody tr[data-key="${base}/fast.xml"]`);
  await fastRow.waitFor();
  assert.deepEqual(await fastRow.locator('td').allTextContents(), [`${base}/fast.xml`, 'ok', '3', '0', '']);
  assert.equal(await page.locator('[data-count]').textContent(), '1 of 2 feeds done');
  assert.equal(await page.locator('#run progress').evaluate((p: HTMLProgressElement) => p.value), 1);
  assert.equal(await page.locator('#run').getAttribute('data-state'), 'running', 'the row came over the event stream');
  await page.screenshot({ path: '/tmp/serve-run-progress.png' });

  feeds.release('/slow.xml');
  await page.locator('#run[data-state="done"]').waitFor(); // the script reloads the page when the run ends
  assert.match((await page.locator('[data-count]').textContent())!, /^done: 2 feeds, 5 new posts, 0 updated, 0 failed/);
  const newTitles = await page.locator('ol.new-posts a.title').allTextContents();
  assert.deepEqual(newTitles, ['Fast item 1', 'Slow item 1', 'Fast item 2', 'Slow item 2', 'Fast item 3']);
  await page.screenshot({ path: '/tmp/serve-run-done.png' });

  await page.locator('ol.new-posts a.title', { hasText: 'Slow item 2' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Slow item 2');
  assert.equal(await page.frameLocator('iframe.body').locator('p').first().textContent(), 'Text of Slow item 2');

  await page.goto(`${server.url}/`);
  assert.deepEqual((await page.locator('ol.posts a.title').allTextContents()).slice(0, 2), ['Fast item 1', 'Slow item 1']);
  assert.match((await page.locator('#count').textContent())!, /^5 posts/);

  // one feed from its health row: only that feed runs
  await page.goto(`${server.url}/health`);
  await page.locator(`tr[id="${base}/slow.xml"] button`).click();
  await page.waitForURL(/\/run$/);
  await page.locator('#run[data-state="done"]').waitFor();
  assert.match((await page.locator('#run h2').textContent())!, /feed http:\/\/127\.0\.0\.1:\d+\/slow\.xml/);
  assert.equal(await page.locator('#run tbody tr').count(), 1);
  assert.equal(await page.locator('p.notice', { hasText: 'no new posts' }).count(), 1);
  assert.deepEqual(errors, []);
});
