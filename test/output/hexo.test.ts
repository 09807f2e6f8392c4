// The Hexo writer's rules: front matter scalars read back exactly (js-yaml, as Hexo), dates, body escapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { entryToPost } from '../../src/transform/index.js';
import { formatHexoPost, formatPostDate } from '../../src/output/hexo.js';
import { isSafePlain, plainOrQuoted, singleQuoted } from '../../src/output/yaml-scalar.js';
import type { Post } from '../../src/model.js';
import { bodyOf, frontMatter, makeCtx, makeEntry, makeFeed, makeSource } from '../transform/make.js';

function postFor(entryOver: Parameters<typeof makeEntry>[0], sourceOver: Parameters<typeof makeSource>[0] = {}): Post {
  const post = entryToPost(makeEntry(entryOver), makeFeed(), makeSource(sourceOver), makeCtx());
  assert.ok(post);
  return post;
}

/** Parses the front matter with js-yaml's default schema and the YAML 1.1 schema (older Hexo), asserting both agree. */
function readBack(file: string): Record<string, unknown> {
  const fm = frontMatter(file);
  const a = load(fm) as Record<string, unknown>;
  const b = load(fm, { schema: YAML11_SCHEMA }) as Record<string, unknown>;
  // the local date style is a timestamp under YAML 1.1 and a string under the core schema; all else must agree
  assert.deepEqual({ ...a, date: null }, { ...b, date: null });
  return a;
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const TITLES: Array<[string, string]> = [
  ['美国北约书面回应：拒绝俄罗斯所划“红线”', '美国北约书面回应：拒绝俄罗斯所划_红线_'],
  [`He said "hi": it's #1`, 'He said _hi_: it_s #1'],
  ['key: value', 'key: value'],
  ['# not a comment', '# not a comment'],
  ['[突发] 新闻', '[突发] 新闻'],
  ['{braces} and [brackets]', '{braces} and [brackets]'],
  ['- starts with a dash', '- starts with a dash'],
  ['emoji 🎉🚀 and 中文', 'emoji 🎉🚀 and 中文'],
  ['line one\nline two\r\n\tline three', 'line one line two line three'],
  ['ctrl\u0001\u0007\u001b chars\u007f', 'ctrl chars'],
  ['‘curly’ “double” \'single\'', '_curly_ _double_ _single_'],
  ['&amp; entity &lt;tag&gt; &#8220;x&#8221;', '& entity ＜tag> _x_'],
  ['1 &lt; 2 and &lt;/script&gt;&lt;!-- &lt;?x', '1 < 2 and ＜/script>＜!-- ＜?x'],
  ['<b>bold</b> and <i>italic</i>', 'bold and italic'],
  ['yes', 'yes'],
  ['null', 'null'],
  ['123', '123'],
  ['2022-01-27', '2022-01-27'],
  ['@at %pct &amp *star !bang |pipe >gt', '@at %pct & *star !bang |pipe >gt'],
  ['  padded   title  ', 'padded title'],
  ['trailing colon:', 'trailing colon:'],
  ['back\\slash', 'back\\slash'],
  ['---', '---'],
  ['sep\u2028line\u2029end', 'sep line end'],
  ['{% raw %}{{ x }}', '{% raw %}{{ x }}'],
];

for (const [input, want] of TITLES) {
  test(`title ${JSON.stringify(input)} reads back as ${JSON.stringify(want)}`, () => {
    const file = formatHexoPost(postFor({ title: input }), { dateStyle: 'rfc1123' });
    assert.equal(readBack(file).title, want);
    assert.ok(!CONTROL.test(file));
    assert.match(file, /\ntitle: '[^\n]*'\n/);
  });
}

test('a title of only markup or whitespace falls back to the first 50 characters of the text', () => {
  const text = '这是一段很长的正文内容，用来测试没有标题的条目会如何取标题，应当截取前五十个字符然后加上省略号结尾才对的吧。';
  const post = postFor({ title: '  <br> ', content: `<p>${text}</p>` });
  assert.equal(post.title, `${Array.from(text).slice(0, 50).join('')}...`);
  const short = postFor({ title: null, content: '<p>Short “quoted” body</p>' });
  assert.equal(short.title, 'Short _quoted_ body');
});

const SCALARS = ['新媒体', '观察者网', 'yes', 'no', 'on', 'true', 'False', 'null', '~', '123', '1e3', '0x1F', '.5', '-1',
  '2022-01-27', 'a: b', 'a #b', '#x', '[x]', '{x}', 'a,b', '- x', '? x', ': x', '! x', '& x', '* x', '| x', '> x',
  "'q'", '"q"', '%x', '@x', '`x`', 'C++', 'C#', 'Node.js', 'x:', '<<', '=', '---', '...', 'emoji 🎉', 'ends with space '];

test('categories and author read back exactly; plain where the seed writes plain', () => {
  const post = postFor({}, { categories: SCALARS, author: 'a: b #c' });
  const file = formatHexoPost(post, { dateStyle: 'rfc1123' });
  const data = readBack(file);
  assert.deepEqual(data.categories, SCALARS.map((s) => s.trim()));
  assert.equal(data.author, 'a: b #c');
  assert.match(file, /\n - 新媒体\n - 观察者网\n/);
  const seedLike = formatHexoPost(postFor({}, { categories: ['新媒体', '观察者网', '头条'] }), { dateStyle: 'rfc1123' });
  assert.match(seedLike, /\nauthor: 观察者网\n/);
});

test('each scalar helper round-trips on its own', () => {
  for (const s of SCALARS) {
    const want = s.trim();
    assert.equal((load(`v: ${plainOrQuoted(s)}`) as { v: unknown }).v, want, s);
    assert.equal((load(`v: ${plainOrQuoted(s)}`, { schema: YAML11_SCHEMA }) as { v: unknown }).v, want, s);
    assert.equal((load(`v: ${singleQuoted(s)}`) as { v: unknown }).v, want, s);
  }
  assert.equal(isSafePlain('观察者网'), true);
  assert.equal(isSafePlain('yes'), false);
  assert.equal(isSafePlain('a: b'), false);
  // names that start with a digit stay plain when they cannot be a number or a date, as the seed writes names
  assert.equal(plainOrQuoted('36氪'), '36氪');
  for (const s of ['36氪', '2022年新闻', '3D打印', '0x1F', '1e3', '2022-01-27', '12:30', '1_000', '36kr']) {
    assert.equal((load(`v: ${plainOrQuoted(s)}`) as { v: unknown }).v, s, s);
    assert.equal((load(`v: ${plainOrQuoted(s)}`, { schema: YAML11_SCHEMA }) as { v: unknown }).v, s, s);
  }
});

test('image URLs with quotes and odd characters read back exactly', () => {
  const url = "https://example.com/it's a #pic.jpg?x=1&y='2'";
  const post = { ...postFor({}), image: url };
  const data = readBack(formatHexoPost(post, { dateStyle: 'rfc1123' }));
  assert.equal(data.headimg, url);
  assert.equal(data.thumbnail, url);
});

test('author falls back to the second category, then the feed title', () => {
  assert.equal(postFor({}, { author: 'Configured' }).author, 'Configured');
  assert.equal(postFor({}, { categories: ['新媒体', '观察者网', '头条'] }).author, '观察者网');
  const p = entryToPost(makeEntry(), makeFeed({ title: 'Feed Title' }), makeSource({ categories: ['one'] }), makeCtx());
  assert.equal(p!.author, 'Feed Title');
  const empty = entryToPost(makeEntry(), makeFeed({ title: null }), makeSource({ categories: [] }), makeCtx());
  assert.deepEqual(readBack(formatHexoPost(empty!, { dateStyle: 'rfc1123' })).categories, []);
});

test('dates: rfc1123 and local in the post timezone; published, else updated, else first seen', () => {
  const d = new Date('2022-01-27T10:09:07.000Z');
  assert.equal(formatPostDate(d, 'rfc1123', 'UTC'), 'Thu, 27 Jan 2022 10:09:07 GMT');
  assert.equal(formatPostDate(d, 'local', 'Asia/Shanghai'), '2022-01-27 18:09:07');
  assert.equal(formatPostDate(d, 'local', 'America/New_York'), '2022-01-27 05:09:07');
  assert.equal(formatPostDate(d, 'local', 'Not/A_Zone'), '2022-01-27 10:09:07');
  assert.equal(formatPostDate(new Date(Number.NaN), 'rfc1123', 'UTC'), 'Thu, 01 Jan 1970 00:00:00 GMT');

  const local = formatHexoPost(postFor({}, { timezone: 'Asia/Shanghai' }), { dateStyle: 'local' });
  assert.match(local, /\ndate: 2022-01-27 18:09:07\n/);
  readBack(local);

  assert.equal(postFor({ published: null, updated: '2021-05-06T07:08:09.000Z' }).date.toISOString(), '2021-05-06T07:08:09.000Z');
  assert.equal(postFor({ published: 'garbage', updated: null }).date.toISOString(), '2023-01-02T03:04:05.000Z');
  const file = formatHexoPost(postFor({ published: 'not a date', updated: 'neither' }), { dateStyle: 'rfc1123' });
  assert.doesNotMatch(file, /Invalid Date/);
  assert.match(file, /\ndate: Mon, 02 Jan 2023 03:04:05 GMT\n/);
});

test('layout: leading newline, field order, body wrapper, no final newline', () => {
  const file = formatHexoPost(postFor({ content: '<p>x</p>' }), { dateStyle: 'rfc1123' });
  assert.match(file, /^\n---\ntitle: '.*'\ncategories: \n - .*\n - .*\n - .*\nheadimg: '.*'\nauthor: .*\ncomments: false\ndate: .*\nthumbnail: '.*'\n---\n\n<div> {3}\n<p>x<\/p>\n {2}\n<\/div>\n {12}$/);
});

test('body: braces escaped, blank lines removed outside <pre>, kept as &#10; inside, fences escaped', () => {
  const html = [
    '<p>Template {{ page.title }} and {% include x %} and {# c #}</p>',
    '',
    '   ',
    '\t',
    '<p>after blank lines</p>',
    '```js',
    '  ~~~ tilde fence',
    '<pre><code>line 1',
    '',
    '    ',
    'line 4 {x}',
    '```',
    '</code></pre>',
    'text with ``` inline is fine',
  ].join('\n');
  const file = formatHexoPost(postFor({ content: html }), { dateStyle: 'rfc1123' });
  const body = bodyOf(file);
  assert.doesNotMatch(body, /[{}]/);
  assert.match(body, /&#123;&#123; page\.title &#125;&#125;/);
  assert.match(body, /&#123;% include x %&#125;/);
  assert.doesNotMatch(body, /^[ \t]*$\n/m);
  assert.match(body, /<pre><code>line 1\n&#10; {4}\nline 4 &#123;x&#125;\n&#96;``\n<\/code><\/pre>/);
  assert.match(body, /^&#96;``js$/m);
  assert.match(body, /^ {2}&#126;~~ tilde fence$/m);
  assert.match(body, /text with ``` inline is fine/);
  assert.doesNotMatch(body, /^[ \t]*(?:```|~~~)/m);
});

test('body: fences after a blockquote `>` or a list marker are escaped too (Hexo reads those as code blocks)', () => {
  const html = ['<p>text', '> ```js', 'x', '>> ```', '- ```', '* ~~~', '+ ```', '12. ```', ' >  >```', '</p>'].join('\n');
  const body = bodyOf(formatHexoPost(postFor({ content: html }), { dateStyle: 'rfc1123' }));
  assert.equal(body, ['<p>text', '> &#96;``js', 'x', '>> &#96;``', '- &#96;``', '* &#126;~~', '+ &#96;``', '12. &#96;``', ' >  >&#96;``', '</p>', ''].join('\n'));
  assert.doesNotMatch(body, /^(?:(?:[^\S\n]*>){0,3}|[-*+]|[0-9]+\.)[^\S\n]*(?:`{3,}|~{3,})/m);
});

test('control characters never reach the file', () => {
  const ctrl = 'a\u0000b\u0001c\u0008d\u000be\u000cf\u000eg\u001fh\u007fi\u0085j';
  const post = postFor({ title: ctrl, content: `<p title="${ctrl}">${ctrl}</p>\r\n<p>x</p>` }, { author: ctrl, categories: [ctrl] });
  const file = formatHexoPost(post, { dateStyle: 'rfc1123' });
  assert.doesNotMatch(file, CONTROL);
  assert.doesNotMatch(file, /\r/);
  const data = readBack(file);
  assert.equal(data.title, 'abcdefghij');
  assert.equal(data.author, 'abcdefghij');
});

// Hexo's own front-matter reader (js-yaml 4 inside), when the hexo dev dependency is installed.
function hexoFrontMatter(): ((s: string) => Record<string, unknown>) | null {
  try {
    const req = createRequire(createRequire(import.meta.url).resolve('hexo/package.json'));
    const hfm = req('hexo-front-matter') as { parse(s: string): Record<string, unknown> };
    return (s) => hfm.parse(s);
  } catch {
    return null;
  }
}
const hexoParse = hexoFrontMatter();

test('hexo-front-matter (what Hexo runs) reads every tricky title and scalar back exactly', { skip: hexoParse ? false : 'hexo not installed' }, () => {
  for (const [input, want] of TITLES) {
    const data = hexoParse!(formatHexoPost(postFor({ title: input }), { dateStyle: 'rfc1123' }));
    assert.equal(data.title, want, input);
    assert.equal(data.comments, false);
  }
  const data = hexoParse!(formatHexoPost(postFor({}, { categories: SCALARS, author: 'yes' }), { dateStyle: 'local' }));
  assert.deepEqual(data.categories, SCALARS.map((s) => s.trim()));
  assert.equal(data.author, 'yes');
  assert.ok(data.date);
  assert.match(String(data._content), /^\s*<div>/);
});
