// The output formats beside hexo: each file's path and front matter as its generator reads them, and the
// registry's hexo still the seed post byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { parse } from 'yaml';
import { fixture } from '../helpers.js';
import { parseFeed } from '../../src/parse/index.js';
import { entryToPost } from '../../src/transform/index.js';
import { OUTPUT_FORMAT_NAMES, outputFormat, renderPostFiles } from '../../src/output/format.js';
import { configFromObject } from '../../src/config/load.js';
import { postFileBase } from '../../src/output/filename.js';
import { htmlToMarkdown } from '../../src/output/markdown.js';
import type { Post } from '../../src/model.js';
import { makeCtx, makeEntry, makeFeed, makeSource } from '../transform/make.js';

const expected = readFileSync(fixture('seed', 'expected-post.md'), 'utf8');

function seedPost(timezone = 'UTC'): Post {
  const feed = parseFeed(readFileSync(fixture('seed', 'guancha-headline.xml')), { url: 'https://rsshub.app/guancha/headline' });
  return entryToPost(feed.items[0]!, feed, makeSource({ timezone }), makeCtx())!;
}

/** A post whose every field tries to break a front matter or a template language. */
function awkwardPost(): Post {
  const entry = makeEntry({
    title: `He said: "yes" — it's 'done' #1 --- {% raw %} {{ site.title }}`,
    content: '<p>Use {{ page.title }} and {% include x %} and {{< shortcode >}}.</p><pre><code>a {\n\n  b\n}</code></pre><p>Second &amp; last</p>',
    authors: [{ name: 'null', email: null, url: null }],
  });
  return entryToPost(entry, makeFeed(), makeSource({ categories: ['yes', '2022-01-27', 'a: b', '[x]'], author: 'item', timezone: 'Asia/Shanghai' }), makeCtx())!;
}

function splitFrontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(m, `no front matter in:\n${text}`);
  // the same values in YAML 1.2 (Hugo, Astro), YAML 1.1 (Jekyll's Psych) and js-yaml
  const data = parse(m[1]!) as Record<string, unknown>;
  const data11 = parse(m[1]!, { version: '1.1' }) as Record<string, unknown>;
  const dataJs = load(m[1]!) as Record<string, unknown>;
  for (const key of ['title', 'categories', 'author', 'image', 'images', 'link', 'source', 'draft', 'layout']) {
    assert.deepEqual(data11[key], data[key], key);
    assert.deepEqual(dataJs[key], data[key], key);
  }
  return { data, body: m[2]! };
}

test('the registry knows the six formats; hexo through it is the seed post, byte for byte', () => {
  assert.deepEqual(OUTPUT_FORMAT_NAMES, ['hexo', 'hugo', 'jekyll', 'astro', 'markdown', 'json']);
  const post = seedPost();
  const base = postFileBase(post, '{date}-{hash}');
  const file = outputFormat('hexo').render(post, base, { dateStyle: 'rfc1123' });
  assert.equal(file.text, expected);
  assert.equal(file.path, `${base}.md`);
  assert.throws(() => outputFormat('nope' as 'hexo'), /unknown output format "nope"/);
});

test('hugo: <name>.html, YAML front matter with ISO 8601 date in the post\'s zone, draft, categories, images', () => {
  const post = seedPost('Asia/Shanghai');
  const file = outputFormat('hugo').render(post, 'p1', { dateStyle: 'rfc1123' });
  assert.equal(file.path, 'p1.html');
  const { data, body } = splitFrontMatter(file.text);
  assert.equal(data.title, '美国北约书面回应：拒绝俄罗斯所划_红线_');
  assert.match(file.text, /\ndate: 2022-01-27T18:09:07\+08:00\n/);
  assert.equal(new Date(String(data.date)).getTime(), post.date.getTime());
  assert.equal(data.draft, false);
  assert.deepEqual(data.categories, ['新媒体', '观察者网', '头条']);
  assert.deepEqual(data.images, ['https://i.guancha.cn/news/2022/01/27/20220127095954179.jpg']);
  assert.equal(data.author, '观察者网');
  assert.equal(body, `${post.html}\n`);
  assert.equal(outputFormat('hugo').defaultDir, 'content/posts');
});

test('jekyll: _posts-style YYYY-MM-DD-<name>.md with layout: post; the day is the post\'s in its zone', () => {
  const post = seedPost('Asia/Shanghai');
  const jekyll = outputFormat('jekyll');
  assert.equal(jekyll.defaultDir, '_posts');
  assert.equal(jekyll.render(post, 'abc123', { dateStyle: 'rfc1123' }).path, '2022-01-27-abc123.md');
  const base = postFileBase(post, '{date}-{hash}');
  assert.equal(jekyll.render(post, base, { dateStyle: 'rfc1123' }).path, `${base}.md`, 'a base that starts with the date keeps it once');
  const late = { ...post, date: new Date('2022-01-27T20:00:00Z') }; // 04:00 the next day in Shanghai
  assert.match(jekyll.render(late, 'x', { dateStyle: 'rfc1123' }).path, /^2022-01-28-x\.md$/);
  const { data } = splitFrontMatter(jekyll.render(post, 'x', { dateStyle: 'rfc1123' }).text);
  assert.equal(data.layout, 'post');
  assert.match(jekyll.render(post, 'x', { dateStyle: 'rfc1123' }).text, /\ndate: 2022-01-27 18:09:07 \+0800\n/);
  assert.equal(data.image, 'https://i.guancha.cn/news/2022/01/27/20220127095954179.jpg');
});

test('astro: <name>.md of the collection, pubDate, link; markdown: turndown body; json: one object per item', () => {
  const post = seedPost();
  const astro = outputFormat('astro').render(post, 'n', { dateStyle: 'rfc1123' });
  assert.equal(astro.path, 'n.md');
  const a = splitFrontMatter(astro.text).data;
  assert.equal(new Date(String(a.pubDate)).getTime(), post.date.getTime());
  assert.equal(a.link, post.link);

  const md = outputFormat('markdown').render(post, 'n', { dateStyle: 'rfc1123' });
  const { data, body } = splitFrontMatter(md.text);
  assert.equal(data.title, post.title);
  assert.ok(!/<div|<p>/.test(body), 'no HTML left in the Markdown body');
  assert.match(body, /!\[[^\]]*\]\(https:\/\/i\.guancha\.cn\/news\/2022\/01\/27\/20220127095954179\.jpg\)/);

  const js = outputFormat('json').render(post, 'n', { dateStyle: 'rfc1123' });
  assert.equal(js.path, 'n.json');
  const item = JSON.parse(js.text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(item), ['id', 'guid', 'title', 'date', 'categories', 'author', 'image', 'link', 'html']);
  assert.equal(item.date, '2022-01-27T10:09:07.000Z');
  assert.equal(item.html, post.html);
});

test('awkward values read back unchanged in every format\'s front matter; no template tag survives in HTML bodies', () => {
  const post = awkwardPost();
  assert.equal(post.author, 'null');
  for (const name of ['hugo', 'jekyll', 'astro', 'markdown'] as const) {
    const { data, body } = splitFrontMatter(outputFormat(name).render(post, 'x', { dateStyle: 'rfc1123' }).text);
    assert.equal(data.title, post.title, name);
    assert.equal(data.author, 'null', name);
    assert.deepEqual(data.categories, ['yes', '2022-01-27', 'a: b', '[x]'], name);
    if (name !== 'markdown') assert.ok(!/\{\{|\{%/.test(body), `${name}: ${body}`);
  }
  const item = JSON.parse(outputFormat('json').render(post, 'x', { dateStyle: 'rfc1123' }).text) as { title: string };
  assert.equal(item.title, post.title);
});

test('markdown: code blocks keep their lines and braces; text is escaped for Markdown', () => {
  const md = htmlToMarkdown(awkwardPost().html);
  assert.match(md, /```\na \{\n\n {2}b\n\}\n```/);
  assert.match(md, /Second & last/);
  assert.equal(htmlToMarkdown('<p>1. not a list *really*</p>'), '1\\. not a list \\*really\\*');
  assert.equal(htmlToMarkdown('<iframe src="https://player.bilibili.com/x" sandbox=""></iframe>'), '<iframe src="https://player.bilibili.com/x" sandbox=""></iframe>');
});

test('renderPostFiles: one post, every output of the config, the first one the seed post', () => {
  const config = configFromObject({ feeds: [], outputs: [{ format: 'jekyll', dir: 'site/_posts' }, { format: 'json' }] }, '/srv/blog');
  const post = seedPost();
  const files = renderPostFiles(post, 'p', config.outputs);
  assert.deepEqual(files.map((f) => [f.path, f.file]), [
    ['/srv/blog/source/_posts/p.md', 'p.md'],
    ['/srv/blog/site/_posts/2022-01-27-p.md', '2022-01-27-p.md'],
    ['/srv/blog/posts/p.json', 'p.json'],
  ]);
  assert.equal(files[0]!.text, expected);
  assert.match(files[1]!.text, /^---\nlayout: "post"\n/);
});
