// images.mode download end to end, through the CLI: a feed server and an image server on 127.0.0.1 (the image server
// plays weibo's, WeChat's and Zhihu's image hosts with their hotlink rules, reached as the run's HTTP proxy, so no
// DNS is needed), posts from hotlink-protected hosts built by real Hexo 8 and opened in headless Chromium: every
// picture loads from the site's own folder. Reruns download nothing and rewrite nothing; failures cost no post, are
// named in the summary and in `status`, and are retried by a later run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { runCli, tempDir } from '../helpers.js';
import { startImageServer, type ImageServer } from '../images/image-server.js';
import { buildSite, hexoYamlLoad, makeSite, removeSite } from './hexo-site.js';
import { FeedServer, frontMatterOf, rss, snapshot, summaryCounts, type RssItem } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const noBrowser = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`;
const SCREENSHOT = '/tmp/images-e2e.png';
const LOCAL_SRC = /^\/images\/feedmill\/[0-9a-f]{2}\/[0-9a-f]{64}\.(?:jpg|png|gif|webp)$/;

let images: ImageServer;
const feeds = new FeedServer();
const sites: string[] = [];
const scratch: string[] = [];

before(async () => {
  images = await startImageServer();
  await feeds.start();
});
after(async () => {
  sites.forEach(removeSite);
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
  await feeds.close();
  await images.close();
});

/** A Hexo site whose feedmill.yml downloads the pictures of the feed at `path` (its images through the image server). */
function siteFor(path: string, items: RssItem[]): { site: string; config: string; feedUrl: string } {
  const site = makeSite();
  sites.push(site);
  const feedUrl = feeds.set(path, rss('图片 feed', 'https://weibo.com/', items));
  const config = join(site, 'feedmill.yml');
  writeFileSync(
    config,
    JSON.stringify(
      {
        output: { dir: 'source/_posts' },
        state: '.feedmill/state.db',
        images: { mode: 'download', referers: { 'news.example': 'article' } },
        // no retries within a run: the test decides which run sees a flaky picture work
        fetch: { proxy: `http://127.0.0.1:${images.port}`, retries: 0 },
        feeds: [{ url: feedUrl, proxy: 'none', categories: ['图片', 'Pictures', 'Hotlinked'] }],
      },
      null,
      2,
    ),
  );
  return { site, config, feedUrl };
}

const postsOf = (site: string): Map<string, { text: string; mtimeMs: number }> => snapshot(join(site, 'source', '_posts'));
const imgTags = (text: string): string[] => text.match(/<img [^>]*>/g) ?? [];
const srcOf = (tag: string): string => /\ssrc="([^"]*)"/.exec(tag)![1]!;

const HOTLINKED: RssItem[] = [
  {
    title: '微博：热搜现场图片',
    guid: 'urn:weibo:1',
    link: 'https://weibo.com/1234567890/NabcDEF',
    // sinaimg answers 403 without a weibo.com Referer; two names of one picture are stored once
    html: '<p>现场图片如下。</p><p><img src="http://wx1.sinaimg.cn/large/006a1b2c.jpg"></p><p><img src="http://wx3.sinaimg.cn/mw690/006a1b2c.jpg"></p>',
    date: 'Mon, 01 Jul 2024 08:00:00 GMT',
  },
  {
    title: '公众号文章：图解',
    guid: 'urn:wechat:1',
    link: 'https://mp.weixin.qq.com/s/AbCdEf',
    // WeChat serves a "not allowed" picture to foreign Referers; Zhihu refuses them
    html: '<p>正文。</p><p><img src="http://mmbiz.qpic.cn/mmbiz_png/Q3auHgzwzM/640?wx_fmt=png"></p><p><img src="http://pic1.zhimg.com/v2-5f1c.gif"></p>',
    date: 'Mon, 01 Jul 2024 09:00:00 GMT',
  },
  {
    title: 'A site that wants the article as Referer',
    guid: 'urn:news:7',
    link: 'https://news.example/articles/7',
    html: '<p>Text.</p><p><img src="http://news.example/img/7.webp" alt="chart"></p>',
    date: 'Mon, 01 Jul 2024 10:00:00 GMT',
  },
];

/** Serves `dir` on 127.0.0.1; resolves to its origin and a close function. */
async function serveFolder(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.jpg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp' };
  const server: Server = createServer((req, res) => {
    let path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('hotlink-protected pictures are the site\'s own in a real Hexo build: every <img> loads in Chromium; a rerun downloads nothing', { skip: noBrowser, timeout: 180_000 }, async () => {
  const { site, config } = siteFor('/hotlinked.xml', HOTLINKED);
  const first = await runCli(['run', '-c', config]);
  assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
  assert.deepEqual(summaryCounts(first.stdout), { newPosts: 3, updatedPosts: 0, failed: 0 }, first.stdout);
  assert.doesNotMatch(first.stdout, /not downloaded|warning/, first.stdout);

  // every picture points at the site's folder, the original kept; the head image too
  const posts = postsOf(site);
  assert.equal(posts.size, 3);
  const localFiles = new Set<string>();
  for (const [name, { text }] of posts) {
    const tags = imgTags(text);
    assert.ok(tags.length > 0, name);
    for (const tag of tags) {
      assert.match(srcOf(tag), LOCAL_SRC, `${name}: ${tag}`);
      assert.match(tag, /data-original-src="http:\/\/[^"]+"/, `${name}: ${tag}`);
      assert.match(tag, /width="\d+" height="\d+"/, `${name}: ${tag}`);
      localFiles.add(srcOf(tag));
    }
    const fm = hexoYamlLoad(frontMatterOf(text)) as { headimg: string; thumbnail: string };
    assert.match(fm.headimg, LOCAL_SRC, `${name}: headimg`);
    assert.equal(fm.thumbnail, fm.headimg);
  }
  // the two sinaimg names of one picture are one file; four distinct pictures in all
  assert.equal(localFiles.size, 4, [...localFiles].join('\n'));
  const weibo = [...posts.values()].find((p) => p.text.includes('热搜现场'))!.text;
  assert.equal(new Set(imgTags(weibo).map(srcOf)).size, 1);
  // WeChat's copy is the real picture, not its "not allowed" stand-in
  const wechat = [...posts.values()].find((p) => p.text.includes('图解'))!.text;
  const qpic = imgTags(wechat).find((t) => t.includes('mmbiz.qpic.cn'))!;
  assert.ok(readFileSync(join(site, 'source', srcOf(qpic))).equals(images.bytes.other!));
  assert.equal(images.referer('news.example', '/img/7.webp'), 'https://news.example/articles/7');

  // real Hexo copies the folder into public/ and builds the pages
  const built = await buildSite(site);
  assert.equal(built.length, 3);
  for (const src of localFiles) assert.ok(existsSync(join(site, 'public', src)), `public${src}`);
  const served = await serveFolder(join(site, 'public'));
  const { chromium } = await import('playwright-core');
  const profile = tempDir('feedmill-chromium-');
  scratch.push(profile);
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 900, height: 1100 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    // a picture that loaded from its original host would prove nothing: nothing may leave the page's server
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(served.origin)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const order = ['热搜现场', '图解', 'article as Referer'];
    const pages = order.map((needle) => built.find((p) => p.title.includes(needle))!.page);
    for (const [i, rel] of pages.entries()) {
      await page.goto(`${served.origin}/${rel}`, { waitUntil: 'load' });
      const imgs = (await page.evaluate(
        `Array.from(document.querySelectorAll('.post-body img')).map((i) => ({ src: i.currentSrc, complete: i.complete, w: i.naturalWidth, h: i.naturalHeight }))`,
      )) as Array<{ src: string; complete: boolean; w: number; h: number }>;
      assert.ok(imgs.length > 0, `${rel}: has pictures`);
      for (const img of imgs) {
        assert.ok(img.src.startsWith(`${served.origin}/images/feedmill/`), `${rel}: ${img.src}`);
        assert.ok(img.complete && img.w > 0 && img.h > 0, `${rel}: ${img.src} did not load (${img.w}×${img.h})`);
      }
      if (i === 1) await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
    assert.deepEqual(elsewhere, [], 'every request stayed on the site');
  } finally {
    await browser.close();
    await served.close();
  }

  // a rerun: the feed is fetched again, but no picture is, and no post is written
  const hits = images.totalHits();
  const before = postsOf(site);
  const second = await runCli(['run', '-c', config]);
  assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
  assert.deepEqual(summaryCounts(second.stdout), { newPosts: 0, updatedPosts: 0, failed: 0 }, second.stdout);
  assert.equal(images.totalHits(), hits, 'the second run downloaded nothing');
  assert.deepEqual(postsOf(site), before, 'and rewrote nothing');
});

test('pictures that fail cost no post: named in the summary and status, retried by the next run, then left alone', { timeout: 120_000 }, async () => {
  const at = (p: string): string => `http://img.example${p}`;
  const { site, config, feedUrl } = siteFor('/failing.xml', [
    {
      title: 'A post with pictures that fail',
      guid: 'urn:failing:1',
      link: 'https://img.example/articles/1',
      html: `<p>One works, one is gone for good, one fails this time only.</p><p><img src="${at('/photo.jpg')}"></p><p><img src="${at('/gone.jpg')}"></p><p><img src="${at('/flaky.jpg')}"></p>`,
      date: 'Tue, 02 Jul 2024 08:00:00 GMT',
    },
  ]);
  const first = await runCli(['run', '-c', config]);
  assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
  assert.deepEqual(summaryCounts(first.stdout), { newPosts: 1, updatedPosts: 0, failed: 0 }, first.stdout);
  assert.ok(first.stdout.includes(`warning: ${feedUrl}: image ${at('/gone.jpg')}: HTTP 410 Gone\n`), first.stdout);
  assert.ok(first.stdout.includes(`warning: ${feedUrl}: image ${at('/flaky.jpg')}: HTTP 503 Service Unavailable\n`), first.stdout);
  assert.match(first.stdout, / · 2 pictures not downloaded · /);
  let [post] = [...postsOf(site).values()];
  let tags = imgTags(post!.text);
  assert.match(srcOf(tags[0]!), LOCAL_SRC);
  assert.equal(srcOf(tags[1]!), at('/gone.jpg'), 'a failed picture keeps its original URL');
  assert.equal(srcOf(tags[2]!), at('/flaky.jpg'));

  const status = await runCli(['status', '-c', config]);
  assert.equal(status.code, 0, status.stderr);
  assert.ok(status.stdout.includes(`${feedUrl}: 2 pictures not downloaded (shown from their original URL):\n  image ${at('/gone.jpg')}: HTTP 410 Gone\n`), status.stdout);
  const json = JSON.parse((await runCli(['status', '--json', '-c', config])).stdout) as Array<{ imageFailures: string[] }>;
  assert.equal(json[0]!.imageFailures.length, 2);

  // the next run fetches and renders the feed again (its body is the same), tries the flaky picture, not the gone one
  const second = await runCli(['run', '-c', config]);
  assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
  assert.deepEqual(summaryCounts(second.stdout), { newPosts: 0, updatedPosts: 1, failed: 0 }, second.stdout);
  assert.doesNotMatch(second.stdout, /not downloaded/, 'nothing new failed');
  assert.deepEqual([images.hits('img.example', '/flaky.jpg'), images.hits('img.example', '/gone.jpg'), images.hits('img.example', '/photo.jpg')], [2, 1, 1]);
  [post] = [...postsOf(site).values()];
  tags = imgTags(post!.text);
  assert.match(srcOf(tags[2]!), LOCAL_SRC, 'the picture that arrived is the site\'s own now');
  assert.equal(srcOf(tags[1]!), at('/gone.jpg'));
  const after = JSON.parse((await runCli(['status', '--json', '-c', config])).stdout) as Array<{ imageFailures: string[] }>;
  assert.deepEqual(after[0]!.imageFailures, [`image ${at('/gone.jpg')}: HTTP 410 Gone (not retried)`]);

  // nothing left to retry: the third run finds the same feed body and stops there
  const hits = images.totalHits();
  const before = postsOf(site);
  const third = await runCli(['run', '-c', config]);
  assert.deepEqual(summaryCounts(third.stdout), { newPosts: 0, updatedPosts: 0, failed: 0 }, third.stdout);
  assert.equal(images.totalHits(), hits);
  assert.deepEqual(postsOf(site), before);
});
