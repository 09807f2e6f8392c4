// Image rules on real-world shapes (36氪, 掘金, 知乎, WeChat, cnBeta): lazy sources, placeholders,
// tracking pixels, proxy, referrerpolicy, and a head image that is a real picture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { selectAll } from 'css-select';
import type { Element } from 'domhandler';
import { fixture } from '../helpers.js';
import { entryToPost } from '../../src/transform/index.js';
import { processBody, type BodyOptions } from '../../src/transform/sanitize/index.js';
import { isPlaceholderSrc, isTrackingPixelUrl } from '../../src/transform/images.js';
import { parseSrcset } from '../../src/transform/urls.js';
import { makeCtx, makeEntry, makeFeed, makeSource } from './make.js';

const PROXY = 'https://images.weserv.nl/?url=';
const OPTS: BodyOptions = { base: 'https://example.com/a/b.html', linksNewTab: false, stripTracking: true, proxy: PROXY };
const shape = (name: string): string => readFileSync(fixture('transform', 'images', `${name}.html`), 'utf8');

function imgs(html: string): Element[] {
  return selectAll('img', parseDocument(html).children) as Element[];
}

function postOf(content: string, over: { proxy?: string } = {}, entryOver: Parameters<typeof makeEntry>[0] = {}) {
  const post = entryToPost(makeEntry({ content, ...entryOver }), makeFeed(), makeSource(), makeCtx(over));
  assert.ok(post);
  return post;
}

/** Every image in the output: a real URL, no-referrer once, no lazy attributes left. */
function assertCleanImages(html: string): void {
  const raw = html.match(/<img\b[^>]*>/g) ?? [];
  for (const tag of raw) {
    assert.equal((tag.match(/referrerpolicy=/g) ?? []).length, 1, tag);
    assert.doesNotMatch(tag, /data-(?:src|original|actualsrc|lazy|url)/, tag);
  }
  for (const img of imgs(html)) {
    assert.match(img.attribs.src ?? '', /^https:\/\//, `src ${img.attribs.src}`);
    assert.equal(img.attribs.referrerpolicy, 'no-referrer');
  }
}

test('WeChat: data-src wins over the data: placeholder, pixel removed, head image is the cover (not banner, not emoji)', () => {
  const post = postOf(shape('wechat'));
  assertCleanImages(post.html);
  const srcs = imgs(post.html).map((i) => i.attribs.src);
  assert.deepEqual(srcs, [
    'https://mmbiz.qpic.cn/mmbiz_gif/Ljib4So7yuWgFollowBanner/640?wx_fmt=gif',
    'https://mmbiz.qpic.cn/mmbiz_jpg/Ljib4So7yuWgCover/640?wx_fmt=jpeg&from=appmsg',
    'https://res.wx.qq.com/mpres/htmledition/images/icon/emotion/0.gif',
    'https://mmbiz.qpic.cn/mmbiz_png/Ljib4So7yuWgSecond/640?wx_fmt=png',
  ]);
  assert.doesNotMatch(post.html, /appmsgreport|data:image/);
  assert.equal(post.image, 'https://mmbiz.qpic.cn/mmbiz_jpg/Ljib4So7yuWgCover/640?wx_fmt=jpeg&from=appmsg');
});

test('36氪: avatar skipped for the head image, tracking pixel removed from the body', () => {
  const post = postOf(shape('36kr'));
  assertCleanImages(post.html);
  assert.equal(post.image, 'https://img.36krcdn.com/hsossms/20230801/v2_8f3e@000000_oswg123456oswg1080oswg720_img_000?x-oss-process=image/format,jpg/interlace,1');
  assert.doesNotMatch(post.html, /track\.gif/);
  assert.equal(imgs(post.html).length, 2);
});

test('掘金: lazyload data-src with svg placeholder, emoji skipped, <style> removed, code braces escaped', () => {
  const post = postOf(shape('juejin'));
  assertCleanImages(post.html);
  assert.equal(post.image, 'https://p3-juejin.byteimg.com/tos-cn-i-k3u1fbpfcp/4f1e2d3c4b5a~tplv-k3u1fbpfcp-zoom-in-crop-mark:1512:0:0:0.awebp?');
  assert.doesNotMatch(post.html, /<style|[{}]/);
  assert.match(post.html, /<pre><code class="hljs language-js" lang="js">/);
  assert.match(post.html, /\n&#10;<span class="hljs-keyword">function<\/span>/);
});

test('知乎: data-original over data-actualsrc over the svg placeholder, noscript copy gone, equation and avatar skipped', () => {
  const post = postOf(shape('zhihu'));
  assertCleanImages(post.html);
  assert.equal(post.image, 'https://pic2.zhimg.com/v2-5e6f7a8b_r.jpg');
  const srcs = imgs(post.html).map((i) => i.attribs.src);
  assert.equal(srcs.filter((s) => s === 'https://pic2.zhimg.com/v2-5e6f7a8b_r.jpg').length, 1);
  assert.ok(srcs.includes('https://pic4.zhimg.com/v2-9c0d1e2f_b.jpg'));
  assert.doesNotMatch(post.html, /noscript|data-rawwidth/);
});

test('cnBeta: http images through the proxy (src, data-original, srcset), relative resolved, feedburner pixel removed', () => {
  const post = postOf(shape('cnbeta'), { proxy: PROXY }, { link: 'http://www.cnbeta.com.tw/articles/tech/1234567.htm' });
  assertCleanImages(post.html);
  assert.equal(post.image, `${PROXY}http://static.cnbetacdn.com/article/2022/0127/7a8b9c0d1e2f3a4.jpg`);
  const srcs = imgs(post.html).map((i) => i.attribs.src);
  assert.deepEqual(srcs, [
    `${PROXY}http://static.cnbetacdn.com/article/2022/0127/7a8b9c0d1e2f3a4.jpg`,
    `${PROXY}http://static.cnbetacdn.com/article/2022/0127/large.png`,
    `${PROXY}http://www.cnbeta.com.tw/images/relative.jpg`,
  ]);
  const srcset = imgs(post.html)[2]!.attribs.srcset!;
  assert.deepEqual(parseSrcset(srcset).map((c) => c.url), [`${PROXY}http://www.cnbeta.com.tw/images/relative.jpg`, `${PROXY}http://www.cnbeta.com.tw/images/relative@2x.jpg`]);
  assert.doesNotMatch(post.html, /feedburner/);
  assert.match(post.html, /<a href="http:\/\/www\.cnbeta\.com\.tw\/articles\/tech\/1234567\.htm" rel="noopener noreferrer">/);
});

test('proxy template with {url} percent-encodes; https images and data:image stay unproxied', () => {
  const out = processBody('<img src="http://a.example/x.jpg?a=1&amp;b=2"><img src="https://a.example/y.jpg">', { ...OPTS, proxy: 'https://p.example/img?u={url}&w=800' }).html;
  const srcs = imgs(out).map((i) => i.attribs.src);
  assert.deepEqual(srcs, ['https://p.example/img?u=http%3A%2F%2Fa.example%2Fx.jpg%3Fa%3D1%26b%3D2&w=800', 'https://a.example/y.jpg']);
  const noProxy = processBody('<img src="http://a.example/x.jpg">', { ...OPTS, proxy: undefined }).html;
  assert.equal(imgs(noProxy)[0]!.attribs.src, 'http://a.example/x.jpg');
});

test('video poster and <source srcset> go through the proxy too', () => {
  const out = processBody('<video poster="http://v.example/p.jpg" src="http://v.example/v.mp4"></video><picture><source srcset="http://a.example/1.webp 1x, //a.example/2.webp 2x"><img src="https://a.example/1.jpg"></picture>', OPTS).html;
  assert.match(out, new RegExp(`poster="${PROXY.replace(/[?.]/g, '\\$&')}http://v\\.example/p\\.jpg"`));
  assert.match(out, /src="http:\/\/v\.example\/v\.mp4"/);
  assert.match(out, /srcset="https:\/\/images\.weserv\.nl\/\?url=http:\/\/a\.example\/1\.webp 1x, https:\/\/a\.example\/2\.webp 2x"/);
});

test('lazy attributes: every known one wins over a placeholder; lazy data-srcset becomes srcset', () => {
  for (const attr of ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-url']) {
    const out = processBody(`<img src="https://cdn.example/loading.gif" ${attr}="https://cdn.example/real.jpg">`, OPTS).html;
    assert.equal(out, '<img src="https://cdn.example/real.jpg" referrerpolicy="no-referrer">\n', attr);
  }
  const ss = processBody('<img class="lazy" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-srcset="https://cdn.example/a-400.jpg 400w, https://cdn.example/a-800.jpg 800w">', OPTS).html;
  assert.equal(ss, '<img class="lazy" src="https://cdn.example/a-400.jpg" srcset="https://cdn.example/a-400.jpg 400w, https://cdn.example/a-800.jpg 800w" referrerpolicy="no-referrer">\n');
});

test('an image with only a placeholder is dropped; referrerpolicy never duplicated', () => {
  assert.equal(processBody('<p><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" class="lazy"></p>', OPTS).html, '<p></p>\n');
  assert.equal(processBody('<p><img src="https://cdn.example/img/loading.gif"><img></p>', OPTS).html, '<p></p>\n');
  assert.equal(processBody('<img src="https://a.example/x.jpg" referrerpolicy="no-referrer">', OPTS).html, '<img src="https://a.example/x.jpg" referrerpolicy="no-referrer">\n');
  assert.equal(processBody('<img src="https://a.example/x.jpg" referrerpolicy="unsafe-url">', OPTS).html, '<img src="https://a.example/x.jpg" referrerpolicy="no-referrer">\n');
  assert.equal(processBody('<img src="https://a.example/x.jpg">', OPTS).html, '<img src="https://a.example/x.jpg" referrerpolicy="no-referrer">\n');
});

test('tracking pixels: declared 1×1/0×0, feedburner and pixel paths; removed from the body', () => {
  for (const tag of [
    '<img src="https://a.example/x.gif" width="1" height="1">',
    '<img src="https://a.example/x.gif" style="width:0px;height:0px">',
    '<img src="https://feeds.feedburner.com/~r/foo/~4/abc">',
    '<img src="https://stats.wordpress.com/b.gif?host=x">',
    '<img src="https://a.example/pixel?id=1">',
    '<img src="https://a.example/beacon.gif">',
    '<img src="https://a.example/track/open.gif?u=1">',
  ]) assert.equal(processBody(`<p>${tag}</p>`, OPTS).html, '<p></p>\n', tag);
  assert.equal(isTrackingPixelUrl('https://a.example/photos/track-day.jpg'), false);
  assert.equal(isPlaceholderSrc('https://a.example/photos/lazy-river.jpg'), false);
});

test('head image: first real body picture; else the item image / image enclosure; else a stable placeholder', () => {
  assert.equal(postOf('<p><img src="https://a.example/emoji/smile.png"><img src="https://a.example/real.jpg" width="600"></p>').image, 'https://a.example/real.jpg');
  assert.equal(postOf('<p><img src="https://a.example/a.png" width="16" height="16"></p>', {}, { image: 'https://a.example/cover.jpg' }).image, 'https://a.example/cover.jpg');
  assert.equal(postOf('<p>no image</p>', {}, { enclosures: [{ url: 'https://a.example/audio.mp3', type: 'audio/mpeg', length: 1 }, { url: 'https://a.example/e.jpg', type: 'image/jpeg', length: null }] }).image, 'https://a.example/e.jpg');
  assert.equal(postOf('<p>no image</p>', { proxy: PROXY }, { image: '//a.example/c.jpg' }).image, 'https://a.example/c.jpg');
  assert.equal(postOf('<p>no image</p>', { proxy: PROXY }, { image: 'http://a.example/c.jpg' }).image, `${PROXY}http://a.example/c.jpg`);
  const a = postOf('<p>no image</p>', {}, { id: 'item-a', link: 'https://a.example/a' });
  const again = postOf('<p>different body</p>', {}, { id: 'item-a', link: 'https://a.example/a' });
  const guidChanged = postOf('<p>no image</p>', {}, { id: 'item-a-v2', link: 'https://a.example/a' });
  const b = postOf('<p>no image</p>', {}, { id: 'item-b', link: 'https://a.example/b' });
  const noLink = postOf('<p>no image</p>', {}, { id: 'item-c', link: null });
  assert.equal(guidChanged.image, a.image);
  assert.match(noLink.image, /random=[1-9]\d{3}$/);
  assert.match(a.image, /^https:\/\/picsum\.photos\/400\/300\?random=[1-9]\d{3}$/);
  assert.equal(a.image, again.image);
  assert.notEqual(a.image, b.image);
});

test('head image: never an image the sanitizer removed, never one without an http(s) URL', () => {
  const placeholder = /^https:\/\/picsum\.photos\/400\/300\?random=[1-9]\d{3}$/;
  // no base anywhere: relative URLs stay relative in the body (harmless there) but cannot head a post
  const noBase = (content: string, entryOver: Parameters<typeof makeEntry>[0] = {}) => {
    const post = entryToPost(makeEntry({ content, link: null, id: 'x', ...entryOver }), makeFeed({ link: null, feedUrl: null }), makeSource(), makeCtx());
    assert.ok(post);
    return post;
  };
  const removed = [
    '<p><img src="javascript:alert(1)//a.jpg" width="600"></p>',
    '<p><img src="ftp://a.example/a.jpg" width="600"></p>',
    '<p><img src="vbscript:x" data-src="javascript:y"></p>',
    '<svg><image href="https://a.example/svg.jpg"/></svg><p>t</p>',
    '<script>document.write(\'<img src="https://a.example/s.jpg">\')</script><p>t</p>',
    '<template><img src="https://a.example/t.jpg" width="600"></template><p>t</p>',
    '<a href="http://feeds.feedburner.com/~ff/x?a=1"><img src="https://a.example/ad.jpg" width="600"></a><p>t</p>',
  ];
  for (const html of removed) {
    const post = postOf(html);
    assert.match(post.image, placeholder, html);
    assert.doesNotMatch(post.html, /<img/, html);
  }
  for (const html of ['<p><img src="/rel.jpg" width="600"></p>', '<p><img src="rel.jpg" width="600"></p>']) {
    const post = noBase(html);
    assert.match(post.html, /<img src="\/?rel\.jpg"/, html); // kept in the body
    assert.match(post.image, placeholder, html);
  }
  assert.match(noBase('<p>text</p>', { image: '/cover.jpg' }).image, placeholder);
  assert.equal(noBase('<p><img src="/rel.jpg"><img src="https://a.example/ok.jpg" width="600"></p>').image, 'https://a.example/ok.jpg');
  // what heads the post is in the body
  const post = postOf('<p><img src="javascript:x"><img src="https://a.example/kept.jpg" width="600"></p>');
  assert.equal(post.image, 'https://a.example/kept.jpg');
  assert.ok(post.html.includes('src="https://a.example/kept.jpg"'));
});

test('<noscript> images: kept when they are the only copy, dropped beside their lazy twin; other noscript content dropped', () => {
  const body = (html: string): string => processBody(html, OPTS).html;
  // 知乎 with the lazy <img> stripped (some RSSHub routes): the noscript copy is the picture
  assert.equal(body('<figure><noscript><img src="https://pic1.zhimg.com/v2-a_b.jpg" data-rawwidth="1280"></noscript><figcaption>c</figcaption></figure>'),
    '<figure><img src="https://pic1.zhimg.com/v2-a_b.jpg" referrerpolicy="no-referrer"><figcaption>c</figcaption></figure>\n');
  assert.equal(body('<p>a</p><noscript><img src="https://ok.example/only.jpg"></noscript><p>b</p>'),
    '<p>a</p><img src="https://ok.example/only.jpg" referrerpolicy="no-referrer"><p>b</p>\n');
  // twin after (知乎) and twin before (WordPress lazy plugins): one picture
  assert.equal(body('<figure><noscript><img src="https://pic1.zhimg.com/v2-a_b.jpg"></noscript><img src="data:image/svg+xml;utf8,x" data-actualsrc="https://pic1.zhimg.com/v2-a_b.jpg"></figure>'),
    '<figure><img src="https://pic1.zhimg.com/v2-a_b.jpg" referrerpolicy="no-referrer"></figure>\n');
  assert.equal(body('<p><img src="data:image/gif;base64,R0lGOD" data-lazy-src="https://ok.example/w.jpg"><noscript><img src="https://ok.example/w.jpg"></noscript></p>'),
    '<p><img src="https://ok.example/w.jpg" referrerpolicy="no-referrer"></p>\n');
  assert.equal(body('<img src="data:image/gif;base64,R0lGOD" data-lazy-src="https://ok.example/w.jpg"><noscript><img src="https://ok.example/w.jpg"></noscript>'),
    '<img src="https://ok.example/w.jpg" referrerpolicy="no-referrer">\n');
  // messages and scripts never survive; the kept copy is sanitized like any markup
  assert.equal(body('<noscript>Please enable JavaScript</noscript><p>x</p>'), '<p>x</p>\n');
  assert.equal(body('<noscript><img src="https://ok.example/x.png" onerror="alert(1)"><script>alert(1)</script></noscript>'),
    '<img src="https://ok.example/x.png" referrerpolicy="no-referrer">\n');
  assert.equal(body('<p><noscript><img src="https://ok.example/a.jpg"></noscript> words after</p>'),
    '<p><img src="https://ok.example/a.jpg" referrerpolicy="no-referrer"> words after</p>\n');
  // the kept copy counts for the head image
  const post = postOf('<figure><noscript><img src="https://pic1.zhimg.com/v2-a_b.jpg"></noscript></figure>');
  assert.equal(post.image, 'https://pic1.zhimg.com/v2-a_b.jpg');
});
