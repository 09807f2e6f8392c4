// removeFeedAt: a feed leaves the config with its own lines only; comments, blank lines and other feeds stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { removeFeedAt } from '../../src/config/edit.js';

const text = `# feeds of my blog
state: x.db
feeds:
  # first
  - rsshub: /a   # inline
    categories: [a, b]

  # second
  - url: https://example.com/b.xml
    filters:
      - action: drop
        keywords: [x]
  - url: c.xml
# the end
`;

test('removeFeedAt: the middle, first and last feed of a block list', () => {
  assert.equal(removeFeedAt(text, 1), text.replace('  - url: https://example.com/b.xml\n    filters:\n      - action: drop\n        keywords: [x]\n', ''));
  assert.equal(removeFeedAt(text, 0), text.replace('  - rsshub: /a   # inline\n    categories: [a, b]\n', ''));
  assert.equal(removeFeedAt(text, 2), text.replace('  - url: c.xml\n', ''));
});

test('removeFeedAt: the only feed leaves feeds: []; flow lists and unusual layouts go through the Document API', () => {
  assert.equal(removeFeedAt('feeds:\n  - url: a.xml # mine\n', 0), 'feeds: []\n');
  const flow = removeFeedAt('# c\nfeeds: [{url: a.xml}, {url: b.xml}]\n', 0);
  assert.match(flow, /^# c\n/);
  assert.deepEqual(parse(flow), { feeds: [{ url: 'b.xml' }] });
  const noIndent = removeFeedAt('feeds:\n- url: a.xml\n- url: b.xml\n', 1);
  assert.deepEqual(parse(noIndent), { feeds: [{ url: 'a.xml' }] });
  assert.throws(() => removeFeedAt(text, 3), /no feed number 4/);
  assert.throws(() => removeFeedAt('feeds: [', 0), /cannot edit the config/);
});
