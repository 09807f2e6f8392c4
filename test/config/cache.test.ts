// The config cache: a config read before comes back the same from its cached document; a changed, broken or
// cache-less file is read from its YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/errors.js';
import { tempDir } from '../helpers.js';

const CONFIG = 'output:\n  dir: posts\nlimit: 7\nfeeds:\n  - url: https://example.com/a.xml\n    categories: [a, b]\n  - url: https://example.com/b.xml\n';

async function withCacheDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.FEEDMILL_CACHE_DIR;
  process.env.FEEDMILL_CACHE_DIR = dir;
  try {
    return await fn();
  } finally {
    process.env.FEEDMILL_CACHE_DIR = before;
  }
}

/** `text` as feedmill.yml in a fresh folder, read with the config cache in that folder's `cache/`. */
async function withConfig(text: string, fn: (file: string, cache: string) => Promise<void>): Promise<void> {
  const work = tempDir();
  const cache = join(work, 'cache');
  const file = join(work, 'feedmill.yml');
  writeFileSync(file, text);
  await withCacheDir(cache, () => fn(file, cache));
}

function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
}

test('a valid config is cached as parsed; the cached load gives the same config', async () => {
  await withConfig(CONFIG, async (file, cache) => {
    const first = await loadConfig(file);
    assert.equal(entries(cache).length, 1);
    const second = await loadConfig(file);
    assert.deepEqual(second, first);
    assert.equal(second.limit, 7);
    assert.deepEqual(second.feeds.map((f) => f.url), ['https://example.com/a.xml', 'https://example.com/b.xml']);
  });
});

test('the cache is read: an entry for the same text is used instead of the YAML, and still validated', async () => {
  await withConfig(CONFIG, async (file, cache) => {
    await loadConfig(file);
    const [name] = entries(cache);
    const path = join(cache, name!);
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { doc: { limit: number } };
    entry.doc.limit = 3;
    writeFileSync(path, JSON.stringify(entry));
    assert.equal((await loadConfig(file)).limit, 3);
    // a cached document that no longer validates falls back to the file, with its line numbers
    entry.doc.limit = -1;
    writeFileSync(path, JSON.stringify(entry));
    assert.equal((await loadConfig(file)).limit, 7);
  });
});

test('an edited config is read again; a damaged entry is ignored', async () => {
  await withConfig(CONFIG, async (file, cache) => {
    assert.equal((await loadConfig(file)).limit, 7);
    writeFileSync(file, CONFIG.replace('limit: 7', 'limit: 9'));
    assert.equal((await loadConfig(file)).limit, 9);
    writeFileSync(join(cache, entries(cache)[0]!), '{"version": trunc');
    assert.equal((await loadConfig(file)).limit, 9);
  });
});

test('an invalid config is not cached and keeps its line-numbered message', async () => {
  await withConfig(CONFIG.replace('limit: 7', 'limit: seven'), async (file, cache) => {
    for (let i = 0; i < 2; i++) {
      await assert.rejects(loadConfig(file), (err: unknown) => err instanceof ConfigError && /feedmill\.yml:3: limit/.test(err.message));
    }
    assert.deepEqual(entries(cache), []);
  });
});

test('FEEDMILL_CACHE_DIR= turns the cache off; an unusable cache folder is ignored', async () => {
  const work = tempDir();
  const file = join(work, 'feedmill.yml');
  writeFileSync(file, CONFIG);
  await withCacheDir('', async () => {
    assert.equal((await loadConfig(file)).limit, 7);
  });
  const notADir = join(work, 'plain-file');
  writeFileSync(notADir, 'x');
  await withCacheDir(notADir, async () => {
    assert.equal((await loadConfig(file)).limit, 7);
    assert.equal((await loadConfig(file)).limit, 7);
  });
  assert.equal(readFileSync(notADir, 'utf8'), 'x');
});
