// The document worker against the same stage in this thread: the seed feed's real bytes give the same items and
// the same posts either way; a document that is not a feed fails the same way; a killed worker fails only the
// calls it held, and the next call starts a new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromObject } from '../../src/index.js';
import { InProcessDocuments, type DocumentStage, type RenderJob } from '../../src/stage/documents.js';
import { DocumentPool } from '../../src/stage/pool.js';
import { fixture, sourceFor, tempDir } from '../helpers.js';

const seed = readFileSync(fixture('seed', 'guancha-headline.xml'));
const opts = { url: 'https://rsshub.app/guancha/headline', timezone: 'Asia/Shanghai' };
const config = configFromObject({ output: { dir: 'posts' }, feeds: [] }, tempDir());
const settings = { images: config.images, content: config.content, outputs: config.outputs, output: { filename: config.output.filename } };
const source = sourceFor(opts.url, { categories: ['新闻', '观察者网', '头条'], timezone: 'Asia/Shanghai' });

async function parseAndRender(stage: DocumentStage) {
  // a copy: the worker takes the body's memory
  const parsed = await stage.parse(Buffer.from(seed), opts, 50);
  assert.ok(parsed.ok);
  const jobs: RenderJob[] = parsed.doc.items.map((ids, at) => ({ at, identity: ids.identity, firstSeen: Date.UTC(2026, 0, 1) }));
  const rendered = await stage.render(parsed.doc, jobs, source, settings);
  return { head: parsed.doc.head, items: parsed.doc.items, rendered };
}

test('the document worker parses and renders exactly as this thread does', async () => {
  const pool = new DocumentPool();
  try {
    const [here, there] = await Promise.all([parseAndRender(new InProcessDocuments()), parseAndRender(pool)]);
    assert.ok(here.items.length > 0);
    assert.deepEqual(there.head, here.head);
    assert.deepEqual(there.items, here.items);
    assert.deepEqual(there.rendered, here.rendered);
    assert.equal(there.rendered[0]!.when.date instanceof Date, true);
    assert.ok(there.rendered.every((r) => r!.texts.every((t) => typeof t === 'string' && t.includes(r!.meta.title))));
  } finally {
    await pool.close();
  }
});

test('a document that is not a feed fails with the same reason in the worker; a dropped document is gone', async () => {
  const pool = new DocumentPool();
  try {
    const html = new TextEncoder().encode('<!doctype html><html><body><p>hello</p></body></html>');
    const [here, there] = await Promise.all([new InProcessDocuments().parse(html, opts, 50), pool.parse(html.slice(), opts, 50)]);
    assert.equal(here.ok, false);
    assert.deepEqual(there, here);
    const body = Buffer.concat([seed, Buffer.alloc(0)]);
    const parsed = await pool.parse(body, opts, 50);
    assert.ok(parsed.ok);
    assert.equal(body.length, 0, 'a body that owns its memory moves to the worker');
    await pool.render(parsed.doc, [], source, settings);
    pool.drop(parsed.doc);
    await assert.rejects(pool.render(parsed.doc, [], source, settings), /is not open here/);
  } finally {
    await pool.close();
  }
});

test('a killed worker fails the calls it held; the next call starts a new one', async () => {
  const pool = new DocumentPool();
  try {
    const parsed = await pool.parse(Buffer.from(seed), opts, 50);
    assert.ok(parsed.ok);
    const worker = (pool as unknown as { worker: import('node:worker_threads').Worker }).worker;
    const held = pool.parse(Buffer.from(seed), opts, 50);
    await worker.terminate();
    await assert.rejects(held, /document worker stopped/);
    // the document it held is gone with it
    await assert.rejects(pool.render(parsed.doc, [], source, settings), /is not open here/);
    const again = await parseAndRender(pool);
    assert.ok(again.rendered.length > 0 && again.rendered.every((r) => r !== null));
  } finally {
    await pool.close();
  }
});

test('a worker at work keeps the process alive; an idle one does not', async () => {
  // the process's only work is the call: if the busy worker let go of the event loop, node would exit with the
  // top-level await unsettled (code 13); if the idle one held it, node would never exit
  const pool = new URL('../../src/stage/pool.js', import.meta.url).href;
  const script = `import { DocumentPool } from '${pool}'; import { readFileSync } from 'node:fs';
    const p = new DocumentPool(); const r = await p.parse(readFileSync(${JSON.stringify(fixture('seed', 'guancha-headline.xml'))}), {}, 50);
    console.log(r.ok, r.ok && r.doc.items.length);`;
  const file = join(tempDir(), 'one-parse.mjs');
  writeFileSync(file, script);
  const child = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(child.signal, null, 'the idle worker kept the process alive');
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /^true [1-9]\d*\n$/);
});
