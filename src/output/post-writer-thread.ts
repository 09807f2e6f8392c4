// The post writer's thread: writes each batch of posts with plain synchronous calls, in order.
import { parentPort } from 'node:worker_threads';
import { writeFileAtomicSync } from './write.js';

export type WriteJob = [id: number, path: string, text: string];
export type WriteDone = [id: number, error: string | null, code: string | null];

parentPort!.on('message', (batch: WriteJob[]) => {
  const done: WriteDone[] = [];
  for (const [id, path, text] of batch) {
    try {
      writeFileAtomicSync(path, text);
      done.push([id, null, null]);
    } catch (err) {
      done.push([id, (err as Error).message ?? String(err), (err as NodeJS.ErrnoException).code ?? null]);
    }
  }
  parentPort!.postMessage(done);
});
