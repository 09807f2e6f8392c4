// "Run now" in headless Chromium with the real run() and two feeds served on 127.0.0.1, each held until the
// test releases it: the run page shows each feed's report as it arrives (server-sent events), then the new posts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeSite, serveSite, writeFeed } from './site.js';
import { launch } from './browser.js';
import { watchedPage } from './browser.js';
import { send } from './http.js';
import { feedServer } from './feed-server.js';
import { runPage } from '../../src/serve/pages/run.js';

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

test('closing the server interrupts a run now: a feed still waiting for its answer is skipped, the run says so', async () => {
  const site = await makeSite([]);
  const feeds = feedServer(site.dir, new Set(['/held.xml']));
  const base = await feeds.listen();
  cleanups.push(feeds.close);
  writeFeed(join(site.dir, 'fast.xml'), 'Quick item', 2, Date.now() - 60_000);
  writeFeed(join(site.dir, 'held.xml'), 'Held item', 2, Date.now() - 60_000);
  site.config.feeds.push({ url: `${base}/fast.xml`, categories: ['Fast'] }, { url: `${base}/held.xml`, categories: ['Held'] });
  const server = await serveSite(site);
  cleanups.push(() => site.store.close());
  const fastDone = new Promise<void>((resolve) => server.runs.listen((e) => e.type === 'feed' && e.report.key === `${base}/fast.xml` && resolve()));
  const host = new URL(server.url).host;
  const started = await send(`${server.url}/run`, { method: 'POST', headers: { origin: `http://${host}`, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(started.status, 303);
  await Promise.all([fastDone, feeds.requested('/held.xml')]);

  await server.close(); // returns once the run has ended: the held feed is never released
  const run = server.runs.current()!;
  assert.equal(run.state, 'done');
  assert.equal(run.summary!.interrupted, true);
  const held = run.reports.find((r) => r.key === `${base}/held.xml`)!;
  assert.equal(held.outcome, 'skipped');
  assert.match(held.reason!, /interrupted/);
  assert.equal(run.reports.find((r) => r.key === `${base}/fast.xml`)!.newPosts, 2);
  assert.deepEqual((await site.store.listPosts({})).items.map((i) => i.meta!.title), ['Quick item 1', 'Quick item 2'], 'what finished is saved');
  const shown = String(await runPage({ config: site.config, store: site.store, sources: [], runs: server.runs, now: Date.now }));
  assert.match(shown, /interrupted: 2 feeds, 2 new posts/);
});
