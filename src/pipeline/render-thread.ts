// The render thread: parses fetched feeds and renders their posts (render.ts) while the main thread
// fetches and keeps the store.
import { parentPort, workerData } from 'node:worker_threads';
import { FeedRenderer, type ReadJob, type ReadResult, type Rendered, type RenderPick, type RenderSettings } from './render.js';

export type RenderRequest = ['read', ReadJob] | ['render', number, RenderPick[]] | ['drop', number];
export type RenderReply = ['read', ReadResult] | ['render', number, Rendered[]] | ['error', number, string];

const renderer = new FeedRenderer(workerData as RenderSettings);
const port = parentPort!;

port.on('message', (req: RenderRequest) => {
  const id = req[0] === 'read' ? req[1].id : req[1];
  try {
    if (req[0] === 'read') port.postMessage(['read', renderer.readFeed(req[1])] satisfies RenderReply);
    else if (req[0] === 'render') port.postMessage(['render', req[1], renderer.renderItems(req[1], req[2])] satisfies RenderReply);
    else renderer.drop(req[1]);
  } catch (err) {
    renderer.drop(id);
    port.postMessage(['error', id, (err as Error).stack ?? String(err)] satisfies RenderReply);
  }
});
