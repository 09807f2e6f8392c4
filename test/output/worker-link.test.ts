// The thread link shared by the post writer and the render client: requests settle by id; when the thread
// stops, what was in flight fails with the reason and the link stays down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerLink } from '../../src/output/worker-link.js';

// answers [id, n * 2]; exits with code 3 when asked for 13
const source = `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ([id, n]) => { if (n === 13) process.exit(3); parentPort.postMessage([id, n * 2]); });`;
const url = new URL(`data:text/javascript,${encodeURIComponent(source)}`);

function doubler(): { link: WorkerLink<[number, number]>; downs: number[] } {
  const downs: number[] = [];
  const link: WorkerLink<[number, number]> = new WorkerLink(url, {}, {
    name: 'doubler',
    onMessage: ([id, value]) => link.settle(id, null, value),
    onDown: () => downs.push(1),
  });
  return { link, downs };
}

test('requests settle by id, in any order, once the thread runs', async () => {
  const { link } = doubler();
  try {
    await link.ready();
    assert.equal(link.running, true);
    const replies = [5, 7, 9].map((n, id) => {
      const reply = link.expect<number>(id);
      link.thread()!.postMessage([id, n]);
      return reply;
    });
    assert.deepEqual(await Promise.all(replies), [10, 14, 18]);
  } finally {
    await link.close();
  }
});

test('when the thread stops, requests in flight fail with the reason and the link stays down', async () => {
  const { link, downs } = doubler();
  try {
    await link.ready();
    const pending = link.expect<number>(1);
    link.thread()!.postMessage([1, 13]);
    await assert.rejects(pending, /the doubler stopped \(exit 3\)/);
    assert.equal(link.running, false);
    assert.equal(link.thread(), null, 'not started again');
    assert.match(String(link.error?.message), /exit 3/);
    await assert.rejects(link.expect(2), /exit 3/);
    assert.equal(downs.length, 1);
  } finally {
    await link.close();
  }
});

test('settling an unknown or settled id does nothing; an error settles as a rejection', async () => {
  const { link } = doubler();
  try {
    await link.ready();
    const p = link.expect<number>(4);
    link.settle(4, new Error('no such feed'));
    link.settle(4, null, 1);
    link.settle(99, null, 1);
    await assert.rejects(p, /no such feed/);
  } finally {
    await link.close();
  }
});
