// Writes a run's posts from one thread of their own. Through libuv's pool, each post was four hops
// (open, write, close, rename) spread over four threads that contend on the folder's lock in the kernel;
// one thread writing batches with synchronous calls used about half the system CPU for the same files
// (5,000 posts, three alternating rounds) and keeps the main thread free for parsing. Atomic as before:
// a temporary file, then rename.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { WriteDone, WriteJob, WriterMessage } from './post-writer-thread.js';
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

  /** Writes `content` (text, or its UTF-8 bytes) to `path` atomically; rejects with the file system's message. */
  write(path: string, content: string | Uint8Array): Promise<void> {
    const worker = this.failed ? null : this.start();
    if (!worker) return writeFileAtomic(path, content);
    // a message carries a view's whole buffer: a view of a larger block travels as a copy of its own bytes
    const owned = typeof content === 'string' || content.byteLength === content.buffer.byteLength ? content : content.slice();
    return new Promise<void>((resolve, reject) => {
      const id = ++this.nextId;
      this.waiting.set(id, { resolve, reject });
      this.batch.push([id, path, owned]);
      // the posts a feed plans in one go travel in one message
      if (!this.flushQueued) {
        this.flushQueued = true;
        queueMicrotask(this.flush);
      }
    });
  }

  /** Whether writes go to the thread (rather than through the file system from this thread). */
  get threaded(): boolean {
    return this.worker !== null;
  }

  /**
   * A port another thread can send write batches ([id, path, text][]) to; their results settle the promises
   * that `expect` gave out here. null when writes do not go to the thread.
   */
  connect(): MessagePort | null {
    const worker = this.worker;
    if (!worker) return null;
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ port: port1 } satisfies WriterMessage, [port1]);
    return port2;
  }

  /** An id for a write that another thread sends through a connected port, and the promise it settles. */
  expect(): [id: number, done: Promise<void>] {
    const id = ++this.nextId;
    if (!this.worker) return [id, Promise.reject(this.failed ?? new Error('the post writer is not running'))];
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    return [id, done];
  }

  /** Fails writes that were expected but will never be sent. */
  cancel(ids: number[], err: Error): void {
    for (const id of ids) {
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      w?.reject(err);
    }
  }

  private readonly flush = (): void => {
    this.flushQueued = false;
    if (this.batch.length === 0 || !this.worker) return;
    this.worker.postMessage(this.batch satisfies WriterMessage);
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
