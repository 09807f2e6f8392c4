import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { appendFeeds, feedToYaml } from '../../src/config/edit.js';
import { fixture } from '../helpers.js';

const NEW = [
  { rsshub: '/juejin/category/frontend', categories: ['编程', '掘金', '分类'] },
  { url: 'https://a.example/feed?x=1&y=2', title: 'A: b # not a comment', categories: ['博客'] },
];

test('appending keeps every existing byte: comments, blank lines, quoting, key order', () => {
  const before = readFileSync(fixture('config', 'commented.yml'), 'utf8');
  const after = appendFeeds(before, NEW);
  // the old text is still there, line for line, in order
  const added = after.split('\n').filter((l) => !before.split('\n').includes(l));
  assert.ok(after.startsWith(before.slice(0, before.indexOf('  # trailing note about feeds'))));
  assert.ok(after.endsWith(before.slice(before.indexOf('  # trailing note about feeds'))));
  assert.deepEqual(added, [
    '  - rsshub: /juejin/category/frontend',
    '    categories: [编程, 掘金, 分类]',
    '  - url: https://a.example/feed?x=1&y=2',
    '    title: "A: b # not a comment"',
    '    categories: [博客]',
  ]);
  const parsed = parse(after) as { feeds: unknown[]; limit: number };
  assert.equal(parsed.feeds.length, 4);
  assert.deepEqual(parsed.feeds.slice(2), NEW);
  assert.equal(parsed.limit, 20);
});

test('indentation of the existing list is followed', () => {
  const out = appendFeeds('feeds:\n- url: a\n  limit: 2\n# end\n', [NEW[0]!]);
  assert.equal(out, 'feeds:\n- url: a\n  limit: 2\n- rsshub: /juejin/category/frontend\n  categories: [编程, 掘金, 分类]\n# end\n');
});

test('empty lists, a missing feeds key, a file without final newline, flow lists', () => {
  const one = [{ url: 'x.xml' }];
  assert.equal(appendFeeds('feeds: []\n# end\n', one), 'feeds:\n  - url: x.xml\n# end\n');
  assert.equal(appendFeeds('# new\nfeeds:\n', one), '# new\nfeeds:\n  - url: x.xml\n');
  assert.equal(appendFeeds('limit: 3', one), 'limit: 3\nfeeds:\n  - url: x.xml\n');
  assert.equal(appendFeeds('feeds:\n  - url: a', one), 'feeds:\n  - url: a\n  - url: x.xml\n');
  const flow = appendFeeds('# keep me\nfeeds: [{url: a}]\n', one);
  assert.match(flow, /# keep me/);
  assert.deepEqual((parse(flow) as { feeds: unknown[] }).feeds, [{ url: 'a' }, { url: 'x.xml' }]);
});

test('feedToYaml writes lists and options inline and quotes what needs it', () => {
  assert.equal(
    feedToYaml({ rsshub: '/a', rsshubOptions: { limit: 5 }, categories: ['[x]', 'yes', '中文'] }),
    '- rsshub: /a\n  rsshubOptions: {limit: 5}\n  categories: ["[x]", yes, 中文]\n',
  );
  // YAML 1.2 (the yaml package feedmill reads configs with): yes is a string
  assert.deepEqual(parse('- rsshub: /a\n  categories: ["[x]", yes, 中文]\n'), [{ rsshub: '/a', categories: ['[x]', 'yes', '中文'] }]);
});

test('a config with a syntax error is not edited', () => {
  assert.throws(() => appendFeeds('feeds: [\n', [{ url: 'x' }]), /cannot edit the config/);
});
