import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postFileName, identityHash } from '../../src/output/filename.js';
import type { Post } from '../../src/model.js';

function post(over: Partial<Post> = {}): Post {
  return {
    identity: 'https://www.guancha.cn/internation/2022_01_27_623541.shtml',
    title: '美国北约书面回应：拒绝俄罗斯所划_红线_',
    categories: [],
    author: 'x',
    date: new Date('2022-01-27T18:09:07.000Z'),
    timezone: 'UTC',
    image: '',
    html: '',
    link: null,
    guid: null,
    ...over,
  };
}

const none = (): boolean => false;

test('default template {date}-{hash}: ASCII, stable, date in the post timezone', () => {
  const name = postFileName(post(), '{date}-{hash}', none);
  assert.equal(name, `2022-01-27-${identityHash(post().identity)}.md`);
  assert.match(name, /^[\x21-\x7e]+$/);
  assert.equal(postFileName(post(), '', none), name);
  assert.equal(postFileName(post(), '{date}-{hash}', none), name);
  assert.equal(postFileName(post({ timezone: 'Asia/Shanghai' }), '{date}-{hash}', none), `2022-01-28-${identityHash(post().identity)}.md`);
});

test('unique through taken(): -2, -3 …', () => {
  const taken = new Set(['a.md', 'a-2.md']);
  assert.equal(postFileName(post({ title: 'A' }), '{title}', (n) => taken.has(n)), 'a-3.md');
});

test('{title} slug keeps letters of any script, drops separators and unsafe characters', () => {
  assert.equal(postFileName(post({ title: 'Hello, World: ../../etc/passwd?' }), '{title}', none), 'hello-world-etc-passwd.md');
  assert.equal(postFileName(post(), '{title}', none), '美国北约书面回应-拒绝俄罗斯所划-红线.md');
  const onlySymbols = postFileName(post({ title: '!!!???' }), '{title}', none);
  assert.equal(onlySymbols, `${identityHash(post().identity)}.md`);
});

test('{id} is an ASCII slug of the identity; templates cannot escape the directory', () => {
  assert.equal(postFileName(post(), '{id}', none), 'www-guancha-cn-internation-2022-01-27-623541-shtml.md');
  const evil = postFileName(post({ title: '..' }), '../../{title}/x\\y:{hash}', none);
  assert.doesNotMatch(evil, /[/\\:]|^\./);
  assert.equal(postFileName(post(), '{unknown}{hash}', none), `${identityHash(post().identity)}.md`);
  assert.equal(postFileName(post({ title: 'CON' }), '{title}', none), 'con_.md');
});

test('long names are cut by bytes, never inside a character', () => {
  const name = postFileName(post({ title: '长'.repeat(200) }), '{title}-{title}-{title}', none);
  assert.ok(Buffer.byteLength(name) <= 124);
  assert.doesNotMatch(name, /\uFFFD/);
});

test('names never start with `_` or `.` (Hexo would silently skip the post)', () => {
  const hash = identityHash(post().identity);
  assert.equal(postFileName(post(), '_{hash}', none), `${hash}.md`);
  assert.equal(postFileName(post(), '__.{hash}', none), `${hash}.md`);
  assert.equal(postFileName(post({ title: '_draft_ note' }), '{title}', none), 'draft-note.md');
});
