import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture } from '../helpers.js';
import { parseFeed } from '../../src/parse/index.js';

test('the seed feed (观察者网 头条, RSSHub) parses to the expected fields', () => {
  const bytes = readFileSync(fixture('seed', 'guancha-headline.xml'));
  const doc = parseFeed(bytes, { url: 'https://rsshub.app/guancha/headline', timezone: 'Asia/Shanghai' });
  assert.equal(doc.format, 'rss');
  assert.equal(doc.version, '2.0');
  assert.equal(doc.title, '观察者网 - 头条');
  assert.equal(doc.link, 'https://www.guancha.cn');
  assert.equal(doc.feedUrl, 'https://rsshub.app/guancha/headline');
  assert.equal(doc.language, 'zh-cn');
  assert.equal(doc.updated, '2022-01-27T10:30:00.000Z');
  assert.equal(doc.bozo, false);
  assert.equal(doc.encoding, 'utf-8');
  assert.equal(doc.items.length, 1);
  const it = doc.items[0];
  assert.equal(it.title, '美国北约书面回应：拒绝俄罗斯所划“红线”');
  assert.equal(it.link, 'https://www.guancha.cn/internation/2022_01_27_623541.shtml');
  assert.equal(it.id, 'https://www.guancha.cn/internation/2022_01_27_623541.shtml');
  assert.equal(it.published, '2022-01-27T10:09:07.000Z');
  assert.equal(it.updated, null);
  assert.deepEqual(it.authors, []);
  assert.deepEqual(it.categories, []);
  assert.equal(it.content, null);
  assert.deepEqual(it.enclosures, []);
  // the description is the CDATA content byte for byte (the post body reproduces it)
  const text = bytes.toString('utf8');
  const start = text.indexOf('<description><![CDATA[', text.indexOf('<item>')) + '<description><![CDATA['.length;
  assert.equal(it.summary, text.slice(start, text.indexOf(']]></description>', start)));
  assert.ok(it.summary!.startsWith('<img src="https://i.guancha.cn/news/2022/01/27/20220127095954179.jpg" width="970px"'));
  assert.ok(it.summary!.endsWith('</p>\n'));
});
