// Which URLs may stay in a post.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeUrl, urlScheme } from '../../../src/transform/sanitize/url-schemes.js';

test('urlScheme sees through whitespace, controls and case', () => {
  assert.equal(urlScheme('JaVa\tScRipt:alert(1)'), 'javascript');
  assert.equal(urlScheme(' \u0001javascript:x'), 'javascript');
  assert.equal(urlScheme('java\u0000script:x'), 'javascript');
  assert.equal(urlScheme('/path:with/colon'), null);
  assert.equal(urlScheme('a/b:c'), null);
  assert.equal(urlScheme('?q=a:b'), null);
  assert.equal(urlScheme('中文:x'), '!');
});

test('safeUrl: allowed schemes per kind, relative resolved, protocol-relative → https', () => {
  const base = 'http://site.example/a/b';
  assert.equal(safeUrl('https://x.example/p?q=1', 'link', base), 'https://x.example/p?q=1');
  assert.equal(safeUrl('mailto:a@b.example', 'link', base), 'mailto:a@b.example');
  assert.equal(safeUrl('mailto:a@b.example', 'image', base), null);
  assert.equal(safeUrl('data:image/png;base64,AAAA', 'image', base), 'data:image/png;base64,AAAA');
  assert.equal(safeUrl('data:image/png;base64,AAAA', 'link', base), null);
  assert.equal(safeUrl('data:text/html,<script>', 'image', base), null);
  assert.equal(safeUrl('javascript:alert(1)', 'link', base), null);
  assert.equal(safeUrl('ftp://x.example/', 'link', base), null);
  assert.equal(safeUrl('//cdn.example/x.png', 'image', base), 'https://cdn.example/x.png');
  assert.equal(safeUrl('c.png', 'image', base), 'http://site.example/a/c.png');
  assert.equal(safeUrl('/c.png', 'image', null), '/c.png');
  assert.equal(safeUrl('   ', 'image', base), null);
});
