import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, repoRoot, runCli, tempDir } from '../helpers.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

test('--version and -V print the package version', async () => {
  for (const flag of ['--version', '-V']) {
    const r = await runCli([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${version}\n`);
  }
});

test('--help lists every command, with examples and exit codes', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const cmd of ['run', 'status', 'validate', 'init', 'add', 'import', 'export', 'prune', 'parse']) assert.match(r.stdout, new RegExp(`\\n  ${cmd} `));
  assert.match(r.stdout, /Examples:/);
  assert.match(r.stdout, /Exit codes: 0 .* 1 .*\n2 configuration/);
});

test('every command has --help with examples', async () => {
  for (const cmd of ['run', 'status', 'validate', 'init', 'add', 'import', 'export', 'prune', 'parse']) {
    const r = await runCli([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, new RegExp(`Usage: feedmill ${cmd}`), cmd);
    assert.match(r.stdout, /Examples:\n {2}\$ feedmill /, cmd);
    // the config option's default is named once (commander's `(default: "feedmill.yml")`)
    if (/--config/.test(r.stdout)) assert.equal(r.stdout.match(/default:\s+"?feedmill\.yml/g)?.length, 1, `${cmd}: ${r.stdout}`);
  }
});

test('an unknown command exits 2 with a suggestion', async () => {
  const r = await runCli(['rn']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'rn'/);
  assert.match(r.stderr, /Did you mean run\?/);
  assert.match(r.stderr, /feedmill --help/);
});

test('an unknown flag exits 2 and names it (with a suggestion when close)', async () => {
  const r = await runCli(['run', '--stirct']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option '--stirct'/);
  assert.match(r.stderr, /Did you mean --strict\?/);
  const r2 = await runCli(['add']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /missing required argument 'url-or-route'/);
});

test('config errors exit 2 and name the file, line and key path (run and validate)', async () => {
  const cfg = fixture('config', 'wrong-type.yml');
  for (const cmd of ['run', 'validate', 'status', 'export']) {
    const r = await runCli([cmd, '-c', cfg]);
    assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, /wrong-type\.yml:12: feeds\[2\]\.limit: expected a positive integer, got "ten"/, cmd);
    assert.equal(r.stdout, '', cmd);
  }
});

test('unknown keys exit 2 with "did you mean"', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'feedmill.yml'), 'feeds:\n  - rsshub: /guancha/headline\n    categroies: [a]\n');
  const r = await runCli(['validate'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'feedmill.yml:3: feeds[0].categroies: unknown key (did you mean "categories"?)\n');
});

test('a missing config file exits 2 and points at init', async () => {
  const dir = tempDir();
  const r = await runCli(['run'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /feedmill\.yml: file not found \(create one with `feedmill init`\)/);
});

test('init writes a commented starter that validates, and refuses to overwrite', async () => {
  const dir = tempDir();
  const r = await runCli(['init'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const path = join(dir, 'feedmill.yml');
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^# feedmill\.yml/);
  for (const key of ['output:', 'dir: source/_posts', 'format: hexo', 'filename:', 'dateStyle:', 'state:', 'timezone:', 'limit:', 'images:', 'placeholder:', 'proxy:', 'fetch:', 'timeout:', 'maxBytes:', 'concurrency:', 'perHost:', 'retries:', 'content:', 'rsshub:', 'instance:', 'fallbacks:', 'categoryNames:', 'feeds:', 'rsshub: /guancha/headline', 'filters:', 'headers:']) {
    assert.ok(text.includes(key), `starter documents ${key}`);
  }
  const v = await runCli(['validate'], { cwd: dir });
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /feedmill\.yml: OK, 5 feeds/);
  assert.match(v.stdout, /新媒体 › 观察者网 › 头条 {2}\[catalog \/guancha\/headline\]/);
  assert.match(v.stdout, /编程 › 掘金 › 分类 {2}\[catalog \/juejin\/category\/:category\]/);
  assert.equal(v.stderr, '', 'every starter route is in the catalog');

  writeFileSync(path, '# mine\nfeeds: []\n');
  const again = await runCli(['init'], { cwd: dir });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists; not overwriting/);
  assert.equal(readFileSync(path, 'utf8'), '# mine\nfeeds: []\n');

  const other = await runCli(['init', 'sub/dir/blog.yml'], { cwd: dir });
  assert.equal(other.code, 0);
  assert.ok(existsSync(join(dir, 'sub/dir/blog.yml')));
  assert.match(other.stdout, /feedmill validate -c sub\/dir\/blog\.yml/);
});

test('validate warns about routes the catalog does not know', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'feedmill.yml'), 'feeds:\n  - rsshub: /no-such-site-xyz/feed\n  - rsshub: /juejin/not/a/route\n');
  const r = await runCli(['validate'], { cwd: dir });
  assert.equal(r.code, 0);
  assert.match(r.stderr, /feeds\[0\]: route \/no-such-site-xyz\/feed is not in the bundled catalog/);
  assert.match(r.stderr, /feeds\[1\]: .*only its site is known/);
  assert.match(r.stdout, /编程 › 掘金 {2}\[catalog namespace \/juejin only\]/);
});

test('a fatal error (the state file cannot be created) exits 1 with a one-line reason', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'blocker'), 'a file, not a folder');
  writeFileSync(join(dir, 'feedmill.yml'), `state: blocker/state.db\nfeeds:\n  - url: ${fixture('cli', 'feeds', 'cnbeta.xml')}\n`);
  const r = await runCli(['run'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^feedmill: fatal: .*state/m);
  assert.equal(r.stdout, '');
});

test('no command prints the help on stderr and exits 2; `help <command>` exits 0', async () => {
  const r = await runCli([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^Usage: feedmill \[options\] \[command\]/);
  const h = await runCli(['help', 'add']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Usage: feedmill add \[options\] <url-or-route>/);
});

test('run reads its options in every usual form; help and mistakes still go through the full parser', async () => {
  const dir = tempDir();
  const config = join(dir, 'feedmill.yml');
  writeFileSync(config, 'output:\n  dir: posts\nstate: state.db\nfeeds: []\n');
  for (const args of [['run', '-c', config], ['run', `--config=${config}`], ['run', '-qc', config], ['run', '--quiet', '--offline', '-f', '-c', config]]) {
    const r = await runCli(args, { cwd: dir });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  const quiet = await runCli(['run', '-q', '-c', config], { cwd: dir });
  assert.equal(quiet.stdout, '');
  const loud = await runCli(['run', '-c', config], { cwd: dir });
  assert.match(loud.stdout, /0 feeds/);
  // the default config is feedmill.yml in the current folder
  assert.equal((await runCli(['run', '-q'], { cwd: dir })).code, 0);
  const help = await runCli(['run', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /-c, --config <file>/);
  assert.match(help.stdout, /--offline/);
  const unknown = await runCli(['run', '--quite', '-c', config]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--quite/);
  assert.match(unknown.stderr, /--quiet/);
  const missing = await runCli(['run', '-c']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /argument missing|missing/i);
  const extra = await runCli(['run', 'extra-arg', '-c', config]);
  assert.equal(extra.code, 2);
});

test('validate lists every output and the feeds out', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'feedmill.yml'),
    'output:\n  format: hugo\noutputs:\n  - format: json\nfeedsOut:\n  siteUrl: https://blog.example.com\n  formats: [atom]\nfeeds:\n  - rsshub: /guancha/headline\n',
  );
  const r = await runCli(['validate'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(`output: ${join(dir, 'content/posts')} (hugo, {date}-{hash}, rfc1123)\n`), r.stdout);
  assert.ok(r.stdout.includes(`output: ${join(dir, 'posts')} (json)\n`), r.stdout);
  assert.ok(r.stdout.includes(`feeds out: ${join(dir, 'static')} (atom; https://blog.example.com/)\n`), r.stdout);
});

test('run and validate both refuse a web address without its scheme and suggest https://', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'feedmill.yml'), 'feeds:\n  - url: rsshub.app/cnbeta\n');
  for (const cmd of ['validate', 'run']) {
    const r = await runCli([cmd], { cwd: dir });
    assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, /feedmill\.yml:2: feeds\[0\]\.url: .*did you mean https:\/\/rsshub\.app\/cnbeta\?/, cmd);
  }
});
