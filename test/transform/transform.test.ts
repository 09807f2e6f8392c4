// entryToPost and itemIdentity: identity rules, body source and base, filters, rewrite selectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryToPost } from '../../src/transform/index.js';
import { itemIdentity, placeholderNumber } from '../../src/items/identity.js';
import { htmlToPlainText, textParagraphs } from '../../src/transform/text.js';
import type { FilterRule } from '../../src/model.js';
import { makeCtx, makeEntry, makeFeed, makeSource } from './make.js';

test('identity: guid/id, else link, else a hash of title and content; guid and link returned', () => {
  assert.deepEqual(itemIdentity(makeEntry({ id: ' guid-1 ', link: 'https://a.example/1' })), { identity: 'guid-1', guid: 'guid-1', link: 'https://a.example/1' });
  assert.deepEqual(itemIdentity(makeEntry({ id: null, link: 'https://a.example/1' })), { identity: 'https://a.example/1', guid: null, link: 'https://a.example/1' });
  const h1 = itemIdentity(makeEntry({ id: '', link: null, title: 'T', content: '<p>c</p>' }));
  const h2 = itemIdentity(makeEntry({ id: null, link: '  ', title: 'T', content: '<p>c</p>' }));
  const h3 = itemIdentity(makeEntry({ id: null, link: null, title: 'T', content: '<p>d</p>' }));
  assert.equal(h1.identity, h2.identity);
  assert.notEqual(h1.identity, h3.identity);
  assert.match(h1.identity, /^sha256:[0-9a-f]{32}$/);
  assert.equal(h1.guid, null);
  assert.equal(h1.link, null);
});

test('placeholder number: four digits, stable, spread', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const n = placeholderNumber(`id-${i}`);
    assert.ok(n >= 1000 && n <= 9999);
    assert.equal(placeholderNumber(`id-${i}`), n);
    seen.add(n);
  }
  assert.ok(seen.size > 150);
});

test('post fields: identity, link, guid, categories copied, timezone from the source', () => {
  const post = entryToPost(makeEntry({ id: 'g', link: 'https://a.example/x' }), makeFeed(), makeSource({ categories: ['a', 'b'], timezone: 'Asia/Shanghai' }), makeCtx());
  assert.ok(post);
  assert.equal(post.identity, 'g');
  assert.equal(post.guid, 'g');
  assert.equal(post.link, 'https://a.example/x');
  assert.deepEqual(post.categories, ['a', 'b']);
  assert.equal(post.timezone, 'Asia/Shanghai');
});

test('body is content, else summary; relative URLs resolve against xml:base, else the link, else the feed link', () => {
  const ctx = makeCtx();
  const src = makeSource();
  const fromSummary = entryToPost(makeEntry({ content: null, summary: '<p>sum</p>' }), makeFeed(), src, ctx)!;
  assert.equal(fromSummary.html, '<p>sum</p>\n');
  const html = '<a href="x.html">x</a>';
  const withBase = entryToPost(makeEntry({ content: html, contentBase: 'https://base.example/dir/' }), makeFeed(), src, ctx)!;
  assert.match(withBase.html, /href="https:\/\/base\.example\/dir\/x\.html"/);
  const withLink = entryToPost(makeEntry({ content: html, link: 'https://link.example/a/b' }), makeFeed(), src, ctx)!;
  assert.match(withLink.html, /href="https:\/\/link\.example\/a\/x\.html"/);
  const withFeed = entryToPost(makeEntry({ content: html, link: null }), makeFeed({ link: 'https://feed.example/' }), src, ctx)!;
  assert.match(withFeed.html, /href="https:\/\/feed\.example\/x\.html"/);
  const empty = entryToPost(makeEntry({ content: null, summary: null, link: null, id: 'urn:x:1' }), makeFeed(), src, ctx)!;
  assert.equal(empty.html, '');
});

test('an item without a body (Hacker News, YouTube) gets its picture and its link, through the same body rules', () => {
  const ctx = makeCtx({ proxy: 'https://proxy.example/?' });
  const src = makeSource();
  const hn = entryToPost(makeEntry({ content: null, summary: '  ', link: 'https://blog.example.net/a?x=1&utm_source=hn' }), makeFeed(), src, ctx)!;
  assert.equal(hn.html, '<p><a href="https://blog.example.net/a?x=1" rel="noopener noreferrer">https://blog.example.net/a?x=1&amp;utm_source=hn</a></p>\n');
  assert.match(hn.image, /^https:\/\/picsum\.photos\//);
  const yt = entryToPost(makeEntry({ content: null, link: 'https://www.youtube.com/watch?v=abc', image: 'http://i2.ytimg.com/vi/abc/hqdefault.jpg' }), makeFeed(), src, ctx)!;
  assert.equal(yt.html, '<p><img src="https://proxy.example/?http://i2.ytimg.com/vi/abc/hqdefault.jpg" referrerpolicy="no-referrer"></p>\n<p><a href="https://www.youtube.com/watch?v=abc" rel="noopener noreferrer">https://www.youtube.com/watch?v=abc</a></p>\n');
  assert.equal(yt.image, 'https://proxy.example/?http://i2.ytimg.com/vi/abc/hqdefault.jpg');
  const js = entryToPost(makeEntry({ content: null, link: 'javascript:alert(1)', id: 'urn:x:2' }), makeFeed(), src, ctx)!;
  assert.equal(js.html, '');
});

test('placeholder dates (Unix epoch, year 0001) count as no date: updated, else first seen', () => {
  const ctx = makeCtx();
  const src = makeSource();
  const epoch = entryToPost(makeEntry({ published: '1970-01-01T00:00:00.000Z', updated: '2024-02-03T04:05:06.000Z' }), makeFeed(), src, ctx)!;
  assert.equal(epoch.date.toISOString(), '2024-02-03T04:05:06.000Z');
  const zero = entryToPost(makeEntry({ published: '0001-01-01T00:00:00.000Z', updated: '1901-01-01T00:00:00.000Z' }), makeFeed(), src, ctx)!;
  assert.equal(zero.date.getTime(), ctx.firstSeen);
  const real = entryToPost(makeEntry({ published: '1999-12-31T23:59:59.000Z' }), makeFeed(), src, ctx)!;
  assert.equal(real.date.toISOString(), '1999-12-31T23:59:59.000Z');
});

test('an author taken from the feed cannot spell markup either', () => {
  const post = entryToPost(makeEntry(), makeFeed({ title: '<img src=x onerror=alert(1)> News' }), makeSource({ categories: ['Only'] }), makeCtx())!;
  assert.equal(post.author, '＜img src=x onerror=alert(1)> News');
});

test('markup-free bodies (JSON Feed content_text) keep their paragraphs; bodies with any tag are left as HTML', () => {
  assert.equal(textParagraphs('One.\n\nTwo,\nstill two.\n \n\nThree & more'), '<p>One.</p>\n<p>Two,\nstill two.</p>\n<p>Three & more</p>');
  assert.equal(textParagraphs('<p>a</p>\n\n<p>b</p>'), '<p>a</p>\n\n<p>b</p>');
  assert.equal(textParagraphs('one line only'), 'one line only');
  const post = entryToPost(makeEntry({ content: 'Dead code with an if statement.\n\nDelete it.' }), makeFeed(), makeSource(), makeCtx())!;
  assert.equal(post.html, '<p>Dead code with an if statement.</p>\n<p>Delete it.</p>\n');
});

test('the item\'s own picture is no avatar or icon (GitHub releases put the author\'s 30×30 avatar in media:thumbnail)', () => {
  const ctx = makeCtx();
  const avatar = entryToPost(makeEntry({ content: '<p>notes</p>', image: 'https://avatars.githubusercontent.com/u/1234567?s=60&v=4' }), makeFeed(), makeSource(), ctx)!;
  assert.match(avatar.image, /^https:\/\/picsum\.photos\//);
  const face = entryToPost(makeEntry({ content: '<p>x</p>', image: 'https://i2.hdslb.com/bfs/face/3b5c1e9d.jpg' }), makeFeed(), makeSource(), ctx)!;
  assert.match(face.image, /^https:\/\/picsum\.photos\//);
  const real = entryToPost(makeEntry({ content: '<p>notes</p>', image: 'https://i2.ytimg.com/vi/x/hqdefault.jpg' }), makeFeed(), makeSource(), ctx)!;
  assert.equal(real.image, 'https://i2.ytimg.com/vi/x/hqdefault.jpg');
  assert.equal(htmlToPlainText('<p>a</p><p>b</p><script>c</script>'), 'a b');
});

const rule = (action: 'keep' | 'drop', patterns: RegExp[], fields: FilterRule['fields'] = []): FilterRule => ({ action, fields, patterns });

test('filters: drop rules drop, keep rules must all match, fields respected → null', () => {
  const entry = makeEntry({ title: '广告：限时优惠', content: '<p>正文 sponsored</p>', authors: [{ name: 'Ann', email: null, url: null }], categories: ['Tech'] });
  const post = (filters: FilterRule[]) => entryToPost(entry, makeFeed(), makeSource({ filters }), makeCtx());
  assert.equal(post([rule('drop', [/广告/])]), null);
  assert.ok(post([rule('drop', [/广告/], ['content'])]));
  assert.equal(post([rule('drop', [/sponsored/i], ['content'])]), null);
  assert.ok(post([rule('keep', [/tech/i], ['category'])]));
  assert.equal(post([rule('keep', [/sports/i], ['category'])]), null);
  assert.ok(post([rule('keep', [/^Ann$/], ['author'])]));
  assert.equal(post([rule('keep', [/tech/i], ['category']), rule('keep', [/nothing/])]), null);
  // a /g pattern must not keep state between items
  const g = rule('drop', [/优惠/g], ['title']);
  assert.equal(post([g]), null);
  assert.equal(post([g]), null);
});

test('rewrite: elements matched by CSS selectors are removed, the rest keeps its bytes', () => {
  const content = '<div class="share-bar"><a href="https://s.example/">share</a></div>\n<p style="color:#666666;">Keep me</p>\n<section id="related"><h3>Related</h3><ul><li>x</li></ul></section>\n<p>end</p>';
  const post = entryToPost(makeEntry({ content }), makeFeed(), makeSource({ rewrite: ['.share-bar', '#related', 'p:contains(nothing)', '::invalid(('] }), makeCtx())!;
  assert.equal(post.html, '<p style="color:#666666;">Keep me</p>\n<p>end</p>\n');
});

test('head image: characters that can break out of a theme attribute, CSS url() or JS string are percent-encoded', () => {
  const ctx = makeCtx();
  const src = makeSource();
  const post = entryToPost(makeEntry({ content: `<img src="https://ok.example/a b/x.jpg?t='1'&amp;u=&quot;)&lt;x&gt;\`">` }), makeFeed(), src, ctx)!;
  assert.equal(post.image, 'https://ok.example/a%20b/x.jpg?t=%271%27&u=%22%29%3Cx%3E%60');
  const own = entryToPost(makeEntry({ content: '<p>x</p>', image: "https://ok.example/it's (1).jpg" }), makeFeed(), src, ctx)!;
  assert.equal(own.image, 'https://ok.example/it%27s%20%281%29.jpg');
  const plain = entryToPost(makeEntry({ content: '<img src="https://i.guancha.cn/news/2022/01/27/20220127095954179.jpg">' }), makeFeed(), src, ctx)!;
  assert.equal(plain.image, 'https://i.guancha.cn/news/2022/01/27/20220127095954179.jpg');
});

test('an item with no title, no text, no link and no picture is not published', () => {
  const empty = makeEntry({ id: 'urn:empty', title: null, link: null, content: null, summary: null, image: null, enclosures: [] });
  assert.equal(entryToPost(empty, makeFeed(), makeSource(), makeCtx()), null);
  const linkOnly = entryToPost({ ...empty, link: 'https://a.example/only-a-link' }, makeFeed(), makeSource(), makeCtx());
  assert.ok(linkOnly && linkOnly.html.includes('href="https://a.example/only-a-link"'));
});
