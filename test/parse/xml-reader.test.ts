// The XML reader's text rules that every format shares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../src/parse/index.js';
import { parseXmlFeed } from '../../src/parse/xml/builder.js';

const CRLF_RSS = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<rss version="2.0"><channel><title>Line\r\nends</title><link>https://example.org/</link>',
  '<description>feed\rdescription</description>',
  '<item><title>One\r\ntwo</title><link>https://example.org/1</link>',
  '<description>first line\r\nsecond &amp; third\r\rfourth</description>',
  '<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>a\r\nb</p>\r<p>c</p>]]></content:encoded>',
  '<category>x\r\ny</category>',
  '<enclosure url="https://example.org/a.mp3" type="audio/mpeg" length="1"/>',
  '</item></channel></rss>',
].join('\r\n');

test('XML 1.0 §2.11: \\r\\n and a lone \\r in text, CDATA and attribute values are read as \\n', () => {
  const doc = parseFeed(Buffer.from(CRLF_RSS, 'utf8'));
  const item = doc.items[0]!;
  assert.equal(doc.title, 'Line\nends');
  assert.equal(doc.description, 'feed\ndescription');
  assert.equal(item.title, 'One\ntwo');
  assert.equal(item.summary, 'first line\nsecond & third\n\nfourth');
  assert.equal(item.content, '<p>a\nb</p>\n<p>c</p>');
  assert.deepEqual(item.categories, ['x\ny']);
  const atom = parseFeed(
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>i</id><title type="html">a\r\nb</title>' +
      '<category term="one\r\ntwo"/><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p title="x\ry">s\r\nt</p></div></summary></entry></feed>',
  );
  assert.equal(atom.items[0]!.title, 'a\nb');
  assert.deepEqual(atom.items[0]!.categories, ['one\ntwo']);
  assert.equal(atom.items[0]!.summary, '<p title="x\ny">s\nt</p>');
});

test('a \\r written as a reference (&#13;) is a real \\r and stays', () => {
  const doc = parseFeed('<rss version="2.0"><channel><title>t</title><item><title>a&#13;b</title><description>c&#xD;&#10;d\r\ne</description></item></channel></rss>');
  assert.equal(doc.items[0]!.title, 'a\rb');
  assert.equal(doc.items[0]!.summary, 'c\r\nd\ne');
});

test('line ends are normalized the same when a big document is read in windows, UTF-8 and ASCII', () => {
  const items = Array.from({ length: 40 }, (_, i) => `<item><title>t${i}\r\nx</title><description>a\r\nb &amp; c\rd é</description></item>`).join('\r\n');
  const xml = `<rss version="2.0"><channel><title>t</title>\r\n${items}</channel></rss>`;
  const bytes = Buffer.from(xml, 'utf8');
  const whole = parseXmlFeed(xml, null, {});
  assert.equal(whole.doc!.items[3]!.summary, 'a\nb & c\nd é');
  assert.deepStrictEqual(parseXmlFeed(null, null, {}, null, bytes, 200), whole);
  const ascii = Buffer.from(xml.replace(/é/g, 'e'), 'latin1');
  const wholeAscii = parseXmlFeed(ascii.toString('latin1'), null, {}, ascii);
  assert.equal(wholeAscii.doc!.items[3]!.summary, 'a\nb & c\nd e');
  assert.deepStrictEqual(parseXmlFeed(null, null, {}, ascii, null, 200), wholeAscii);
});

test('entity decoding: dense and sparse references, one- and two-byte text, large bodies', () => {
  const unit = '&lt;p&gt;中&amp;文 😀 &#x1F600; &#233;&lt;/p&gt;';
  const dense = parseFeed(`<rss version="2.0"><channel><item><description>${unit.repeat(3)}</description></item></channel></rss>`);
  assert.equal(dense.items[0].summary, '<p>中&文 😀 😀 é</p>'.repeat(3));
  const latin = parseFeed(`<rss version="2.0"><channel><item><description>${'&lt;b&gt;caf&#233;&lt;/b&gt;'.repeat(2)}</description></item></channel></rss>`);
  assert.equal(latin.items[0].summary, '<b>café</b><b>café</b>');
  const sparse = parseFeed(`<rss version="2.0"><channel><item><description>${'x'.repeat(500)}&amp;${'y'.repeat(500)}</description></item></channel></rss>`);
  assert.equal(sparse.items[0].summary, 'x'.repeat(500) + '&' + 'y'.repeat(500));
  const big = '&lt;p&gt;' + 'a'.repeat(10) + '&lt;/p&gt;';
  const huge = parseFeed(`<rss version="2.0"><channel><item><description>${big.repeat(60_000)}</description></item></channel></rss>`);
  assert.equal(huge.items[0].summary, '<p>aaaaaaaaaa</p>'.repeat(60_000));
});

test('entity decoding from ASCII bytes (native copy path) matches the string path', () => {
  const cases: Array<[string, string]> = [
    ['&lt;p&gt;a &amp;amp; b &quot;q&quot; &#233;&#xE9;&lt;/p&gt;', '<p>a &amp; b "q" éé</p>'],
    ['x &#x4e2d; &#x1F600; y', 'x 中 😀 y'],
    ['AT&T &nbsp;&copy;&bogus; & end', 'AT&T \u00a0©&bogus; & end'],
    ['&lt;' + 'z'.repeat(70_000) + '&gt;', '<' + 'z'.repeat(70_000) + '>'],
  ];
  for (const [src, want] of cases) {
    const xml = `<rss version="2.0"><channel><item><description>${src}</description><title>t&amp;t</title></item></channel></rss>`;
    assert.equal(parseFeed(Buffer.from(xml, 'ascii')).items[0].summary, want);
    assert.equal(parseFeed(xml).items[0].summary, want);
    assert.equal(parseFeed(Buffer.from(xml, 'ascii')).items[0].title, 't&t');
  }
});
