// Done-when of the cluster: 4 worker processes (the real CLI) on real PostgreSQL share 2,000 local feeds; one
// is killed with SIGKILL mid-run and started again; after `feedmill sync` every item is posted exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { cli, FeedHost, item, start, withPostgres, type Child } from '../cluster/support.js';

const HOSTS = 20;
const FEEDS = 2000;
const ITEMS = 3;

await withPostgres('cluster e2e', (db) => {
  test(`4 workers on ${FEEDS} feeds, one killed with SIGKILL mid-run and restarted: every item posted exactly once`, { timeout: 600_000 }, async () => {
    const { schema, url } = await db.fresh();
    const hosts = await Promise.all(Array.from({ length: HOSTS }, () => new FeedHost((f) => Array.from({ length: ITEMS }, (_, n) => item(f, n))).start()));
    const dir = tempDir();
    const config = join(dir, 'feedmill.yml');
    const feeds = Array.from({ length: FEEDS }, (_, i) => `  - url: ${hosts[i % HOSTS]!.base}/f${i}.xml\n    categories: [测试]`);
    writeFileSync(config, `output:\n  dir: posts\nstate: "${url}"\nfetch:\n  perHost: 4\n  retries: 0\nfeeds:\n${feeds.join('\n')}\n`);
    const worker = (): Child => start(['worker', '-c', config, '--offline', '--until-idle', '--concurrency', '16']);
    try {
      assert.match(await cli(['schedule', '-c', config, '--offline', '--visibility-timeout', '10']), new RegExp(`${FEEDS} enqueued`));
      const workers = [worker(), worker(), worker(), worker()];
      // killed once it has done some feeds (one line each on stderr), with more in flight
      const victim = workers[0]!;
      await new Promise<void>((resolve) => {
        let lines = 0;
        victim.process.stderr!.on('data', (d: string) => {
          lines += d.split('\n').length - 1;
          if (lines >= 100) resolve();
        });
      });
      victim.process.kill('SIGKILL');
      assert.equal((await victim.done).signal, 'SIGKILL');
      const pending = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.items WHERE pending`);
      const restarted = worker();
      const results = await Promise.all([...workers.slice(1), restarted].map((w) => w.done));
      for (const r of results) assert.equal(r.code, 0, r.stderr.slice(-2000));
      const news = results.map((r) => Number(/(\d+) new posts/.exec(r.stdout)?.[1]));
      const feedLines = [(await victim.done).stderr, ...results.map((r) => r.stderr)].join('');
      assert.doesNotMatch(feedLines, /^failed:/m);

      const left = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.items WHERE pending`);
      assert.equal(left.rows[0]!.n, 0, `no claim left pending (${pending.rows[0]!.n} were when the worker died)`);
      const items = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.items`);
      assert.equal(items.rows[0]!.n, FEEDS * ITEMS);
      assert.ok(news.reduce((a, b) => a + b, 0) <= FEEDS * ITEMS, `no post made twice by the survivors: ${news}`);

      assert.match(await cli(['sync', '-c', config]), new RegExp(`^${FEEDS * ITEMS} written, 0 rewritten, 0 removed`));
      const files = readdirSync(join(dir, 'posts')).filter((f) => f.endsWith('.md'));
      const seen = new Map<string, number>();
      for (const f of files) {
        const marker = /marker-\d+-\d+/.exec(readFileSync(join(dir, 'posts', f), 'utf8'))?.[0] ?? `none in ${f}`;
        seen.set(marker, (seen.get(marker) ?? 0) + 1);
      }
      const twice = [...seen].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], 'no item posted twice');
      for (let f = 0; f < FEEDS; f++) for (let n = 0; n < ITEMS; n++) assert.equal(seen.get(`marker-${f}-${n}`), 1, `marker-${f}-${n} posted once`);
      assert.equal(files.length, FEEDS * ITEMS);
      assert.match(await cli(['sync', '-c', config]), /^0 written, 0 rewritten, 0 removed/, 'a second sync writes nothing');
    } finally {
      await Promise.all(hosts.map((h) => h.stop()));
    }
  });
});
