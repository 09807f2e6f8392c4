// A worker thread this thread hands work to, with the requests in flight by id. When the thread cannot
// start or stops, every request in flight fails with the reason and the link stays down: its owner does
// the work itself from then on. Shared by the post writer and the render client (pipeline/).
import { Worker, type WorkerOptions } from 'node:worker_threads';

interface Waiter {
  resolve: (value: never) => void;
  reject: (err: Error) => void;
}

export interface WorkerLinkOptions<M> {
  /** what the thread is, for "the <name> stopped (exit 1)" */
  name: string;
  /** each message the thread sends; settle requests with `settle` */
  onMessage: (message: M) => void;
  /** the thread is running (Node resets V8 flags set at run time when a thread starts) */
  onOnline?: () => void;
  /** the link went down */
  onDown?: () => void;
}

/** `M`: the messages the thread sends. */
export class WorkerLink<M> {
  private worker: Worker | null = null;
  private failed: Error | null = null;
  private online: Promise<void> | null = null;
  private readonly waiting = new Map<number, Waiter>();

  constructor(
    private readonly url: URL,
    private readonly workerOptions: WorkerOptions,
    private readonly opts: WorkerLinkOptions<M>,
  ) {}

  /** The running thread, started on first use; null once the link is down. */
  thread(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(this.url, this.workerOptions);
      worker.on('message', (message: M) => this.opts.onMessage(message));
      if (this.opts.onOnline) worker.once('online', this.opts.onOnline);
      worker.on('error', (err) => this.down(err));
      worker.on('exit', (code) => this.down(new Error(`the ${this.opts.name} stopped (exit ${code})`)));
      this.worker = worker;
    } catch (err) {
      this.down(err as Error);
    }
    return this.worker;
  }

  /** Starts the thread; resolves once it runs, or at once when it cannot. */
  ready(): Promise<void> {
    if (this.online) return this.online;
    const worker = this.thread();
    this.online = worker
      ? new Promise<void>((resolve) => {
          worker.once('online', () => resolve());
          worker.once('exit', () => resolve());
        })
      : Promise.resolve();
    return this.online;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** The reason the link is down, or null. */
  get error(): Error | null {
    return this.failed;
  }

  /** A promise for request `id`, settled by `settle` (or rejected when the link goes down). */
  expect<T>(id: number): Promise<T> {
    if (!this.worker) return Promise.reject(this.failed ?? new Error(`the ${this.opts.name} is not running`));
    return new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve: resolve as (v: never) => void, reject }));
  }

  /** Settles request `id`: with `value`, or rejected with `error`. */
  settle(id: number, error: Error | null, value?: unknown): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (error) w.reject(error);
    else w.resolve(value as never);
  }

  private down(err: Error): void {
    this.failed ??= err;
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    this.opts.onDown?.();
  }

  /** Stops the thread; requests still in flight fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failed ??= new Error('closed');
    if (worker) await worker.terminate();
  }
}
