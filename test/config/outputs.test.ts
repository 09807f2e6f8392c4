// outputs: and feedsOut: in the config: defaults, several outputs sharing file names, and their errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromObject } from '../../src/config/load.js';
import { configFromText } from '../../src/config/yaml-text.js';
import { errorOf } from './config-error.js';

test('outputs: unset is one hexo output; output.format picks its own default dir; outputs add more, sharing file names', () => {
  const plain = configFromObject({ feeds: [] }, '/srv/blog');
  assert.deepEqual(plain.outputs, [plain.output]);
  assert.equal(plain.feedsOut, undefined);
  const hugo = configFromObject({ feeds: [], output: { format: 'hugo' } }, '/srv/blog');
  assert.equal(hugo.output.dir, '/srv/blog/content/posts');
  const many = configFromObject(
    { feeds: [], output: { filename: '{title}' }, outputs: [{ format: 'json', dir: 'source/_data/posts' }, { format: 'astro' }, { format: 'jekyll', dateStyle: 'local' }] },
    '/srv/blog',
  );
  assert.deepEqual(
    many.outputs.map((o) => [o.format, o.dir, o.filename, o.dateStyle]),
    [
      ['hexo', '/srv/blog/source/_posts', '{title}', 'rfc1123'],
      ['json', '/srv/blog/source/_data/posts', '{title}', 'rfc1123'],
      ['astro', '/srv/blog/src/content/news', '{title}', 'rfc1123'],
      ['jekyll', '/srv/blog/_posts', '{title}', 'local'],
    ],
  );
  assert.equal(many.outputs[0], many.output);
});

test('two outputs of one format into one folder are a config error naming the later one', () => {
  const err = errorOf(() => configFromText('outputs:\n  - format: json\n  - format: hexo\nfeeds: []\n', '/tmp/c.yml'));
  assert.equal(err.keyPath, 'outputs[1]');
  assert.equal(err.line, 3);
  assert.match(err.message, /writes the same files as output \(same format and dir\)/);
  // the same folder in two formats is allowed (different file names)
  assert.equal(configFromObject({ feeds: [], outputs: [{ format: 'json', dir: 'source/_posts' }] }, '/srv').outputs.length, 2);
});

test('feedsOut: defaults (20 posts, three formats, per category, Hexo permalink, folder by the first output)', () => {
  const c = configFromObject({ feeds: [], feedsOut: { siteUrl: 'https://blog.example.com' } }, '/srv/blog');
  assert.deepEqual(c.feedsOut, {
    dir: '/srv/blog/source',
    limit: 20,
    formats: ['atom', 'rss', 'json'],
    siteUrl: 'https://blog.example.com/',
    title: 'blog.example.com',
    postUrl: ':year/:month/:day/:title/',
    perCategory: true,
  });
  const astro = configFromObject({ feeds: [], output: { format: 'astro' }, feedsOut: { siteUrl: 'https://a.example/x/', title: 'A', description: 'd', dir: 'out', limit: 5, formats: ['json'], postUrl: 'news/:title/', perCategory: false } }, '/srv');
  assert.deepEqual(astro.feedsOut, { dir: '/srv/out', limit: 5, formats: ['json'], siteUrl: 'https://a.example/x/', title: 'A', description: 'd', postUrl: 'news/:title/', perCategory: false });
  assert.equal(configFromObject({ feeds: [], output: { format: 'astro' }, feedsOut: { siteUrl: 'https://a.example/' } }, '/srv').feedsOut!.dir, '/srv/public');
});
