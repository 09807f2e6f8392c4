// The author rule: configured author, `author: item` (the item's own), and the fallbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromObject } from '../../src/config/load.js';
import { resolveSources } from '../../src/config/sources.js';
import { entryToPost } from '../../src/transform/index.js';
import { makeCtx, makeEntry, makeFeed } from './make.js';

async function sourceWith(author: string | undefined, categories = ['新媒体', '观察者网', '头条']) {
  const config = configFromObject({ feeds: [{ url: 'https://example.com/feed.xml', categories, ...(author ? { author } : {}) }] }, '/tmp');
  return (await resolveSources(config, { offline: true }))[0]!;
}

const ann = [{ name: 'Ann Lee', email: null, url: null }];

test('author: item takes the item\'s own author, from the config through the transform', async () => {
  const post = entryToPost(makeEntry({ authors: ann }), makeFeed(), await sourceWith('item'), makeCtx())!;
  assert.equal(post.author, 'Ann Lee');
});

test('author: item falls back to today\'s rule (second category, then the feed title) when the item names none', async () => {
  const source = await sourceWith('item');
  assert.equal(entryToPost(makeEntry(), makeFeed(), source, makeCtx())!.author, '观察者网');
  const single = await sourceWith('item', ['News']);
  assert.equal(entryToPost(makeEntry(), makeFeed({ title: 'Example Feed' }), single, makeCtx())!.author, 'Example Feed');
});

test('without author: item, the item\'s author does not win over the second category or a configured name', async () => {
  assert.equal(entryToPost(makeEntry({ authors: ann }), makeFeed(), await sourceWith(undefined), makeCtx())!.author, '观察者网');
  assert.equal(entryToPost(makeEntry({ authors: ann }), makeFeed(), await sourceWith('编辑部'), makeCtx())!.author, '编辑部');
});

test('an item\'s author cannot spell markup', async () => {
  const post = entryToPost(makeEntry({ authors: [{ name: '<b>Bo</b>\n Li', email: null, url: null }] }), makeFeed(), await sourceWith('item'), makeCtx())!;
  assert.equal(post.author.includes('<b>'), false);
});
