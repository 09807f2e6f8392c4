// Config keys of whole articles (issue 19): per-feed `fulltext`, top-level `fulltext.rules` / `maxPerRun`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromText } from '../../src/config/yaml-text.js';
import { resolveSources } from '../../src/config/sources.js';

const at = '/tmp/site/feedmill.yml';

test('unset, nothing changes: no fulltext key in the config, its feeds or their sources', async () => {
  const cfg = configFromText('feeds:\n  - url: https://example.org/feed.xml\n', at);
  assert.equal('fulltext' in cfg, false);
  assert.equal('fulltext' in cfg.feeds[0]!, false);
  const [source] = await resolveSources(cfg, { offline: true });
  assert.equal('fulltext' in source!, false);
});

test('per-feed modes and site rules reach the feed and its source', async () => {
  const cfg = configFromText(
    [
      'feeds:',
      '  - url: https://a.example/feed',
      '    fulltext: auto',
      '  - url: https://b.example/feed',
      '    fulltext: always',
      '  - url: https://c.example/feed',
      '    fulltext: never',
      '  - url: https://d.example/feed',
      '    fulltext: { selector: .post-body, remove: .share }',
      '',
    ].join('\n'),
    at,
  );
  assert.deepEqual(cfg.feeds.map((f) => f.fulltext), ['auto', 'always', 'never', { selector: '.post-body', remove: ['.share'] }]);
  const sources = await resolveSources(cfg, { offline: true });
  assert.deepEqual(sources[3]!.fulltext, { selector: '.post-body', remove: ['.share'] });
});

test('fulltext.rules: a path relative to the config file, or an inline mapping; maxPerRun', () => {
  const file = configFromText('fulltext:\n  rules: rules/sites.yml\n  maxPerRun: 40\nfeeds: []\n', at);
  assert.deepEqual(file.fulltext, { rulesFile: '/tmp/site/rules/sites.yml', maxPerRun: 40 });
  const inline = configFromText('fulltext:\n  rules:\n    ithome.com: "#paragraph"\n    sspai.com: { selector: .article-body, remove: [.comment] }\nfeeds: []\n', at);
  assert.deepEqual(inline.fulltext, { rules: { 'ithome.com': '#paragraph', 'sspai.com': { selector: '.article-body', remove: ['.comment'] } } });
});

test('wrong values are errors naming the line and key path', () => {
  const cases: Array<[string, RegExp]> = [
    ['feeds:\n  - url: https://a.example/feed\n    fulltext: sometimes\n', /feedmill\.yml:3: feeds\[0\]\.fulltext: expected auto, always, never or a mapping \{selector, remove\}/],
    ['feeds:\n  - url: https://a.example/feed\n    fulltext: { remove: .x }\n', /feeds\[0\]\.fulltext: /],
    ['fulltext:\n  rulez: x.yml\nfeeds: []\n', /fulltext\.rulez: unknown key \(did you mean "rules"\?\)/],
    ['fulltext:\n  maxPerRun: -1\nfeeds: []\n', /fulltext\.maxPerRun: expected a whole number/],
  ];
  for (const [text, message] of cases) assert.throws(() => configFromText(text, at), message);
});
