// Which job queue: enqueue N no-op jobs, then run them with W concurrent workers in this process;
// wall and this process's CPU per engine. (The database's own CPU is not counted: see the README.)
// node bench/queue/compare.mjs [--jobs 5000] [--workers 4]
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '5000' }, workers: { type: 'string', default: '4' } } });
const JOBS = Number(values.jobs);
const WORKERS = Number(values.workers);
const PG = process.env.FEEDMILL_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = { host: '127.0.0.1', port: 6379 };

async function measure(name, enqueue, drain) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await enqueue();
  const t1 = performance.now();
  await drain();
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  return { engine: name, enqueueMs: Math.round(t1 - t0), drainMs: Math.round(t2 - t1), wallMs: Math.round(t2 - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
}

function counter(total) {
  let n = 0;
  let resolve;
  const done = new Promise((r) => (resolve = r));
  return { hit: () => ++n === total && resolve(), done };
}

async function dropSchema(schema) {
  const c = new pg.Client(PG);
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}

async function pgBoss(withGroups = true) {
  const { PgBoss } = await import('pg-boss');
  const schema = 'bench_pgboss';
  const name = withGroups ? 'pg-boss, host groups' : 'pg-boss';
  await dropSchema(schema);
  const boss = new PgBoss({ connectionString: PG, schema, max: WORKERS + 2 });
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue('noop', { policy: 'stately' });
  const c = counter(JOBS);
  const r = await measure(
    name,
    async () => {
      for (let i = 0; i < JOBS; i += 1000) await boss.insert('noop', Array.from({ length: Math.min(1000, JOBS - i) }, (_, k) => ({ data: { i: i + k }, singletonKey: `k${i + k}`, group: { id: `host${(i + k) % 50}` } })));
    },
    async () => {
      // W loops that fetch one job, complete it and fetch again at once (how `feedmill worker` uses it)
      let left = JOBS;
      const loop = async () => {
        while (left > 0) {
          const [job] = await boss.fetch('noop', withGroups ? { groupConcurrency: 2 } : {});
          if (!job) { await new Promise((r) => setTimeout(r, 50)); continue; }
          left--;
          await boss.complete('noop', job.id);
          c.hit();
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, loop));
      await c.done;
    },
  );
  await boss.stop({ graceful: false, wait: true });
  await dropSchema(schema);
  return r;
}

async function graphile() {
  const { run, makeWorkerUtils } = await import('graphile-worker');
  const schema = 'bench_graphile';
  await dropSchema(schema);
  const utils = await makeWorkerUtils({ connectionString: PG, schema });
  await utils.migrate();
  const c = counter(JOBS);
  let runner;
  const r = await measure(
    'graphile-worker',
    async () => {
      for (let i = 0; i < JOBS; i += 1000) await utils.addJobs(Array.from({ length: Math.min(1000, JOBS - i) }, (_, k) => ({ identifier: 'noop', payload: { i: i + k }, jobKey: `k${i + k}` })));
    },
    async () => {
      runner = await run({ connectionString: PG, schema, concurrency: WORKERS, noHandleSignals: true, pollInterval: 500, taskList: { noop: async () => c.hit() }, logger: quietLogger(await import('graphile-worker')) });
      await c.done;
    },
  );
  await runner.stop();
  await utils.release();
  await dropSchema(schema);
  return r;
}

function quietLogger({ Logger }) {
  return new Logger(() => () => {});
}

async function bullmq() {
  const { Queue, Worker } = await import('bullmq');
  const queue = new Queue('feedmill-bench-noop', { connection: REDIS });
  await queue.obliterate({ force: true });
  const c = counter(JOBS);
  let worker;
  const r = await measure(
    'bullmq',
    async () => {
      for (let i = 0; i < JOBS; i += 1000) await queue.addBulk(Array.from({ length: Math.min(1000, JOBS - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { jobId: `k${i + k}`, removeOnComplete: true } })));
    },
    async () => {
      worker = new Worker('feedmill-bench-noop', async () => c.hit(), { connection: REDIS, concurrency: WORKERS });
      await c.done;
    },
  );
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return r;
}

const rows = [];
for (const engine of [() => pgBoss(false), () => pgBoss(true), graphile, bullmq]) {
  try {
    rows.push(await engine());
  } catch (err) {
    rows.push({ engine: engine.name, error: err.message });
  }
}
console.log(`${JOBS} no-op jobs, ${WORKERS} workers in one process`);
console.table(rows);
process.exit(0);
