// feedsNamed / selectFeeds: the names `run --feed` and `remove` accept; and the per-feed `interval` key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { configFromText } from '../../src/config/yaml-text.js';
import { feedsNamed, selectFeeds } from '../../src/config/select.js';
import { tempDir } from '../helpers.js';

const dir = tempDir();
const config = configFromText(
  `rsshub: { instance: "https://hub.example.org" }
feeds:
  - rsshub: /guancha/headline
  - url: https://hub.example.org/36kr/newsflashes
    title: 36氪快讯
    interval: 1h30m
  - url: feeds/local.xml
    title: Local
`,
  join(dir, 'feedmill.yml'),
);

test('feeds are named by key, route (with or without rsshub:), URL, resolved file URL or title', () => {
  const keys = (name: string) => feedsNamed(config, name).map((f) => f.rsshub ?? f.url);
  assert.deepEqual(keys('/guancha/headline'), ['/guancha/headline']);
  assert.deepEqual(keys('rsshub:/guancha/headline'), ['/guancha/headline']);
  assert.deepEqual(keys('guancha/headline'), [], 'a route is written with its slash');
  assert.deepEqual(keys('https://hub.example.org/guancha/headline?limit=5'), ['/guancha/headline'], 'the instance URL of a route');
  assert.deepEqual(keys('/36kr/newsflashes'), ['https://hub.example.org/36kr/newsflashes'], 'a URL on the instance has a route too');
  assert.deepEqual(keys(' 36氪快讯 '), ['https://hub.example.org/36kr/newsflashes']);
  assert.deepEqual(keys('local'), ['feeds/local.xml'], 'titles ignore case');
  assert.deepEqual(keys(`file://${join(dir, 'feeds', 'local.xml')}`), ['feeds/local.xml']);
  assert.deepEqual(keys('nothing'), []);
});

test('selectFeeds keeps the config order and reports names that matched nothing', () => {
  const { config: only, unmatched } = selectFeeds(config, ['Local', '/guancha/headline', 'nope']);
  assert.deepEqual(only.feeds.map((f) => f.rsshub ?? f.url), ['/guancha/headline', 'feeds/local.xml']);
  assert.deepEqual(unmatched, ['nope']);
});

test('interval is a duration in ms; anything else is a config error naming the key', () => {
  assert.equal(config.feeds[1]!.interval, 90 * 60_000);
  assert.equal(config.feeds[0]!.interval, undefined);
  assert.throws(() => configFromText('feeds:\n  - url: a.xml\n    interval: often\n', join(dir, 'bad.yml')), /bad\.yml:3: feeds\[0\]\.interval: expected a duration/);
});
