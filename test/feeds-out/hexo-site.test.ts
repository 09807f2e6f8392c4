// Feeds out in a real Hexo 8 site: written into `source/` (the default for the hexo format), `hexo generate`
// publishes them at the site's root, still valid feeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { configFromObject } from '../../src/config/load.js';
import { writeFeedsOut } from '../../src/feeds-out/write.js';
import { parseFeed } from '../../src/parse/index.js';
import { buildSite, makeSite, removeSite } from '../e2e/hexo-site.js';

test('feeds out under source/ come out of hexo generate at the site root, byte for byte (XML) or as the same JSON', async () => {
  const site = makeSite();
  try {
    const config = configFromObject({ feeds: [], timezone: 'Asia/Shanghai', feedsOut: { siteUrl: 'http://127.0.0.1/', title: '新闻' } }, site);
    const post = { identity: 'a', file: '2022-01-27-abc.md', meta: { title: '标题 & more', date: Date.UTC(2022, 0, 27, 10, 9, 7), categories: ['新媒体', '观察者网'], author: '观察者网', image: '', link: 'https://x.example/1' } };
    const written = await writeFeedsOut([post], config.feedsOut!, config.timezone);
    assert.equal(written.length, 6);
    await buildSite(site);
    const pub = (p: string) => readFileSync(join(site, 'public', p), 'utf8');
    const src = (p: string) => readFileSync(join(site, 'source', p), 'utf8');
    assert.equal(pub('atom.xml'), src('atom.xml'));
    assert.equal(pub('rss.xml'), src('rss.xml'));
    assert.equal(pub('categories/新媒体/atom.xml'), src('categories/新媒体/atom.xml'));
    assert.deepEqual(JSON.parse(pub('feed.json')), JSON.parse(src('feed.json')));
    assert.equal(parseAtomFeed(pub('atom.xml')).entries?.[0]?.title?.value, '标题 & more');
    assert.equal(parseRssFeed(pub('rss.xml')).items?.[0]?.link, 'http://127.0.0.1/2022/01/27/2022-01-27-abc/');
    assert.equal(parseJsonFeed(JSON.parse(pub('feed.json'))).items?.[0]?.title, '标题 & more');
    assert.equal(parseFeed(pub('categories/新媒体/rss.xml')).items[0]!.title, '标题 & more');
  } finally {
    removeSite(site);
  }
});
