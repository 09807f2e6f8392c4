// entryToPost and itemIdentity: identity rules, body source and base, filters, rewrite selectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryToPost, itemIdentity, placeholderNumber } from '../../src/transform/index.js';
import { postTitle, htmlToPlainText } from '../../src/transform/text.js';
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
  const empty = entryToPost(makeEntry({ content: null, summary: null }), makeFeed(), src, ctx)!;
  assert.equal(empty.html, '');
});

test('title rules: entities decoded, tags stripped, whitespace collapsed, quotes → _', () => {
  assert.equal(postTitle('  A&nbsp;<em>b</em>\n\n c &quot;d&quot; ‘e’ “f” \'g\' ', null), 'A b c _d_ _e_ _f_ _g_');
  assert.equal(postTitle(null, '<p>short</p>'), 'short');
  assert.equal(postTitle('', '<p>' + 'x'.repeat(60) + '</p>'), 'x'.repeat(50) + '...');
  assert.equal(postTitle(null, '<p>' + 'x'.repeat(50) + '</p>'), 'x'.repeat(50));
  assert.equal(postTitle(null, null), '');
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
