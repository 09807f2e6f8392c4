// Article pages of the sites summary-only feeds link to, on 127.0.0.1: the server answers by host name and also works
// as a plain HTTP proxy (absolute URLs in the request line), so a CLI run with `fetch.proxy` pointed at it reaches
// www.guancha.cn, www.ithome.com … without DNS, and the bundled site rules apply as they do for the real sites.
// Every page's text is written for these tests; the markup follows the sites' public article pages (see
// test/fixtures/fulltext/NOTICE.md). Requests are counted per host + path.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fixture } from '../helpers.js';

export interface ArticleServer {
  port: number;
  /** requests seen for http://host/path */
  hits(url: string): number;
  close(): Promise<void>;
}

interface Page {
  status: number;
  type: string;
  body: string | Buffer;
}

/** 观察者网 markup (`.all-txt`, the bundled rule) with what a sanitizer must remove and what Hexo must not read. */
export const GUANCHA_URL = 'http://www.guancha.cn/politics/2024_07_01_000001.shtml';
const GUANCHA = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>测试：某市推出旧城改造新方案_观察者网</title>
<meta property="og:image" content="//i.guancha.cn/news/2024/07/01/cover.jpg">
<link rel="canonical" href="/politics/2024_07_01_000001.shtml">
</head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/internation">国际</a></li></ul></div>
<div class="content"><div class="left left-main">
<h3>测试：某市推出旧城改造新方案</h3>
<div class="content all-txt">
<p>【文/观察者网 测试编辑】本文为 feedmill 的测试页面，按观察者网文章页的公开结构写成，正文文字为测试而写。</p>
<script>document.write('<p>脚本写出的广告</p>')</script>
<p style="text-align:center"><img src="/images/lazy.gif" data-original="https://i.guancha.cn/news/2024/07/01/test-1.jpg" alt="示意图" onerror="alert(1)"></p>
<p>据介绍，新方案覆盖老城区的十二个街区，计划在三年内完成管线更新、立面修缮和公共空间整治。</p>
<p>负责该项目的工作人员表示，改造将坚持“留改拆”并举，以保留和修缮为主，不搞大拆大建。</p>
<p>模板语法不能被博客读成标签：{% raw %} 与 {{ site.title }} 原样显示。</p>
<p>本文详细资料见<a href="/politics/2024_06_30_000000.shtml">前一篇报道</a>，<a href="javascript:alert(2)">别点这里</a>。</p>
<div class="share-box"><span>分享到：</span><a href="#" class="share-weibo">微博</a><a href="#" class="share-wechat">微信</a></div>
</div>
<div class="related-news"><h4>相关新闻</h4><ul><li><a href="/a/1.shtml">另一座城市的旧改经验</a></li></ul></div>
</div></div>
<div class="footer">Copyright © 观察者网 测试页</div>
</body></html>`;

/** IT之家 markup (`#paragraph`, the bundled rule): lazy images over placeholders, `../` links, a share bar. */
export const ITHOME_URL = 'http://www.ithome.com/0/760/001.htm';
const ITHOME = `<!DOCTYPE html>
<html lang="zh-cn"><head><meta charset="utf-8"><title>测试：某品牌发布新款轻薄笔记本 - IT之家</title></head><body>
<div id="nav"><a href="/">IT之家</a> <a href="/list/">资讯</a></div>
<div class="content fl"><div class="post_title"><h1>测试：某品牌发布新款轻薄笔记本</h1></div>
<div class="post_content" id="paragraph">
<p>IT之家 7 月 1 日消息，这是 feedmill 的测试页面，按 IT之家文章页的公开结构写成，正文文字为测试而写。</p>
<p><img class="lazy" data-original="//img.ithome.com/newsuploadfiles/2024/7/test-1.jpg" src="//img.ithome.com/images/v2.3/grey.gif" w="1000" h="600"></p>
<p>新款笔记本采用 14 英寸屏幕，机身重量约 1.2 千克，提供两种内存配置，首发价格将在下周公布。</p>
<p><img class="lazy" data-original="/newsuploadfiles/2024/7/test-2.png" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></p>
<p>详情可查看<a href="../../0/759/999.htm">上一代产品评测</a>。</p>
</div>
<div class="shareto"><a class="share-weibo">分享到微博</a><a class="share-wx">微信</a></div>
</div></body></html>`;

/** A blog without a site rule and without pictures in its text: the generic extractor; og:image is the head image. */
export const BLOG_URL = 'http://blog.example.org/2024/07/quiet-streets.html';
const BLOG = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Quiet streets | Example blog</title>
<meta property="og:image" content="/media/quiet-streets.jpg"></head><body>
<header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
<main><article><h1>Quiet streets</h1>
${Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of the whole article: the city closed three streets to cars on Sundays, and the shops along them report more visitors than on any other day of the week, while residents say the noise has dropped noticeably.</p>`).join('\n')}
</article></main>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">A</a></li><li><a href="/b">B</a></li></ul></aside>
</body></html>`;

/** A GBK portal page (the fixture: charset in a meta past the first 1 KB, a character only GBK has). */
export const GBK_URL = 'http://news.portal.example/22/0127/gbk.html';
/** Answers 404: the post keeps the feed's summary. */
export const DEAD_URL = 'http://www.ithome.com/0/760/404.htm';
/** Linked by an item whose own body is whole: `auto` never asks for it. */
export const LONG_URL = 'http://www.guancha.cn/politics/2024_07_01_000009.shtml';

export async function startArticleServer(): Promise<ArticleServer> {
  const pages = new Map<string, Page>([
    [GUANCHA_URL, { status: 200, type: 'text/html; charset=utf-8', body: GUANCHA }],
    [ITHOME_URL, { status: 200, type: 'text/html; charset=utf-8', body: ITHOME }],
    [BLOG_URL, { status: 200, type: 'text/html', body: BLOG }],
    // no charset in the header: the page's own meta says gb2312, its bytes are GBK
    [GBK_URL, { status: 200, type: 'text/html', body: readFileSync(fixture('fulltext', 'gbk-article.html')) }],
    [LONG_URL, { status: 200, type: 'text/html; charset=utf-8', body: GUANCHA }],
  ]);
  for (let i = 1; i <= 5; i++) {
    const text = `<p>第 ${i} 篇测试文章的完整正文。这一段只在文章页上，订阅源里只有开头一句。</p>`.repeat(4);
    pages.set(`http://www.ithome.com/0/761/00${i}.htm`, { status: 200, type: 'text/html; charset=utf-8', body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>第 ${i} 篇</title></head><body><div id="paragraph">${text}</div></body></html>` });
  }
  const hits = new Map<string, number>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = /^https?:\/\//i.test(req.url ?? '') ? new URL(req.url!) : new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const key = `http://${target.hostname}${target.pathname}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const page = pages.get(key);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404 Not Found</h1>');
      return;
    }
    res.writeHead(page.status, { 'content-type': page.type }).end(page.body);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits: (url) => hits.get(url) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
