// The seed: the real feed item through the real parser, transform and Hexo writer must give the
// real post of the original system, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { fixture } from '../helpers.js';
import { parseFeed } from '../../src/parse/index.js';
import { entryToPost } from '../../src/transform/index.js';
import { formatHexoPost } from '../../src/output/hexo.js';
import { frontMatter, makeCtx, makeSource } from '../transform/make.js';

const xml = readFileSync(fixture('seed', 'guancha-headline.xml'));
const expected = readFileSync(fixture('seed', 'expected-post.md'), 'utf8');

test('seed feed item → byte-identical seed post', () => {
  const feed = parseFeed(xml, { url: 'https://rsshub.app/guancha/headline' });
  assert.equal(feed.items.length, 1);
  const source = makeSource({ key: 'https://rsshub.app/guancha/headline', url: 'https://rsshub.app/guancha/headline', categories: ['新媒体', '观察者网', '头条'] });
  const post = entryToPost(feed.items[0]!, feed, source, makeCtx());
  assert.ok(post);
  const out = formatHexoPost(post, { dateStyle: 'rfc1123' });
  assert.equal(out, expected);
  assert.ok(!out.endsWith('\n'));
});

test('seed post is byte-identical with the image proxy configured too (its images are https)', () => {
  const feed = parseFeed(xml, { url: 'https://rsshub.app/guancha/headline' });
  const post = entryToPost(feed.items[0]!, feed, makeSource(), makeCtx({ proxy: 'https://images.weserv.nl/?url=' }));
  assert.equal(formatHexoPost(post!, { dateStyle: 'rfc1123' }), expected);
});

test('seed front matter parses with js-yaml to the intended values', () => {
  const data = load(frontMatter(expected)) as Record<string, unknown>;
  assert.equal(data.title, '美国北约书面回应：拒绝俄罗斯所划_红线_');
  assert.deepEqual(data.categories, ['新媒体', '观察者网', '头条']);
  assert.equal(data.author, '观察者网');
  assert.equal(data.comments, false);
  assert.equal(data.date, 'Thu, 27 Jan 2022 10:09:07 GMT');
  assert.equal(data.headimg, 'https://i.guancha.cn/news/2022/01/27/20220127095954179.jpg');
  assert.equal(data.thumbnail, data.headimg);
});
