import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fixture, tempDir } from '../helpers.js';
import { parseJsonCommand } from '../../src/cli/parse-json.js';

async function run(files: string[]): Promise<{ code: number; lines: Array<Record<string, unknown>> }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const code = await parseJsonCommand(files, { out });
  return { code, lines: text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const CONTRACT_KEYS = ['format', 'version', 'title', 'link', 'feedUrl', 'description', 'language', 'image', 'updated', 'authors', 'items', 'bozo'];
const ITEM_KEYS = ['id', 'title', 'link', 'published', 'updated', 'authors', 'categories', 'summary', 'content', 'enclosures', 'image'];

test('one JSON line per file, in order, with only the contract fields; errors as {"error"}', async () => {
  const dir = tempDir();
  const html = join(dir, 'page.html');
  writeFileSync(html, '<!DOCTYPE html><html><body>hi</body></html>');
  const atom = join(dir, 'a.xml');
  writeFileSync(atom, '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://x.example/"><title>A</title><entry><title>e</title><content type="html">x</content></entry></feed>');
  const { code, lines } = await run([fixture('seed', 'guancha-headline.xml'), html, join(dir, 'missing.xml'), atom]);
  assert.equal(code, 0);
  assert.equal(lines.length, 4);
  assert.deepEqual(Object.keys(lines[0]), CONTRACT_KEYS);
  assert.deepEqual(Object.keys((lines[0].items as Array<Record<string, unknown>>)[0]), ITEM_KEYS);
  assert.equal(lines[0].title, '观察者网 - 头条');
  assert.deepEqual(lines[1], { error: 'not a feed: HTML page' });
  assert.equal(typeof lines[2].error, 'string');
  assert.deepEqual(Object.keys((lines[3].items as Array<Record<string, unknown>>)[0]), ITEM_KEYS); // no contentBase
});

test('FEED_HINTS supplies the document URL and Content-Type per absolute path', async () => {
  const dir = tempDir();
  const feed = join(dir, 'rel.xml');
  writeFileSync(feed, Buffer.from('<rss version="2.0"><channel><title>\xe9t\xe9</title><link>/home</link></channel></rss>', 'latin1'));
  const hints = join(dir, 'hints.json');
  writeFileSync(hints, JSON.stringify({ [feed]: { url: 'http://example.com/feeds/rel.xml', contentType: 'text/xml; charset=iso-8859-1' } }));
  const prev = process.env.FEED_HINTS;
  process.env.FEED_HINTS = hints;
  try {
    const { lines } = await run([feed]);
    assert.equal(lines[0].link, 'http://example.com/home');
    assert.equal(lines[0].title, 'été');
  } finally {
    if (prev === undefined) delete process.env.FEED_HINTS;
    else process.env.FEED_HINTS = prev;
  }
});
