// The main thread's side of the render thread. Parsing and rendering were two thirds of the main thread's
// work on a first run; while they ran, responses waited, and 1,000 feeds took 1.5× the network's floor
// (bench: e2e first pass). If the thread cannot start or dies, feeds are rendered here instead.
import { Worker } from 'node:worker_threads';
import { FeedRenderer, type ReadJob, type ReadResult, type Rendered, type RenderPick, type RenderSettings } from './render.js';
import type { RenderReply, RenderRequest } from './render-thread.js';

interface Waiter {
  resolve: (value: never) => void;
  reject: (err: Error) => void;
}

export class RenderClient {
  private worker: Worker | null = null;
  private failed: Error | null = null;
  private local: FeedRenderer | null = null;
  /** ids whose document was read here rather than in the thread */
  private readonly readLocally = new Set<number>();
  private readonly waiting = new Map<number, Waiter>();
  private online: Promise<void> | null = null;

  constructor(
    private readonly settings: RenderSettings,
    private readonly opts: { onOnline?: () => void } = {},
  ) {}

  /** Starts the thread; resolves once it runs (or at once when rendering happens here). */
  ready(): Promise<void> {
    if (this.online) return this.online;
    const worker = this.start();
    this.online = worker
      ? new Promise<void>((resolve) => {
          worker.once('online', () => resolve());
          worker.once('exit', () => resolve());
        })
      : Promise.resolve();
    return this.online;
  }

  /** Parses `job.body` (its bytes are handed over: the caller must not use them again). */
  read(job: ReadJob): Promise<ReadResult> {
    const worker = this.start();
    if (!worker) {
      this.readLocally.add(job.id);
      return Promise.resolve(this.localRenderer().readFeed(job));
    }
    const { body } = job;
    // Hand the bytes over without a copy when they own their memory; a slice of a shared pool is copied.
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    const bytes = owned ? body : new Uint8Array(body);
    return this.ask(job.id, ['read', { ...job, body: bytes }], [bytes.buffer as ArrayBuffer]);
  }

  /** Renders the picked items of document `id` and forgets it. */
  render(id: number, picks: RenderPick[]): Promise<Rendered[]> {
    if (this.readLocally.delete(id)) return Promise.resolve(this.localRenderer().renderItems(id, picks));
    const worker = this.worker;
    if (!worker) return Promise.reject(this.failed ?? new Error('the render thread is not running'));
    return this.ask(id, ['render', id, picks]);
  }

  /** Forgets document `id` without rendering it. */
  drop(id: number): void {
    if (this.readLocally.delete(id)) this.local?.drop(id);
    else this.worker?.postMessage(['drop', id] satisfies RenderRequest);
  }

  private ask<T>(id: number, req: RenderRequest, transfer: ArrayBuffer[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: never) => void, reject });
      this.worker!.postMessage(req, transfer);
    });
  }

  private localRenderer(): FeedRenderer {
    return (this.local ??= new FeedRenderer(this.settings));
  }

  private start(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(new URL('./render-thread.js', import.meta.url), {
        workerData: this.settings,
        // it holds the few documents in flight; a small young generation keeps the run's peak memory down
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      });
      worker.on('message', (reply: RenderReply) => {
        const id = reply[0] === 'read' ? reply[1].id : reply[1];
        const w = this.waiting.get(id);
        if (!w) return;
        this.waiting.delete(id);
        if (reply[0] === 'error') w.reject(new Error(`render thread: ${reply[2]}`));
        else w.resolve((reply[0] === 'read' ? reply[1] : reply[2]) as never);
      });
      if (this.opts.onOnline) worker.once('online', this.opts.onOnline);
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => this.fail(new Error(`the render thread stopped (exit ${code})`)));
      this.worker = worker;
      return worker;
    } catch (err) {
      this.failed = err as Error;
      return null;
    }
  }

  /** Every request in flight fails with `err`; later feeds are rendered here. */
  private fail(err: Error): void {
    this.failed ??= err;
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failed ??= new Error('closed');
    if (worker) await worker.terminate();
  }
}
