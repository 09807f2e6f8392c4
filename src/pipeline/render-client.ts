// The main thread's side of the render thread. Parsing and rendering were two thirds of the main thread's
// work on a first run; while they ran, responses waited (bench: e2e first pass). Posts' text goes from the
// render thread to the post writer's thread directly: carrying it through here cost the main thread a copy
// in, a copy out and the garbage of both. If the render thread cannot start or dies, feeds are rendered here.
import type { MessagePort } from 'node:worker_threads';
import type { PostWriter } from '../output/post-writer.js';
import { WorkerLink } from '../output/worker-link.js';
// render.js (the parser and the transform) is loaded here only when the thread cannot do the work: on the main
// thread it was 2 MB of module text and the compiled code behind it, for nothing.
import type { FeedRenderer, ReadJob, ReadResult, Rendered, RenderPick, RenderSettings } from './render.js';
import type { RenderReply, RenderRequest, WriteOrder } from './render-thread.js';

/** A post of a rendered document to write: its place in the picks and its path. */
export type PostToWrite = [place: number, path: string];

export class RenderClient {
  private readonly link: WorkerLink<RenderReply>;
  /** the renderer of this thread, when the render thread cannot be used */
  private local: Promise<FeedRenderer> | null = null;
  /** ids whose document was read here rather than in the thread */
  private readonly readLocally = new Set<number>();
  /** the post writer the thread sends posts to, once connected */
  private writer: PostWriter | null = null;

  /** `onOnline`: the thread is running (Node resets V8 flags set at run time when a thread starts). */
  constructor(
    private readonly settings: RenderSettings,
    opts: { onOnline?: () => void } = {},
  ) {
    this.link = new WorkerLink(
      new URL('./render-thread.js', import.meta.url),
      {
        workerData: settings,
        // bounds its young generation where V8's growth is not kept lean (library users: see cli/lean-heap.ts)
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      },
      {
        name: 'render thread',
        onMessage: (reply: RenderReply) => {
          const id = reply[0] === 'read' ? reply[1].id : reply[1];
          if (reply[0] === 'error') this.link.settle(id, new Error(`render thread: ${reply[2]}`));
          else this.link.settle(id, null, reply[0] === 'read' ? reply[1] : reply[2]);
        },
        onOnline: opts.onOnline,
        // later feeds are rendered here
        onDown: () => void (this.writer = null),
      },
    );
  }

  /** Starts the thread; resolves once it runs (or at once when rendering happens here). */
  ready(): Promise<void> {
    return this.link.ready();
  }

  /** Lets the thread send posts straight to `writer`'s thread (when both threads run). */
  connectWriter(writer: PostWriter): void {
    const worker = this.link.thread();
    const port: MessagePort | null = worker ? writer.connect() : null;
    if (!worker || !port) return;
    worker.postMessage(['writer', port] satisfies RenderRequest, [port]);
    this.writer = writer;
  }

  /** Parses `job.body` (its bytes are handed over: the caller must not use them again). */
  read(job: ReadJob): Promise<ReadResult> {
    if (!this.link.thread()) {
      this.readLocally.add(job.id);
      return this.localRenderer().then((r) => r.readFeed(job));
    }
    const { body } = job;
    // Hand the bytes over without a copy when they own their memory; a slice of a shared pool is copied.
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    const bytes = owned ? body : new Uint8Array(body);
    return this.ask(job.id, ['read', { ...job, body: bytes }], [bytes.buffer as ArrayBuffer]);
  }

  /** Renders the picked items of document `id`; the changed posts' text waits for `write` (or `drop`). */
  render(id: number, picks: RenderPick[]): Promise<Rendered[]> {
    if (this.readLocally.has(id)) return this.localRenderer().then((r) => r.renderItems(id, picks));
    return this.ask(id, ['render', id, picks]);
  }

  /**
   * Writes rendered posts of document `id` through `writer` and forgets the document. Settles once every
   * post is written or has failed: one entry per post, null or the error.
   */
  async write(id: number, posts: PostToWrite[], writer: PostWriter): Promise<Array<Error | null>> {
    if (posts.length === 0) {
      this.drop(id);
      return [];
    }
    // a write can fail before the thread confirms sending it: each outcome is caught as it is made
    const outcome = (p: Promise<void>): Promise<Error | null> => p.then(() => null, (err: Error) => err);
    if (this.readLocally.delete(id)) {
      const { block, spans } = (await this.localRenderer()).posts(id, posts.map((p) => p[0]));
      return Promise.all(posts.map(([, path], k) => outcome(writer.write(path, block.subarray(spans[k]![0], spans[k]![1])))));
    }
    if (this.writer === writer && writer.threaded) {
      const expected = posts.map(() => writer.expect());
      const done = expected.map((e) => outcome(e[1]));
      const orders = posts.map(([place, path], k): WriteOrder => [place, expected[k]![0], path]);
      // The thread answers a write only when it fails; then the posts never reach the writer and nothing
      // else would settle them. (If the thread dies after sending them, they count as failed though they may
      // be on disk: the next run adopts such files.)
      this.ask<void>(id, ['write', id, orders]).catch((err: Error) => writer.cancel(expected.map((e) => e[0]), err));
      const outcomes = await Promise.all(done);
      this.link.settle(id, null);
      return outcomes;
    }
    // the writer writes from this thread (its own thread is gone): the texts come here
    const bytes = await this.ask<Uint8Array[]>(id, ['take', id, posts.map((p) => p[0])]);
    return Promise.all(posts.map(([, path], k) => outcome(writer.write(path, bytes[k]!))));
  }

  /** Forgets document `id`, read or rendered. */
  drop(id: number): void {
    if (this.readLocally.delete(id)) void this.local?.then((r) => r.drop(id));
    else if (this.link.running) this.link.thread()!.postMessage(['drop', id] satisfies RenderRequest);
  }

  private ask<T>(id: number, req: RenderRequest, transfer: ArrayBuffer[] = []): Promise<T> {
    // rejected at once when the thread is down
    const reply = this.link.expect<T>(id);
    if (this.link.running) this.link.thread()!.postMessage(req, transfer);
    return reply;
  }

  private localRenderer(): Promise<FeedRenderer> {
    return (this.local ??= import('./render.js').then((m) => new m.FeedRenderer(this.settings)));
  }

  close(): Promise<void> {
    return this.link.close();
  }
}
