// Writes a run's posts from one thread of their own. Through libuv's pool, each post was four hops
// (open, write, close, rename) spread over four threads that contend on the folder's lock in the kernel;
// one thread writing batches with synchronous calls used about half the system CPU for the same files
// (5,000 posts, three alternating rounds) and keeps the main thread free for parsing. Atomic as before:
// a temporary file, then rename.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { WriteDone, WriteJob, WriterMessage } from './post-writer-thread.js';
import { WorkerLink } from './worker-link.js';
import { writeFileAtomic } from './write.js';

export class PostWriter {
  private readonly link: WorkerLink<WriteDone[]>;
  private batch: WriteJob[] = [];
  private nextId = 0;
  private flushQueued = false;

  /** `onOnline`: the thread is running (Node resets V8 flags set at run time when a thread starts). */
  constructor(opts: { onOnline?: () => void } = {}) {
    this.link = new WorkerLink(
      new URL('./post-writer-thread.js', import.meta.url),
      // it holds a batch of posts at a time
      { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 } },
      {
        name: 'post writer',
        onMessage: (done: WriteDone[]) => {
          for (const [id, error, code] of done) this.link.settle(id, error === null ? null : Object.assign(new Error(error), code ? { code } : {}));
        },
        onOnline: opts.onOnline,
        // later writes go through the file system directly
        onDown: () => void (this.batch = []),
      },
    );
  }

  /** Starts the thread; resolves once it runs (or at once when writes go through the file system directly). */
  ready(): Promise<void> {
    return this.link.ready();
  }

  /** Writes `content` (text, or its UTF-8 bytes) to `path` atomically; rejects with the file system's message. */
  write(path: string, content: string | Uint8Array): Promise<void> {
    if (!this.link.thread()) return writeFileAtomic(path, content);
    // a message carries a view's whole buffer: a view of a larger block travels as a copy of its own bytes
    const owned = typeof content === 'string' || content.byteLength === content.buffer.byteLength ? content : content.slice();
    const id = ++this.nextId;
    const done = this.link.expect<void>(id);
    this.batch.push([id, path, owned]);
    // the posts a feed plans in one go travel in one message
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flush);
    }
    return done;
  }

  /** Whether writes go to the thread (rather than through the file system from this thread). */
  get threaded(): boolean {
    return this.link.running;
  }

  /**
   * A port another thread can send blocks of posts to (post-writer-thread.ts: WriteBlock); their results
   * settle the promises that `expect` gave out here. null when writes do not go to the thread.
   */
  connect(): MessagePort | null {
    const worker = this.link.thread();
    if (!worker) return null;
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ port: port1 } satisfies WriterMessage, [port1]);
    return port2;
  }

  /** An id for a write that another thread sends through a connected port, and the promise it settles. */
  expect(): [id: number, done: Promise<void>] {
    const id = ++this.nextId;
    return [id, this.link.expect<void>(id)];
  }

  /** Fails writes that were expected but will never be sent. */
  cancel(ids: number[], err: Error): void {
    for (const id of ids) this.link.settle(id, err);
  }

  private readonly flush = (): void => {
    this.flushQueued = false;
    const worker = this.link.thread();
    if (this.batch.length === 0 || !worker) return;
    worker.postMessage(this.batch satisfies WriterMessage);
    this.batch = [];
  };

  /** Waits for nothing: call it once every write has settled. */
  close(): Promise<void> {
    return this.link.close();
  }
}
