// The cluster commands without a database: clear one-line messages, nothing created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers.js';

test('schedule and worker on an SQLite state say what they need; a bad --concurrency is a usage error', async () => {
  const dir = tempDir();
  const config = join(dir, 'feedmill.yml');
  writeFileSync(config, 'state: state.db\nfeeds:\n  - url: https://a.example/feed\n');
  for (const cmd of ['schedule', 'worker']) {
    const r = await runCli([cmd, '-c', config, '--offline']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^feedmill: schedule and worker need a PostgreSQL state \(state: postgres:\/\/… or DATABASE_URL\), not the file .*state\.db: use `feedmill run` on one machine\n$/);
  }
  assert.equal(existsSync(join(dir, 'state.db')), false);
  const bad = await runCli(['worker', '-c', config, '--concurrency', 'many']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--concurrency: expected a whole number above 0, got many/);
});
