// The post writer's thread: writes each batch of posts with plain synchronous calls, in order. Batches come
// from the main thread, or straight from the render thread through a port (posts' text never crosses the
// main thread then); either way the results go to the main thread, which waits for them.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { writeFileAtomicSync } from './write.js';

export type WriteJob = [id: number, path: string, text: string | Uint8Array];
export type WriteDone = [id: number, error: string | null, code: string | null];
/** to the writer from the main thread: a batch, or a port that will send blocks */
export type WriterMessage = WriteJob[] | { port: MessagePort };
/** through a port: posts encoded into one block, each [id, path, start, end] */
export type WriteBlock = { block: Uint8Array; posts: Array<[id: number, path: string, start: number, end: number]> };

const main = parentPort!;

function writeBatch(batch: WriteJob[]): void {
  const done: WriteDone[] = [];
  for (const [id, path, text] of batch) {
    try {
      writeFileAtomicSync(path, text);
      done.push([id, null, null]);
    } catch (err) {
      done.push([id, (err as Error).message ?? String(err), (err as NodeJS.ErrnoException).code ?? null]);
    }
  }
  main.postMessage(done);
}

main.on('message', (msg: WriterMessage) => {
  if (Array.isArray(msg)) writeBatch(msg);
  else msg.port.on('message', ({ block, posts }: WriteBlock) => writeBatch(posts.map(([id, path, start, end]) => [id, path, block.subarray(start, end)])));
});
