// The cluster commands on real PostgreSQL through the real CLI: schedulers racing enqueue each feed once,
// several worker processes keep the per-host limit together, posts stay in the store until `sync`, a second
// schedule finds nothing due, and SIGTERM stops a worker cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { cli, FeedHost, item, start, withPostgres } from './support.js';

const HOSTS = 3;
const FEEDS_PER_HOST = 12;
const ITEMS = 3;

await withPostgres('cluster', (db) => {
  test('schedulers racing enqueue each due feed once; 3 workers keep 2 requests per host in the whole cluster; sync writes every post once', { timeout: 120_000 }, async () => {
    const { url } = await db.fresh();
    const hosts = await Promise.all(Array.from({ length: HOSTS }, () => new FeedHost((f) => Array.from({ length: ITEMS }, (_, n) => item(f, n))).start()));
    const dir = tempDir();
    const feeds = hosts.flatMap((h, k) => Array.from({ length: FEEDS_PER_HOST }, (_, i) => `  - url: ${h.base}/f${k * 100 + i}.xml\n    categories: [测试]\n    interval: 1h`));
    const config = join(dir, 'feedmill.yml');
    writeFileSync(config, `output:\n  dir: posts\nstate: "${url}"\nfetch:\n  perHost: 2\n  concurrency: 8\n  retries: 0\nfeeds:\n${feeds.join('\n')}\n`);
    try {
      const total = HOSTS * FEEDS_PER_HOST;
      // three workers, started before the jobs exist: a per-process limit would let them make 6 requests at a host
      const workers = [1, 2, 3].map(() => start(['worker', '-c', config, '--offline', '--quiet']));
      const scheduled = await Promise.all([1, 2, 3].map(() => cli(['schedule', '-c', config, '--offline'])));
      const enqueued = scheduled.map((out) => Number(/(\d+) enqueued/.exec(out)?.[1]));
      assert.equal(enqueued.reduce((a, b) => a + b, 0), total, `each feed once across three schedulers: ${scheduled.join('')}`);
      const s = await schemaOf(url);
      const jobs = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}_queue.job`);
      assert.equal(jobs.rows[0]!.n, total);
      while ((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.items WHERE NOT pending`)).rows[0]!.n < total * ITEMS) {
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const w of workers) w.process.kill('SIGTERM');
      const outs = await Promise.all(workers.map((w) => w.done));
      const made = outs.map((r) => Number(/(\d+) new posts/.exec(r.stdout)?.[1]));
      assert.equal(made.reduce((a, b) => a + b, 0), total * ITEMS, outs.map((r) => r.stdout + r.stderr).join(''));
      for (const h of hosts) {
        assert.equal(h.requests, FEEDS_PER_HOST, 'one request per feed');
        assert.ok(h.maxInFlight <= 2, `at most 2 requests in flight at ${h.base}, saw ${h.maxInFlight}`);
      }
      assert.ok(hosts.some((h) => h.maxInFlight === 2), 'the limit is reached, so the test can see it exceeded');
      assert.deepEqual(readdirSync(dir), ['feedmill.yml'], 'workers write no files');

      assert.match(await cli(['schedule', '-c', config, '--offline']), /, 0 due, 0 enqueued/, 'nothing is due an interval after');

      assert.match(await cli(['sync', '-c', config]), new RegExp(`^${total * ITEMS} written, 0 rewritten, 0 removed, 0 unchanged`));
      const posts = readdirSync(join(dir, 'posts')).filter((f) => f.endsWith('.md'));
      assert.equal(posts.length, total * ITEMS);
      const markers = posts.map((f) => /marker-\d+-\d+/.exec(readFileSync(join(dir, 'posts', f), 'utf8'))?.[0]);
      assert.equal(new Set(markers).size, total * ITEMS, 'every item in its own post');
    } finally {
      await Promise.all(hosts.map((h) => h.stop()));
    }
  });

  test('SIGTERM: a worker stops taking jobs, gives back or finishes what it holds, and exits 130; another worker completes the rest', { timeout: 120_000 }, async () => {
    const { url } = await db.fresh();
    const host = await new FeedHost((f) => Array.from({ length: ITEMS }, (_, n) => item(f, n))).start();
    const dir = tempDir();
    const n = 40;
    const config = join(dir, 'feedmill.yml');
    writeFileSync(config, `output:\n  dir: posts\nstate: "${url}"\nfetch:\n  perHost: 4\n  retries: 0\nfeeds:\n${Array.from({ length: n }, (_, i) => `  - url: ${host.base}/f${i}.xml`).join('\n')}\n`);
    try {
      await cli(['schedule', '-c', config, '--offline']);
      const w = start(['worker', '-c', config, '--offline', '--concurrency', '4']);
      // stopped as soon as it has begun
      await new Promise<void>((resolve) => w.process.stderr!.once('data', () => resolve()));
      w.process.kill('SIGTERM');
      const r = await w.done;
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /SIGTERM: taking no more jobs/);
      const out = await cli(['worker', '-c', config, '--offline', '--until-idle', '--quiet']);
      const first = Number(/(\d+) new posts/.exec(r.stdout)?.[1]);
      const second = Number(/(\d+) new posts/.exec(out)?.[1]);
      assert.equal(first + second, n * ITEMS, `${r.stdout}${out}`);
    } finally {
      await host.stop();
    }
  });
  test('a feed whose save fails at the end goes back to the queue: its posts are made once and none stays claimed', { timeout: 120_000 }, async () => {
    const { schema, url } = await db.fresh();
    const host = await new FeedHost((f) => Array.from({ length: ITEMS }, (_, n) => item(f, n))).start();
    const dir = tempDir();
    const n = 4;
    const config = join(dir, 'feedmill.yml');
    writeFileSync(config, `output:\n  dir: posts\nstate: "${url}"\nfetch:\n  retries: 0\nfeeds:\n${Array.from({ length: n }, (_, i) => `  - url: ${host.base}/f${i}.xml`).join('\n')}\n`);
    try {
      await cli(['schedule', '-c', config, '--offline']);
      // the first save of a fetched feed fails inside PostgreSQL (a sequence counts across the rollback)
      await db.query(`
        CREATE SEQUENCE ${schema}.saves;
        CREATE FUNCTION ${schema}.fail_first_save() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.body_hash IS NOT NULL AND nextval('${schema}.saves') = 1 THEN RAISE EXCEPTION 'the first save fails'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER fail_first_save BEFORE INSERT OR UPDATE ON ${schema}.feeds FOR EACH ROW EXECUTE FUNCTION ${schema}.fail_first_save();`);
      const r = await start(['worker', '-c', config, '--offline', '--until-idle', '--concurrency', '1']).done;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /could not save what was written: the first save fails/);
      assert.match(r.stdout, new RegExp(`\\b${n * ITEMS} new posts`), r.stdout);
      const items = await db.query<{ n: number; pending: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE pending)::int AS pending FROM ${schema}.items`);
      assert.deepEqual(items.rows[0], { n: n * ITEMS, pending: 0 });
      assert.equal(host.requests, n + 1, 'the failed feed is fetched once more');
    } finally {
      await host.stop();
    }
  });

  test('a worker whose database connections are cut reconnects and finishes every feed', { timeout: 120_000 }, async () => {
    const { schema, url } = await db.fresh();
    const host = await new FeedHost((f) => Array.from({ length: ITEMS }, (_, n) => item(f, n))).start();
    // this test's connections carry its own application name, so only they are cut
    const named = new URL(url);
    named.searchParams.set('application_name', schema);
    const dir = tempDir();
    const n = 60;
    const config = join(dir, 'feedmill.yml');
    writeFileSync(config, `output:\n  dir: posts\nstate: "${named}"\nfetch:\n  perHost: 2\n  retries: 0\nfeeds:\n${Array.from({ length: n }, (_, i) => `  - url: ${host.base}/f${i}.xml`).join('\n')}\n`);
    try {
      await cli(['schedule', '-c', config, '--offline', '--visibility-timeout', '10']);
      const w = start(['worker', '-c', config, '--offline', '--until-idle', '--concurrency', '4']);
      await new Promise<void>((resolve) => w.process.stderr!.once('data', () => resolve()));
      const cut = await db.query<{ n: number }>('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1', [schema]);
      assert.ok(cut.rows[0]!.n > 0, 'connections were cut');
      const r = await w.done;
      assert.equal(r.code, 0, r.stderr);
      const items = await db.query<{ n: number; pending: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE pending)::int AS pending FROM ${schema}.items`);
      assert.deepEqual(items.rows[0], { n: n * ITEMS, pending: 0 });
    } finally {
      await host.stop();
    }
  });
});

async function schemaOf(url: string): Promise<string> {
  return /search_path=(\w+)/.exec(decodeURIComponent(url))![1]!;
}
