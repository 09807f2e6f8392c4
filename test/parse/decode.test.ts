import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { fixture } from '../helpers.js';
import { charsetFromContentType, decodeBytes, declaredCharset, normalizeCharset } from '../../src/parse/decode.js';
import { parseFeed } from '../../src/parse/index.js';

const enc = (name: string): Buffer => readFileSync(fixture('parse', 'encoding', name));

test('gb2312 label with GBK-only characters decodes as GB18030', () => {
  const doc = parseFeed(enc('gb2312-labelled-gbk.xml'));
  assert.equal(doc.title, '朱镕基访问观察者网');
  assert.equal(doc.encoding, 'gb18030');
  assert.equal(doc.bozo, false);
});

test('Big5, Shift_JIS, EUC-KR, EUC-JP and windows-1251 declared in the XML declaration', () => {
  assert.equal(parseFeed(enc('big5.xml')).title, '中央社即時新聞');
  assert.equal(parseFeed(enc('shift_jis.xml')).title, '日本語のニュース');
  assert.equal(parseFeed(enc('euc-kr.xml')).title, '한국어 뉴스');
  assert.equal(parseFeed(enc('euc-jp.xml')).items[0].title, '日本語のニュース');
  assert.equal(parseFeed(enc('windows-1251.xml')).title, 'Новости дня');
});

test('UTF-16 with a BOM and without one', () => {
  const le = parseFeed(enc('utf-16le-bom.xml'));
  assert.equal(le.title, 'Ünïcödé 新闻');
  assert.equal(le.encoding, 'utf-16le');
  const be = parseFeed(enc('utf-16be-nobom.xml'));
  assert.equal(be.title, 'Ünïcödé 新闻');
  assert.equal(be.encoding, 'utf-16be');
});

test('UTF-8 BOM wins over a conflicting HTTP charset', () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss version="2.0"><channel><title>Café</title></channel></rss>')]);
  const doc = parseFeed(bytes, { contentType: 'text/xml; charset=windows-1251' });
  assert.equal(doc.title, 'Café');
});

test('HTTP charset beats the XML declaration', () => {
  const bytes = iconv.encode('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>观察</title></channel></rss>', 'gbk');
  const doc = parseFeed(bytes, { contentType: 'application/rss+xml; charset="GBK"' });
  assert.equal(doc.title, '观察');
  assert.equal(doc.encoding, 'gb18030');
});

test('valid UTF-8 labelled Latin-1 is read as UTF-8 (and flagged)', () => {
  const doc = parseFeed(enc('utf8-labelled-latin1.xml'));
  assert.equal(doc.title, 'Café crème');
  assert.equal(doc.encoding, 'utf-8');
  assert.equal(doc.bozo, true);
});

test('Latin-1 bytes labelled UTF-8 fall back to windows-1252 (and flagged)', () => {
  const doc = parseFeed(enc('latin1-labelled-utf8.xml'));
  assert.equal(doc.title, 'Café crème');
  assert.equal(doc.bozo, true);
});

test('undeclared non-UTF-8 bytes are sniffed from the declared language', () => {
  const doc = parseFeed(enc('gbk-undeclared.xml'));
  assert.equal(doc.title, '观察者网');
  assert.equal(doc.bozo, true);
});

test('undecodable bytes never throw', () => {
  const junk = Buffer.concat([Buffer.from('<rss version="2.0"><channel><title>a'), Buffer.from([0xff, 0xfe, 0x80, 0xc3]), Buffer.from('b</title></channel></rss>')]);
  const doc = parseFeed(junk, { contentType: 'text/xml; charset=utf-8' });
  assert.equal(doc.format, 'rss');
  assert.equal(doc.bozo, true);
  const unknown = parseFeed(Buffer.from('<?xml version="1.0" encoding="x-no-such"?><rss><channel><title>t</title></channel></rss>'));
  assert.equal(unknown.title, 't');
  assert.equal(unknown.bozo, true);
});

test('label helpers', () => {
  assert.equal(normalizeCharset('GB2312'), 'gb18030');
  assert.equal(normalizeCharset('gbk'), 'gb18030');
  assert.equal(normalizeCharset('ISO-8859-1'), 'windows-1252');
  assert.equal(normalizeCharset('UTF8'), 'utf-8');
  assert.equal(normalizeCharset('no-such-charset'), null);
  assert.equal(charsetFromContentType('text/xml; charset="Big5"'), 'Big5');
  assert.equal(charsetFromContentType('text/xml'), null);
  assert.equal(declaredCharset('<?xml version="1.0" encoding=\'Shift_JIS\'?>'), 'Shift_JIS');
  assert.equal(declaredCharset('<html><head><meta charset="gbk">'), 'gbk');
  assert.equal(decodeBytes(Buffer.from('plain')).encoding, 'utf-8');
});

test('undeclared GBK without a language is recognised from its double-byte pattern', () => {
  const bytes = iconv.encode('<rss version="2.0"><channel><title>观察者网新闻头条</title></channel></rss>', 'gbk');
  assert.equal(parseFeed(bytes).title, '观察者网新闻头条');
  const latin = iconv.encode('<rss version="2.0"><channel><title>Café crème brûlée à la française</title></channel></rss>', 'latin1');
  assert.equal(parseFeed(latin).title, 'Café crème brûlée à la française');
});

test('a wrong HTTP utf-8 label falls back to the legacy encoding the document declares', () => {
  const bytes = iconv.encode('<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>观察者网</title></channel></rss>', 'gbk');
  const doc = parseFeed(bytes, { contentType: 'text/xml; charset=utf-8' });
  assert.equal(doc.title, '观察者网');
  assert.equal(doc.bozo, true);
  const unknownHttp = parseFeed(bytes, { contentType: 'text/xml; charset=bogus' });
  assert.equal(unknownHttp.title, '观察者网');
});

// Mostly-ASCII UTF-8 is scanned as its latin1 view and only the kept ranges are decoded: the result must be
// exactly what parsing the decoded text gives.
const MOSTLY_ASCII = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY brand "Café Ünïcode">]>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:ü="http://example.com/ü">
<channel>
  <title>It’s a “quoted” feed — &brand; 🚀</title>
  <link>https://example.com/ü/</link>
  <description>Plain ASCII description that is long enough to be a slice of the document</description>
  <item>
    <title>Héllo &amp; “world” &#8212; ok &hellip;</title>
    <link>https://example.com/posts/naïve?q=ü&amp;x=1</link>
    <description><![CDATA[<p>CDATA with emoji 😀 and “curly” quotes</p>]]></description>
    <dc:creator>José Müller</dc:creator>
    <category domain="https://example.com/ü">Ünïcode tag</category>
    <ü:thing>ignored element with a non-ASCII name</ü:thing>
    <guid isPermaLink="false">id-é-1</guid>
    <enclosure url="https://example.com/a/ü.mp3" type="audio/mpeg" length="12"/>
  </item>
  <item>
    <title>Second, plain ASCII title long enough</title>
    <description>escaped &lt;b&gt;bold&lt;/b&gt; — with a dash &amp; more</description>
    <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><p xmlns="http://www.w3.org/1999/xhtml" title="ñ">naked <i>mixed</i> markup é</p></content:encoded>
    <pubDate>Thu, 27 Jan 2022 10:09:07 GMT</pubDate>
  </item>
  <item><title>ctrl ￾ char</title></item>
</channel>
</rss>
` + ' '.repeat(4000);

test('mostly-ASCII UTF-8 (curly quotes, emoji, accents) parses the same from bytes as from decoded text', () => {
  const bytes = Buffer.from(MOSTLY_ASCII, 'utf8');
  assert.ok(decodeBytes(bytes, null, { latin1View: true }).utf8Bytes, 'the latin1 view is used for this document');
  assert.equal(decodeBytes(bytes).utf8Bytes, undefined, 'decodeBytes without the option decodes as before');
  const fromBytes = parseFeed(bytes);
  const fromText = parseFeed(MOSTLY_ASCII);
  assert.equal(fromBytes.encoding, 'utf-8');
  delete fromBytes.encoding;
  assert.deepEqual(fromBytes, fromText);
  assert.equal(fromBytes.title, 'It’s a “quoted” feed — Café Ünïcode 🚀');
  const [a, b, c] = fromBytes.items;
  assert.equal(a.title, 'Héllo & “world” — ok …');
  assert.equal(a.link, 'https://example.com/posts/naïve?q=ü&x=1');
  assert.equal(a.summary, '<p>CDATA with emoji 😀 and “curly” quotes</p>');
  assert.deepEqual(a.authors, [{ name: 'José Müller', email: null, url: null }]);
  assert.deepEqual(a.categories, ['Ünïcode tag']);
  assert.equal(a.id, 'id-é-1');
  assert.equal(a.enclosures[0].url, 'https://example.com/a/ü.mp3');
  assert.equal(b.summary, 'escaped <b>bold</b> — with a dash & more');
  assert.equal(b.content, '<p title="ñ">naked <i>mixed</i> markup é</p>');
  assert.equal(c.title, 'ctrl  char');
  // with a BOM too
  const bom = parseFeed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
  delete bom.encoding;
  assert.deepEqual(bom, fromText);
});

test('mostly-ASCII UTF-8 JSON Feed decodes its text properly', () => {
  const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Caf\u00e9 \u201cJSON\u201d', items: [{ id: '1', title: 'na\u00efve \ud83d\ude00' }] }) + ' '.repeat(200);
  const doc = parseFeed(Buffer.from(json, 'utf8'));
  assert.equal(doc.title, 'Café “JSON”');
  assert.equal(doc.items[0].title, 'naïve 😀');
});

test('CJK-heavy UTF-8 is decoded as text (its latin1 view would be larger)', () => {
  const zh = '<rss version="2.0"><channel><title>观察者网</title>' + '<item><title>中文标题中文标题</title></item>'.repeat(200) + '</channel></rss>';
  const bytes = Buffer.from(zh, 'utf8');
  assert.equal(decodeBytes(bytes, null, { latin1View: true }).utf8Bytes, undefined);
  assert.equal(parseFeed(bytes).items[5].title, '中文标题中文标题');
});
