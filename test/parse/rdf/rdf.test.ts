// RSS 1.0 and 0.90 (RDF) read into the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../../src/parse/index.js';

test('RDF / RSS 1.0 and RSS 0.90', () => {
  const rdf = parseFeed(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.com/rss"><title>RDF feed</title><link>https://example.com/</link><description>d</description><dc:language>ja</dc:language><dc:date>2022-01-27T10:00:00+09:00</dc:date></channel>
  <image rdf:about="https://example.com/i.png"><url>https://example.com/i.png</url></image>
  <item rdf:about="https://example.com/1"><title>One</title><link>https://example.com/1</link><dc:date>2022-01-27T18:09:07+09:00</dc:date><dc:creator>Taro</dc:creator><dc:subject>tech</dc:subject></item>
</rdf:RDF>`);
  assert.equal(rdf.format, 'rdf');
  assert.equal(rdf.version, '1.0');
  assert.equal(rdf.title, 'RDF feed');
  assert.equal(rdf.language, 'ja');
  assert.equal(rdf.image, 'https://example.com/i.png');
  assert.equal(rdf.updated, '2022-01-27T01:00:00.000Z');
  const it = rdf.items[0];
  assert.equal(it.id, 'https://example.com/1');
  assert.equal(it.updated, '2022-01-27T09:09:07.000Z');
  assert.equal(it.published, null);
  assert.deepEqual(it.authors, [{ name: 'Taro', email: null, url: null }]);
  assert.deepEqual(it.categories, ['tech']);
  const v090 = parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
  <channel><title>Old</title><link>http://old.example/</link></channel><item><title>A</title><link>http://old.example/a</link></item></rdf:RDF>`);
  assert.equal(v090.format, 'rdf');
  assert.equal(v090.version, '0.9');
  assert.equal(v090.items[0].link, 'http://old.example/a');
});
