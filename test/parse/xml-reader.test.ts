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
