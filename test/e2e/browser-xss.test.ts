// XSS in a real browser: posts generated from a feed full of attack vectors, rendered two ways (the body
// dropped into a bare page, and a real Hexo 8 build), each opened in headless Chromium (Debian's package,
// driven by playwright-core). Any executed payload calls window.__xss(); dialogs, navigations, popups and
// non-image requests leaving 127.0.0.1 are recorded too, and the DOM the browser built is audited for
// anything active that survived. Skips when /usr/bin/chromium is absent (.ci/run installs it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fixture, runCli, tempDir } from '../helpers.js';
import { buildSite, hexoYamlLoad, makeSite, removeSite, type BuiltPost } from './hexo-site.js';
import { FeedServer, bodyOf, frontMatterOf, rss, type RssItem } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) to run the browser XSS test`;
const IFRAME_HOSTS = ['youtube.com', 'www.youtube.com', 'www.youtube-nocookie.com', 'player.bilibili.com', 'player.youku.com', 'v.qq.com', 'player.vimeo.com'];

interface Vector {
  name: string;
  html: string;
}

/** The transform stage's corpus (when present) plus this test's own vectors, which call window.__xss(). */
function loadVectors(): Vector[] {
  const files = [fixture('transform', 'xss-vectors.json'), fixture('e2e', 'xss-extra.json')];
  const out: Vector[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const list = JSON.parse(readFileSync(file, 'utf8')) as Array<string | { name?: string; html: string }>;
    list.forEach((v, i) => {
      const html = typeof v === 'string' ? v : v.html;
      const name = typeof v === 'string' ? `${file.split('/').slice(-2).join('/')}#${i}` : (v.name ?? `#${i}`);
      out.push({ name, html });
    });
  }
  return out;
}

interface Generated {
  site: string;
  /** vector index → post file (in source/_posts) */
  files: Map<number, string>;
  vectors: Vector[];
}

const feeds = new FeedServer();
let generated: Generated | null = null;
let pageServer: Server | null = null;
let origin = '';
const rawPages = new Map<string, string>();
let publicDir = '';

before(async () => {
  if (skip) return;
  await feeds.start();
  const vectors = loadVectors();
  const items: RssItem[] = vectors.map((v, i) => ({
    // the vector rides in the title too (raw, or entity-escaped once more): titles must come out as inert text
    title: `XSS vector ${String(i).padStart(3, '0')} ${i % 2 ? escapeHtml(v.html) : v.html}`,
    guid: `urn:feedmill:xss:${i}`,
    link: `https://xss-site.example/post/${i}.html`,
    html: v.html,
    date: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toUTCString(),
  }));
  const url = feeds.set('/xss.xml', rss('XSS corpus', 'https://xss-site.example/', items));
  const site = makeSite();
  const cfg = join(site, 'feedmill.yml');
  writeFileSync(
    cfg,
    JSON.stringify({ output: { dir: 'source/_posts' }, state: '.feedmill/state.db', limit: 100000, feeds: [{ url, categories: ['XSS', 'Corpus', 'Vectors'], limit: 100000 }] }, null, 2),
  );
  const r = await runCli(['run', '-c', cfg]);
  assert.equal(r.code, 0, `feedmill run exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  const files = new Map<number, string>();
  for (const f of readdirSync(join(site, 'source', '_posts'))) {
    const text = readFileSync(join(site, 'source', '_posts', f), 'utf8');
    const m = /XSS vector (\d{3})/.exec(frontMatterOf(text));
    if (m) files.set(Number(m[1]), f);
    rawPages.set(`/raw/${f.replace(/\.md$/, '.html')}`, bareHtmlPage(bodyOf(text)));
    const title = String((hexoYamlLoad(frontMatterOf(text)) as { title?: unknown }).title ?? '');
    // only a title holding `<` can spell markup; the others need no browser
    if (title.includes('<')) rawPages.set(`/rawtitle/${f.replace(/\.md$/, '.html')}`, bareHtmlPage(`<h1>${title}</h1>`));
  }
  // guard against a vacuous pass: the corpus must have reached the posts, benign parts intact
  const bodies = [...files.values()].map((f) => bodyOf(readFileSync(join(site, 'source', '_posts', f), 'utf8')));
  assert.ok(bodies.filter((b) => /<(p|a|img|div|table|figure)\b/.test(b)).length >= vectors.length / 4, 'most vectors keep some safe markup');
  generated = { site, files, vectors };
  publicDir = join(site, 'public');
  pageServer = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const raw = rawPages.get(path);
    if (raw !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(raw);
      return;
    }
    if (path.startsWith('/site/')) {
      const file = normalize(join(publicDir, path.slice('/site/'.length)));
      if (file.startsWith(publicDir) && existsSync(file) && statSync(file).isFile()) {
        const type = extname(file) === '.html' ? 'text/html; charset=utf-8' : 'application/octet-stream';
        res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => pageServer!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
});

let profileDir = '';

after(async () => {
  if (browser) await (await browser).close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  if (generated) removeSite(generated.site);
  await feeds.close();
  if (pageServer) {
    pageServer.closeAllConnections();
    await new Promise<void>((resolve) => pageServer!.close(() => resolve()));
  }
});

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function bareHtmlPage(body: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>post</title></head>\n<body><article class="post-body">\n${body}\n</article></body></html>\n`;
}

// Runs inside the page after load: what the browser's own parser built that could run or load script.
const AUDIT = `(() => {
  const iframeHosts = ${JSON.stringify(IFRAME_HOSTS)};
  const root = document.querySelector('article') || document.body;
  const bad = [];
  const banned = new Set(['script', 'style', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'input', 'button',
    'textarea', 'select', 'frame', 'frameset', 'portal', 'isindex', 'param']);
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'codebase', 'cite',
    'longdesc', 'usemap', 'dynsrc', 'lowsrc', 'ping', 'srcset', 'xlink:href', 'to', 'from', 'values', 'by']);
  const schemeOf = (v) => {
    const clean = v.replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, '').toLowerCase();
    const m = /^([a-z][a-z0-9+.\\-]*):/.exec(clean);
    return m ? { scheme: m[1], clean } : null;
  };
  const check = (scope) => {
    for (const el of scope.querySelectorAll('*')) {
      const tag = el.localName;
      if (banned.has(tag)) bad.push('<' + tag + '> survived');
      if (tag === 'iframe') {
        let host = '';
        try { host = new URL(el.getAttribute('src') || 'about:blank', location.href).hostname; } catch {}
        if (!iframeHosts.includes(host)) bad.push('<iframe src=' + JSON.stringify(el.getAttribute('src')) + '> survived');
      }
      for (const a of Array.from(el.attributes)) {
        const n = a.name.toLowerCase();
        if (n.startsWith('on')) bad.push('<' + tag + ' ' + n + '> survived');
        if (n === 'srcdoc') bad.push('<' + tag + ' srcdoc> survived');
        if (n === 'style' && /expression\\s*\\(|javascript:|vbscript:|behavior\\s*:|-moz-binding|@import/i.test(a.value.replace(/\\\\/g, ''))) {
          bad.push('<' + tag + ' style=' + JSON.stringify(a.value) + '> survived');
        }
        if (urlAttrs.has(n) || n.endsWith(':href') || (tag === 'animate' || tag === 'set')) {
          for (const part of (n === 'srcset' ? a.value.split(',') : [a.value])) {
            const s = schemeOf(part.trim());
            if (!s) continue;
            const okData = s.scheme === 'data' && tag === 'img' && (n === 'src' || n === 'srcset') && s.clean.startsWith('data:image/');
            if (!['http', 'https', 'mailto'].includes(s.scheme) && !okData) {
              bad.push('<' + tag + ' ' + n + '=' + JSON.stringify(a.value) + '> survived');
            }
          }
        }
        if ((tag === 'animate' || tag === 'set') && n === 'attributename' && /^(on|href$|xlink:href$)/i.test(a.value)) {
          bad.push('<' + tag + ' attributeName=' + a.value + '> survived');
        }
      }
      if (tag === 'template') check(el.content);
    }
  };
  check(root);
  return bad;
})()`;

type Browser = import('playwright-core').BrowserContext;

interface Findings {
  /** things that ran or left the page: must be empty */
  executed: string[];
  /** active markup in the browser's DOM: must be empty */
  markup: string[];
}

/**
 * Opens every URL, a few tabs at a time (each tab reused for its next URL, which is much cheaper than a new tab),
 * and returns every problem, labelled.
 */
async function probeAll(ctx: Browser, targets: Array<{ label: string; url: string }>): Promise<Findings> {
  const found: Findings = { executed: [], markup: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    const page = await ctx.newPage();
    let cur = { url: '', executed: [] as string[] };
    await page.exposeBinding('__xssHit', (_source, arg: unknown) => {
      cur.executed.push(`payload ran: __xss(${String(arg)})`);
    });
    await page.addInitScript('window.__xss = function (x) { window.__xssRan = true; return window.__xssHit(String(x)); };');
    page.on('dialog', (d) => {
      cur.executed.push(`dialog ${d.type()}: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    page.on('popup', (p) => {
      cur.executed.push(`popup opened: ${p.url()}`);
      p.close().catch(() => {});
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url() !== cur.url) cur.executed.push(`main frame now at ${frame.url()}`);
    });
    await page.route('**/*', async (route) => {
      const req = route.request();
      const u = new URL(req.url());
      const main = req.frame() === page.mainFrame();
      if (req.isNavigationRequest() && main && req.url() !== cur.url) cur.executed.push(`navigation to ${req.url()}`);
      if (u.hostname === '127.0.0.1' && (!req.isNavigationRequest() || !main || req.url() === cur.url)) {
        await route.continue();
        return;
      }
      const type = req.resourceType();
      const allowedFrame = type === 'document' && !main && IFRAME_HOSTS.includes(u.hostname);
      if (type !== 'image' && type !== 'media' && !allowedFrame && !(main && req.isNavigationRequest())) {
        cur.executed.push(`${type} request to ${req.url()}`);
      }
      // 204 keeps a navigating frame where it is, so the DOM can still be audited
      if (type === 'document') await route.fulfill({ status: 204, body: '' });
      else await route.abort();
    });
    while (next < targets.length) {
      const t = targets[next++]!;
      cur = { url: t.url, executed: [] };
      let markup: string[] = [];
      try {
        await page.goto(t.url, { waitUntil: 'load' });
        // give timers, animations, autofocus and meta refresh a moment (not an assertion on time)
        await page.waitForTimeout(80);
        markup = (await page.evaluate(AUDIT)) as string[];
        if (await page.evaluate('window.__xssRan === true')) cur.executed.push('window.__xssRan set');
      } catch (err) {
        cur.executed.push(`page error: ${(err as Error).message.split('\n')[0]}`);
      }
      for (const e of new Set(cur.executed)) found.executed.push(`${t.label}: ${e}`);
      for (const m of new Set(markup)) found.markup.push(`${t.label}: ${m}`);
    }
    await page.close();
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return found;
}

let browser: Promise<Browser> | null = null;

/** One Chromium (new empty profile) shared by the tests of this file, closed in after(). */
async function withBrowser<T>(fn: (ctx: Browser) => Promise<T>): Promise<T> {
  browser ??= import('playwright-core').then(({ chromium }) =>
    chromium.launchPersistentContext((profileDir = tempDir('feedmill-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  );
  return fn(await browser);
}

const label = (g: Generated, i: number): string => `vector ${i} (${g.vectors[i]!.name}) ${JSON.stringify(g.vectors[i]!.html.slice(0, 80))}`;

test('browser XSS: the harness itself sees executed payloads, dialogs and navigations', { skip, timeout: 60_000 }, async () => {
  rawPages.set('/control.html', bareHtmlPage('<img src="x" onerror="__xss(\'control\')"><script>alert("control")</script><meta http-equiv="refresh" content="0;url=https://evil.example/away"><a href="javascript:x()">j</a>'));
  const p = await withBrowser((ctx) => probeAll(ctx, [{ label: 'control', url: `${origin}/control.html` }]));
  assert.ok(p.executed.some((e) => e.includes('payload ran')), p.executed.join('\n'));
  assert.ok(p.executed.some((e) => e.includes('dialog')), p.executed.join('\n'));
  assert.ok(p.executed.some((e) => e.includes('navigation to https://evil.example/away')), p.executed.join('\n'));
  assert.ok(p.markup.some((m) => m.includes('<script>')), p.markup.join('\n'));
  assert.ok(p.markup.some((m) => m.includes('javascript:')), p.markup.join('\n'));
});

test('browser XSS: post bodies dropped into a page run nothing', { skip, timeout: 180_000 }, async () => {
  const g = generated!;
  assert.equal(g.files.size, g.vectors.length, 'one post per vector');
  const targets = [...g.files].map(([i, f]) => ({ label: label(g, i), url: `${origin}/raw/${f.replace(/\.md$/, '.html')}` }));
  const found = await withBrowser((ctx) => probeAll(ctx, targets));
  assert.deepEqual(found.executed, [], `payloads ran or pages left 127.0.0.1:\n${found.executed.join('\n')}`);
  assert.deepEqual(found.markup, [], `active markup survived in the browser's DOM:\n${found.markup.join('\n')}`);
});

test('browser XSS: the same posts built by real Hexo run nothing', { skip, timeout: 180_000 }, async () => {
  const g = generated!;
  const canary = globalThis as { __feedmillSsti?: unknown };
  delete canary.__feedmillSsti;
  const built: BuiltPost[] = await buildSite(g.site);
  assert.equal(canary.__feedmillSsti, undefined, 'a Nunjucks template in a feed ran inside the Hexo build');
  assert.equal(built.length, g.files.size, 'Hexo loaded every post');
  const bySource = new Map(built.map((p) => [p.source.replace(/^_posts\//, ''), p]));
  const targets = [...g.files].map(([i, f]) => {
    const post = bySource.get(f);
    assert.ok(post, `Hexo built ${f}`);
    return { label: label(g, i), url: `${origin}/site/${post.page}` };
  });
  const found = await withBrowser((ctx) => probeAll(ctx, targets));
  assert.deepEqual(found.executed, [], `payloads ran or pages left 127.0.0.1:\n${found.executed.join('\n')}`);
  assert.deepEqual(found.markup, [], `active markup survived in the browser's DOM:\n${found.markup.join('\n')}`);
});

// A title is plain text, but plain text can spell markup (`<title><img onerror>` or `<<script>script>` in a feed
// title). Themes that print titles unescaped (`<%- title %>`) must still get nothing that runs.
test('browser XSS: titles stay inert even in a theme that prints them unescaped', { skip, timeout: 180_000 }, async () => {
  const g = generated!;
  const targets = [...g.files]
    .map(([i, f]) => ({ label: label(g, i), path: `/rawtitle/${f.replace(/\.md$/, '.html')}` }))
    .filter((t) => rawPages.has(t.path))
    .map((t) => ({ label: t.label, url: origin + t.path }));
  const found = await withBrowser((ctx) => probeAll(ctx, targets));
  assert.deepEqual(found.executed, [], `payloads in titles ran:\n${found.executed.join('\n')}`);
  assert.deepEqual(found.markup, [], `active markup in titles:\n${found.markup.join('\n')}`);
});
