// The PostgreSQL store: the shared contract, plus migrations, foreign schemas and lost connections.
// Runs against the server at 127.0.0.1:5432, database `test` (FEEDMILL_TEST_DATABASE_URL overrides), each
// test in a fresh schema dropped at the end. Without a server: skipped with a message, but failed under CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore, StoreError } from '../../src/store/index.js';
import { PG_MIGRATIONS } from '../../src/store/postgres-schema.js';
import type { Store } from '../../src/model.js';
import { item, storeContract } from './contract.js';
import { Database, PG_BASE, withPostgres } from '../postgres.js';

await withPostgres('postgres store', registerTests);

function registerTests(db: Database): void {
  const urls = new WeakMap<Store, string>();
  storeContract('postgres', {
    async open() {
      const { url } = await db.fresh();
      const store = await openStore(url);
      urls.set(store, url);
      return store;
    },
    twin: (store) => openStore(urls.get(store)!),
  });

  test('postgres: a database of schema 2 (images, before fulltext articles) migrates: picture failures stay, articles start unknown', async () => {
    const { schema, url } = await db.fresh();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (const [i, step] of PG_MIGRATIONS.slice(0, 2).entries()) {
        await c.query(step);
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
      }
      await c.query(`INSERT INTO feeds (key, url, image_failures) VALUES ('k', 'https://a.example/f.xml', '["image https://i.example/a.jpg: HTTP 403"]')`);
    } finally {
      await c.end();
    }
    const store = await openStore(url);
    try {
      const f = (await store.getFeed('k'))!;
      assert.deepEqual([f.imageFailures, f.articleFailures], [['image https://i.example/a.jpg: HTTP 403'], []]);
      assert.equal(await store.getArticle('https://a.example/1'), null);
      const rec = { status: 'extracted' as const, html: '<p>全文</p>', title: null, image: null, canonical: 'https://a.example/1', at: 2 };
      await store.putArticle('https://a.example/1', rec);
      assert.deepEqual(await store.getArticle('https://a.example/1'), rec);
      assert.equal((await db.query(`SELECT max(version)::int AS v FROM ${schema}.schema_migrations`)).rows[0].v, PG_MIGRATIONS.length);
    } finally {
      await store.close();
    }
  });

  test('postgres: workers starting together migrate once; schema_migrations records each step', async () => {
    const { schema, url } = await db.fresh();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openStore(url)));
    try {
      assert.equal(stores[0]!.kind, 'postgres');
      const r = await db.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      assert.deepEqual(r.rows.map((x) => x.version), PG_MIGRATIONS.map((_, i) => i + 1));
      await stores[0]!.updateFeed('k', { url: 'u' });
      assert.equal((await stores[3]!.getFeed('k'))!.url, 'u');
    } finally {
      for (const s of stores) await s.close();
    }
    // reopening applies nothing
    const again = await openStore(url);
    await again.close();
    assert.equal((await db.query(`SELECT count(*)::int AS n FROM ${schema}.schema_migrations`)).rows[0].n, PG_MIGRATIONS.length);
  });

  test('postgres: foreign tables and a newer schema are refused and left untouched; a missing database is named', async () => {
    const foreign = await db.fresh();
    await db.query(`CREATE TABLE ${foreign.schema}.items (recipe TEXT)`);
    await assert.rejects(openStore(foreign.url), (err: unknown) => err instanceof StoreError && /not feedmill's/.test(err.message) && !/\n/.test(err.message));
    assert.equal((await db.query(`SELECT to_regclass('${foreign.schema}.schema_migrations') AS t`)).rows[0].t, null);
    const newer = await db.fresh();
    const s = await openStore(newer.url);
    await s.close();
    await db.query(`INSERT INTO ${newer.schema}.schema_migrations (version) VALUES (99)`);
    await assert.rejects(openStore(newer.url), /newer feedmill \(schema 99/);
    const missing = new URL(PG_BASE);
    missing.pathname = '/feedmill_no_such_database';
    missing.password = 'secret';
    await assert.rejects(openStore(missing.toString()), (err: unknown) => {
      assert.ok(err instanceof StoreError);
      assert.match(err.message, /^cannot use database postgres:\/\/.*feedmill_no_such_database: .*\(create the database first\)$/);
      assert.doesNotMatch(err.message, /secret/);
      return true;
    });
  });

  test('postgres: a store survives pg_terminate_backend of its connections', async () => {
    const { schema, url } = await db.fresh();
    const s = await openStore(url);
    try {
      await s.updateFeed('k', { url: 'u' });
      await s.claimItems([item({ feedKey: 'k' })]);
      for (let round = 0; round < 3; round++) {
        const killed = await db.query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1`, [schema]);
        assert.ok(killed.rows[0].n >= 1, 'the store had a connection to kill');
        assert.equal((await s.getFeed('k'))!.itemsKnown, 1 + round);
        assert.deepEqual(await s.claimItems([item({ identity: `n${round}`, guid: null, link: null, file: `n${round}.md`, feedKey: 'k' })]), [{ kind: 'claimed' }]);
        await s.saveFeed('k', { items: [item({ identity: `n${round}`, guid: null, link: null, file: `n${round}.md`, feedKey: 'k' })], release: [], feed: { failures: round } });
      }
      assert.equal(await s.countItems('k'), 4);
    } finally {
      await s.close();
    }
  });

  test('postgres: a U+0000 in a title, text or identity is dropped instead of failing the save', async () => {
    const { url } = await db.fresh();
    const s = await openStore(url);
    try {
      const rec = item({ identity: 'urn:\0nul', guid: 'urn:\0nul', meta: { title: 'a\0b', date: 1, categories: ['c\0'], author: '', image: '', link: null } });
      assert.deepEqual(await s.claimItems([rec]), [{ kind: 'claimed' }]);
      await s.saveFeed(rec.feedKey, { items: [rec], release: [], feed: {}, texts: { [rec.identity]: 'x\0y' } });
      const [got] = await s.findItems([{ identity: rec.identity, guid: null, link: null }]);
      assert.deepEqual([got!.identity, got!.meta!.title, got!.meta!.categories], ['urn:nul', 'ab', ['c']]);
      assert.equal(await s.getPostText(rec.identity), 'xy');
    } finally {
      await s.close();
    }
  });
}
