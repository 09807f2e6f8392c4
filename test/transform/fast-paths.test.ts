// The transform's hot-path shortcuts (character checks before regexes, URLs read without `new URL`, source kept
// as ranges, one reused body pass) must give exactly what the general code gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJsSpace } from '../../src/transform/chars.js';
import { processBody, type BodyOptions } from '../../src/transform/sanitize/index.js';
import { declaredSize, isTrackingPixelUrl } from '../../src/transform/images.js';
import { escapeForHexo } from '../../src/transform/hexo-escape.js';
import { collapseWhitespace } from '../../src/transform/text.js';
import { urlScheme } from '../../src/transform/sanitize/url-schemes.js';

const OPTS: BodyOptions = { base: 'https://example.com/posts/1', linksNewTab: false, stripTracking: true };

test('isJsSpace is exactly what \\s and trim treat as whitespace, for every UTF-16 code unit', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const s = String.fromCharCode(c);
    assert.equal(isJsSpace(c), /\s/.test(s), `U+${c.toString(16)}`);
    assert.equal(isJsSpace(c), `a${s}`.trimEnd() === 'a', `U+${c.toString(16)} trimEnd`);
  }
  assert.equal(isJsSpace(NaN), false); // charCodeAt past the end
});

// The pixel rules read the host and `pathname + search` as the WHATWG parser gives them.
function pixelByUrlParser(url: string): boolean {
  const hosts = /(?:^|\.)(?:pixel\.wp\.com|google-analytics\.com|hm\.baidu\.com|feeds\.feedburner\.com)$/i;
  let host = '';
  let path = url;
  try {
    const u = new URL(url);
    host = u.hostname;
    path = u.pathname + u.search;
  } catch { /* relative */ }
  return hosts.test(host) || /\/pixel(?:\.(?:gif|png|php)|[/?]|$)|\/_\/stat\?|\/count(?:er)?\.(?:gif|png|php)|\/~r\//i.test(path);
}

test('isTrackingPixelUrl reads URLs as new URL does, also where the parser rewrites them', () => {
  const schemes = ['https://', 'HTTP://', 'https:\\\\', 'https:///', '//', ''];
  const hosts = ['pixel.wp.com', 'PIXEL.WP.COM', 'google-analytics.com.', 'ｇoogle-analytics.com', 'xn--pixel.com', 'count.gif.1',
    '1.2.3.4', 'user@hm.baidu.com', 'hm.baidu.com:8080', 'hm.baidu.com:99999', 'a..b', 'pixel', 'example.com'];
  const paths = ['', '/pixel', '/a/../pixel.gif', '/%2e%2e/pixel', '/./pixel', '/pix\tel', '/pixel.gif ', '/~r/x', '/a/count.gif', '/_/stat', '/中/pixel'];
  const queries = ['', '?', '?a=1', "?q='x'", '?/pixel'];
  const fragments = ['', '#', '#/pixel'];
  let checked = 0;
  for (const s of schemes) for (const h of hosts) for (const p of paths) for (const q of queries) for (const f of fragments) {
    const url = s + h + p + q + f;
    const expected = pixelByUrlParser(url);
    // only the URLs the shortened reference covers: every pixel here comes from its hosts and paths
    if (expected) assert.equal(isTrackingPixelUrl(url), true, url);
    else if (!/stat|tracking|beacon|1x1|doubleclick|open\.|imp|ga\.gif|~ff|~4|__utm/i.test(url)) assert.equal(isTrackingPixelUrl(url), false, url);
    checked++;
  }
  assert.ok(checked > 10000);
  assert.equal(isTrackingPixelUrl('https://x.example/_/stat?'), false); // a lone `?` is no search
  assert.equal(isTrackingPixelUrl('https://x.example/_/stat?e=1'), true);
  assert.equal(isTrackingPixelUrl('https://x.example?/pixel'), true); // empty path: `/` + search
  assert.equal(isTrackingPixelUrl('https://x.example/pixel#x'), true);
});

test('urlScheme: the http(s) shortcut agrees with the general rule', () => {
  for (const u of ['https://a.example/x', 'http://a.example', 'https:', 'http:x:y', 'HTTP://a', 'Https://a', 'http\t://a']) {
    const general = u.replace(/[\u0000-\u0020]/g, '');
    assert.equal(urlScheme(u), general.slice(0, general.indexOf(':')).toLowerCase(), u);
  }
});

test('declaredSize reads the number as the pattern did', () => {
  assert.equal(declaredSize('970px', undefined, 'width'), 970);
  assert.equal(declaredSize(' 12.5 PX ', undefined, 'width'), 12.5);
  assert.equal(declaredSize('\u00a0007\n', undefined, 'width'), 7);
  for (const v of ['12.', '.5', '1e3', '12 px px', '-3', '50%', '']) assert.equal(declaredSize(v, undefined, 'width'), null, v);
  assert.equal(declaredSize('auto', 'height: 20px; width:30.5px', 'width'), 30.5);
});

test('collapseWhitespace: single spaces stay, every other run becomes one space', () => {
  assert.equal(collapseWhitespace('a b c'), 'a b c');
  assert.equal(collapseWhitespace(' a  b\tc\u00a0d\u2028e\n'), 'a b c d e');
  assert.equal(collapseWhitespace('观察者网'), '观察者网');
});

test('escapeForHexo: the no-work shortcut still sees blank lines after any line terminator', () => {
  assert.equal(escapeForHexo('<p>a</p>\n'), '<p>a</p>\n');
  assert.equal(escapeForHexo('<p>a</p>\n\n'), '<p>a</p>\n');
  assert.equal(escapeForHexo('a\u2028 \t\nb'), 'a\u2028b\n');
  assert.equal(escapeForHexo('a\r\nb'), 'a\rb\n'); // multiline `^` starts a line after CR too
  assert.equal(escapeForHexo('x {{ y }}\n'), 'x &#123;&#123; y &#125;&#125;\n');
  assert.equal(escapeForHexo('a\n```\n'), 'a\n&#96;``\n');
  assert.equal(escapeForHexo('a\u00a0\n'), 'a\n');
  assert.equal(escapeForHexo(' \n'), '');
});

test('a body that needs no change comes back as written; a change in the middle keeps the rest byte for byte', () => {
  const same = '<p align="center">\n<img src="https://i.example/a.jpg" width="970px" referrerpolicy="no-referrer">\n</p>\n<P>中文 text &amp; more</P>\n';
  assert.equal(processBody(same, OPTS).html, same);
  const changed = '<p>one</p>\n<p><a href="https://e.example/x?utm_source=rss" target="_blank">link</a> two</p>\n<p>three</p>';
  assert.equal(
    processBody(changed, OPTS).html,
    '<p>one</p>\n<p><a href="https://e.example/x" rel="noopener noreferrer">link</a> two</p>\n<p>three</p>\n',
  );
});

test('tag names are compared with full Unicode case mapping where the source is not ASCII', () => {
  // U+212A KELVIN SIGN lower-cases to `k`: the parser reads <blockquote>, the source slice is kept as written
  assert.equal(processBody('<bloc\u212Aquote>x</bloc\u212Aquote>', OPTS).html, '<bloc\u212Aquote>x</bloc\u212Aquote>\n');
});

test('one body pass serves many calls: nothing of one body reaches the next', () => {
  const bodies = [
    '<svg><path d="M0 0"><p>unclosed',
    '<noscript><img src="https://i.example/n.jpg"></noscript>',
    '<pre>a\n\n<script>alert(1)',
    '<table><tr><td><img src="https://i.example/t.jpg" data-src="https://i.example/real.jpg">',
    '<p>plain</p>',
    '<a href="javascript:alert(1)" rel="x">a</a><iframe src="https://www.youtube.com/embed/x"></iframe>',
  ];
  const alone = bodies.map((b) => JSON.stringify(processBody(b, OPTS)));
  for (let round = 0; round < 3; round++) {
    const order = bodies.map((_, i) => (i * (round + 2)) % bodies.length);
    for (const i of order) assert.equal(JSON.stringify(processBody(bodies[i]!, OPTS)), alone[i], bodies[i]);
  }
});
