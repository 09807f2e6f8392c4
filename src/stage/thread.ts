// The document worker's thread: the in-process stage behind messages from `DocumentPool`.
import { parentPort } from 'node:worker_threads';
import { InProcessDocuments } from './documents.js';

const stage = new InProcessDocuments();

// id 0: a call that wants no answer (drop)
parentPort!.on('message', async (m: { id: number; op: string; args: any[] }) => {
  try {
    const value = await answer(m.op, m.args);
    if (m.id) parentPort!.postMessage({ id: m.id, ok: true, value });
  } catch (err) {
    if (m.id) parentPort!.postMessage({ id: m.id, ok: false, error: (err as Error).message });
  }
});

async function answer(op: string, args: any[]): Promise<unknown> {
  switch (op) {
    case 'parse':
      return stage.parse(args[0], args[1], args[2]);
    case 'render':
      return stage.render(args[0], args[1], args[2], args[3]);
    case 'drop':
      return stage.drop(args[0]);
    default:
      throw new Error(`unknown operation ${op}`);
  }
}
