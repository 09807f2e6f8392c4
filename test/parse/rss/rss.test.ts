// RSS 0.9x/2.0 read into the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../../src/parse/index.js';

test('RSS 2.0: every field of the model', () => {
  const doc = parseFeed(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Example &amp; Co</title>
  <link>https://example.com/</link>
  <atom:link href="https://example.com/feed.xml" rel="self" type="application/rss+xml"/>
  <description>News &lt;b&gt;daily&lt;/b&gt;</description>
  <language>en-us</language>
  <lastBuildDate>Thu, 27 Jan 2022 10:30:00 GMT</lastBuildDate>
  <managingEditor>editor@example.com (Ed Itor)</managingEditor>
  <image><url>/logo.png</url><title>ignored</title><link>https://example.com/</link></image>
  <item>
    <title>First &lt;em&gt;story&lt;/em&gt;</title>
    <link>https://example.com/1</link>
    <guid isPermaLink="false">id-1</guid>
    <pubDate>Thu, 27 Jan 2022 10:09:07 GMT</pubDate>
    <author>writer@example.com (Wri Ter)</author>
    <category>World</category><category> Politics </category>
    <description><![CDATA[<p>Summary <img src="a.jpg"></p>]]></description>
    <enclosure url="https://example.com/a.mp3" type="audio/mpeg" length="12345"/>
    <enclosure url="https://example.com/b.jpg" type="image/jpeg" length="oops"/>
  </item>
</channel>
</rss>`);
  assert.equal(doc.format, 'rss');
  assert.equal(doc.version, '2.0');
  assert.equal(doc.title, 'Example & Co');
  assert.equal(doc.link, 'https://example.com/');
  assert.equal(doc.feedUrl, 'https://example.com/feed.xml');
  assert.equal(doc.description, 'News <b>daily</b>');
  assert.equal(doc.language, 'en-us');
  assert.equal(doc.image, 'https://example.com/logo.png');
  assert.equal(doc.updated, '2022-01-27T10:30:00.000Z');
  assert.deepEqual(doc.authors, [{ name: 'Ed Itor', email: 'editor@example.com', url: null }]);
  assert.equal(doc.bozo, false);
  const it = doc.items[0];
  assert.equal(it.title, 'First story');
  assert.equal(it.link, 'https://example.com/1');
  assert.equal(it.id, 'id-1');
  assert.equal(it.published, '2022-01-27T10:09:07.000Z');
  assert.equal(it.updated, null);
  assert.deepEqual(it.authors, [{ name: 'Wri Ter', email: 'writer@example.com', url: null }]);
  assert.deepEqual(it.categories, ['World', 'Politics']);
  assert.equal(it.summary, '<p>Summary <img src="a.jpg"></p>');
  assert.equal(it.content, null);
  assert.deepEqual(it.enclosures, [
    { url: 'https://example.com/a.mp3', type: 'audio/mpeg', length: 12345 },
    { url: 'https://example.com/b.jpg', type: 'image/jpeg', length: null },
  ]);
  assert.equal(it.image, 'https://example.com/b.jpg');
});

test('RSS 0.91 / 0.92 keep their version and read items', () => {
  for (const v of ['0.91', '0.92', '0.94', '2.01']) {
    const doc = parseFeed(`<rss version="${v}"><channel><title>T</title><item><title>I</title><description>D</description></item></channel></rss>`);
    assert.equal(doc.version, v);
    assert.equal(doc.items[0].summary, 'D');
  }
  assert.equal(parseFeed('<rss><channel><title>T</title></channel></rss>').version, null);
});

test('RSS guid is the link when there is no <link> and isPermaLink is not false', () => {
  const doc = parseFeed(`<rss version="2.0"><channel>
    <item><guid>https://example.com/a</guid></item>
    <item><guid isPermaLink="false">https://example.com/b</guid></item>
    <item><guid>https://example.com/c</guid><link>https://example.com/real</link></item>
  </channel></rss>`);
  assert.equal(doc.items[0].link, 'https://example.com/a');
  assert.equal(doc.items[1].link, null);
  assert.equal(doc.items[1].id, 'https://example.com/b');
  assert.equal(doc.items[2].link, 'https://example.com/real');
});
