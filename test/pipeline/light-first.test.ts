// The render thread's request order (src/pipeline/light-first.ts): what ends a document's processing is not
// kept waiting behind the reading of later documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { LightFirst } from '../../src/pipeline/light-first.js';

test('light requests run as they arrive; heavy ones one per turn of the event loop, in order', async () => {
  const ran: string[] = [];
  const q = new LightFirst<string>((r) => ran.push(r), (r) => r.startsWith('read'));
  // one burst of messages: three reads, then a write that arrived behind them
  for (const r of ['read 1', 'read 2', 'read 3', 'write 0']) q.push(r);
  assert.deepEqual(ran, ['write 0']);
  assert.equal(q.waiting, 3);
  await turn();
  assert.deepEqual(ran, ['write 0', 'read 1']);
  // a write that arrives while reads wait goes ahead of them
  q.push('write 1');
  q.push('read 4');
  await turn();
  await turn();
  await turn();
  await turn();
  assert.deepEqual(ran, ['write 0', 'read 1', 'write 1', 'read 2', 'read 3', 'read 4']);
  assert.equal(q.waiting, 0);
});
