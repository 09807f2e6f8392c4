import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSrcset, parseSrcset, proxyImage, stripTrackingParams } from '../../src/transform/urls.js';
import { isTrackingPixelUrl } from '../../src/transform/images.js';

test('proxyImage: only http images; prefix or {url} template', () => {
  assert.equal(proxyImage('http://a.example/x.jpg', 'https://p.example/?'), 'https://p.example/?http://a.example/x.jpg');
  assert.equal(proxyImage('https://a.example/x.jpg', 'https://p.example/?'), 'https://a.example/x.jpg');
  assert.equal(proxyImage('http://a.example/x.jpg?a=1&b=2', 'https://p.example/i?url={url}'), 'https://p.example/i?url=http%3A%2F%2Fa.example%2Fx.jpg%3Fa%3D1%26b%3D2');
  assert.equal(proxyImage('http://a.example/x.jpg', undefined), 'http://a.example/x.jpg');
});

test('stripTrackingParams keeps everything else byte for byte', () => {
  assert.equal(stripTrackingParams('https://a.example/p?utm_source=x&id=1&UTM_Medium=y&spm=1.2&gclid=z#h'), 'https://a.example/p?id=1#h');
  assert.equal(stripTrackingParams('https://a.example/p?utm_source=x'), 'https://a.example/p');
  assert.equal(stripTrackingParams('https://a.example/p?q=%E4%B8%AD&x=a+b'), 'https://a.example/p?q=%E4%B8%AD&x=a+b');
  assert.equal(stripTrackingParams('https://a.example/p#utm_source=x'), 'https://a.example/p#utm_source=x');
  assert.equal(stripTrackingParams('https://a.example/p?utm%5Fsource=x&k=v'), 'https://a.example/p?k=v');
});

test('srcset parsing keeps commas inside URLs and descriptors', () => {
  const s = 'https://res.cloudinary.com/x/w_400,h_300/a.jpg 400w, https://a.example/b.jpg 2x,https://a.example/c.jpg';
  assert.deepEqual(parseSrcset(s), [
    { url: 'https://res.cloudinary.com/x/w_400,h_300/a.jpg', descriptor: '400w' },
    { url: 'https://a.example/b.jpg', descriptor: '2x' },
    { url: 'https://a.example/c.jpg', descriptor: '' },
  ]);
  assert.equal(formatSrcset(parseSrcset('a.jpg 1x,b.jpg 2x')), 'a.jpg 1x, b.jpg 2x');
  assert.deepEqual(parseSrcset('  '), []);
});

test('bilibili share and click parameters are tracking too; the Medium stat beacon is a pixel by its path', () => {
  assert.equal(stripTrackingParams('https://www.bilibili.com/video/BV1xK4y1C7Ab/?spm_id_from=333.999.0.0&vd_source=abc&p=2'), 'https://www.bilibili.com/video/BV1xK4y1C7Ab/?p=2');
  assert.equal(stripTrackingParams('https://b23.example/x?share_source=copy_web&share_medium=android&t=30'), 'https://b23.example/x?t=30');
  assert.equal(stripTrackingParams('https://mp.weixin.qq.com/s?__biz=MzA5&mid=2&idx=1&sn=abc&mpshare=1&isappinstalled=0&clicktime=1716&enterid=1716#rd'),
    'https://mp.weixin.qq.com/s?__biz=MzA5&mid=2&idx=1&sn=abc#rd');
  assert.ok(isTrackingPixelUrl('https://medium.com/_/stat?event=post.clientViewed&referrerSource=full_rss&postId=1'));
  assert.ok(!isTrackingPixelUrl('https://cdn-images-1.medium.com/max/1024/1*abc.png'));
});
