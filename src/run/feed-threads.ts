// Whole feeds on threads of their own, for runs of many feeds on a machine with more than one core: each thread
// runs refreshFeed for the feeds it is handed, with its own connection to the store and its own share of the
// HTTP limits. The store's claims keep every item owned by one feed however many threads run (as they do for
// the workers of a cluster), so nothing passes between threads but a feed's index and its report.
import { Worker } from 'node:worker_threads';
import type { Config, FeedHealth, FeedReport, Source } from '../model.js';

export interface ThreadSettings {
  config: Config;
  sources: Source[];
  force: boolean;
  /** the CLI's lean heap flags, set again in each thread */
  leanHeap: boolean;
}

interface Pending {
  resolve: (r: FeedReport) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  inFlight: Map<number, Pending>;
  failed: Error | null;
}

/** `count` threads sharing `config.fetch.concurrency` and `perHost` between them. */
export class FeedThreads {
  private readonly threads: Thread[];

  constructor(settings: ThreadSettings, count: number) {
    const fetch = settings.config.fetch;
    const share = (n: number) => Math.max(1, Math.ceil(n / count));
    const config = { ...settings.config, fetch: { ...fetch, concurrency: share(fetch.concurrency), perHost: share(fetch.perHost) } };
    this.threads = Array.from({ length: count }, () => {
      const worker = new Worker(new URL('./feed-thread.js', import.meta.url), { workerData: { ...settings, config } });
      const thread: Thread = { worker, inFlight: new Map(), failed: null };
      worker.on('message', (m: { index: number; report: FeedReport }) => {
        const p = thread.inFlight.get(m.index);
        thread.inFlight.delete(m.index);
        p?.resolve(m.report);
      });
      const fail = (err: Error): void => {
        thread.failed = err;
        for (const p of thread.inFlight.values()) p.reject(err);
        thread.inFlight.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`feed thread stopped (exit ${code})`)));
      return thread;
    });
  }

  /** One feed on the thread with the fewest feeds in flight. */
  refresh(index: number, health: FeedHealth | null): Promise<FeedReport> {
    const live = this.threads.filter((t) => t.failed === null);
    if (live.length === 0) return Promise.reject(this.threads[0]!.failed!);
    const thread = live.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
    return new Promise((resolve, reject) => {
      thread.inFlight.set(index, { resolve, reject });
      thread.worker.postMessage({ index, health });
    });
  }

  /** Cancels the requests in flight on every thread; feeds past their request finish. */
  abort(): void {
    for (const t of this.threads) if (t.failed === null) t.worker.postMessage({ abort: true });
  }

  /** Lets every thread close its store and HTTP pools, then ends it. */
  async close(): Promise<void> {
    await Promise.all(
      this.threads.map(async (t) => {
        if (t.failed !== null) return;
        const exited = new Promise((r) => t.worker.once('exit', r));
        t.worker.postMessage({ close: true });
        await exited;
      }),
    );
  }
}
