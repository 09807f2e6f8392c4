import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../src/parse/index.js';

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

test('RDF / RSS 1.0 and RSS 0.90', () => {
  const rdf = parseFeed(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.com/rss"><title>RDF feed</title><link>https://example.com/</link><description>d</description><dc:language>ja</dc:language><dc:date>2022-01-27T10:00:00+09:00</dc:date></channel>
  <image rdf:about="https://example.com/i.png"><url>https://example.com/i.png</url></image>
  <item rdf:about="https://example.com/1"><title>One</title><link>https://example.com/1</link><dc:date>2022-01-27T18:09:07+09:00</dc:date><dc:creator>Taro</dc:creator><dc:subject>tech</dc:subject></item>
</rdf:RDF>`);
  assert.equal(rdf.format, 'rdf');
  assert.equal(rdf.version, '1.0');
  assert.equal(rdf.title, 'RDF feed');
  assert.equal(rdf.language, 'ja');
  assert.equal(rdf.image, 'https://example.com/i.png');
  assert.equal(rdf.updated, '2022-01-27T01:00:00.000Z');
  const it = rdf.items[0];
  assert.equal(it.id, 'https://example.com/1');
  assert.equal(it.updated, '2022-01-27T09:09:07.000Z');
  assert.equal(it.published, null);
  assert.deepEqual(it.authors, [{ name: 'Taro', email: null, url: null }]);
  assert.deepEqual(it.categories, ['tech']);
  const v090 = parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
  <channel><title>Old</title><link>http://old.example/</link></channel><item><title>A</title><link>http://old.example/a</link></item></rdf:RDF>`);
  assert.equal(v090.format, 'rdf');
  assert.equal(v090.version, '0.9');
  assert.equal(v090.items[0].link, 'http://old.example/a');
});

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

test('JSON Feed 1.1, 1.0 and the bare "1.1" version', () => {
  const doc = parseFeed(JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1', title: 'J', home_page_url: 'https://j.example/', feed_url: 'https://j.example/feed.json',
    description: 'desc', language: 'zh-CN', icon: 'https://j.example/icon.png', authors: [{ name: 'Ann', url: 'https://ann.example/' }],
    items: [
      { id: 1, url: '/p/1', title: ' One ', content_html: '<p>x</p>', summary: 's', date_published: '2022-01-27T10:09:07Z', date_modified: '2022-01-28T10:09:07+08:00',
        tags: ['a', 'b'], image: 'https://j.example/1.png', attachments: [{ url: 'https://j.example/a.mp3', mime_type: 'audio/mpeg', size_in_bytes: 10 }] },
      { id: 'two', content_text: 'a < b' },
    ],
  }));
  assert.equal(doc.format, 'json');
  assert.equal(doc.version, '1.1');
  assert.equal(doc.link, 'https://j.example/');
  assert.equal(doc.feedUrl, 'https://j.example/feed.json');
  assert.equal(doc.image, 'https://j.example/icon.png');
  assert.deepEqual(doc.authors, [{ name: 'Ann', email: null, url: 'https://ann.example/' }]);
  const [a, b] = doc.items;
  assert.equal(a.id, '1');
  assert.equal(a.title, 'One');
  assert.equal(a.link, 'https://j.example/p/1');
  assert.equal(a.published, '2022-01-27T10:09:07.000Z');
  assert.equal(a.updated, '2022-01-28T02:09:07.000Z');
  assert.deepEqual(a.categories, ['a', 'b']);
  assert.deepEqual(a.enclosures, [{ url: 'https://j.example/a.mp3', type: 'audio/mpeg', length: 10 }]);
  assert.equal(a.image, 'https://j.example/1.png');
  assert.equal(b.content, 'a &lt; b');
  assert.equal(parseFeed('{"version":"https://jsonfeed.org/version/1","title":"x","items":[]}').version, '1.0');
  const bare = parseFeed('{"version":"1.1","title":"x","items":[{"id":"1","title":"t"}]}');
  assert.equal(bare.format, 'json');
  assert.equal(bare.version, '1.1');
  assert.equal(bare.items[0].title, 't');
});

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

test('JSON Feed content_text becomes HTML: escaped, paragraphs and line breaks kept; content_html wins', () => {
  const doc = parseFeed(JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1', title: 'J',
    items: [
      { id: '1', content_text: 'Tom & Jerry <3\nsecond line\r\n\r\n\n  Next para > end\n' },
      { id: '2', content_text: 'one line & no wrapper' },
      { id: '3', content_text: 'ignored', content_html: '<p>html</p>' },
      { id: '4', content_text: '   ' },
    ],
  }));
  const [a, b, c, d] = doc.items;
  assert.equal(a.content, '<p>Tom &amp; Jerry &lt;3<br>second line</p><p>Next para &gt; end</p>');
  assert.equal(b.content, 'one line &amp; no wrapper');
  assert.equal(c.content, '<p>html</p>');
  assert.equal(d.content, null);
});
