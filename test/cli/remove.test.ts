// feedmill remove through the real CLI: the config loses exactly the feed's lines; --posts deletes its files and
// its items in the state; a feed removed earlier can have its posts removed by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers.js';
import { openStore } from '../../src/store/index.js';
import { startRsshub } from './rsshub-server.js';
import { configText, makeBlog, postFiles } from './feed-site.js';

async function itemsOf(dir: string, key: string): Promise<string[]> {
  const store = await openStore(join(dir, '.feedmill', 'state.db'));
  try {
    return (await store.listItems(key)).map((i) => i.file);
  } finally {
    await store.close();
  }
}

test('remove: by title, the config keeps every other line and comment; posts stay; a rerun does not fetch it', async () => {
  const server = await startRsshub();
  try {
    const dir = makeBlog(server.url);
    assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
    const kr = `${server.url}/36kr/newsflashes`;
    const krFiles = await itemsOf(dir, kr);
    assert.ok(krFiles.length > 0);
    const before = postFiles(dir);

    const r = await runCli(['remove', '36氪快讯'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `removed ${kr} from feedmill.yml\nits posts stay (\`feedmill remove 36氪快讯 --posts\` also deletes them)\n`);
    const expected = configText(server.url).replace(
      `  - url: ${kr}\n    title: 36氪快讯\n    categories: [新媒体, 36氪, 快讯]   # keep this comment\n`,
      '',
    );
    assert.notEqual(expected, configText(server.url));
    assert.equal(readFileSync(join(dir, 'feedmill.yml'), 'utf8'), expected);
    assert.deepEqual(postFiles(dir), before, 'posts stay');
    assert.deepEqual(await itemsOf(dir, kr), krFiles, 'and the state remembers them: re-adding brings no duplicates');

    server.requests.length = 0;
    assert.equal((await runCli(['run', '--force'], { cwd: dir })).code, 0);
    assert.ok(!server.requests.some((u) => u.startsWith('/36kr/')));

    // the posts of the feed removed above, by its key
    const posts = await runCli(['remove', kr, '--posts'], { cwd: dir });
    assert.equal(posts.code, 0, posts.stderr);
    assert.equal(posts.stdout, `${kr} was not in feedmill.yml; deleted ${krFiles.length} post files and forgot ${krFiles.length} items\n`);
    assert.deepEqual(postFiles(dir), before.filter((f) => !krFiles.includes(f)));
    assert.deepEqual(await itemsOf(dir, kr), []);

    const none = await runCli(['remove', '/no/such'], { cwd: dir });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^feedmill remove: \/no\/such: no configured feed has this key, URL, RSSHub route or title/);
  } finally {
    await server.close();
  }
});

test('remove --posts: the feed, its post files and its items go; other feeds keep theirs; removing the last feed leaves feeds: []', async () => {
  const server = await startRsshub();
  try {
    const dir = makeBlog(server.url);
    assert.equal((await runCli(['run'], { cwd: dir })).code, 0);
    const juejin = await itemsOf(dir, 'rsshub:/juejin/category/frontend');
    const guancha = await itemsOf(dir, 'rsshub:/guancha/headline');
    const r = await runCli(['remove', 'rsshub:/juejin/category/frontend', '--posts'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^removed rsshub:/juejin/category/frontend from feedmill.yml; deleted ${juejin.length} post files? and forgot ${juejin.length} items?\\n$`));
    for (const f of juejin) assert.ok(!existsSync(join(dir, 'source', '_posts', f)));
    for (const f of guancha) assert.ok(existsSync(join(dir, 'source', '_posts', f)));
    assert.deepEqual(await itemsOf(dir, 'rsshub:/juejin/category/frontend'), []);
    assert.doesNotMatch(readFileSync(join(dir, 'feedmill.yml'), 'utf8'), /juejin/);
    const v = await runCli(['validate'], { cwd: dir });
    assert.equal(v.code, 0, v.stderr);

    assert.equal((await runCli(['remove', '/guancha/headline'], { cwd: dir })).code, 0);
    assert.equal((await runCli(['remove', '36氪快讯'], { cwd: dir })).code, 0);
    assert.match(readFileSync(join(dir, 'feedmill.yml'), 'utf8'), /^feeds: \[\]\n/m);
    assert.equal((await runCli(['validate'], { cwd: dir })).code, 0);
  } finally {
    await server.close();
  }
});
