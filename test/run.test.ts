// A run through the library API (`run`), against a loopback server that honours ETags: the decisions of
// src/refresh.ts and src/items/ seen from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, configFromObject, createFetcher, feedContext, openStore, refreshFeed, resolveSources } from '../src/index.js';
import type { Config } from '../src/model.js';
import { tempDir } from './helpers.js';

let server: Server;
let base = '';
const bodies = new Map<string, string>();
const hits: Array<{ path: string; conditional: boolean; status: number }> = [];
const delays = new Map<string, number>();

before(async () => {
  server = createServer((req, res) => {
    const delay = delays.get(req.url ?? '/') ?? 0;
    if (delay > 0) {
      setTimeout(() => answer(req, res), delay);
      return;
    }
    answer(req, res);
  });
  function answer(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
    const path = req.url ?? '/';
    const body = bodies.get(path);
    if (body === undefined) {
      hits.push({ path, conditional: false, status: 404 });
      res.writeHead(404).end();
      return;
    }
    const etag = `"${body.length}-${Buffer.from(body).reduce((a, b) => (a * 31 + b) >>> 0, 7)}"`;
    const conditional = req.headers['if-none-match'] !== undefined;
    if (req.headers['if-none-match'] === etag) {
      hits.push({ path, conditional, status: 304 });
      res.writeHead(304, { etag }).end();
      return;
    }
    hits.push({ path, conditional, status: 200 });
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function feed(items: Array<{ title: string; link: string; guid?: string; text: string }>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test</title><link>https://site.example/</link>
${items
  .map(
    (i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''}
<description>${esc(`<p>${i.text}</p>`)}</description><pubDate>Thu, 27 Jan 2022 10:09:07 GMT</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

function config(dir: string, path: string, categories: string[]): Config {
  return configFromObject(
    { output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0 }, feeds: [{ url: base + path, categories }] },
    dir,
  );
}

const posts = (dir: string): string[] => readdirSync(join(dir, 'posts')).sort();
const read = (dir: string, name: string): string => readFileSync(join(dir, 'posts', name), 'utf8');

test('editing the config re-renders the feed even though the server answers 304', async () => {
  const dir = tempDir();
  bodies.set('/cfg.xml', feed([{ title: 'One', link: 'https://site.example/1', text: 'first' }]));
  const first = await run(config(dir, '/cfg.xml', ['News', 'Site', 'Top']), { offline: true });
  assert.equal(first.newPosts, 1);
  const [name] = posts(dir);
  assert.match(read(dir, name!), / - Site\n/);

  const again = await run(config(dir, '/cfg.xml', ['News', 'Site', 'Top']), { offline: true });
  assert.equal(again.feeds[0]!.outcome, 'not-modified', 'same settings: the validator is sent and honoured');
  assert.equal(hits.at(-1)!.status, 304);

  const renamed = await run(config(dir, '/cfg.xml', ['News', 'Renamed', 'Top']), { offline: true });
  assert.equal(hits.at(-1)!.conditional, false, 'changed settings: no validator is sent');
  assert.equal(renamed.updatedPosts, 1);
  assert.deepEqual(posts(dir), [name], 'rewritten in place');
  assert.match(read(dir, name!), / - Renamed\n/);
});

test('items that share the home page as their link stay separate posts', async () => {
  const dir = tempDir();
  const home = 'https://site.example/';
  bodies.set('/home.xml', feed([
    { title: 'Morning brief', link: home, text: 'alpha' },
    { title: 'Evening brief', link: home, text: 'beta' },
    { title: 'Night brief', link: home, text: 'gamma' },
  ]));
  const summary = await run(config(dir, '/home.xml', ['A', 'B', 'C']), { offline: true });
  assert.equal(summary.newPosts, 3);
  const texts = posts(dir).map((n) => read(dir, n));
  for (const word of ['alpha', 'beta', 'gamma']) assert.equal(texts.filter((t) => t.includes(word)).length, 1, word);
});

test('a post left on disk by an interrupted run is adopted, not duplicated', async () => {
  const dir = tempDir();
  bodies.set('/adopt.xml', feed([
    { title: 'Kept', link: 'https://site.example/k', guid: 'k', text: 'kept' },
    { title: 'Also kept', link: 'https://site.example/a', guid: 'a', text: 'also' },
  ]));
  await run(config(dir, '/adopt.xml', ['A', 'B', 'C']), { offline: true });
  const written = posts(dir);
  assert.equal(written.length, 2);
  // Same posts folder, but a state store that never saw them (the run died before its commit).
  const other = tempDir();
  cpSync(join(dir, 'posts'), join(other, 'posts'), { recursive: true });
  const summary = await run(config(other, '/adopt.xml', ['A', 'B', 'C']), { offline: true });
  assert.equal(summary.newPosts, 2, 'recorded as new in the fresh store');
  assert.deepEqual(posts(other), written, 'no second copy with another name');
  const rerun = await run(config(other, '/adopt.xml', ['A', 'B', 'C']), { offline: true, force: true });
  assert.equal(rerun.newPosts + rerun.updatedPosts, 0);
});

test('a run starts the feeds that were slowest last time first; feeds never fetched count as slowest', async () => {
  const dir = tempDir();
  bodies.set('/order/fast.xml', feed([{ title: 'F', link: 'https://site.example/f', text: 'fast' }]));
  bodies.set('/order/slow.xml', feed([{ title: 'S', link: 'https://site.example/s', text: 'slow' }]));
  bodies.set('/order/new.xml', feed([{ title: 'N', link: 'https://site.example/n', text: 'new' }]));
  delays.set('/order/slow.xml', 150);
  const feeds = [{ url: `${base}/order/fast.xml` }, { url: `${base}/order/slow.xml` }];
  const cfg = (list: Array<{ url: string }>) =>
    configFromObject({ output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0, concurrency: 1 }, feeds: list.map((f) => ({ ...f, categories: ['t'] })) }, dir);
  // the order requests reach the server (feeds finish in another order: a document is processed after its slot is free)
  const order = async (c: Config): Promise<string[]> => {
    const from = hits.length;
    await run(c);
    return hits.slice(from).map((h) => h.path.replace(/.*\//, ''));
  };
  assert.deepEqual(await order(cfg(feeds)), ['fast.xml', 'slow.xml']); // nothing known yet: config order
  assert.deepEqual(await order(cfg([...feeds, { url: `${base}/order/new.xml` }])), ['new.xml', 'slow.xml', 'fast.xml']);
  delays.delete('/order/slow.xml');
});

test('fetch.concurrency bounds the feed requests in flight, whatever the per-host limit; all feeds are fetched', async () => {
  const dir = tempDir();
  const paths = Array.from({ length: 12 }, (_, n) => `/slots/${n}.xml`);
  for (const [n, path] of paths.entries()) {
    bodies.set(path, feed([{ title: `Slot ${n}`, link: `https://site.example/slot/${n}`, text: `body ${n}` }]));
    delays.set(path, 60);
  }
  let inFlight = 0;
  let most = 0;
  const onRequest = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    if (!req.url?.startsWith('/slots/')) return;
    most = Math.max(most, ++inFlight);
    res.on('close', () => inFlight--);
  };
  server.prependListener('request', onRequest);
  try {
    const cfg = configFromObject(
      { output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0, concurrency: 3, perHost: 50 }, feeds: paths.map((p) => ({ url: `${base}${p}`, categories: ['t'] })) },
      dir,
    );
    const summary = await run(cfg, { offline: true });
    assert.equal(summary.newPosts, 12);
    assert.equal(most, 3, `at most 3 requests at once, and 3 reached (saw ${most})`);
  } finally {
    server.removeListener('request', onRequest);
    for (const path of paths) delays.delete(path);
  }
});

test('a caller callback that throws ends the run with its error, once every feed is done and recorded', async () => {
  const dir = tempDir();
  for (const n of [1, 2, 3]) bodies.set(`/cb${n}.xml`, feed([{ title: `Feed ${n}`, link: `https://site.example/cb${n}`, text: `body ${n}` }]));
  const cfg = configFromObject(
    { output: { dir: 'posts' }, state: 'state.db', fetch: { retries: 0 }, feeds: [1, 2, 3].map((n) => ({ url: `${base}/cb${n}.xml`, categories: ['A', 'B', 'C'] })) },
    dir,
  );
  let calls = 0;
  await assert.rejects(
    run(cfg, { offline: true, onFeedDone: () => { calls++; throw new Error('progress display broke'); } }),
    /progress display broke/,
  );
  assert.equal(calls, 3, 'every feed still finished');
  assert.equal(posts(dir).length, 3);
  // the lock is released and every feed was recorded: the next run asks with validators
  const again = await run(cfg, { offline: true });
  assert.deepEqual(again.feeds.map((f) => f.outcome), ['not-modified', 'not-modified', 'not-modified']);
});

test('a run through the document worker writes exactly what refreshFeed in this thread writes, in every output', async () => {
  for (const n of [1, 2, 3]) {
    bodies.set(`/same${n}.xml`, feed([
      { title: `Feed ${n} 一`, link: `https://site.example/same/${n}/1`, text: `<b>one</b> of ${n}` },
      { title: `Feed ${n} 二`, link: `https://site.example/same/${n}/2`, guid: `g-${n}-2`, text: `two <img src="/p${n}.png"> of ${n}` },
    ]));
  }
  const cfg = (dir: string) =>
    configFromObject(
      {
        output: { dir: 'posts' },
        outputs: [{ format: 'hugo', dir: 'hugo' }, { format: 'jekyll', dir: 'jekyll/_posts' }],
        state: 'state.db',
        fetch: { retries: 0 },
        feeds: [1, 2, 3].map((n) => ({ url: `${base}/same${n}.xml`, categories: ['新闻', `Site ${n}`, 'Top'] })),
      },
      dir,
    );
  const viaWorker = tempDir();
  const summary = await run(cfg(viaWorker), { offline: true });
  assert.equal(summary.newPosts, 6);
  const here = tempDir();
  const config = cfg(here);
  const store = await openStore(config.state);
  const fetcher = createFetcher(config.fetch);
  try {
    for (const source of await resolveSources(config, { offline: true })) {
      assert.equal((await refreshFeed(source, feedContext(config, store, fetcher))).newPosts, 2);
    }
  } finally {
    await fetcher.close();
    await store.close();
  }
  for (const folder of ['posts', 'hugo', join('jekyll', '_posts')]) {
    const names = readdirSync(join(here, folder)).filter((n) => !n.startsWith('.')).sort();
    assert.equal(names.length, 6, folder);
    assert.deepEqual(readdirSync(join(viaWorker, folder)).filter((n) => !n.startsWith('.')).sort(), names, folder);
    for (const name of names) assert.equal(readFileSync(join(viaWorker, folder, name), 'utf8'), readFileSync(join(here, folder, name), 'utf8'), `${folder}/${name}`);
  }
});

test('several outputs and feeds out: every post in each format, the site feeds listing them; a rerun rewrites nothing', async () => {
  const dir = tempDir();
  bodies.set('/multi.xml', feed([
    { title: 'Alpha', link: 'https://site.example/alpha', text: 'alpha' },
    { title: 'Beta', link: 'https://site.example/beta', text: 'beta' },
  ]));
  const cfg = configFromObject(
    {
      output: { dir: 'posts' },
      outputs: [{ format: 'jekyll', dir: 'jekyll/_posts' }, { format: 'json', dir: 'data' }],
      feedsOut: { siteUrl: 'https://blog.example/', title: 'Blog', dir: 'public' },
      state: 'state.db',
      fetch: { retries: 0 },
      feeds: [{ url: base + '/multi.xml', categories: ['新闻', 'Site', 'Top'] }],
    },
    dir,
  );
  const first = await run(cfg, { offline: true });
  assert.equal(first.newPosts, 2);
  assert.equal(posts(dir).length, 2);
  const jekyll = readdirSync(join(dir, 'jekyll', '_posts'));
  assert.equal(jekyll.length, 2);
  for (const name of jekyll) assert.match(readFileSync(join(dir, 'jekyll', '_posts', name), 'utf8'), /^---\nlayout: "post"\ntitle: "(Alpha|Beta)"\n/);
  const json = readdirSync(join(dir, 'data')).filter((n) => n.endsWith('.json'));
  assert.deepEqual(json.map((n) => JSON.parse(readFileSync(join(dir, 'data', n), 'utf8')).title).sort(), ['Alpha', 'Beta']);
  const atom = readFileSync(join(dir, 'public', 'atom.xml'), 'utf8');
  assert.match(atom, /<title[^>]*>Alpha<\/title>/);
  assert.match(atom, /<title[^>]*>Beta<\/title>/);
  const before = readdirSync(join(dir, 'data')).map((n) => readFileSync(join(dir, 'data', n), 'utf8'));
  const again = await run(cfg, { offline: true, force: true });
  assert.equal(again.newPosts + again.updatedPosts, 0);
  assert.deepEqual(readdirSync(join(dir, 'data')).map((n) => readFileSync(join(dir, 'data', n), 'utf8')), before);
});
