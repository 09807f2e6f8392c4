// Writes a run's posts from one thread of their own. Through libuv's pool, each post was four hops
// (open, write, close, rename) spread over four threads that contend on the folder's lock in the kernel;
// one thread writing batches with synchronous calls used about half the system CPU for the same files
// (5,000 posts, three alternating rounds) and keeps the main thread free for parsing. Atomic as before:
// a temporary file, then rename.
import { Worker } from 'node:worker_threads';
import type { WriteDone, WriteJob } from './post-writer-thread.js';
import { writeFileAtomic } from './write.js';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class PostWriter {
  private worker: Worker | null = null;
  private failed: Error | null = null;
  private readonly waiting = new Map<number, Waiter>();
  private batch: WriteJob[] = [];
  private nextId = 0;
  private flushQueued = false;
  private online: Promise<void> | null = null;

  /** `onOnline`: the thread is running (Node resets V8 flags set at run time when a thread starts). */
  constructor(private readonly opts: { onOnline?: () => void } = {}) {}

  /** Starts the thread; resolves once it runs (or at once when writes go through the file system directly). */
  ready(): Promise<void> {
    if (this.online) return this.online;
    const worker = this.failed ? null : this.start();
    this.online = worker
      ? new Promise<void>((resolve) => {
          worker.once('online', () => resolve());
          worker.once('exit', () => resolve());
        })
      : Promise.resolve();
    return this.online;
  }

  /** Writes `text` to `path` atomically; rejects with the file system's message. */
  write(path: string, text: string): Promise<void> {
    const worker = this.failed ? null : this.start();
    if (!worker) return writeFileAtomic(path, text);
    return new Promise<void>((resolve, reject) => {
      const id = ++this.nextId;
      this.waiting.set(id, { resolve, reject });
      this.batch.push([id, path, text]);
      // the posts a feed plans in one go travel in one message
      if (!this.flushQueued) {
        this.flushQueued = true;
        queueMicrotask(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.flushQueued = false;
    if (this.batch.length === 0 || !this.worker) return;
    this.worker.postMessage(this.batch);
    this.batch = [];
  };

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(new URL('./post-writer-thread.js', import.meta.url), {
        // it holds a batch of posts at a time
        resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
      });
      worker.on('message', (done: WriteDone[]) => {
        for (const [id, error, code] of done) {
          const w = this.waiting.get(id);
          if (!w) continue;
          this.waiting.delete(id);
          if (error === null) w.resolve();
          else w.reject(Object.assign(new Error(error), code ? { code } : {}));
        }
      });
      if (this.opts.onOnline) worker.once('online', this.opts.onOnline);
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => this.fail(new Error(`the post writer stopped (exit ${code})`)));
      this.worker = worker;
      return worker;
    } catch (err) {
      this.failed = err as Error;
      return null;
    }
  }

  /** Every write still in flight fails with `err`; later writes go through the file system directly. */
  private fail(err: Error): void {
    this.failed ??= err;
    this.worker = null;
    this.batch = [];
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  /** Waits for nothing: call it once every write has settled. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failed ??= new Error('closed');
    if (worker) await worker.terminate();
  }
}
