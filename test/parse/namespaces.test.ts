import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../src/parse/index.js';

test('extension elements are matched on namespace URIs, not prefixes', () => {
  const doc = parseFeed(`<rss version="2.0"
    xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:d="http://purl.org/dc/elements/1.1/"
    xmlns:t="http://purl.org/dc/terms/" xmlns:m="http://search.yahoo.com/mrss/"
    xmlns:i="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:a="http://www.w3.org/2005/Atom">
  <channel>
    <title>NS</title><a:link rel="self" href="https://ns.example/feed"/><i:image href="https://ns.example/cover.jpg"/>
    <d:creator>Chan Author</d:creator>
    <item>
      <title>Item</title><link>https://ns.example/1</link>
      <c:encoded><![CDATA[<p>full <b>content</b></p>]]></c:encoded>
      <description>short</description>
      <d:creator>Writer</d:creator><d:subject>Sub1</d:subject>
      <t:issued>2022-01-27T10:09:07Z</t:issued><t:modified>2022-01-28T10:09:07Z</t:modified>
      <m:group><m:content url="https://ns.example/v.mp4" type="video/mp4"/><m:thumbnail url="https://ns.example/thumb.jpg"/></m:group>
      <i:image href="https://ns.example/ep.jpg"/>
    </item>
  </channel>
</rss>`);
  assert.equal(doc.feedUrl, 'https://ns.example/feed');
  assert.equal(doc.image, 'https://ns.example/cover.jpg');
  assert.deepEqual(doc.authors, [{ name: 'Chan Author', email: null, url: null }]);
  const it = doc.items[0];
  assert.equal(it.content, '<p>full <b>content</b></p>');
  assert.equal(it.summary, 'short');
  assert.deepEqual(it.authors, [{ name: 'Writer', email: null, url: null }]);
  assert.deepEqual(it.categories, ['Sub1']);
  assert.equal(it.published, '2022-01-27T10:09:07.000Z');
  assert.equal(it.updated, '2022-01-28T10:09:07.000Z');
  assert.equal(it.image, 'https://ns.example/thumb.jpg');
  assert.equal(doc.bozo, false);
});

test('a prefix bound to an unknown URI is not mistaken for a known one', () => {
  const doc = parseFeed(`<rss version="2.0" xmlns:content="http://example.com/not-content/"><channel>
    <item><title>x</title><content:encoded>wrong</content:encoded><description>right</description></item></channel></rss>`);
  assert.equal(doc.items[0].content, null);
  assert.equal(doc.items[0].summary, 'right');
});

test('media:content images, itunes:image and image enclosures feed the item image in that order', () => {
  const doc = parseFeed(`<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
    <item><media:content url="https://e.example/a.jpg" medium="image"/><itunes:image href="https://e.example/b.jpg"/></item>
    <item><itunes:image href="https://e.example/b.jpg"/><enclosure url="https://e.example/c.jpg" type="image/jpeg"/></item>
    <item><enclosure url="https://e.example/c.jpg" type="image/jpeg"/></item>
    <item><media:content url="https://e.example/v.mp4" type="video/mp4"/></item>
  </channel></rss>`);
  assert.deepEqual(doc.items.map((i) => i.image), ['https://e.example/a.jpg', 'https://e.example/b.jpg', 'https://e.example/c.jpg', null]);
});

test('Atom inside RSS: atom:link rel=self is the feed URL, the RSS link stays the link', () => {
  const doc = parseFeed(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
    <atom:link rel="self" href="https://x.example/rss"/><link>https://x.example/</link>
    <item><title>t</title><atom:link href="https://x.example/alt"/></item></channel></rss>`);
  assert.equal(doc.format, 'rss');
  assert.equal(doc.feedUrl, 'https://x.example/rss');
  assert.equal(doc.link, 'https://x.example/');
  assert.equal(doc.items[0].link, 'https://x.example/alt');
});

test('prefixed Atom (atom:feed) and Atom with an RSS-style default namespace', () => {
  const doc = parseFeed(`<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Prefixed</a:title>
    <a:entry><a:title>E</a:title><a:id>urn:1</a:id></a:entry></a:feed>`);
  assert.equal(doc.format, 'atom');
  assert.equal(doc.title, 'Prefixed');
  assert.equal(doc.items[0].id, 'urn:1');
});

test('RSS in the userland namespace and elements in odd case are read', () => {
  const doc = parseFeed(`<rss xmlns="http://backend.userland.com/rss2" version="2.0"><channel><title>U</title>
    <item><title>i</title><pubdate>Thu, 27 Jan 2022 10:09:07 GMT</pubdate></item></channel></rss>`);
  assert.equal(doc.title, 'U');
  assert.equal(doc.items[0].published, '2022-01-27T10:09:07.000Z');
});

test('an Atom feed inside an XHTML page is found', () => {
  const doc = parseFeed(`<html xmlns="http://www.w3.org/1999/xhtml"><head><title>page</title></head><body>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Inner</title><entry><title>e</title></entry></feed></body></html>`);
  assert.equal(doc.format, 'atom');
  assert.equal(doc.title, 'Inner');
  assert.equal(doc.items.length, 1);
});

test('media:description is the summary of an item that has none (YouTube Atom media:group)', () => {
  const doc = parseFeed(`<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <title>Channel</title>
 <entry>
  <id>yt:video:abc</id><title>Video</title><link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
  <published>2024-01-02T03:04:05+00:00</published>
  <media:group>
   <media:title>Video</media:title>
   <media:content url="https://www.youtube.com/v/abc?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i1.ytimg.com/vi/abc/hqdefault.jpg" width="480" height="360"/>
   <media:description>Fish &amp; chips &lt;live&gt;
Line two

Links below</media:description>
  </media:group>
 </entry>
 <entry>
  <id>e2</id><title>Has summary</title><summary>own summary</summary>
  <media:group><media:description>not used</media:description></media:group>
 </entry>
</feed>`);
  const [a, b] = doc.items;
  assert.equal(a.summary, '<p>Fish &amp; chips &lt;live&gt;<br>Line two</p><p>Links below</p>');
  assert.equal(a.image, 'https://i1.ytimg.com/vi/abc/hqdefault.jpg');
  assert.equal(b.summary, 'own summary');
});

test('media:description type="html" is kept as HTML; RSS description wins over it', () => {
  const doc = parseFeed(`<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>M</title>
  <item><title>a</title><media:description type="html"><![CDATA[<b>bold</b>]]></media:description></item>
  <item><title>b</title><description>mine</description><media:description>theirs</media:description></item>
  <item><title>c</title><media:content url="https://m.example/v.mp4"><media:description>inside content</media:description></media:content></item>
</channel></rss>`);
  assert.equal(doc.items[0].summary, '<b>bold</b>');
  assert.equal(doc.items[1].summary, 'mine');
  assert.equal(doc.items[2].summary, 'inside content');
});
