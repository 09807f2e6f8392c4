// The XML reader reads big latin1-viewed documents in windows (xml-reader.ts, WINDOW_SIZE): every result must
// be the same as reading the whole text at once, whatever token a window boundary falls in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAscii, isUtf8 } from 'node:buffer';
import { parseFeed } from '../../src/parse/index.js';
import { parseXmlFeed } from '../../src/parse/xml/builder.js';
import { WINDOW_SIZE } from '../../src/parse/xml-reader.js';
import { fixturesDir, repoRoot } from '../helpers.js';

const URL = 'http://example.org/feed';

/** Whole text vs windows of several sizes (the smallest the reader allows is 128), UTF-8 and ASCII paths. */
function assertSameInWindows(bytes: Buffer, label: string): void {
  const whole = parseXmlFeed(bytes.toString('utf8'), URL, {});
  for (const size of [128, 200, 333, 1024]) {
    const windowed = parseXmlFeed(null, URL, {}, null, bytes, size);
    assert.deepStrictEqual(windowed, whole, `${label}, UTF-8 windows of ${size}`);
    if (isAscii(bytes)) assert.deepStrictEqual(parseXmlFeed(null, URL, {}, bytes, null, size), whole, `${label}, ASCII windows of ${size}`);
  }
}

function xmlFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...xmlFiles(p));
    else if (/\.(xml|rss|atom|rdf)$/i.test(f)) out.push(p);
  }
  return out;
}

test('every UTF-8 parse fixture and bench corpus file reads the same in windows', () => {
  const files = [...xmlFiles(join(fixturesDir, 'parse')), ...xmlFiles(join(repoRoot, 'bench', 'corpus'))];
  let checked = 0;
  for (const f of files) {
    let bytes = readFileSync(f);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (!isUtf8(bytes) || !bytes.toString('latin1', 0, 512).trimStart().startsWith('<')) continue;
    assertSameInWindows(bytes, f);
    checked++;
  }
  assert.ok(checked >= 20, `only ${checked} files checked`);
});

test('tokens longer than a window and tokens cut by a window boundary', () => {
  const long = 'x'.repeat(700);
  const html = '<p>' + 'é “quoted” 中文 '.repeat(60) + '</p>';
  const doc =
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rss [\n<!ENTITY who "the author">\n' + '<!-- ' + long + ' -->\n]>\n' +
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel><title>T &who; &amp; co</title>\n' +
    Array.from({ length: 12 }, (_, i) =>
      `<item><title>t${i} &lt;b&gt; &#x4e2d; &amp;amp;</title><link>http://example.org/${i}?a=1&amp;b=${long.slice(0, i * 40)}</link>` +
      `<!-- ${long.slice(0, i * 50)} --><description><![CDATA[${html}${long.slice(0, i * 30)}]]></description>` +
      `<content:encoded>${html.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</content:encoded>` +
      `<enclosure url="http://example.org/a${i}.mp3?x=${'y'.repeat(i * 20)}&amp;z=1" length="${i}" type="audio/mpeg" title="a > b"/>` +
      `<dc:creator>Ann ${'é'.repeat(i)}</dc:creator><category>c${i}</category><?pi ${long.slice(0, i * 25)}?></item>\n`,
    ).join('') +
    '</channel></rss>\n';
  const bytes = Buffer.from(doc, 'utf8');
  assertSameInWindows(bytes, 'synthetic');
  const whole = parseXmlFeed(doc, URL, {}).doc!;
  assert.equal(whole.items.length, 12);
  assert.equal(whole.title, 'T the author & co');
  assert.equal(whole.items[3].title, 't3  中 &'); // (an RSS title that looks like HTML is read as HTML)
  assert.ok(whole.items[11].summary!.startsWith(html));
  assert.equal(whole.items[5].content, html);
  // a document cut off mid-item reads the same in windows, bozo reason included
  for (const cut of [doc.length - 40, Math.floor(doc.length / 2), doc.indexOf('<![CDATA[', 3000) + 50]) assertSameInWindows(Buffer.from(doc.slice(0, cut), 'utf8'), `cut at ${cut}`);
});

test('a short-lived parse (a run\'s document stage: slices kept, nothing copied out) reads every fixture as a kept one does', () => {
  const files = [...xmlFiles(join(fixturesDir, 'parse')), ...xmlFiles(join(repoRoot, 'bench', 'corpus'))];
  let checked = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    let kept;
    try {
      kept = parseFeed(bytes, { url: URL });
    } catch (err) {
      assert.throws(() => parseFeed(bytes, { url: URL, shortLived: true }), { message: (err as Error).message }, f);
      continue;
    }
    assert.deepStrictEqual(parseFeed(bytes, { url: URL, shortLived: true }), kept, f);
    checked++;
  }
  assert.ok(checked >= 20, `only ${checked} files checked`);
});

test('parseFeed reads a document bigger than a window in windows, with the same result as from text', () => {
  const item = (i: number): string =>
    `<item><title>Story ${i} &amp; more — “quoted”</title><link>https://example.org/s/${i}</link><guid isPermaLink="false">id-${i}-${'k'.repeat(20)}</guid>` +
    `<pubDate>Thu, 27 Jan 2022 10:09:07 GMT</pubDate><category>News</category><category>Tech ${i % 3}</category><author>a@example.org (Ann Example)</author>` +
    `<description>${'&lt;p&gt;Some &lt;b&gt;escaped&lt;/b&gt; HTML with an é. '.repeat(8)}&lt;/p&gt;</description>` +
    `<enclosure url="https://cdn.example.org/${i}.jpg" type="image/jpeg" length="${1000 + i}"/></item>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title><link>https://example.org/</link>${Array.from({ length: 200 }, (_, i) => item(i)).join('\n')}</channel></rss>`;
  const bytes = Buffer.from(xml, 'utf8');
  assert.ok(bytes.length > 3 * WINDOW_SIZE);
  const fromBytes = parseFeed(bytes);
  const fromText = parseFeed(xml);
  assert.equal(fromBytes.encoding, 'utf-8');
  delete fromBytes.encoding;
  assert.deepStrictEqual(fromBytes, fromText);
  assert.deepStrictEqual(parseFeed(bytes, { shortLived: true }), { ...fromText, encoding: 'utf-8' });
  assert.equal(fromBytes.items.length, 200);
  assert.equal(fromBytes.items[199].title, 'Story 199 & more — “quoted”');
  assert.deepEqual(fromBytes.items[7].categories, ['News', 'Tech 1']);
  assert.equal(fromBytes.items[7].image, 'https://cdn.example.org/7.jpg');
  assert.equal(fromBytes.items[7].published, '2022-01-27T10:09:07.000Z');
  // pure ASCII takes the other byte path
  const ascii = Buffer.from(xml.replace(/[^\x00-\x7f]/g, '?'), 'latin1');
  const a = parseFeed(ascii);
  delete a.encoding;
  assert.deepStrictEqual(a, parseFeed(ascii.toString('latin1')));
  // mostly CJK text (which a small document would have decoded whole) is read in windows too
  const zh = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title><![CDATA[观察者网 - 头条]]></title>${Array.from({ length: 300 }, (_, i) =>
    `<item><title><![CDATA[标题${i}“引号”]]></title><description><![CDATA[<p>${'中文内容，测试窗口读取。'.repeat(12)}</p>]]></description><guid isPermaLink="false">https://www.guancha.cn/a/${i}.shtml</guid><category>国际</category></item>`).join('\n')}</channel></rss>`;
  const zhBytes = Buffer.from(zh, 'utf8');
  assert.ok(zhBytes.length > 3 * WINDOW_SIZE);
  const z = parseFeed(zhBytes);
  delete z.encoding;
  assert.deepStrictEqual(z, parseFeed(zh));
  assert.equal(z.items[299].title, '标题299“引号”');
  assert.deepEqual(z.items[5].categories, ['国际']);
});

test('a big document that is not a feed is still told apart', () => {
  const html = Buffer.from('\n  <!DOCTYPE html><html><body>' + '<p>x</p>'.repeat(10_000) + '</body></html>');
  assert.throws(() => parseFeed(html), /HTML page/);
  const json = Buffer.from(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: Array.from({ length: 2000 }, (_, i) => ({ id: String(i), content_text: 'text ' + i })) }));
  assert.ok(json.length > WINDOW_SIZE);
  assert.equal(parseFeed(json).items.length, 2000);
  const ws = Buffer.concat([Buffer.alloc(WINDOW_SIZE + 10, 0x20), Buffer.from('<rss version="2.0"><channel><title>late</title></channel></rss>')]);
  assert.equal(parseFeed(ws).title, 'late');
  assert.throws(() => parseFeed(Buffer.alloc(WINDOW_SIZE * 2, 0x20)), /empty body/);
});
