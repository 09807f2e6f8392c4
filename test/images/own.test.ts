// ownImages against a real local image server: hotlink rules, awkward answers, idempotence, dedupe, retries,
// thumbnails, and once through the fetch layer's createFetcher.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ImageCache, ImagesConfig, Post } from '../../src/model.js';
import { ownImages } from '../../src/images/own.js';
import { MemoryImageCache } from '../../src/images/cache.js';
import { createFetcher } from '../../src/fetch/index.js';
import { formatHexoPost } from '../../src/output/hexo.js';
import type { GetImage } from '../../src/images/download.js';
import { fixture, sourceFor, tempDir } from '../helpers.js';
import { startImageServer, type ImageServer } from './image-server.js';
import { allToPort, loopbackGet } from './http-get.js';
import { parseFeed } from '../../src/parse/index.js';
import { entryToPost } from '../../src/transform/index.js';
import { makeCtx, makeSource } from '../transform/make.js';

let server: ImageServer;
before(async () => {
  server = await startImageServer();
});
after(async () => {
  await server.close();
});

const PLACEHOLDER = 'https://picsum.photos/400/300?random={n}';

function settings(dir: string, over: Partial<ImagesConfig> = {}): ImagesConfig {
  return { placeholder: PLACEHOLDER, mode: 'download', dir, urlPrefix: '/images/feedmill', referers: {}, maxBytes: 10 * 1024 * 1024, maxPixels: 50_000_000, ...over };
}

function makePost(urls: string[], image = 'https://picsum.photos/400/300?random=1', link = 'https://news.example/articles/1'): Post {
  const html = urls.map((u) => `<p><img src="${u.replace(/&/g, '&amp;')}" referrerpolicy="no-referrer"></p>`).join('\n') + '\n';
  return { identity: link, title: 't', categories: [], author: 'a', date: new Date(0), timezone: 'UTC', image, html, link, guid: null };
}

/** Every file under the images folder, relative. */
function filesIn(dir: string): string[] {
  let out: string[] = [];
  try {
    for (const sub of readdirSync(dir)) out = out.concat(readdirSync(join(dir, sub)).map((f) => `${sub}/${f}`));
  } catch {
    /* no folder yet */
  }
  return out.sort();
}

function localPath(dir: string, localUrl: string): string {
  return join(dir, localUrl.replace('/images/feedmill/', ''));
}

test('hotlink-protected hosts get their Referer; the post shows the local copies, sized, originals kept', async () => {
  const dir = tempDir();
  const u = {
    sina: server.url('wx1.sinaimg.cn', '/large/a.jpg'),
    qpic: server.url('mmbiz.qpic.cn', '/mmbiz_png/x/640'),
    zhimg: server.url('pic1.zhimg.com', '/v2-a.gif'),
    news: server.url('news.example', '/img/a.webp'),
    avif: server.url('img.example', '/pic.avif'),
  };
  const post = makePost(Object.values(u), u.sina);
  const { post: out, failures } = await ownImages(post, {
    images: settings(dir, { referers: { 'news.example': 'article' } }),
    get: loopbackGet,
    cache: new MemoryImageCache(),
  });
  assert.deepEqual(failures, []);
  assert.equal(server.referer('wx1.sinaimg.cn', '/large/a.jpg'), 'https://weibo.com/');
  assert.equal(server.referer('mmbiz.qpic.cn', '/mmbiz_png/x/640'), 'https://mp.weixin.qq.com/');
  assert.equal(server.referer('news.example', '/img/a.webp'), 'https://news.example/articles/1');
  const imgs = [...out.html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
  assert.equal(imgs.length, 5);
  for (const [i, original] of Object.values(u).entries()) {
    const tag = imgs[i]!;
    assert.ok(tag.includes(`data-original-src="${original}"`), tag);
    const src = /src="(\/images\/feedmill\/[0-9a-f]{2}\/[0-9a-f]{64}\.(?:jpg|png|gif|webp|avif))"/.exec(tag)?.[1];
    assert.ok(src, tag);
    const bytes = readFileSync(localPath(dir, src));
    const meta = await sharp(bytes).metadata();
    assert.ok(tag.includes(`width="${meta.width}" height="${meta.height}"`), tag);
  }
  // the WeChat copy is the real picture, not the "not allowed" one
  assert.ok(readFileSync(localPath(dir, /src="([^"]+)"/.exec(imgs[1]!)![1]!)).equals(server.bytes.other!));
  assert.match(out.image, /^\/images\/feedmill\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
  assert.ok(imgs[0]!.includes(`src="${out.image}"`), 'the head image is the body picture, fetched once');
  assert.equal(server.hits('wx1.sinaimg.cn', '/large/a.jpg'), 1);
  assert.equal(out.thumbnail, undefined);
});

test('without the right Referer the hosts refuse, and the post keeps the original URL', async () => {
  const dir = tempDir();
  const sina = server.url('wx1.sinaimg.cn', '/large/refused.jpg');
  const qpic = server.url('mmbiz.qpic.cn', '/mmbiz_png/y/640');
  const post = makePost([sina, qpic]);
  const { post: out, failures } = await ownImages(post, {
    images: settings(dir, { referers: { 'sinaimg.cn': 'none', 'mmbiz.qpic.cn': 'https://blog.example/' } }),
    get: loopbackGet,
    cache: new MemoryImageCache(),
  });
  assert.deepEqual(failures, [`image ${sina}: HTTP 403`]);
  assert.ok(out.html.includes(`<img src="${sina}" referrerpolicy="no-referrer">`), 'the failed picture is left as it was');
  // a foreign Referer gets WeChat's stand-in picture: what the table exists to avoid
  const stored = /src="(\/images\/[^"]+)"/.exec(out.html)![1]!;
  assert.ok(readFileSync(localPath(dir, stored)).equals(server.bytes.notAllowed!));
});

test('awkward answers fail alone with one-line reasons; the type comes from the bytes; nothing partial is left', async () => {
  const dir = tempDir();
  const at = (p: string): string => server.url('img.example', p);
  const post = makePost(['/photo.jpg', '/huge.jpg', '/bomb.png', '/truncated.jpg', '/mislabelled.jpg', '/page.png', '/evil.svg', '/notes.txt', '/gone.jpg', '/broken.jpg'].map(at));
  assert.ok(server.bytes.big!.length > 100 * 1024, 'the huge picture is over the cap set below');
  const { post: out, failures } = await ownImages(post, {
    images: settings(dir, { maxBytes: 100 * 1024 }),
    get: loopbackGet,
    cache: new MemoryImageCache(),
  });
  const reasons = Object.fromEntries(failures.map((f) => /^image http:\/\/[^/]+(\/\S+): (.*)$/.exec(f)!.slice(1, 3)));
  assert.deepEqual(Object.keys(reasons).sort(), ['/bomb.png', '/broken.jpg', '/evil.svg', '/gone.jpg', '/huge.jpg', '/notes.txt', '/page.png', '/truncated.jpg']);
  assert.match(reasons['/huge.jpg']!, /body over/);
  assert.match(reasons['/bomb.png']!, /100000×100000 pixels over the cap/);
  assert.match(reasons['/truncated.jpg']!, /truncated JPEG/);
  assert.match(reasons['/page.png']!, /not an image: an HTML page served as image\/png/);
  assert.match(reasons['/evil.svg']!, /SVG refused/);
  assert.match(reasons['/notes.txt']!, /not an image: unknown bytes served as text\/plain/);
  assert.match(reasons['/gone.jpg']!, /HTTP 410/);
  assert.match(reasons['/broken.jpg']!, /HTTP 500/);
  for (const f of failures) assert.ok(!f.includes('\n'));
  for (const p of Object.keys(reasons)) assert.ok(out.html.includes(`<img src="${at(p)}" referrerpolicy="no-referrer">`), p);
  const files = filesIn(dir);
  assert.equal(files.length, 2, files.join(' '));
  assert.ok(files.some((f) => f.endsWith('.jpg')) && files.some((f) => f.endsWith('.png')), 'PNG bytes labelled JPEG are stored as .png');
  assert.ok(files.every((f) => !f.endsWith('.tmp')));
  assert.ok(out.html.includes('data-original-src="' + at('/mislabelled.jpg') + '"'));
});

test('a second pass downloads nothing and gives the same post; the same bytes in two posts are stored once', async () => {
  const dir = tempDir();
  const cache = new MemoryImageCache();
  const ctx = { images: settings(dir), get: loopbackGet, cache };
  const a = makePost([server.url('img.example', '/photo.jpg'), server.url('img.example', '/other.png')], server.url('img.example', '/other.png'), 'https://a.example/1');
  const b = makePost([server.url('img.example', '/same-photo-other-name.jpeg')], PLACEHOLDER.replace('{n}', '7'), 'https://a.example/2');
  const first = await ownImages(a, ctx);
  const firstB = await ownImages(b, ctx);
  assert.deepEqual([first.failures, firstB.failures], [[], []]);
  assert.equal(filesIn(dir).length, 2, 'photo.jpg and same-photo-other-name.jpeg are one file');
  const localA = /src="([^"]+)"/.exec(first.post.html)![1];
  const localB = /src="([^"]+)"/.exec(firstB.post.html)![1];
  assert.equal(localA, localB);
  assert.equal(firstB.post.image, b.image, 'a placeholder head image is left alone');

  const hits = server.totalHits();
  const again = await ownImages(a, ctx);
  assert.equal(server.totalHits(), hits, 'nothing fetched');
  assert.deepEqual(again, first);
  const mtime = statSync(localPath(dir, localA!)).mtimeMs;
  await ownImages(b, { ...ctx, cache: new MemoryImageCache() }); // a lost cache fetches again, but writes nothing new
  assert.equal(statSync(localPath(dir, localA!)).mtimeMs, mtime);
  assert.equal(filesIn(dir).length, 2);
});

test('failures are retried on later passes while attempts last; permanent ones are not', async () => {
  const dir = tempDir();
  const cache = new MemoryImageCache();
  const ctx = { images: settings(dir), get: loopbackGet, cache, maxAttempts: 2 };
  const at = (p: string): string => server.url('retry.example', p);
  const post = makePost([at('/flaky.jpg'), at('/broken.jpg'), at('/gone.jpg')]);
  const first = await ownImages(post, ctx);
  assert.equal(first.failures.length, 3);
  const second = await ownImages(post, ctx);
  assert.deepEqual(second.failures, [`image ${at('/broken.jpg')}: HTTP 500`, `image ${at('/gone.jpg')}: HTTP 410 (not retried)`]);
  assert.match(second.post.html, /data-original-src="[^"]+\/flaky\.jpg"/);
  const third = await ownImages(post, ctx);
  assert.deepEqual(third.failures, [`image ${at('/broken.jpg')}: HTTP 500 (not retried)`, `image ${at('/gone.jpg')}: HTTP 410 (not retried)`]);
  assert.deepEqual([server.hits('retry.example', '/flaky.jpg'), server.hits('retry.example', '/broken.jpg'), server.hits('retry.example', '/gone.jpg')], [2, 2, 1]);
});

test('with images.proxy, a failed http:// picture is shown through the proxy', async () => {
  const dir = tempDir();
  const broken = server.url('img.example', '/broken.jpg');
  const post = makePost([broken], broken);
  const { post: out } = await ownImages(post, { images: settings(dir, { proxy: 'https://proxy.example/?url=' }), get: loopbackGet, cache: new MemoryImageCache() });
  assert.ok(out.html.includes(`<img src="https://proxy.example/?url=${broken}" referrerpolicy="no-referrer">`), out.html);
  assert.equal(out.image, `https://proxy.example/?url=${broken}`);
});

test('thumbnails: a decodable WebP beside the original for thumbnail:, and for headimg: when asked', async () => {
  const dir = tempDir();
  const photo = server.url('img.example', '/photo.jpg');
  const post = makePost([photo], photo);
  const { post: out, failures } = await ownImages(post, {
    images: settings(dir, { thumbnail: { width: 200, height: 100, headimg: false } }),
    get: loopbackGet,
    cache: new MemoryImageCache(),
  });
  assert.deepEqual(failures, []);
  assert.match(out.image, /\/[0-9a-f]{64}\.jpg$/);
  assert.equal(out.thumbnail, out.image.replace('.jpg', '-200x100.webp'));
  const meta = await sharp(readFileSync(localPath(dir, out.thumbnail!))).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 200, 100]);
  const file = formatHexoPost(out, { dateStyle: 'rfc1123' });
  assert.ok(file.includes(`headimg: '${out.image}'\n`) && file.includes(`thumbnail: '${out.thumbnail}'\n`));

  const both = await ownImages(post, {
    images: settings(dir, { thumbnail: { width: 200, height: 100, headimg: true } }),
    get: loopbackGet,
    cache: new MemoryImageCache(),
  });
  assert.equal(both.post.image, out.thumbnail);
  assert.equal(both.post.thumbnail, undefined);
});

test('a cache that throws costs the picture, never the post', async () => {
  const dir = tempDir();
  const broken: ImageCache = {
    get: async () => {
      throw new Error('database is locked');
    },
    put: async () => undefined,
  };
  const photo = server.url('img.example', '/photo.jpg');
  const post = makePost([photo]);
  const { post: out, failures } = await ownImages(post, { images: settings(dir), get: loopbackGet, cache: broken });
  assert.deepEqual(failures, [`image ${photo}: database is locked`]);
  assert.equal(out.html, post.html);
});

test('through the fetch layer (createFetcher): Referer from a config override, bytes stored', async () => {
  const dir = tempDir();
  const fetcher = createFetcher({ timeout: 5000, connectTimeout: 2000, maxBytes: 10 * 1024 * 1024, concurrency: 4, perHost: 2, retries: 0, userAgent: 'feedmill-test', maxBackoff: 1000 });
  const get: GetImage = (url, { headers }) => fetcher.fetch({ ...sourceFor(url), headers }, {});
  try {
    const url = `http://127.0.0.1:${server.port}/sinaimg/large/b.jpg`;
    const refused = await ownImages(makePost([url]), { images: settings(dir), get, cache: new MemoryImageCache() });
    assert.match(refused.failures[0] ?? '', /HTTP 403/);
    const { post: out, failures } = await ownImages(makePost([url]), {
      images: settings(dir, { referers: { '127.0.0.1': 'https://weibo.com/' } }),
      get,
      cache: new MemoryImageCache(),
    });
    assert.deepEqual(failures, []);
    assert.ok(readFileSync(localPath(dir, /src="([^"]+)"/.exec(out.html)![1]!)).equals(server.bytes.photo!));
  } finally {
    await fetcher.close();
  }
});

test('the seed post in download mode: only its <img> tags and head image change', async () => {
  const dir = tempDir();
  const url = 'https://rsshub.app/guancha/headline';
  const feed = parseFeed(readFileSync(fixture('seed', 'guancha-headline.xml')), { url });
  const source = makeSource({ key: url, url, categories: ['新媒体', '观察者网', '头条'] });
  const post = entryToPost(feed.items[0]!, feed, source, makeCtx())!;
  const { post: out, failures } = await ownImages(post, { images: settings(dir), get: allToPort(server.port), cache: new MemoryImageCache() });
  assert.deepEqual(failures, []);
  const expected = readFileSync(fixture('seed', 'expected-post.md'), 'utf8');
  const file = formatHexoPost(out, { dateStyle: 'rfc1123' });
  const IMG = /<img [^>]*>/g;
  const HEAD = /^(headimg|thumbnail): .*$/gm;
  assert.equal(file.replace(IMG, '<img>').replace(HEAD, '$1'), expected.replace(IMG, '<img>').replace(HEAD, '$1'), 'every other byte as in the seed');
  const before = expected.match(IMG)!;
  const after = file.match(IMG)!;
  assert.equal(after.length, 6);
  assert.equal(
    after[0],
    before[0]!.replace(/src="([^"]+)"/, `src="${out.image}" data-original-src="$1"`),
    'both sizes declared (970px × 374px): kept as the author wrote them',
  );
  for (let i = 1; i < 6; i++) {
    const png = /\.png"/.test(before[i]!);
    // width="530" declared: the height follows the picture's proportions (640×480 JPEG, 320×200 PNG)
    assert.match(after[i]!, new RegExp(`^<img src="/images/feedmill/[0-9a-f]{2}/[0-9a-f]{64}\\.(?:jpg|png)" data-original-src="https://i\\.guancha\\.cn/[^"]+" title="点击查看大图" class="bigimg" width="530" referrerpolicy="no-referrer" height="${png ? 331 : 398}">$`), after[i]);
  }
  assert.match(file, /\nheadimg: '\/images\/feedmill\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg'\n/);
  assert.equal(filesIn(dir).length, 2, 'six pictures, two distinct contents');
});
