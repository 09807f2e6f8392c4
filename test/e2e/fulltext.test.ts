// fulltext end to end, through the CLI: summary-only feeds on 127.0.0.1 link to article pages (played by one local
// server reached as the run's HTTP proxy, so the bundled site rules for www.guancha.cn and www.ithome.com apply). The
// posts get whole articles with pictures and links fixed, sanitized and Hexo-safe; a rerun fetches no article twice
// (requests counted at the server); a dead page keeps the summary and is named in the run's summary and in `status`,
// retried by the next runs a bounded number of times; fulltext.maxPerRun holds per run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';
import { BLOG_URL, DEAD_URL, GBK_URL, GUANCHA_URL, ITHOME_URL, LONG_URL, startArticleServer, type ArticleServer } from './article-server.js';
import { FeedServer, bodyOf, frontMatterOf, rss, snapshot, summaryCounts, type RssItem } from './support.js';

let pages: ArticleServer;
const feeds = new FeedServer();
const scratch: string[] = [];

before(async () => {
  pages = await startArticleServer();
  await feeds.start();
});
after(async () => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
  await feeds.close();
  await pages.close();
});

/** A folder with a feedmill.yml for these feeds (each `{ path, items, fulltext }`) and the given `fulltext:` section. */
function siteFor(list: Array<{ path: string; items: RssItem[]; fulltext?: unknown }>, fulltext?: unknown): { dir: string; config: string } {
  const dir = tempDir('feedmill-fulltext-');
  scratch.push(dir);
  const config = join(dir, 'feedmill.yml');
  writeFileSync(
    config,
    JSON.stringify({
      output: { dir: 'posts' },
      state: 'state.db',
      // no retries within a run: the test decides which run tries a dead page again
      fetch: { proxy: `http://127.0.0.1:${pages.port}`, retries: 0 },
      ...(fulltext === undefined ? {} : { fulltext }),
      feeds: list.map((f) => ({ url: feeds.set(f.path, rss(f.path, 'https://example.org/', f.items)), proxy: 'none', categories: ['新闻', '测试', '全文'], fulltext: f.fulltext ?? 'auto' })),
    }),
  );
  return { dir, config };
}

const date = (h: number): string => `Mon, 01 Jul 2024 ${String(h).padStart(2, '0')}:00:00 GMT`;

const SUMMARY_ONLY: RssItem[] = [
  { title: '某市推出旧城改造新方案', guid: 'gc-1', link: GUANCHA_URL, html: '<p>【文/观察者网】据介绍，新方案覆盖老城区……</p>', date: date(8) },
  { title: '某品牌发布新款轻薄笔记本', guid: 'it-1', link: ITHOME_URL, html: 'IT之家 7 月 1 日消息，某品牌发布新款轻薄笔记本。阅读全文', date: date(9) },
  { title: 'Quiet streets', guid: 'blog-1', link: BLOG_URL, html: '<p>The city closed three streets to cars on Sundays […]</p>', date: date(10) },
  { title: '校名牌匾修缮完成', guid: 'gbk-1', link: GBK_URL, html: '由朱镕基题写的校名牌匾近日完成修缮……', date: date(11) },
  { title: '一篇打不开的文章', guid: 'dead-1', link: DEAD_URL, html: '<p>订阅源里的摘要：这一句留在文章里。</p>', date: date(12) },
  {
    title: '正文完整的文章',
    guid: 'long-1',
    link: LONG_URL,
    html: `<p>${'这篇文章的订阅源已经给出全文，自动模式不去抓网页。'.repeat(12)}</p>`,
    date: date(13),
  },
];

const postsOf = (dir: string): Map<string, { text: string; mtimeMs: number }> => snapshot(join(dir, 'posts'));
const postWithTitle = (dir: string, title: string): string => {
  const found = [...postsOf(dir).values()].filter((f) => frontMatterOf(f.text).includes(`title: '${title}'`));
  assert.equal(found.length, 1, `one post titled ${title}`);
  return found[0]!.text;
};

test('summary-only feeds get whole articles (site rules, GBK, lazy images, relative links, sanitized, Hexo-safe); a rerun fetches no article twice; a dead page keeps the summary, is named, and is retried a bounded number of times', { timeout: 120_000 }, async () => {
  // a second feed links the 观察者网 article too: fetched once for both
  const { dir, config } = siteFor([
    { path: '/summaries.xml', items: SUMMARY_ONLY },
    { path: '/mirror.xml', items: [{ title: '转载：旧城改造', guid: 'mirror-1', link: GUANCHA_URL, html: '<p>转载摘要……</p>', date: date(14) }] },
  ]);
  const first = await runCli(['run', '-c', config]);
  assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
  assert.deepEqual(summaryCounts(first.stdout), { newPosts: 6, updatedPosts: 0, failed: 0 }, first.stdout);

  // 观察者网 by its bundled rule: the whole text, the lazy picture's real source, links absolute, furniture gone
  const gc = bodyOf(postWithTitle(dir, '某市推出旧城改造新方案'));
  assert.match(gc, /负责该项目的工作人员表示/);
  assert.match(gc, /<img [^>]*src="https:\/\/i\.guancha\.cn\/news\/2024\/07\/01\/test-1\.jpg"/);
  assert.match(gc, /href="http:\/\/www\.guancha\.cn\/politics\/2024_06_30_000000\.shtml"/);
  assert.doesNotMatch(gc, /分享到|相关新闻|首页|lazy\.gif/);
  // sanitized as any feed HTML: no script, no handler, no javascript: URL; Hexo reads no tag or variable
  assert.doesNotMatch(gc, /<script|脚本写出|onerror|javascript:/i);
  assert.doesNotMatch(gc, /\{%|\{\{/);
  assert.match(gc, /raw/);

  // IT之家 by its bundled rule: both lazy pictures and the ../ link resolved against the page
  const it = bodyOf(postWithTitle(dir, '某品牌发布新款轻薄笔记本'));
  // protocol-relative: https, as the transform writes every //host URL
  assert.match(it, /src="https:\/\/img\.ithome\.com\/newsuploadfiles\/2024\/7\/test-1\.jpg"/);
  assert.match(it, /src="http:\/\/www\.ithome\.com\/newsuploadfiles\/2024\/7\/test-2\.png"/);
  assert.match(it, /href="http:\/\/www\.ithome\.com\/0\/759\/999\.htm"/);
  assert.doesNotMatch(it, /grey\.gif|data:image|分享到微博|阅读全文/);

  // no rule, no pictures in the text: the generic extractor, and og:image as the head image
  const blog = postWithTitle(dir, 'Quiet streets');
  assert.match(bodyOf(blog), /Paragraph 6 of the whole article/);
  assert.doesNotMatch(bodyOf(blog), /Related|About/);
  assert.doesNotMatch(bodyOf(blog), /<[A-Z]/, 'tags in lower case');
  assert.match(frontMatterOf(blog), /^headimg: 'http:\/\/blog\.example\.org\/media\/quiet-streets\.jpg'$/m);

  // a GBK page labelled gb2312: read right (镕 is GBK only)
  assert.match(bodyOf(postWithTitle(dir, '校名牌匾修缮完成')), /“镕”字不在 GB2312 字符集里/);

  // the dead page: the feed's summary stays, and the summary names it
  assert.match(bodyOf(postWithTitle(dir, '一篇打不开的文章')), /订阅源里的摘要/);
  assert.match(first.stdout, new RegExp(`warning: .*/summaries\\.xml: article ${DEAD_URL.replace(/\./g, '\\.')}: HTTP 404`));
  assert.match(first.stdout, /1 article not fetched/);
  // a whole body: auto fetches nothing
  assert.match(bodyOf(postWithTitle(dir, '正文完整的文章')), /自动模式不去抓网页/);
  assert.equal(pages.hits(LONG_URL), 0);

  for (const url of [GUANCHA_URL, ITHOME_URL, BLOG_URL, GBK_URL, DEAD_URL]) assert.equal(pages.hits(url), 1, `${url} fetched once`);

  // reruns: the feed is rendered again (an article to retry), every post comes out the same; only the dead page is asked again
  const before = postsOf(dir);
  for (let run = 2; run <= 4; run++) {
    const again = await runCli(['run', '-c', config]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(summaryCounts(again.stdout), { newPosts: 0, updatedPosts: 0, failed: 0 }, again.stdout);
    for (const url of [GUANCHA_URL, ITHOME_URL, BLOG_URL, GBK_URL]) assert.equal(pages.hits(url), 1, `run ${run}: ${url} not fetched again`);
    // three tries in all, then left alone
    assert.equal(pages.hits(DEAD_URL), Math.min(run, 3), `run ${run}: the dead page's tries`);
    if (run <= 3) assert.match(again.stdout, /article .*404\.htm: HTTP 404/);
    else assert.doesNotMatch(again.stdout, /404\.htm/);
  }
  assert.deepEqual(postsOf(dir), before, 'no post rewritten');

  const status = await runCli(['status', '-c', config]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /summaries\.xml: 1 article not fetched/);
  assert.match(status.stdout, new RegExp(`article ${DEAD_URL.replace(/\./g, '\\.')}: HTTP 404 Not Found \\(tried 3 times; not retried\\)$`, 'm'));
});

test('fulltext.maxPerRun: articles over the cap are left for later runs (the posts show the summary until then), each fetched once', { timeout: 120_000 }, async () => {
  const items: RssItem[] = [1, 2, 3, 4, 5].map((i) => ({
    title: `第 ${i} 篇`,
    guid: `cap-${i}`,
    link: `http://www.ithome.com/0/761/00${i}.htm`,
    html: `<p>第 ${i} 篇的开头一句……</p>`,
    date: date(i),
  }));
  const { dir, config } = siteFor([{ path: '/capped.xml', items }], { maxPerRun: 2 });
  const whole = (): number => [...postsOf(dir).values()].filter((f) => bodyOf(f.text).includes('这一段只在文章页上')).length;
  const fetched = (): number => items.reduce((n, it) => n + pages.hits(it.link!), 0);

  const first = await runCli(['run', '-c', config]);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(summaryCounts(first.stdout), { newPosts: 5, updatedPosts: 0, failed: 0 });
  assert.equal(fetched(), 2);
  assert.equal(whole(), 2);
  assert.match(first.stdout, /3 articles left for a later run: fulltext\.maxPerRun \(2\) reached/);

  const second = await runCli(['run', '-c', config]);
  assert.deepEqual(summaryCounts(second.stdout), { newPosts: 0, updatedPosts: 2, failed: 0 }, second.stdout);
  assert.equal(fetched(), 4);
  assert.equal(whole(), 4);

  const third = await runCli(['run', '-c', config]);
  assert.deepEqual(summaryCounts(third.stdout), { newPosts: 0, updatedPosts: 1, failed: 0 }, third.stdout);
  assert.doesNotMatch(third.stdout, /left for a later run/);
  assert.equal(whole(), 5);

  // all done: the feed's unchanged body is not even parsed, and no page is asked again
  const fourth = await runCli(['run', '-c', config]);
  assert.deepEqual(summaryCounts(fourth.stdout), { newPosts: 0, updatedPosts: 0, failed: 0 });
  assert.equal(fetched(), 5);
  for (const it of items) assert.equal(pages.hits(it.link!), 1, `${it.link} fetched once`);
});

test('fulltext unset: no page is fetched and the post is the feed\'s own', { timeout: 60_000 }, async () => {
  const { dir, config } = siteFor([{ path: '/never.xml', items: [{ title: '不抓全文', guid: 'never-1', link: 'http://www.ithome.com/0/762/001.htm', html: '<p>短摘要……</p>', date: date(1) }], fulltext: 'never' }]);
  const r = await runCli(['run', '-c', config]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(pages.hits('http://www.ithome.com/0/762/001.htm'), 0);
  assert.match(bodyOf(postWithTitle(dir, '不抓全文')), /短摘要/);
});
