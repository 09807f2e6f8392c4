// The README's path for a new user, as a script: the repo's packed tarball (`npm pack`) is installed with
// `npm install --offline` into a temp copy of test/fixtures/hexo-site (its dependencies already in node_modules,
// as a registry would give them), then `npx feedmill init`, `npx feedmill add <feed file>`, `npx feedmill run`,
// `npx hexo generate`; the generated page holds the post with its date unshifted in the site's timezone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixture, repoRoot, tempDir } from '../helpers.js';

const exec = promisify(execFile);

async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', ...env }, maxBuffer: 1 << 24 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

test('fresh install from the packed tarball into a Hexo site: init, add, run, hexo generate', async () => {
  const work = tempDir('feedmill-fresh-');
  try {
    // the tarball of what is built (`npm test` builds first); --ignore-scripts: no rebuild under running tests
    const pack = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
    const [{ filename, files }] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const paths = files.map((f) => f.path);
    // what a user needs and nothing else
    for (const need of ['bin/feedmill.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'data/rsshub-routes.json', 'README.md', 'LICENSE', 'NOTICE', 'package.json']) {
      assert.ok(paths.includes(need), `the package holds ${need}`);
    }
    assert.deepEqual(paths.filter((p) => /^(test|src|bench|examples|scripts|dist\/test)\//.test(p) || p.endsWith('.ts') && !p.endsWith('.d.ts')), [], 'no sources, tests or benchmarks');

    const site = join(work, 'blog');
    cpSync(fixture('hexo-site'), site, { recursive: true });
    writeFileSync(join(site, '_config.yml'), readFileSync(join(site, '_config.yml'), 'utf8').replace("timezone: ''", 'timezone: Asia/Shanghai'));
    // the dependencies as the registry would give them: hard links to the repo's installed packages (same disk)
    // (npm replaces files by renaming new ones over them, so the repo's copies are never written through a link)
    await sh('cp', ['-al', join(repoRoot, 'node_modules'), join(site, 'node_modules')], work).catch(() =>
      sh('cp', ['-a', join(repoRoot, 'node_modules'), join(site, 'node_modules')], work),
    );
    // … except npm's hidden lockfile, which npm rewrites in place: unlinked here, npm writes the site's own
    rmSync(join(site, 'node_modules', '.package-lock.json'), { force: true });
    await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, filename)], site);
    assert.ok(existsSync(join(site, 'node_modules', '.bin', 'feedmill')));

    mkdirSync(join(site, 'feeds'));
    cpSync(fixture('seed', 'guancha-headline.xml'), join(site, 'feeds', 'guancha.xml'));
    // nothing leaves the machine: the starter's example routes fail fast through a closed local proxy
    const offline = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' };
    const init = await sh('npx', ['--offline', 'feedmill', 'init'], site, offline);
    assert.match(init.stdout, /fitted to the Hexo site's _config\.yml: posts in source\/_posts, dates in Asia\/Shanghai/);
    await sh('npx', ['--offline', 'feedmill', 'add', 'feeds/guancha.xml', '--category', '新媒体'], site, offline);
    const run = await sh('npx', ['--offline', 'feedmill', 'run'], site, offline);
    assert.match(run.stdout, /^ok +1 +0 +0 +feeds\/guancha\.xml/m);
    assert.doesNotMatch(run.stderr, /warning: the Hexo site/);
    await sh('npx', ['--offline', 'hexo', 'generate'], site, offline);

    const pages = readdirSync(join(site, 'public', 'posts'));
    assert.equal(pages.length, 1);
    const html = readFileSync(join(site, 'public', 'posts', pages[0]!, 'index.html'), 'utf8');
    assert.match(html, /<h1 class="post-title">美国北约书面回应：拒绝俄罗斯所划_红线_<\/h1>/);
    // the seed item's pubDate, Thu, 27 Jan 2022 10:09:07 GMT, read back by Hexo in Asia/Shanghai without a shift
    assert.match(html, /<time datetime="2022-01-27T10:09:07\.000Z">/);
    assert.match(html, /<span class="post-category">新媒体<\/span>/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
