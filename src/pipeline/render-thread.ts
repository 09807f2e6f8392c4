// The render thread: parses fetched feeds and renders their posts (render.ts) while the main thread
// fetches and keeps the store. Posts to write go from here straight to the post writer's thread.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { stopTenuring } from '../parse/tenure.js';
import { LightFirst } from './light-first.js';
import type { WriteBlock } from '../output/post-writer-thread.js';
import { FeedRenderer, type ReadJob, type ReadResult, type Rendered, type RenderPick, type RenderSettings } from './render.js';

/** A post to write: its place in the document's picks, the post writer's id for it, and its path. */
export type WriteOrder = [place: number, writeId: number, path: string];

export type RenderRequest =
  | ['read', ReadJob]
  | ['render', number, RenderPick[]]
  | ['write', number, WriteOrder[]]
  | ['take', number, number[]]
  | ['drop', number]
  | ['writer', MessagePort];
export type RenderReply =
  | ['read', ReadResult]
  | ['render', number, Rendered[]]
  | ['take', number, Uint8Array[]]
  | ['error', number, string];

// Its documents are dropped within milliseconds, and its young generation is capped (render-client.ts):
// strings die young here rather than being moved to old space as they are parsed.
stopTenuring();
const renderer = new FeedRenderer(workerData as RenderSettings);
const main = parentPort!;
let writer: MessagePort | null = null;

function handle(req: RenderRequest): RenderReply | null {
  switch (req[0]) {
    case 'read':
      return ['read', renderer.readFeed(req[1])];
    case 'render':
      return ['render', req[1], renderer.renderItems(req[1], req[2])];
    case 'write': {
      const [, id, orders] = req;
      const { block, spans } = renderer.posts(id, orders.map((o) => o[0]));
      const message: WriteBlock = { block, posts: orders.map((o, k) => [o[1], o[2], spans[k]![0], spans[k]![1]]) };
      writer!.postMessage(message, [block.buffer as ArrayBuffer]);
      // no reply: the writer's answers tell the main thread (a message less per feed, each some 30 µs of CPU)
      return null;
    }
    case 'take': {
      // each post its own copy: a view would carry the whole block along
      const { block, spans } = renderer.posts(req[1], req[2]);
      return ['take', req[1], spans.map(([start, end]) => block.slice(start, end))];
    }
    case 'drop':
      renderer.drop(req[1]);
      return null;
    case 'writer':
      writer = req[1];
      return null;
  }
}

function answer(req: RenderRequest): void {
  try {
    const reply = handle(req);
    if (reply) main.postMessage(reply);
  } catch (err) {
    const id = req[0] === 'read' ? req[1].id : req[0] === 'writer' ? -1 : req[1];
    renderer.drop(id);
    main.postMessage(['error', id, (err as Error).stack ?? String(err)] satisfies RenderReply);
  }
}

const requests = new LightFirst<RenderRequest>(answer, (req) => req[0] === 'read' || req[0] === 'render');
main.on('message', (req: RenderRequest) => requests.push(req));
