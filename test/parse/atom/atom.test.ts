// Atom 1.0 and 0.3 read into the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../../src/parse/index.js';

test('Atom 1.0: text constructs, links, persons, categories, dates', () => {
  const doc = parseFeed(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="html">A &amp;amp; B</title>
  <subtitle>Sub</subtitle>
  <link href="https://example.com/feed" rel="self"/>
  <link href="https://example.com/" rel="alternate" type="text/html"/>
  <updated>2022-01-27T10:09:07Z</updated>
  <author><name>Jane</name><email>jane@example.com</email><uri>https://jane.example/</uri></author>
  <logo>https://example.com/logo.png</logo><icon>https://example.com/favicon.ico</icon>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X <b>bold</b></div></title>
    <link href="https://example.com/1"/>
    <link rel="enclosure" href="https://example.com/1.mp3" type="audio/mpeg" length="99"/>
    <id>tag:example.com,2022:1</id>
    <published>2022-01-27T18:09:07+08:00</published>
    <updated>2022-01-28T00:00:00Z</updated>
    <category term="news" label="News"/>
    <summary type="text">1 &lt; 2 &amp; 3</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <a href="https://x.example/">x</a><br/></p></div></content>
    <source><title>Not mine</title><link href="https://other.example/"/></source>
  </entry>
  <entry><title>Second</title><content type="html">&lt;p&gt;escaped&lt;/p&gt;</content><content>ignored</content></entry>
</feed>`);
  assert.equal(doc.format, 'atom');
  assert.equal(doc.version, '1.0');
  assert.equal(doc.title, 'A & B');
  assert.equal(doc.description, 'Sub');
  assert.equal(doc.link, 'https://example.com/');
  assert.equal(doc.feedUrl, 'https://example.com/feed');
  assert.equal(doc.language, 'en');
  assert.equal(doc.image, 'https://example.com/logo.png');
  assert.deepEqual(doc.authors, [{ name: 'Jane', email: 'jane@example.com', url: 'https://jane.example/' }]);
  const e = doc.items[0];
  assert.equal(e.title, 'X bold');
  assert.equal(e.link, 'https://example.com/1');
  assert.equal(e.id, 'tag:example.com,2022:1');
  assert.equal(e.published, '2022-01-27T10:09:07.000Z');
  assert.equal(e.updated, '2022-01-28T00:00:00.000Z');
  assert.deepEqual(e.categories, ['news']);
  assert.equal(e.summary, '1 &lt; 2 &amp; 3');
  assert.equal(e.content, '<p>Hello <a href="https://x.example/">x</a><br /></p>');
  assert.deepEqual(e.enclosures, [{ url: 'https://example.com/1.mp3', type: 'audio/mpeg', length: 99 }]);
  assert.equal(doc.items[1].content, '<p>escaped</p>');
});

test('Atom 0.3: version, modes, issued/modified', () => {
  const doc = parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Old Atom</title><tagline>tag</tagline><link rel="alternate" type="text/html" href="http://old.example/"/>
  <modified>2004-01-01T00:00:00Z</modified>
  <entry><title>E</title><issued>2003-12-31T10:14:55Z</issued><modified>2004-01-01T10:14:55Z</modified>
  <content type="text/html" mode="base64">PHA+YmFzZTY0PC9wPg==</content>
  <author><name>A</name><url>http://a.example/</url></author></entry>
</feed>`);
  assert.equal(doc.format, 'atom');
  assert.equal(doc.version, '0.3');
  assert.equal(doc.description, 'tag');
  assert.equal(doc.updated, '2004-01-01T00:00:00.000Z');
  assert.equal(doc.items[0].published, '2003-12-31T10:14:55.000Z');
  assert.equal(doc.items[0].updated, '2004-01-01T10:14:55.000Z');
  assert.equal(doc.items[0].content, '<p>base64</p>');
  assert.equal(doc.items[0].authors[0].url, 'http://a.example/');
});
