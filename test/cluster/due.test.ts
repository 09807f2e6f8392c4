// `feedmill schedule` honours what a feed asks: a feed answering Cache-Control: max-age=7200, and one with
// <ttl>180</ttl>, are not enqueued again an hour after their refresh (the default interval) but are once
// that long has passed; a feed that asks nothing is. Real PostgreSQL, real CLI for the first pass; the later
// schedules run on the scheduler's own clock hook (`now`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';
import { rss } from '../e2e/support.js';
import { cli, withPostgres } from './support.js';
import { loadConfig } from '../../src/config/load.js';
import { schedule } from '../../src/schedule.js';
import { FEED_QUEUE } from '../../src/queue/feed-queue.js';

const HOUR = 3_600_000;

await withPostgres('cluster-due', (db) => {
  test('schedule: max-age=7200 and <ttl>180</ttl> keep a feed off the queue past its interval, until they end', { timeout: 60_000 }, async () => {
    const { url } = await db.fresh();
    const s = /search_path=(\w+)/.exec(decodeURIComponent(url))![1]!;
    const item = (f: string) => [{ title: `${f} 1`, html: `<p>${f}</p>`, guid: `urn:${f}:1`, link: `https://${f}.example/1`, date: 'Mon, 01 Jan 2024 00:00:00 GMT' }];
    const server = createServer((req, res) => {
      const f = /^\/(\w+)\.xml$/.exec(req.url ?? '')?.[1] ?? '';
      let body = rss(f, `https://${f}.example/`, item(f));
      const headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8' };
      if (f === 'maxage') headers['cache-control'] = 'public, max-age=7200';
      if (f === 'ttl') body = body.replace('<channel>', '<channel>\n    <ttl>180</ttl>');
      res.writeHead(200, headers).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = tempDir();
    const configPath = join(dir, 'feedmill.yml');
    writeFileSync(configPath, `output:\n  dir: posts\nstate: "${url}"\nfetch:\n  retries: 0\nfeeds:\n${['plain', 'maxage', 'ttl'].map((f) => `  - url: ${base}/${f}.xml`).join('\n')}\n`);
    try {
      assert.match(await cli(['schedule', '-c', configPath, '--offline']), /3 due, 3 enqueued/);
      await cli(['worker', '-c', configPath, '--offline', '--until-idle', '--quiet']);

      const rows = (await db.query<{ url: string; key: string; cache_for_ms: string | null; last_success: string }>(`SELECT key, url, cache_for_ms, last_success FROM ${s}.feeds`)).rows;
      const byName = new Map(rows.map((r) => [/(\w+)\.xml$/.exec(r.url)![1]!, r]));
      assert.deepEqual(['plain', 'maxage', 'ttl'].map((f) => byName.get(f)?.cache_for_ms ?? null).map((v) => (v === null ? null : Number(v))), [null, 2 * HOUR, 3 * HOUR]);
      const refreshed = Math.max(...rows.map((r) => Number(r.last_success)));
      const queued = async (): Promise<string[]> => {
        const jobs = await db.query<{ key: string }>(`SELECT data->>'key' AS key FROM ${s}_queue.job WHERE name = $1 AND state = 'created'`, [FEED_QUEUE]);
        return jobs.rows.map((j) => /(\w+)\.xml$/.exec(rows.find((r) => r.key === j.key)!.url)![1]!).sort();
      };
      const config = await loadConfig(configPath);
      const at = (ms: number) => schedule(config, { offline: true, now: () => refreshed + ms });

      assert.deepEqual([(await at(HOUR)).due, await queued()], [1, ['plain']], 'an hour on: only the feed that asked nothing');
      assert.deepEqual([(await at(2 * HOUR - 60_000)).enqueued, await queued()], [0, ['plain']], 'max-age not yet over');
      assert.deepEqual([(await at(2 * HOUR)).enqueued, await queued()], [1, ['maxage', 'plain']], 'max-age over');
      assert.deepEqual([(await at(3 * HOUR - 60_000)).enqueued, await queued()], [0, ['maxage', 'plain']], 'ttl not yet over');
      assert.deepEqual([(await at(3 * HOUR)).enqueued, await queued()], [1, ['maxage', 'plain', 'ttl']], 'ttl over');
      assert.equal((await schedule(config, { offline: true, force: true, now: () => refreshed })).due, 3, '--force: every feed, due or not');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
