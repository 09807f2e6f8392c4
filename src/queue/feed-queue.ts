// The job queue of a cluster: pg-boss on the same PostgreSQL as the store (one engine to run; the choice is
// measured in bench/queue/compare.mjs). One job per feed refresh, keyed by the feed, grouped by host.
import { PgBoss, type Job } from 'pg-boss';
import { isDatabaseUrl } from '../store/index.js';

export const FEED_QUEUE = 'feedmill-refresh';

export interface FeedJobData {
  key: string;
}

export interface FeedJob {
  id: string;
  retryCount: number;
  key: string;
}

export interface QueueSettings {
  /** a job whose worker sends no heartbeat for this long is retried (pg-boss minimum: 10) */
  visibilitySeconds?: number;
  /** run pg-boss's supervisor (expiry of silent jobs) every this many seconds; 0: not in this process */
  superviseSeconds?: number;
}

const DEFAULT_VISIBILITY = 30;

/**
 * pg-boss's own schema beside the store's tables: `feedmill_queue`, or `<search_path>_queue` when the URL
 * pins a schema (`?options=-c search_path=blog`), so two feedmill instances in one database stay apart.
 */
export function queueSchema(url: string): string {
  let options = '';
  try {
    options = new URL(url).searchParams.get('options') ?? '';
  } catch {
    // not a URL: pg-boss reports it on start
  }
  const pinned = /search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options)?.[1];
  return pinned ? `${pinned}_queue` : 'feedmill_queue';
}

/** The host a feed's job is grouped by: at most fetch.perHost jobs of one host are active in the cluster. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || 'local';
  } catch {
    return 'local';
  }
}

/** The state location as a database URL; workers and schedulers need one that all machines share. */
export function requireDatabase(state: string): string {
  if (!isDatabaseUrl(state)) {
    throw new Error(`schedule and worker need a PostgreSQL state (state: postgres://… or DATABASE_URL), not the file ${state}: use \`feedmill run\` on one machine`);
  }
  return state;
}

export class FeedQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly schema: string,
    readonly visibilitySeconds: number,
  ) {}

  static async open(url: string, settings: QueueSettings = {}): Promise<FeedQueue> {
    const schema = queueSchema(url);
    const supervise = settings.superviseSeconds ?? 0;
    const boss = new PgBoss({
      connectionString: url,
      schema,
      max: 4,
      application_name: 'feedmill-queue',
      supervise: supervise > 0,
      ...(supervise > 0 ? { superviseIntervalSeconds: supervise, monitorIntervalSeconds: supervise } : {}),
      schedule: false,
    });
    // connection errors surface on the calls that fail; the pool reconnects on the next one
    boss.on('error', () => undefined);
    await boss.start();
    // exclusive: at most one job per feed key, queued or in flight, however many schedulers send
    if (!(await boss.getQueue(FEED_QUEUE))) {
      await boss.createQueue(FEED_QUEUE, { policy: 'exclusive', retryLimit: 5, retryDelay: 0, deleteAfterSeconds: 3600 }).catch(async (err) => {
        // another process created it first
        if (!(await boss.getQueue(FEED_QUEUE))) throw err;
      });
    }
    return new FeedQueue(boss, schema, Math.max(10, settings.visibilitySeconds ?? DEFAULT_VISIBILITY));
  }

  /** Sends one job per feed; a feed already queued is left as it is. Returns how many jobs were added. */
  async enqueue(feeds: Array<{ key: string; host: string }>): Promise<number> {
    let added = 0;
    for (let i = 0; i < feeds.length; i += 1000) {
      const chunk = feeds.slice(i, i + 1000).map((f) => ({
        data: { key: f.key } satisfies FeedJobData,
        singletonKey: f.key,
        group: { id: f.host },
        heartbeatSeconds: this.visibilitySeconds,
      }));
      added += (await this.boss.insert(FEED_QUEUE, chunk, { returnId: true }))?.length ?? 0;
    }
    return added;
  }

  /** Up to `n` jobs for this caller, never more than `perHost` active per host in the whole cluster. */
  async take(n: number, perHost: number): Promise<FeedJob[]> {
    const jobs: Job<FeedJobData>[] = await this.boss.fetch<FeedJobData>(FEED_QUEUE, { batchSize: n, groupConcurrency: perHost });
    return jobs.map((j) => ({ id: j.id, retryCount: j.retryCount, key: j.data.key }));
  }

  async complete(jobs: FeedJob[]): Promise<void> {
    if (jobs.length > 0) await this.boss.complete(FEED_QUEUE, jobs.map(attempt));
  }

  /** gives the jobs back: they are retried at once by any worker */
  async fail(jobs: FeedJob[], reason: string): Promise<void> {
    if (jobs.length > 0) await this.boss.fail(FEED_QUEUE, jobs.map(attempt), { reason });
  }

  /** the heartbeat that keeps jobs in flight from being handed to another worker */
  async touch(jobs: FeedJob[]): Promise<void> {
    if (jobs.length > 0) await this.boss.touch(FEED_QUEUE, jobs.map(attempt));
  }

  /** jobs queued, waiting for a retry or in flight anywhere in the cluster */
  async unfinished(): Promise<number> {
    const r = await this.boss.getDb().executeSql(`SELECT count(*)::int AS n FROM ${this.schema}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [FEED_QUEUE]);
    return (r.rows[0] as { n: number }).n;
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true });
  }
}

const attempt = (j: FeedJob) => ({ id: j.id, retryCount: j.retryCount });
