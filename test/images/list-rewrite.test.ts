// The pure steps: which pictures a post shows, and the post pointed at its own copies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../src/model.js';
import { listImages } from '../../src/images/list.js';
import { rewriteBody, rewritePost, type Replacement } from '../../src/images/rewrite.js';

const PLACEHOLDER = 'https://picsum.photos/400/300?random={n}';

function post(html: string, image = 'https://picsum.photos/400/300?random=1234'): Post {
  return { identity: 'id', title: 't', categories: [], author: 'a', date: new Date(0), timezone: 'UTC', image, html, link: 'https://news.example/articles/1', guid: null };
}

const local = (url: string, width = 640, height = 480): Replacement => ({ kind: 'local', url, width, height });

test('listImages: img src, srcset candidates, picture sources and video posters, each once, in order', () => {
  const html =
    '<p><img src="https://a.example/1.jpg?x=1&amp;y=2" srcset="https://a.example/1.jpg?x=1&amp;y=2 1x, https://a.example/1@2x.jpg 2x"></p>\n' +
    '<picture><source srcset="https://a.example/p.webp 800w, https://a.example/p-s.webp 400w"><img src="https://a.example/p.jpg"></picture>\n' +
    '<video poster="https://a.example/poster.png" src="https://a.example/v.mp4"><source src="https://a.example/v.webm"></video>\n' +
    '<img src="data:image/png;base64,iVBORw0KGgo="><img src="/relative.png"><a href="https://a.example/not-a-picture.jpg">x</a>\n';
  assert.deepEqual(listImages(post(html), PLACEHOLDER), {
    body: [
      'https://a.example/1.jpg?x=1&y=2',
      'https://a.example/1@2x.jpg',
      'https://a.example/p.webp',
      'https://a.example/p-s.webp',
      'https://a.example/p.jpg',
      'https://a.example/poster.png',
    ],
    head: null, // the placeholder is a stand-in, not the post's picture
  });
});

test('listImages: the head image when it is a picture of its own', () => {
  assert.equal(listImages(post('', 'https://a.example/head.jpg'), PLACEHOLDER).head, 'https://a.example/head.jpg');
  assert.equal(listImages(post('', '/img/default.jpg'), '/img/default.jpg').head, null);
  assert.equal(listImages(post('', 'https://other.example/r/7.jpg'), 'https://other.example/r/{n}.jpg').head, null);
});

test('rewriteBody: only the changed tags are rebuilt; the original is kept; width/height from the header', () => {
  const html = '<div>{% raw %}&#123;x&#125;\n<p>before <img alt="a &amp; b" src="https://a.example/1.jpg?x=1&amp;y=2" class="c"/> after</p>\n<img src="https://a.example/untouched.jpg">\n</div>\n';
  const out = rewriteBody(html, new Map([['https://a.example/1.jpg?x=1&y=2', local('/images/feedmill/ab/abc.jpg')]]));
  assert.equal(
    out,
    '<div>{% raw %}&#123;x&#125;\n<p>before <img alt="a &amp; b" src="/images/feedmill/ab/abc.jpg" data-original-src="https://a.example/1.jpg?x=1&amp;y=2" class="c" width="640" height="480" /> after</p>\n<img src="https://a.example/untouched.jpg">\n</div>\n',
  );
});

test('rewriteBody: unquoted and upper-case attributes as feeds write them', () => {
  const map = new Map([['https://a.example/x.jpg?a=1&b=2', local('/i/x.jpg', 100, 50)]]);
  assert.equal(
    rewriteBody('<p><IMG SRC=https://a.example/x.jpg?a=1&amp;b=2 alt hidden width=10></p>', map),
    '<p><IMG src="/i/x.jpg" data-original-src=https://a.example/x.jpg?a=1&amp;b=2 alt hidden width=10 height="5"></p>',
  );
});

test('rewriteBody: a declared width gets its height in proportion; both declared stay as written', () => {
  const map = new Map([['https://a.example/1.jpg', local('/i/1.jpg', 1000, 500)]]);
  assert.equal(rewriteBody('<img src="https://a.example/1.jpg" width="530">', map), '<img src="/i/1.jpg" data-original-src="https://a.example/1.jpg" width="530" height="265">');
  assert.equal(rewriteBody('<img height="100px" src="https://a.example/1.jpg">', map), '<img height="100px" src="/i/1.jpg" data-original-src="https://a.example/1.jpg" width="200">');
  assert.equal(
    rewriteBody('<img src="https://a.example/1.jpg" width="50%" height="20">', map),
    '<img src="/i/1.jpg" data-original-src="https://a.example/1.jpg" width="50%" height="20">',
  );
  assert.equal(rewriteBody('<img src="https://a.example/1.jpg" width="100%">', map), '<img src="/i/1.jpg" data-original-src="https://a.example/1.jpg" width="100%">');
});

test('rewriteBody: srcset candidates, picture sources and posters; unmapped candidates stay', () => {
  const map = new Map<string, Replacement>([
    ['https://a.example/1.jpg', local('/i/1.jpg')],
    ['https://a.example/1@2x.jpg', local('/i/2.jpg')],
    ['https://a.example/p.webp', local('/i/p.webp')],
    ['https://a.example/poster.png', local('/i/poster.png')],
  ]);
  assert.equal(
    rewriteBody('<img src="https://a.example/1.jpg" srcset="https://a.example/1.jpg 1x, https://a.example/1@2x.jpg 2x, https://a.example/1@3x.jpg 3x">', map),
    '<img src="/i/1.jpg" data-original-src="https://a.example/1.jpg" srcset="/i/1.jpg 1x, /i/2.jpg 2x, https://a.example/1@3x.jpg 3x" width="640" height="480">',
  );
  assert.equal(rewriteBody('<source srcset="https://a.example/p.webp 800w">', map), '<source srcset="/i/p.webp 800w">');
  assert.equal(
    rewriteBody('<video poster="https://a.example/poster.png" controls></video>', map),
    '<video poster="/i/poster.png" data-original-poster="https://a.example/poster.png" controls></video>',
  );
});

test('rewriteBody: a failed picture behind a proxy gets the proxied URL and no original or size', () => {
  const map = new Map<string, Replacement>([['http://a.example/1.jpg', { kind: 'proxy', url: 'https://proxy.example/?url=http%3A%2F%2Fa.example%2F1.jpg&w={x}' }]]);
  assert.equal(rewriteBody('<img src="http://a.example/1.jpg">', map), '<img src="https://proxy.example/?url=http%3A%2F%2Fa.example%2F1.jpg&amp;w=&#123;x&#125;">');
});

test('rewriteBody: nothing mapped gives the very same string; a second pass over a rewritten body changes nothing', () => {
  const html = '<p><img src="https://a.example/1.jpg"></p>\n';
  assert.equal(rewriteBody(html, new Map()), html);
  assert.equal(rewriteBody(html, new Map([['https://b.example/x.jpg', local('/i/x.jpg')]])), html);
  const map = new Map([['https://a.example/1.jpg', local('/i/1.jpg')]]);
  const once = rewriteBody(html, map);
  assert.equal(rewriteBody(once, map), once);
});

test('rewritePost: head image and thumbnail', () => {
  const p = post('<p>x</p>\n', 'https://a.example/head.jpg');
  const out = rewritePost(p, new Map(), { image: '/i/head.jpg', thumbnail: '/i/head-400x300.webp' });
  assert.equal(out.image, '/i/head.jpg');
  assert.equal(out.thumbnail, '/i/head-400x300.webp');
  assert.equal(out.html, p.html);
  assert.equal(p.image, 'https://a.example/head.jpg', 'the input post is not changed');
  assert.equal(rewritePost(p, new Map(), null).image, p.image);
});
