// The content half of a feed's work (src/pipeline/render.ts) and its thread (render-client.ts): the seed
// feed through both must give the seed post, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeedRenderer, type RenderSettings } from '../../src/pipeline/render.js';
import { RenderClient } from '../../src/pipeline/render-client.js';
import { PostWriter } from '../../src/output/post-writer.js';
import type { WorkerLink } from '../../src/output/worker-link.js';
import type { Worker } from 'node:worker_threads';
import { DEFAULT_FILENAME_TEMPLATE, identityHash } from '../../src/output/filename.js';
import { fixture, tempDir } from '../helpers.js';
import { makeCtx, makeSource } from '../transform/make.js';

const seedXml = readFileSync(fixture('seed', 'guancha-headline.xml'));
const expected = readFileSync(fixture('seed', 'expected-post.md'), 'utf8');
const seedUrl = 'https://rsshub.app/guancha/headline';
const { images, content } = makeCtx();
const settings: RenderSettings = { images, content, dateStyle: 'rfc1123', filename: DEFAULT_FILENAME_TEMPLATE };
const source = makeSource({ key: seedUrl, url: seedUrl });
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
/** fault injection: the running thread behind a client */
const threadOf = (owner: RenderClient | PostWriter): Worker => (owner as unknown as { link: WorkerLink<unknown> }).link.thread()!;

function rss(items: string[]): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://ex.com/</link>${items.join('')}</channel></rss>`);
}
const item = (title: string, link: string, date: string | null): string =>
  `<item><title>${title}</title><link>${link}</link>${date ? `<pubDate>${date}</pubDate>` : ''}<description>&lt;p&gt;${title} body&lt;/p&gt;</description></item>`;

test('read then render: the seed item gives the seed post, its hash and its file name', () => {
  const r = new FeedRenderer(settings);
  const read = r.readFeed({ id: 1, body: seedXml, url: seedUrl, contentType: null, source });
  assert.ok(read.ok);
  assert.equal(read.items.length, 1);
  assert.equal(read.items[0]!.identity, 'https://www.guancha.cn/internation/2022_01_27_623541.shtml');
  const [out] = r.renderItems(1, [[0, Date.UTC(2023, 0, 1), null]]);
  assert.ok(out);
  assert.equal(out.changed, true);
  assert.equal(out.contentHash, sha256(expected));
  assert.equal(out.base, `2022-01-27-${identityHash(read.items[0]!.identity)}`);
  assert.equal(r.openCount, 1, 'the text waits to be written');
  const { block, spans } = r.posts(1, [0]);
  assert.equal(Buffer.from(block.subarray(...spans[0]!)).toString('utf8'), expected);
  assert.equal(r.openCount, 0, 'a written document is forgotten');
});

test('render keeps no text of a post that is the one last written', () => {
  const r = new FeedRenderer(settings);
  r.readFeed({ id: 7, body: seedXml, url: seedUrl, contentType: null, source });
  const [out] = r.renderItems(7, [[0, 0, sha256(expected)]]);
  assert.deepEqual(out, { changed: false, contentHash: sha256(expected), base: out!.base });
  assert.throws(() => r.posts(7, [0]), /no rendered post for item 0 of document 7/);
  assert.equal(r.openCount, 0);
});

test('read: newest first, cut at the limit; a link that items share identifies none of them', () => {
  const r = new FeedRenderer(settings);
  const body = rss([
    item('old', 'https://ex.com/a', 'Mon, 01 Jan 2024 00:00:00 GMT'),
    item('new', 'https://ex.com/b', 'Wed, 03 Jan 2024 00:00:00 GMT'),
    item('home1', 'https://ex.com/', 'Tue, 02 Jan 2024 00:00:00 GMT'),
    item('home2', 'https://ex.com/', 'Tue, 02 Jan 2024 00:00:00 GMT'),
  ]);
  const read = r.readFeed({ id: 2, body, url: 'https://ex.com/feed', contentType: null, source: makeSource({ limit: 3 }) });
  assert.ok(read.ok);
  assert.deepEqual(read.items.map((i) => i.link), ['https://ex.com/b', null, null]);
  assert.match(read.items[1]!.identity, /^sha256:/);
  assert.notEqual(read.items[1]!.identity, read.items[2]!.identity);
  r.drop(2);
  assert.equal(r.openCount, 0);
});

test('render: an undated item is dated by its first-seen date; a filtered one gives null', () => {
  const r = new FeedRenderer(settings);
  const body = rss([item('kept', 'https://ex.com/k', null), item('dropped spam', 'https://ex.com/d', null)]);
  const filtered = makeSource({ filters: [{ action: 'drop', fields: ['title'], patterns: [/spam/] }] });
  const read = r.readFeed({ id: 3, body, url: 'https://ex.com/feed', contentType: null, source: filtered });
  assert.ok(read.ok);
  const seen = Date.UTC(2021, 4, 6, 7, 8, 9);
  const [kept, dropped] = r.renderItems(3, [[0, seen, null], [1, seen, null]]);
  assert.equal(dropped, null);
  const { block, spans } = r.posts(3, [0]);
  assert.match(Buffer.from(block.subarray(...spans[0]!)).toString('utf8'), /\ndate: Thu, 06 May 2021 07:08:09 GMT\n/);
  assert.ok(kept!.base.startsWith('2021-05-06-'));
});

test('read: bytes that are no feed give a reason, and nothing stays open', () => {
  const r = new FeedRenderer(settings);
  const read = r.readFeed({ id: 4, body: Buffer.from('<!doctype html><html><body>hello</body></html>'), url: 'https://ex.com/', contentType: 'text/html', source });
  assert.equal(read.ok, false);
  assert.ok(!read.ok && read.reason.length > 0);
  assert.equal(r.openCount, 0);
  assert.deepEqual(r.renderItems(4, [[0, 0, null]]), [null]);
});


test('read with renderAsNew renders every item in the same step, as renderItems would with that date', () => {
  const body = rss([item('undated', 'https://ex.com/u', null), item('dropped spam', 'https://ex.com/d', null), item('another', 'https://ex.com/x', null)]);
  const filtered = makeSource({ filters: [{ action: 'drop', fields: ['title'], patterns: [/spam/] }] });
  const seen = Date.UTC(2021, 4, 6, 7, 8, 9);
  const once = new FeedRenderer(settings);
  const read = once.readFeed({ id: 5, body, url: 'https://ex.com/feed', contentType: null, source: filtered, renderAsNew: seen });
  assert.ok(read.ok && read.rendered);
  assert.equal(read.rendered.length, 3);
  assert.equal(read.rendered[1], null, 'the filter drops it');
  const twice = new FeedRenderer(settings);
  const plain = twice.readFeed({ id: 5, body, url: 'https://ex.com/feed', contentType: null, source: filtered });
  assert.ok(plain.ok);
  assert.equal(plain.rendered, null);
  assert.deepEqual(read.rendered, twice.renderItems(5, [[0, seen, null], [1, seen, null], [2, seen, null]]));
  // held by the items' places; writing forgets the document, which stayed open in case the store knew an item
  assert.equal(once.openCount, 2);
  const a = once.posts(5, [2, 0]);
  const b = twice.posts(5, [2, 0]);
  assert.deepEqual(a.spans.map((s) => Buffer.from(a.block.subarray(...s)).toString()), b.spans.map((s) => Buffer.from(b.block.subarray(...s)).toString()));
  assert.equal(once.openCount, 0);
  // the store knew an item after all: rendering again with its dates replaces the first rendering
  once.readFeed({ id: 6, body, url: 'https://ex.com/feed', contentType: null, source: filtered, renderAsNew: seen });
  const [again] = once.renderItems(6, [[0, Date.UTC(2020, 0, 1), null]]);
  assert.ok(again!.base.startsWith('2020-01-01-'));
  assert.match(Buffer.from(once.posts(6, [0]).block).toString(), /\ndate: Wed, 01 Jan 2020 00:00:00 GMT\n/);
  assert.equal(once.openCount, 0);
});
/** A render client connected to a post writer, both running, with a folder for posts; both stopped after. */
async function withThreads(body: (t: { dir: string; client: RenderClient; writer: PostWriter }) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const client = new RenderClient(settings);
  const writer = new PostWriter();
  try {
    await Promise.all([client.ready(), writer.ready()]);
    client.connectWriter(writer);
    await body({ dir, client, writer });
  } finally {
    await client.close();
    await writer.close();
  }
}

test('render thread: the seed goes through it to the writer thread; owned bytes move, pooled bytes are copied', () =>
  withThreads(async ({ dir, client, writer }) => {
    const owned = new Uint8Array(seedXml); // its own ArrayBuffer
    const read = await client.read({ id: 1, body: owned, url: seedUrl, contentType: null, source });
    assert.ok(read.ok);
    assert.equal(owned.byteLength, 0, 'handed over without a copy');
    const [out] = await client.render(1, [[0, 0, null]]);
    assert.equal(out!.changed, true);
    const errors = await client.write(1, [[0, join(dir, 'seed.md')]], writer);
    assert.deepEqual(errors, [null]);
    assert.equal(readFileSync(join(dir, 'seed.md'), 'utf8'), expected);

    const pooled = Buffer.from(rss([item('pooled', 'https://ex.com/p', 'Mon, 01 Jan 2024 00:00:00 GMT')]).toString('utf8'));
    const neighbour = Buffer.from('still here');
    const read2 = await client.read({ id: 2, body: pooled, url: 'https://ex.com/feed', contentType: null, source });
    assert.ok(read2.ok);
    assert.equal(read2.items[0]!.link, 'https://ex.com/p');
    client.drop(2);
    assert.equal(neighbour.toString(), 'still here', 'a pool slice is copied, the pool stays usable');

    // a post that cannot be written fails alone
    await client.read({ id: 3, body: new Uint8Array(seedXml), url: seedUrl, contentType: null, source });
    await client.render(3, [[0, 0, null]]);
    writeFileSync(join(dir, 'file'), 'not a folder');
    const [err] = await client.write(3, [[0, join(dir, 'file', 'seed.md')]], writer);
    assert.match(String(err?.message), /ENOTDIR|EEXIST/);
  }));

test('render thread: when it dies, its documents fail and later feeds are rendered and written from this thread', () =>
  withThreads(async ({ dir, client, writer }) => {
    const read = await client.read({ id: 1, body: new Uint8Array(seedXml), url: seedUrl, contentType: null, source });
    assert.ok(read.ok);
    // the thread goes away with the document still open in it
    await threadOf(client).terminate();
    await assert.rejects(client.render(1, [[0, 0, null]]), /render thread/);
    const again = await client.read({ id: 2, body: new Uint8Array(seedXml), url: seedUrl, contentType: null, source });
    assert.ok(again.ok);
    const [out] = await client.render(2, [[0, 0, null]]);
    assert.equal(out!.changed, true);
    assert.deepEqual(await client.write(2, [[0, join(dir, 'seed.md')]], writer), [null]);
    assert.equal(readFileSync(join(dir, 'seed.md'), 'utf8'), expected);
  }));

test('render thread: when the writer thread is gone, the texts come back and are written from this thread', () =>
  withThreads(async ({ dir, client, writer }) => {
    await threadOf(writer).terminate();
    await new Promise((r) => setTimeout(r, 20)); // its exit event
    assert.equal(writer.threaded, false);
    await client.read({ id: 1, body: new Uint8Array(seedXml), url: seedUrl, contentType: null, source });
    await client.render(1, [[0, 0, null]]);
    assert.deepEqual(await client.write(1, [[0, join(dir, 'seed.md')]], writer), [null]);
    assert.equal(readFileSync(join(dir, 'seed.md'), 'utf8'), expected);
  }));
