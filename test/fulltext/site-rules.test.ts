// Site rules: lookup by host and parent domains, the bundled file, users' rules (file or inline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRule, loadSiteRules, rulesFromMapping } from '../../src/fulltext/index.js';
import { tempDir } from '../helpers.js';

test('findRule: the host, else the nearest parent domain; never a bare TLD', () => {
  const { rules } = rulesFromMapping({ 'ithome.com': '#paragraph', 'news.example.com': { selector: '.story' }, com: '.x' }, 't');
  assert.equal(findRule(rules, 'https://www.ithome.com/0/1.htm')?.selector, '#paragraph');
  assert.equal(findRule(rules, 'https://ITHOME.com./0/1.htm')?.selector, '#paragraph');
  assert.equal(findRule(rules, 'https://a.news.example.com/1')?.selector, '.story');
  assert.equal(findRule(rules, 'https://example.com/1'), null);
  assert.equal(findRule(rules, 'not a url'), null);
});

test('rulesFromMapping: names every entry it skips and keeps the others', () => {
  const { rules, problems } = rulesFromMapping(
    { 'a.com': { selector: '.a', remove: '.ad' }, 'b.com': { selector: '' }, 'c.com': { selektor: '.c' }, 'd.com': { selector: '.d', remove: [1] }, '*.e.com': '.e' },
    'my-rules.yml',
  );
  assert.deepEqual([...rules.keys()], ['a.com', 'e.com']);
  assert.deepEqual(rules.get('a.com'), { selector: '.a', remove: ['.ad'] });
  assert.deepEqual(problems, [
    'my-rules.yml: b.com: selector: expected a CSS selector',
    'my-rules.yml: c.com: unknown key selektor (expected selector, remove)',
    'my-rules.yml: d.com: remove: expected a list of CSS selectors',
  ]);
  assert.deepEqual(rulesFromMapping(['x'], 'f').problems, ['f: expected a mapping of host names to rules']);
});

test('the bundled rules file loads without problems and covers the sites users read most', () => {
  const { rules, problems } = loadSiteRules();
  assert.deepEqual(problems, []);
  for (const host of ['guancha.cn', '36kr.com', 'cnbeta.com.tw', 'ithome.com', 'sspai.com', 'thepaper.cn', 'juejin.cn']) {
    assert.ok(rules.get(host)?.selector, host);
  }
});

test("a user's rules file replaces a bundled rule and adds hosts; a broken file is named, bundled rules stay", () => {
  const dir = tempDir();
  const file = join(dir, 'rules.yml');
  writeFileSync(file, 'ithome.com:\n  selector: .news-content\n  remove: [.ad]\nblog.example.org: article .post\n');
  const { rules, problems } = loadSiteRules({ rulesFile: file });
  assert.deepEqual(problems, []);
  assert.deepEqual(rules.get('ithome.com'), { selector: '.news-content', remove: ['.ad'] });
  assert.equal(rules.get('blog.example.org')?.selector, 'article .post');
  assert.equal(rules.get('guancha.cn')?.selector, '.all-txt');

  writeFileSync(file, 'ithome.com: [unclosed\n');
  const broken = loadSiteRules({ rulesFile: file });
  assert.equal(broken.problems.length, 1);
  assert.ok(broken.problems[0]!.startsWith(file), broken.problems[0]);
  assert.equal(broken.rules.get('ithome.com')?.selector, '#paragraph');

  const missing = loadSiteRules({ rulesFile: join(dir, 'nope.yml') });
  assert.match(missing.problems[0]!, /nope\.yml: .*ENOENT/);
});

test('inline rules from the config', () => {
  const { rules } = loadSiteRules({ rules: { 'sspai.com': { selector: '.article-body', remove: '.comment' } } });
  assert.deepEqual(rules.get('sspai.com'), { selector: '.article-body', remove: ['.comment'] });
});
