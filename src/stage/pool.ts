// The document stage on a worker thread, so that parsing and rendering run beside the main thread's fetching,
// store work and file writes: on a 1,000-feed first pass this halved the main thread's busy time (bench/README.md).
// One worker: with two cores the main thread and the feed work already fill them. The worker starts with the
// first document, so a run where every feed answers 304 starts none.
import { Worker } from 'node:worker_threads';
import type { ParseOptions, Source } from '../model.js';
import type { RenderedPost, RenderSettings } from '../output/render.js';
import type { DocumentStage, OpenDocument, ParseOutcome, RenderJob } from './documents.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export class DocumentPool implements DocumentStage {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  /** The body is handed over: when it owns its memory, that moves to the worker and `body` is left empty. */
  parse(body: Uint8Array, opts: ParseOptions, limit: number): Promise<ParseOutcome> {
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    return this.call('parse', [body, opts, limit], owned ? [body.buffer as ArrayBuffer] : []) as Promise<ParseOutcome>;
  }

  render(doc: OpenDocument, jobs: Array<RenderJob | null>, source: Source, settings: RenderSettings): Promise<Array<RenderedPost | null>> {
    return this.call('render', [{ id: doc.id }, jobs, source, settings]) as Promise<Array<RenderedPost | null>>;
  }

  drop(doc: OpenDocument): void {
    if (this.worker) this.worker.postMessage({ id: 0, op: 'drop', args: [{ id: doc.id }] });
  }

  /** Stops the worker; calls still waiting fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
    this.failAll(new Error('the document worker was closed'));
  }

  private call(op: string, args: unknown[], transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = this.start();
    const id = ++this.seq;
    // a worker with nothing to do must not keep the process alive; one with work must
    if (this.pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, args }, transfer);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // a bounded young generation: V8's default grows it to 48 MB, which put a 1,000-feed run over its memory goal
    // (8 MB: 3% less CPU than 3 MB for 8 MiB more at the peak; bench/README.md)
    const worker = new Worker(new URL('./thread.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
    // a crashed worker fails the feeds it held (the next run fetches them again); the next call starts a new one
    const stopped = (err: Error): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(err);
    };
    worker.on('error', (err) => stopped(new Error(`the document worker failed: ${err.message}`)));
    worker.on('exit', (code) => stopped(new Error(`the document worker stopped (exit code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const p of calls) p.reject(err);
  }
}
