// JSON Feed read into the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../../src/parse/index.js';

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
