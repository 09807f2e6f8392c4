// The dedupe rules of a run: which entries are distinct items, and what to do with each given the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctItems } from '../../src/items/identity.js';
import { decide } from '../../src/items/plan.js';
import { newestEntries } from '../../src/items/select.js';
import type { Entry, ItemRecord } from '../../src/model.js';

const entry = (over: Partial<Entry>): Entry => ({
  id: null,
  title: 't',
  link: null,
  published: null,
  updated: null,
  authors: [],
  categories: [],
  summary: null,
  content: '<p>x</p>',
  enclosures: [],
  image: null,
  ...over,
});

const record = (over: Partial<ItemRecord>): ItemRecord => ({
  identity: 'g1',
  guid: 'g1',
  link: null,
  feedKey: 'feed-a',
  contentHash: 'h',
  file: 'a.md',
  firstSeen: 1,
  pending: false,
  meta: null,
  ...over,
});

test('a link several entries share identifies none of them; the post keeps it', () => {
  const items = distinctItems([
    entry({ title: 'one', link: 'https://site.example/', content: '<p>1</p>' }),
    entry({ title: 'two', link: 'https://site.example/', content: '<p>2</p>' }),
    entry({ title: 'three', link: 'https://site.example/3' }),
  ]);
  assert.equal(items.length, 3);
  assert.match(items[0]!.ids.identity, /^sha256:/);
  assert.notEqual(items[0]!.ids.identity, items[1]!.ids.identity);
  assert.equal(items[0]!.ids.link, null);
  assert.equal(items[0]!.entry.link, 'https://site.example/', 'the post still links to it');
  assert.equal(items[2]!.ids.identity, 'https://site.example/3');
});

test('an entry listed twice in one document is one item', () => {
  const items = distinctItems([entry({ id: 'g1', title: 'first' }), entry({ id: 'g1', title: 'again' })]);
  assert.deepEqual(items.map((i) => i.entry.title), ['first']);
});

test('decide: new, known, resumed, and owned by another feed', () => {
  const items = distinctItems([entry({ id: 'n' }), entry({ id: 'k' }), entry({ id: 'p' }), entry({ id: 'o' })]);
  const known = [null, record({ identity: 'k' }), record({ identity: 'p', pending: true }), record({ identity: 'o', feedKey: 'feed-b' })];
  assert.deepEqual(
    decide(items.map((i) => i.ids), known, 'feed-a').map((d) => d.kind),
    ['new', 'known', 'resume', 'owned-elsewhere'],
  );
});

test('decide: two entries that match one stored item (a guid changed, the link did not) make one decision', () => {
  const items = distinctItems([entry({ id: 'g2', link: 'https://x/1' }), entry({ id: 'g3', link: 'https://x/1b' })]);
  const same = record({ identity: 'g1', link: 'https://x/1' });
  assert.equal(decide(items.map((i) => i.ids), [same, same], 'feed-a').length, 1);
});

test('newestEntries: newest first when every entry has a date, else the document order; then the limit', () => {
  const a = entry({ id: 'a', published: '2022-01-01T00:00:00.000Z' });
  const b = entry({ id: 'b', published: '2022-03-01T00:00:00.000Z' });
  const c = entry({ id: 'c', updated: '2022-02-01T00:00:00.000Z' });
  assert.deepEqual(newestEntries([a, b, c], 2).map((e) => e.id), ['b', 'c']);
  assert.deepEqual(newestEntries([a, entry({ id: 'x' }), b], 5).map((e) => e.id), ['a', 'x', 'b']);
});
