// The astro format against the real `astro` package: a throwaway Astro 5 site whose content collection is
// written by feedmill (posts and the once-written src/content.config.ts) must build, and a post that breaks
// the schema must fail Astro's own validation.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir, fixture } from '../helpers.js';
import { parseFeed } from '../../src/parse/index.js';
import { entryToPost } from '../../src/transform/index.js';
import { outputFormat } from '../../src/output/format.js';
import { ensureSiteFiles } from '../../src/output/site-files.js';
import { postFileBase } from '../../src/output/filename.js';
import type { Post } from '../../src/model.js';
import { makeCtx, makeEntry, makeFeed, makeSource } from '../transform/make.js';

function astro(site: string, command: 'build' | 'sync'): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(site, 'node_modules', 'astro', 'astro.js'), command], {
      cwd: site,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** An Astro site with one page listing the collection. node_modules is a real folder (Astro caches into it) linking astro. */
const sites: string[] = [];
after(() => sites.forEach((s) => rmSync(s, { recursive: true, force: true })));

function makeAstroSite(): string {
  const site = tempDir('feedmill-astro-');
  sites.push(site);
  mkdirSync(join(site, 'node_modules'));
  symlinkSync(join(repoRoot, 'node_modules', 'astro'), join(site, 'node_modules', 'astro'), 'dir');
  writeFileSync(join(site, 'package.json'), '{ "name": "feedmill-astro-test", "type": "module", "private": true }\n');
  writeFileSync(join(site, 'astro.config.mjs'), 'export default {};\n');
  mkdirSync(join(site, 'src', 'pages'), { recursive: true });
  writeFileSync(
    join(site, 'src', 'pages', 'index.astro'),
    `---
import { getCollection, render } from 'astro:content';
const posts = (await getCollection('news')).sort((a, b) => a.data.pubDate.valueOf() - b.data.pubDate.valueOf());
const rendered = await Promise.all(posts.map((p) => render(p)));
---
<html><body>{posts.map((p, i) => {
  const Content = rendered[i].Content;
  return <article data-author={p.data.author} data-categories={p.data.categories.join('|')}><h1>{p.data.title}</h1><time>{p.data.pubDate.toISOString()}</time><Content /></article>;
})}</body></html>
`,
  );
  return site;
}

function posts(): Post[] {
  const feed = parseFeed(readFileSync(fixture('seed', 'guancha-headline.xml')), { url: 'https://rsshub.app/guancha/headline' });
  const seed = entryToPost(feed.items[0]!, feed, makeSource({ timezone: 'Asia/Shanghai' }), makeCtx())!;
  const awkward = entryToPost(
    makeEntry({ id: 'awkward', link: null, title: 'Braces {{ x }} and {% y %}: "quoted" --- #tag', content: '<p>Body with {{ x }}</p><pre><code>a\n\nb</code></pre>', published: '2023-05-01T00:00:00Z' }),
    makeFeed(),
    makeSource({ categories: ['yes', '2022-01-27', 'a: b'] }),
    makeCtx(),
  )!;
  return [seed, awkward];
}

test('astro: posts and the written content.config.ts pass Astro\'s schema validation and build', async () => {
  const site = makeAstroSite();
  const dir = join(site, 'src', 'content', 'news');
  assert.deepEqual(await ensureSiteFiles({ dir, format: 'astro' }), [join(site, 'src', 'content.config.ts')]);
  assert.deepEqual(readdirSync(join(site, 'src')).sort(), ['content.config.ts', 'pages'], 'no temporary folder left');
  mkdirSync(dir, { recursive: true });
  for (const post of posts()) {
    const file = outputFormat('astro').render(post, postFileBase(post, '{date}-{hash}'), { dateStyle: 'rfc1123' });
    writeFileSync(join(dir, file.path), file.text);
  }
  const build = await astro(site, 'build');
  assert.equal(build.code, 0, build.out);
  const html = readFileSync(join(site, 'dist', 'index.html'), 'utf8');
  assert.match(html, /<h1>美国北约书面回应：拒绝俄罗斯所划_红线_<\/h1><time>2022-01-27T10:09:07.000Z<\/time>/);
  assert.match(html, /data-categories="新媒体\|观察者网\|头条"/);
  assert.match(html, /<h1>Braces \{\{ x \}\} and \{% y %\}: _quoted_ --- #tag<\/h1>/);
  assert.match(html, /data-categories="yes\|2022-01-27\|a: b"/);
  assert.match(html, /referrerpolicy="no-referrer"/, 'the body HTML is rendered');

  // written once: the user's edits stay
  writeFileSync(join(site, 'src', 'content.config.ts'), readFileSync(join(site, 'src', 'content.config.ts'), 'utf8') + '// mine\n');
  assert.deepEqual(await ensureSiteFiles({ dir, format: 'astro' }), []);
  assert.match(readFileSync(join(site, 'src', 'content.config.ts'), 'utf8'), /\/\/ mine\n$/);

  // the schema is real: a post without a date fails Astro's validation
  writeFileSync(join(dir, 'broken.md'), '---\ntitle: "no date"\n---\n<p>x</p>\n');
  const sync = await astro(site, 'sync');
  assert.notEqual(sync.code, 0);
  assert.match(sync.out, /InvalidContentEntryDataError|does not match collection schema/);
  assert.match(sync.out, /pubDate/);
});

test('astro: no content.config.ts for a collection folder outside src/content/', async () => {
  const site = tempDir('feedmill-astro-');
  sites.push(site);
  assert.deepEqual(await ensureSiteFiles({ dir: join(site, 'news'), format: 'astro' }), []);
  assert.equal(existsSync(join(site, 'src')), false);
  assert.deepEqual(await ensureSiteFiles({ dir: join(site, 'posts'), format: 'hexo' }), []);
});
