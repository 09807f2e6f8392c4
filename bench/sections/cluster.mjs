// Section: cluster — 5,000 feeds × 20 items (20–50 ms) through one `feedmill run` on SQLite, and through
// 1, 2 and 4 `feedmill worker` processes on PostgreSQL fed by `feedmill schedule`: wall and CPU of the first
// pass and of the all-304 pass, and the scheduler's cost per due feed. Worker CPU is the sum over the worker
// processes; PostgreSQL's own CPU is reported apart (from /proc, the server's processes).
import { join } from 'node:path';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { binPath, removeLater, round, runMeasured, tempDir } from '../lib/util.mjs';
import { startServer } from '../e2e/harness.mjs';

const PG = process.env.FEEDMILL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 16;

function writeClusterConfig(dir, urls, state, perHost) {
  const lines = ['output:', '  dir: posts', `state: "${state}"`, 'fetch:', `  concurrency: ${CONCURRENCY}`, `  perHost: ${perHost}`, '  timeout: 60s', 'feeds:'];
  // every feed due again a second later: the all-304 pass is the next schedule
  urls.forEach((u, i) => lines.push(`  - url: ${u}`, `    categories: [bench, site${i}]`, '    interval: 1s'));
  const file = join(dir, 'feedmill.yml');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * CPU ms used so far by PostgreSQL: every server process's own (utime + stime), plus what the postmaster
 * collected from backends that have exited (cutime + cstime), from /proc.
 */
function postgresCpuMs() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!comm.startsWith('postgres')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch { /* gone */ }
  }
  return ticks * 10; // USER_HZ 100
}

async function cli(args, timeoutMs = 1_800_000) {
  const r = await runMeasured(binPath, args, { timeoutMs });
  if (r.code !== 0) throw new Error(`feedmill ${args[0]}: exit ${r.code}: ${(r.stderr || r.stdout).split('\n').slice(-3).join(' ')}`);
  return r;
}

async function workers(n, config) {
  const pg0 = postgresCpuMs();
  const t0 = performance.now();
  const rs = await Promise.all(Array.from({ length: n }, () => cli(['worker', '-c', config, '--offline', '--until-idle', '--quiet'])));
  const wallMs = performance.now() - t0;
  const posts = rs.reduce((s, r) => s + Number(/(\d+) new posts/.exec(r.stdout)?.[1] ?? 0), 0);
  return { wallMs: round(wallMs, 0), cpuMs: round(rs.reduce((s, r) => s + r.cpuMs, 0), 0), postgresCpuMs: postgresCpuMs() - pg0, peakRssMiB: round(Math.max(...rs.map((r) => r.peakRssMiB)), 1), newPosts: posts };
}

async function scheduled(config, force = false) {
  const pg0 = postgresCpuMs();
  const r = await cli(['schedule', '-c', config, '--offline', ...(force ? ['--force'] : [])]);
  const due = Number(/(\d+) due/.exec(r.stdout)?.[1] ?? 0);
  return { due, wallMs: round(r.wallMs, 0), cpuMs: round(r.cpuMs, 0), postgresCpuMs: postgresCpuMs() - pg0, wallMsPerDueFeed: round(r.wallMs / due, 3), cpuMsPerDueFeed: round(r.cpuMs / due, 3) };
}

export async function clusterSection(sz, log) {
  const server = await startServer({ feeds: sz.clusterFeeds, items: sz.clusterItems, itemBytes: 400, latMin: 20, latMax: 50, idleMs: 600_000, maxLifetimeMs: 60 * 60_000 });
  const work = tempDir('feedmill-bench-cluster-');
  const admin = new pg.Client(PG);
  await admin.connect();
  const urls = Array.from({ length: sz.clusterFeeds }, (_, i) => server.url(i));
  const out = { feeds: sz.clusterFeeds, itemsPerFeed: sz.clusterItems, concurrencyPerProcess: CONCURRENCY, runs: {} };
  try {
    log(`cluster: feedmill run on SQLite over ${sz.clusterFeeds} feeds …`);
    const dir = join(work, 'sqlite');
    mkdirSync(dir);
    const config = writeClusterConfig(dir, urls, 'state.db', CONCURRENCY);
    const pg0 = postgresCpuMs();
    const first = await cli(['run', '-c', config, '--quiet']);
    const second = await cli(['run', '-c', config, '--quiet']);
    out.runs['sqlite run'] = {
      first: { wallMs: round(first.wallMs, 0), cpuMs: round(first.cpuMs, 0), peakRssMiB: round(first.peakRssMiB, 1) },
      all304: { wallMs: round(second.wallMs, 0), cpuMs: round(second.cpuMs, 0), peakRssMiB: round(second.peakRssMiB, 1) },
      postgresCpuMs: postgresCpuMs() - pg0,
    };
    for (const n of sz.clusterWorkers) {
      const schema = `feedmill_bench_${process.pid}_${n}`;
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_queue CASCADE; CREATE SCHEMA ${schema}`);
      const u = new URL(PG);
      u.searchParams.set('options', `-c search_path=${schema}`);
      const wdir = join(work, `w${n}`);
      mkdirSync(wdir);
      // the cluster-wide per-host limit lets every worker use its whole concurrency (all feeds share one host)
      const cfg = writeClusterConfig(wdir, urls, u.toString(), CONCURRENCY * n);
      try {
        log(`cluster: ${n} worker(s) on PostgreSQL, first pass …`);
        const schedule1 = await scheduled(cfg);
        const firstPass = await workers(n, cfg);
        await new Promise((r) => setTimeout(r, 1100));
        log(`cluster: ${n} worker(s), all-304 pass …`);
        // the feeds' <ttl> (5 minutes, as RSSHub sends) keeps them from being due again this soon: every feed, due or not
        const schedule2 = await scheduled(cfg, true);
        const all304 = await workers(n, cfg);
        out.runs[`${n} worker${n > 1 ? 's' : ''}`] = { schedule: schedule1, first: firstPass, scheduleAgain: schedule2, all304 };
      } finally {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
      }
    }
    return out;
  } finally {
    await admin.end();
    server.stop();
    removeLater(work);
  }
}
