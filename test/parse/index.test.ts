// parseFeed, the dispatcher: format detection and what every format shares (URL resolution, xml:base).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../src/parse/index.js';

test('the format is detected from the content, whatever the Content-Type says', () => {
  assert.equal(parseFeed(Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><title>a</title></feed>'), { contentType: 'application/rss+xml' }).format, 'atom');
  assert.equal(parseFeed(Buffer.from('{"version":"https://jsonfeed.org/version/1.1","items":[]}'), { contentType: 'text/xml' }).format, 'json');
});

test('relative URLs resolve against the document URL, else the feed link', () => {
  const doc = parseFeed('<rss version="2.0"><channel><link>/home</link><item><link>a/1</link><enclosure url="/e.mp3" type="audio/mpeg"/></item></channel></rss>', { url: 'https://example.com/feeds/rss.xml' });
  assert.equal(doc.link, 'https://example.com/home');
  assert.equal(doc.items[0].link, 'https://example.com/feeds/a/1');
  assert.equal(doc.items[0].enclosures[0].url, 'https://example.com/e.mp3');
  const noUrl = parseFeed('<rss version="2.0"><channel><link>https://site.example/blog/</link><item><link>post/1</link></item></channel></rss>');
  assert.equal(noUrl.items[0].link, 'https://site.example/blog/post/1');
});

test('xml:base: nested per element, applied to links, enclosures and content markup; contentBase is set', () => {
  const doc = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.com/root/">
  <link href="home"/>
  <entry xml:base="entries/">
    <link href="e1"/>
    <content type="html" xml:base="/media/">&lt;a href="x.html"&gt;x&lt;/a&gt;</content>
  </entry>
</feed>`);
  assert.equal(doc.link, 'http://example.com/root/home');
  assert.equal(doc.items[0].link, 'http://example.com/root/entries/e1');
  assert.equal(doc.items[0].content, '<a href="http://example.com/media/x.html">x</a>');
  assert.equal(doc.items[0].contentBase, 'http://example.com/media/');
  const plain = parseFeed('<rss version="2.0"><channel><item><description>x</description></item></channel></rss>');
  assert.equal('contentBase' in plain.items[0], false);
});

test('without a document URL, relative URLs resolve against the feed self link', () => {
  const doc = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="http://blog.example/blog/index.atom"/>
    <link href="/blog/"/><icon>../favicon.ico</icon><entry><link href="/blog/2013/01/30/post"/></entry></feed>`);
  assert.equal(doc.link, 'http://blog.example/blog/');
  assert.equal(doc.image, 'http://blog.example/favicon.ico');
  assert.equal(doc.items[0].link, 'http://blog.example/blog/2013/01/30/post');
});
