import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE_ACCEPT, imageRequestHeaders, refererFor } from '../../src/images/referers.js';

test('the built-in table: hotlink-protected hosts and their subdomains get their site as Referer', () => {
  assert.equal(refererFor('https://wx1.sinaimg.cn/large/a.jpg', null, {}), 'https://weibo.com/');
  assert.equal(refererFor('https://mmbiz.qpic.cn/mmbiz_jpg/x/640', null, {}), 'https://mp.weixin.qq.com/');
  assert.equal(refererFor('https://pic3.zhimg.com/v2-1.jpg', null, {}), 'https://www.zhihu.com/');
  assert.equal(refererFor('https://cdnfile.sspai.com/2024/a.png', null, {}), 'https://sspai.com/');
  assert.equal(refererFor('https://i0.hdslb.com/bfs/archive/a.jpg', null, {}), 'https://www.bilibili.com/');
  assert.equal(refererFor('https://img9.doubanio.com/view/photo/a.jpg', null, {}), 'https://www.douban.com/');
  assert.equal(refererFor('https://notsinaimg.cn/a.jpg', null, {}), null, 'a suffix match is on a label boundary');
  assert.equal(refererFor('https://example.com/a.jpg', 'https://example.com/post', {}), null, 'unlisted hosts get none');
});

test('config overrides win; article sends the post link; none sends nothing', () => {
  const overrides = { 'sinaimg.cn': 'none', 'news.example': 'article', 'cdn.example.org': 'https://example.org/' };
  assert.equal(refererFor('https://wx1.sinaimg.cn/a.jpg', null, overrides), null);
  assert.equal(refererFor('https://news.example/i/a.jpg', 'https://news.example/articles/1', overrides), 'https://news.example/articles/1');
  assert.equal(refererFor('https://news.example/i/a.jpg', null, overrides), null, 'no link, no Referer');
  assert.equal(refererFor('https://a.cdn.example.org/x.png', null, overrides), 'https://example.org/');
});

test('request headers: a browser-like Accept and the Referer', () => {
  assert.deepEqual(imageRequestHeaders('https://wx1.sinaimg.cn/a.jpg', null, {}), { accept: IMAGE_ACCEPT, referer: 'https://weibo.com/' });
  assert.deepEqual(imageRequestHeaders('https://example.com/a.jpg', null, {}), { accept: 'image/avif,image/webp,image/*,*/*;q=0.8' });
});
