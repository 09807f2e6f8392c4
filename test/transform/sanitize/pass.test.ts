// The body pass (the sanitizer) against a corpus of XSS vectors (test/fixtures/transform/xss-vectors.json): the output
// is parsed again and nothing executable may be left; safe markup keeps its exact bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { fixture } from '../../helpers.js';
import { processBody, sanitizeStyle, type BodyOptions } from '../../../src/transform/sanitize/index.js';

interface Vector { name: string; html: string }
const vectors = JSON.parse(readFileSync(fixture('transform', 'xss-vectors.json'), 'utf8')) as Vector[];

const OPTS: BodyOptions = { base: 'https://example.com/posts/1', linksNewTab: false, stripTracking: true, proxy: 'https://proxy.example/?' };

const FORBIDDEN_ELEMENTS = new Set(['script', 'style', 'object', 'embed', 'applet', 'form', 'input', 'button', 'textarea',
  'select', 'option', 'base', 'meta', 'link', 'noscript', 'template', 'frame', 'frameset', 'xmp', 'noembed', 'noframes',
  'plaintext', 'title', 'foreignobject', 'animate', 'animatetransform', 'animatemotion', 'set', 'use', 'image', 'handler',
  'isindex', 'keygen', 'annotation-xml', 'mglyph', 'malignmark', 'maction', 'body', 'html', 'head', 'marquee', 'dialog']);
const FORBIDDEN_ATTRS = new Set(['srcdoc', 'formaction', 'action', 'xlink:href', 'background', 'dynsrc', 'lowsrc', 'data',
  'code', 'codebase', 'http-equiv', 'attributename', 'to', 'values', 'from', 'by', 'is', 'id', 'name', 'autofocus', 'form']);
const URL_ATTRS = new Set(['href', 'src', 'poster', 'cite']);

/** The scheme a browser would use: whitespace and controls anywhere removed, lower case. */
function scheme(v: string): string | null {
  const t = v.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const m = /^([a-z][a-z0-9+.-]*):/.exec(t);
  return m ? m[1]! : null;
}

function checkUrl(el: Element, attr: string, value: string, problems: string[]): void {
  const s = scheme(value);
  if (s === null || s === 'http' || s === 'https') return;
  if (s === 'mailto' && el.name === 'a') return;
  if (s === 'data' && el.name === 'img' && attr === 'src' && /^data:image\//i.test(value.trim())) return;
  problems.push(`${el.name}[${attr}] has scheme ${s}: ${value}`);
}

function styleProblems(style: string): boolean {
  const norm = style.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16) || 32))
    .replace(/\\/g, '').replace(/\s+/g, '').toLowerCase();
  return /expression\(|javascript:|vbscript:|behavior|-moz-binding|@import/.test(norm) ||
    [...norm.matchAll(/url\(([^)]*)\)/g)].some((m) => !/^['"]?(?:https?:|\/\/|data:image\/)/.test(m[1]!));
}

/** Everything executable that could be left in sanitized HTML, as a list of findings. */
export function activeContent(html: string): string[] {
  const problems: string[] = [];
  if (/<\s*script/i.test(html)) problems.push('raw <script');
  const doc = parseDocument(html, { decodeEntities: true });
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (n.type === 'cdata' || n.type === 'comment' || n.type === 'directive') problems.push(`${n.type} node`);
      if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') continue;
      const el = n as Element;
      const name = el.name.toLowerCase();
      if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`<${name}>`);
      if (name === 'iframe') {
        if (!/^https:\/\/(?:[a-z0-9-]+\.)*(?:youtube\.com|youtube-nocookie\.com|player\.bilibili\.com|player\.youku\.com|v\.qq\.com|player\.vimeo\.com)\//.test(el.attribs.src ?? '')) problems.push(`iframe ${el.attribs.src}`);
        if (el.children.length > 0) problems.push('iframe with content');
        if (!el.attribs.sandbox) problems.push('iframe without sandbox');
      }
      for (const [attr, value] of Object.entries(el.attribs)) {
        const a = attr.toLowerCase();
        if (a.startsWith('on')) problems.push(`${name}[${a}]`);
        if (FORBIDDEN_ATTRS.has(a)) problems.push(`${name}[${a}]`);
        if (URL_ATTRS.has(a)) checkUrl(el, a, value, problems);
        if (a === 'srcset') for (const c of value.split(',')) checkUrl(el, a, c.trim().split(/\s+/)[0] ?? '', problems);
        if (a === 'style' && styleProblems(value)) problems.push(`${name}[style=${value}]`);
        if (a === 'target' && value !== '_blank') problems.push(`target=${value}`);
      }
      if (name === 'a' && el.attribs.href && el.attribs.rel !== 'noopener noreferrer') problems.push(`a rel=${el.attribs.rel}`);
      if (name === 'img' && el.attribs.referrerpolicy !== 'no-referrer') problems.push('img without referrerpolicy');
      walk(el.children);
    }
  };
  walk(doc.children);
  return problems;
}

test(`the corpus holds at least 60 vectors (${vectors.length})`, () => {
  assert.ok(vectors.length >= 60);
  assert.ok(vectors.every((v) => typeof v.name === 'string' && typeof v.html === 'string'));
});

for (const v of vectors) {
  test(`xss: ${v.name}`, () => {
    const out = processBody(v.html, OPTS).html;
    assert.deepEqual(activeContent(out), [], out);
    // sanitizing the output again changes nothing: no shape that mutates on a second parse
    assert.equal(processBody(out, OPTS).html, out);
    // also with links opening in a new tab
    const tab = processBody(v.html, { ...OPTS, linksNewTab: true }).html;
    assert.deepEqual(activeContent(tab), [], tab);
  });
}

test('the checker itself catches what it must', () => {
  assert.notDeepEqual(activeContent('<img src=x onerror=alert(1)>'), []);
  assert.notDeepEqual(activeContent('<a href="java\tscript:alert(1)">x</a>'), []);
  assert.notDeepEqual(activeContent('<p style="background:url(javascript:alert(1))">x</p>'), []);
  assert.notDeepEqual(activeContent('<svg><script>alert(1)</script></svg>'), []);
});

test('safe article markup keeps its exact bytes', () => {
  const safe = [
    '<h2 align="center">标题</h2>',
    "<p class='lead' style=\"color:#666666;\">Text with &amp; entities &nbsp; and &#8220;quotes&#8221;</p>",
    '<img src="https://i.example.cn/a.jpg" width="970px" height="374px" referrerpolicy="no-referrer">',
    '<img src="https://i.example.cn/b.png" title="点击查看大图" class="bigimg" width="530" referrerpolicy="no-referrer"> ',
    '<ul><li>one<li>two</ul>',
    '<table border="1"><tr><td colspan=2>cell</td></tr></table>',
    '<blockquote cite="https://example.com/q">quote</blockquote>',
    '<a href="https://example.com/x" rel="noopener noreferrer">link</a>',
    '<pre><code class="language-js">const a = 1 &lt; 2;\n</code></pre>',
    '<p>Unicode 😀 中文 <br> next<br/>line</p>',
    '<figure><img src="https://i.example.cn/c.webp" alt="x" referrerpolicy="no-referrer"><figcaption>cap</figcaption></figure>',
    '<svg viewBox="0 0 10 10" width="10"><path d="M0 0h10v10z" fill="#c00"/></svg>',
    '<math><mi>x</mi><mo>=</mo><mn>2</mn></math>',
    '<video controls src="https://v.example.com/a.mp4" poster="https://v.example.com/a.jpg"></video>',
  ].join('\n') + '\n';
  assert.equal(processBody(safe, OPTS).html, safe);
});

test('links: rel noopener noreferrer always; target=_blank only when configured; schemes', () => {
  const html = '<a href="https://a.example/" target="_top" rel="nofollow">a</a><a href="mailto:x@example.com">m</a><a href="tel:123">t</a><a name="anchor">n</a>';
  assert.equal(processBody(html, OPTS).html,
    '<a href="https://a.example/" rel="nofollow noopener noreferrer">a</a><a href="mailto:x@example.com" rel="noopener noreferrer">m</a><a>t</a><a>n</a>\n');
  assert.equal(processBody(html, { ...OPTS, linksNewTab: true }).html,
    '<a href="https://a.example/" rel="nofollow noopener noreferrer" target="_blank">a</a><a href="mailto:x@example.com" rel="noopener noreferrer" target="_blank">m</a><a>t</a><a>n</a>\n');
});

test('tracking parameters stripped from links when configured, other bytes untouched', () => {
  const html = '<a href="https://a.example/p?id=1&amp;utm_source=rss&amp;utm_medium=feed&amp;spm=a2c.1&amp;fbclid=x&amp;q=%E4%B8%AD#top">x</a>';
  assert.equal(processBody(html, OPTS).html, '<a href="https://a.example/p?id=1&amp;q=%E4%B8%AD#top" rel="noopener noreferrer">x</a>\n');
  assert.equal(processBody(html, { ...OPTS, stripTracking: false }).html,
    '<a href="https://a.example/p?id=1&amp;utm_source=rss&amp;utm_medium=feed&amp;spm=a2c.1&amp;fbclid=x&amp;q=%E4%B8%AD#top" rel="noopener noreferrer">x</a>\n');
  assert.match(processBody('<a href="https://a.example/?utm_campaign=x">x</a>', OPTS).html, /href="https:\/\/a\.example\/"/);
});

test('relative and protocol-relative URLs are made absolute; xml:base / link / feed link is the caller\'s base', () => {
  const html = '<a href="../x.html">x</a><img src="//cdn.example.com/a.jpg"><a href="//cdn.example.com/">c</a>';
  assert.equal(processBody(html, { ...OPTS, base: 'https://site.example/a/b/post.html' }).html,
    '<a href="https://site.example/a/x.html" rel="noopener noreferrer">x</a><img src="https://cdn.example.com/a.jpg" referrerpolicy="no-referrer"><a href="https://cdn.example.com/" rel="noopener noreferrer">c</a>\n');
});

test('iframes: only allowlisted video hosts, emptied and sandboxed; configurable hosts', () => {
  const yt = '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc" frameborder="0" allowfullscreen></iframe>';
  assert.equal(processBody(yt, OPTS).html,
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc" frameborder="0" allowfullscreen sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"></iframe>\n');
  assert.equal(processBody('<iframe src="https://evil.example/"></iframe><p>x</p>', OPTS).html, '<p>x</p>\n');
  assert.match(processBody('<iframe src="https://media.example.org/v/1"></iframe>', { ...OPTS, iframeHosts: ['media.example.org'] }).html, /^<iframe src="https:\/\/media\.example\.org\/v\/1"/);
  assert.equal(processBody('<iframe src="https://www.youtube.com.evil.example/embed"></iframe>', OPTS).html, '');
  assert.equal(processBody(yt, { ...OPTS, iframeHosts: [] }).html, '');
});

test('svg and math with anything active are removed whole; unclosed foreign markup too', () => {
  assert.equal(processBody('<svg><rect width="1"/><a href="https://x.example/"><text>t</text></a></svg><p>after</p>', OPTS).html, '<p>after</p>\n');
  assert.equal(processBody('<p>x<svg><rect onclick="alert(1)"/></svg></p>', OPTS).html, '<p>x</p>\n');
  assert.equal(processBody('<math><mi>x</mi></math>', OPTS).html, '<math><mi>x</mi></math>\n');
  assert.equal(processBody('<svg><rect width="1">', OPTS).html, '');
});

test('comments, doctype, processing instructions and CDATA outside svg are dropped', () => {
  assert.equal(processBody('<!DOCTYPE html><!-- c --><?xml version="1.0"?><p>a<![CDATA[b]]></p>', OPTS).html, '<p>a</p>\n');
});

test('unknown elements are unwrapped (content kept); elements left open at the end are closed', () => {
  assert.equal(processBody('<mp-style-type data-value="3">x</mp-style-type><custom-el>y</custom-el>', OPTS).html, 'xy\n');
  assert.equal(processBody('<div><p>open', OPTS).html, '<div><p>open</p></div>\n');
});

test('deterministic fuzz: token soup built from the corpus never throws, never leaves anything active, re-sanitizes to itself', () => {
  const pieces = ['<', '>', '/', '"', "'", '=', ' ', '\n', 'a', 'img', 'svg', 'math', 'src', 'href', 'on', 'error', 'javascript:',
    '&#x0a;', '&', '<!--', '-->', '<![CDATA[', ']]>', 'style', 'pre', '{', '}', '```', '\t', 'script', 'noscript', 'p', 'div',
    'title', 'textarea', 'iframe', '\u0000', '\r', 'data-src', 'http://x.example/a.jpg', '//y.example/b.png', 'srcset', 'xlink:href'];
  let seed = 20260127;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const opts = { ...OPTS, linksNewTab: true };
  for (let i = 0; i < 2000; i++) {
    let s = rnd(3) === 0 ? vectors[rnd(vectors.length)]!.html : '';
    for (let j = rnd(40); j > 0; j--) s += pieces[rnd(pieces.length)];
    if (rnd(2)) s += vectors[rnd(vectors.length)]!.html;
    const out = processBody(s, opts).html;
    assert.deepEqual(activeContent(out), [], `${JSON.stringify(s)} → ${JSON.stringify(out)}`);
    assert.equal(processBody(out, opts).html, out, JSON.stringify(s));
  }
});

test('svg gradients referenced by url(#id) stay', () => {
  const svg = '<svg viewBox="0 0 2 2"><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="2" height="2" style="fill:url(#g)"/></svg>\n';
  assert.equal(processBody(svg, OPTS).html, svg);
});

test('attribute values holding < or > are written escaped (no `</script>` or tags for regex strippers and script-embedded copies)', () => {
  assert.equal(processBody('<a href="https://ok.example/" title="</script><script>alert(1)</script>">x</a>', OPTS).html,
    '<a href="https://ok.example/" title="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" rel="noopener noreferrer">x</a>\n');
  assert.equal(processBody('<p title="</p><img src=x onerror=alert(1)>">x</p>', OPTS).html,
    '<p title="&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;">x</p>\n');
  assert.equal(processBody('<svg width="10"><rect width="10" class="<b>"/></svg>', OPTS).html, '');
  const safe = '<p title="a &amp; b" class=\'x\'>t</p>\n';
  assert.equal(processBody(safe, OPTS).html, safe);
});

test('video poster: a picture URL (proxied when http), never data:', () => {
  assert.equal(processBody('<video poster="data:image/png;base64,iVBORw0KGgo=" src="https://ok.example/a.mp4"></video>', OPTS).html,
    '<video src="https://ok.example/a.mp4"></video>\n');
  assert.equal(processBody('<video poster="http://ok.example/a.jpg" controls></video>', OPTS).html,
    '<video poster="https://proxy.example/?http://ok.example/a.jpg" controls></video>\n');
});

test('FeedBurner feedflare and feed-ad links are removed with their tracking images (when tracking is stripped)', () => {
  const html = '<p>x</p><div class="feedflare">\n<a href="http://feeds.feedburner.com/~ff/Blog?a=Xk:abc:yIl"><img src="http://feeds.feedburner.com/~ff/Blog?d=yIl" border="0"></img></a>\n</div>';
  assert.equal(processBody(html, OPTS).html, '<p>x</p><div class="feedflare">\n</div>\n');
  assert.match(processBody(html, { ...OPTS, stripTracking: false }).html, /<a href="http:\/\/feeds\.feedburner\.com\/~ff\/Blog\?a=Xk:abc:yIl" rel="noopener noreferrer">/);
  assert.match(processBody('<a href="https://feeds.feedburner.com/blog">subscribe</a>', OPTS).html, /href="https:\/\/feeds\.feedburner\.com\/blog"/);
});

test('bilibili blackboard embeds (RSSHub) become player.bilibili.com iframes; other www.bilibili.com pages do not', () => {
  assert.equal(processBody('<iframe src="https://www.bilibili.com/blackboard/html5mobileplayer.html?aid=1&bvid=BV1x&cid=2" allowfullscreen></iframe>', OPTS).html,
    '<iframe src="https://player.bilibili.com/player.html?aid=1&amp;bvid=BV1x&amp;cid=2" allowfullscreen sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"></iframe>\n');
  assert.equal(processBody('<iframe src="https://www.bilibili.com/blackboard/html5mobileplayer.html.evil.example/x"></iframe>', OPTS).html, '');
  assert.equal(processBody('<iframe src="https://www.bilibili.com/video/BV1x"></iframe>', OPTS).html, '');
  assert.equal(processBody('<iframe src="https://www.bilibili.com/blackboard/html5mobileplayer.html?aid=1"></iframe>', { ...OPTS, iframeHosts: ['youtube.com'] }).html, '');
});

test('control characters written as references never reach the file through rewritten attributes or svg text', () => {
  const cases = ['<p title="x&#1;<y">t</p>', '<p title=x&#13;"y>t</p>', '<a href="https://ok.example/a&#1;b?utm_source=x">t</a>',
    '<svg><text>&#1;a&#x7f;</text></svg>', '<img src="https://ok.example/a.png" srcset="https://ok.example/a&#2;.png 2x" onerror="x">'];
  for (const c of cases) assert.doesNotMatch(processBody(c, OPTS).html, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/, c);
  assert.equal(processBody('<p title="x&#1;<y">t</p>', OPTS).html, '<p title="x&lt;y">t</p>\n');
});

test('protocol-relative url() in inline styles becomes https like every other body URL', () => {
  assert.equal(sanitizeStyle('background:url(//cdn.example.com/a.png) no-repeat'), 'background:url(https://cdn.example.com/a.png) no-repeat');
  assert.equal(sanitizeStyle("background-image: url( '//cdn.example.com/a.png' )"), "background-image: url( 'https://cdn.example.com/a.png' )");
  assert.equal(processBody('<div style="background:url(//cdn.example.com/a.png)">x</div>', OPTS).html, '<div style="background:url(https://cdn.example.com/a.png)">x</div>\n');
  assert.equal(sanitizeStyle('color:#666666;'), 'color:#666666;');
});

test('a close tag with a space or junk before its > leaves no stray text behind', () => {
  const cases: Array<[string, string]> = [
    ['<p>a</P >b', '<p>a</p>b\n'],
    ['<div>x</div\n>y', '<div>x</div>y\n'],
    ['<b>x</b  >z', '<b>x</b>z\n'],
    ['<p>a</p x=1>d', '<p>a</p>d\n'],
    ['<p>a &amp; b</p >c &lt; d', '<p>a &amp; b</p>c &lt; d\n'],
    ['<svg><text>a</text >b</svg>c', '<svg><text>a</text>b</svg>c\n'],
  ];
  for (const [html, expected] of cases) assert.equal(processBody(html, OPTS).html, expected, html);
});
