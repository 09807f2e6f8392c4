import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentBaseFor, fixProtocolRelative, isAbsoluteUrl, joinBase, resolveHtmlUrls, resolveUrl } from '../../src/parse/urls.js';

test('resolveUrl: absolute URLs are kept, relative ones resolved against the base', () => {
  assert.equal(resolveUrl('https://a.example/x', 'http://b.example/'), 'https://a.example/x');
  assert.equal(resolveUrl('  /p/1.html ', 'https://a.example/feed/rss.xml'), 'https://a.example/p/1.html');
  assert.equal(resolveUrl('1.html', 'https://a.example/feed/rss.xml'), 'https://a.example/feed/1.html');
  assert.equal(resolveUrl('../up', 'https://a.example/a/b/'), 'https://a.example/a/up');
  assert.equal(resolveUrl('?q=1', 'https://a.example/a'), 'https://a.example/a?q=1');
  assert.equal(resolveUrl('mailto:me@example.com', 'https://a.example/'), 'mailto:me@example.com');
});

test('resolveUrl: protocol-relative URLs take the base scheme, else https', () => {
  assert.equal(resolveUrl('//img.example/a.jpg', null), 'https://img.example/a.jpg');
  assert.equal(resolveUrl('//img.example/a.jpg', 'https://a.example/'), 'https://img.example/a.jpg');
  assert.equal(resolveUrl('//img.example/a.jpg', 'http://a.example/'), 'http://img.example/a.jpg');
  assert.equal(fixProtocolRelative('//x.example/y'), 'https://x.example/y');
  assert.equal(fixProtocolRelative('/y'), '/y');
});

test('resolveUrl: without a usable base, relative URLs are returned unchanged', () => {
  assert.equal(resolveUrl('a/b.html', null), 'a/b.html');
  assert.equal(resolveUrl('a/b.html', undefined), 'a/b.html');
  assert.equal(resolveUrl('a/b.html', 'not a url'), 'a/b.html');
});

test('joinBase nests xml:base values', () => {
  assert.equal(joinBase('http://example.com/parent/', 'child/'), 'http://example.com/parent/child/');
  assert.equal(joinBase('http://example.com/parent/', 'http://other.example/'), 'http://other.example/');
  assert.equal(joinBase('http://example.com/', ''), 'http://example.com/');
  assert.equal(joinBase(null, null), null);
});

test('isAbsoluteUrl', () => {
  assert.equal(isAbsoluteUrl('https://x'), true);
  assert.equal(isAbsoluteUrl('data:image/png;base64,AA'), true);
  assert.equal(isAbsoluteUrl('/x'), false);
  assert.equal(isAbsoluteUrl('//x'), false);
});

test('resolveHtmlUrls rewrites only relative URL attributes and keeps the rest byte-identical', () => {
  const html = '<p class="x">Hi <a href="test.html" title="t">t</a> <img src=\'/i.png\' width=1> <a href="#top">top</a> <a href="https://abs.example/">abs</a></p>';
  assert.equal(
    resolveHtmlUrls(html, 'http://example.com/dir/'),
    '<p class="x">Hi <a href="http://example.com/dir/test.html" title="t">t</a> <img src=\'http://example.com/i.png\' width=1> <a href="#top">top</a> <a href="https://abs.example/">abs</a></p>',
  );
  assert.equal(resolveHtmlUrls('<img srcset="a.png 1x, b.png 2x">', 'http://e.example/'), '<img srcset="http://e.example/a.png 1x, http://e.example/b.png 2x">');
  assert.equal(resolveHtmlUrls(html, null), html);
});

test('contentBaseFor: xml:base, else item link, else feed link', () => {
  assert.equal(contentBaseFor({ contentBase: 'http://base/', link: 'http://item/' }, { link: 'http://feed/' }), 'http://base/');
  assert.equal(contentBaseFor({ link: 'http://item/' }, { link: 'http://feed/' }), 'http://item/');
  assert.equal(contentBaseFor({ link: null }, { link: 'http://feed/' }), 'http://feed/');
  assert.equal(contentBaseFor({ link: null }, { link: null }), null);
});
