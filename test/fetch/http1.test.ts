// The HTTP/1.1 client against raw TCP servers that send crafted bytes: framing, keep-alive, retries, errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';
import { Cancellation, HttpClient, isBodyless, type HttpResponse } from '../../src/fetch/http-client.js';
import { ResponseParser, idleTimeoutMs, type ResponseHead } from '../../src/fetch/http1-response.js';
import { repoRoot, tempDir } from '../helpers.js';

interface RawServer {
  base: string;
  /** connections accepted so far */
  connections: number;
  /** request heads received, in order, with the number of the connection they came on (1-based) */
  requests: Array<{ head: string; path: string; conn: number }>;
  /** resolves when every accepted connection has closed */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

type Handler = (socket: Socket, req: { head: string; path: string; conn: number; nth: number }) => void;

/** A TCP server answering each request head (GET, so no body) with whatever `handler` writes. */
async function rawServer(handler: Handler): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const closed: Array<Promise<void>> = [];
  const server = createServer((socket) => {
    const conn = ++state.connections;
    sockets.add(socket);
    closed.push(new Promise((res) => socket.on('close', () => res())));
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    let buf = '';
    let nth = 0;
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      let end: number;
      while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
        const head = buf.slice(0, end + 4);
        buf = buf.slice(end + 4);
        const path = head.split(' ')[1] ?? '';
        state.requests.push({ head, path, conn });
        handler(socket, { head, path, conn, nth: ++nth });
      }
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const state: RawServer = {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: 0,
    requests: [],
    allClosed: async () => {
      await Promise.all(closed);
    },
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.destroy();
        server.close(() => res());
      }),
  };
  servers.push(state);
  return state;
}

const servers: RawServer[] = [];
const clients: HttpClient[] = [];
after(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.close();
});

function client(socketsPerHost = 2): HttpClient {
  const c = new HttpClient({ connectTimeout: 2000, socketsPerHost });
  clients.push(c);
  return c;
}

function get(c: HttpClient, url: string, headers: Record<string, string> = {}, cancel = new Cancellation()): Promise<HttpResponse> {
  return c.get(new URL(url), headers, cancel);
}

async function text(body: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('latin1');
}

/** the error a body stream fails with (the test fails if it ends cleanly) */
async function bodyError(body: Readable): Promise<Error & { code?: string }> {
  try {
    await text(body);
  } catch (err) {
    return err as Error & { code?: string };
  }
  assert.fail('the body ended without an error');
}

async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  assert.fail('the request did not fail');
}

const OK = (body: string, extra = ''): string => `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\n${extra}\r\n${body}`;

test('request bytes: request line, Host, the caller\'s headers as given, Connection: keep-alive', async () => {
  const s = await rawServer((sock) => sock.write(OK('ok')));
  const c = client();
  const port = new URL(s.base).port;
  const res = await get(c, `${s.base}/a/b?x=1&y=%20#frag`, { 'User-Agent': 'feedmill/t', 'if-none-match': '"e"' });
  assert.equal(res.status, 200);
  assert.equal(await text(res.body), 'ok');
  assert.equal(
    s.requests[0]!.head,
    `GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: feedmill/t\r\nif-none-match: "e"\r\nConnection: keep-alive\r\n\r\n`,
  );
  // the caller's Connection wins, and "close" means the socket is not reused
  await text((await get(c, `${s.base}/c`, { Connection: 'close' })).body);
  assert.equal(s.requests[1]!.head, `GET /c HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  await text((await get(c, `${s.base}/d`)).body);
  assert.deepEqual(
    s.requests.map((r) => r.conn),
    [1, 1, 2],
  );
});

test('Content-Length bodies over one kept-alive connection', async () => {
  const s = await rawServer((sock, r) => sock.write(OK(`body of ${r.path}`, 'Content-Type: text/plain\r\n')));
  const c = client();
  for (let i = 0; i < 10; i++) {
    const res = await get(c, `${s.base}/n${i}`);
    assert.equal(res.headers['content-type'], 'text/plain');
    assert.equal(await text(res.body), `body of /n${i}`);
  }
  assert.equal(s.connections, 1, 'ten sequential requests, one connection');
});

test('chunked: extensions ignored, trailers read and dropped, the connection stays usable', async () => {
  const s = await rawServer((sock, r) => {
    if (r.nth === 1) {
      sock.write(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
          '5;name=value\r\nhello\r\n6 ; q="a;b"\r\n world\r\nA\r\n, chunked!\r\n0;last\r\nX-Trailer: 1\r\nX-Other: 2\r\n\r\n',
      );
    } else sock.write(OK('second'));
  });
  const c = client();
  const res = await get(c, `${s.base}/chunked`);
  assert.equal(res.headers['transfer-encoding'], 'chunked');
  assert.equal(await text(res.body), 'hello world, chunked!');
  assert.equal(res.headers['x-trailer'], undefined);
  assert.equal(await text((await get(c, `${s.base}/next`)).body), 'second');
  assert.equal(s.connections, 1);
});

test('a response written one byte at a time', async () => {
  const response =
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nX-Folded: a\r\n b\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n';
  const s = await rawServer((sock) => {
    let i = 0;
    const next = (): void => {
      if (i < response.length) sock.write(response[i++]!, 'latin1', () => setTimeout(next, 1));
    };
    next();
  });
  const c = client();
  for (let round = 0; round < 2; round++) {
    const res = await get(c, `${s.base}/slow`);
    assert.equal(res.headers['x-folded'], 'a b');
    assert.equal(await text(res.body), 'abcde');
  }
  assert.equal(s.connections, 1);
});

test('the framing parser gives the same result for every split of the bytes', () => {
  const bytes = Buffer.from(
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nA: 1\r\na: 2\r\n\r\n' +
      '4;ext\r\nwiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\n',
    'latin1',
  );
  const run = (pieces: Buffer[]): { head: ResponseHead | null; body: string; done: boolean; extra: number } => {
    let head: ResponseHead | null = null;
    let body = '';
    const p = new ResponseParser({ onHead: (h) => (head = h), onBody: (b) => (body += b.toString('latin1')) });
    let done = false;
    for (const piece of pieces) {
      assert.equal(done, false, 'no bytes after the end');
      done = p.execute(piece);
    }
    return { head, body, done, extra: p.extra };
  };
  const whole = run([bytes]);
  assert.equal(whole.body, 'wikipedia in\r\n\r\nchunks.');
  assert.equal(whole.head!.status, 200);
  assert.equal(whole.head!.headers['a'], '1, 2');
  assert.equal(whole.done, true);
  assert.equal(whole.extra, 0);
  for (let i = 1; i < bytes.length; i++) {
    for (const j of [i + 1, i + 3, bytes.length]) {
      if (j > bytes.length || j <= i) continue;
      const r = run([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)].filter((b) => b.length > 0));
      assert.deepEqual(r, whole, `split at ${i}/${j}`);
    }
  }
  const oneByOne = run(Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)));
  assert.deepEqual(oneByOne, whole);
});

test('interim 100 and 103 responses are skipped; 101 is an error', async () => {
  const s = await rawServer((sock, r) => {
    if (r.path === '/upgrade') sock.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n');
    else sock.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n' + OK('final'));
  });
  const c = client(1);
  const res = await get(c, `${s.base}/interim`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['link'], undefined);
  assert.equal(await text(res.body), 'final');
  assert.equal(await text((await get(c, `${s.base}/again`)).body), 'final');
  assert.equal(s.connections, 1);
  const err = await rejection(get(c, `${s.base}/upgrade`));
  assert.match(err.code ?? '', /^HPE_/);
  assert.match(err.message, /101/);
});

test('a close-delimited body ends with the connection, which is not reused', async () => {
  const s = await rawServer((sock, r) => {
    if (r.nth === 1 && r.conn === 1) sock.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the server closes');
    else sock.write(OK('next'));
  });
  const c = client();
  assert.equal(await text((await get(c, `${s.base}/close-delimited`)).body), 'until the server closes');
  assert.equal(await text((await get(c, `${s.base}/next`)).body), 'next');
  assert.equal(s.connections, 2);
});

test('HTTP/1.0: closed after the response unless it says keep-alive', async () => {
  const s = await rawServer((sock, r) => {
    if (r.path.startsWith('/ka')) sock.write('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nka');
    else sock.write('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok');
  });
  const c = client(1);
  assert.equal(await text((await get(c, `${s.base}/plain1`)).body), 'ok');
  assert.equal(await text((await get(c, `${s.base}/plain2`)).body), 'ok');
  assert.equal(s.connections, 2, 'an HTTP/1.0 response without keep-alive closes the connection');
  assert.equal(await text((await get(c, `${s.base}/ka1`)).body), 'ka');
  assert.equal(await text((await get(c, `${s.base}/ka2`)).body), 'ka');
  assert.equal(s.connections, 3);
});

test('204 and 304 have no body, whatever their headers say', async () => {
  const s = await rawServer((sock, r) => {
    if (r.path === '/304') sock.write('HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nContent-Length: 500\r\n\r\n');
    else if (r.path === '/204') sock.write('HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n');
    else sock.write(OK('after'));
  });
  const c = client(1);
  const notModified = await get(c, `${s.base}/304`, { 'If-None-Match': '"v1"' });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.headers['etag'], '"v1"');
  assert.equal(isBodyless(notModified), true, 'no stream machinery for a body that does not exist');
  assert.equal(await text(notModified.body), '');
  const noContent = await get(c, `${s.base}/204`);
  assert.equal(noContent.status, 204);
  assert.equal(await text(noContent.body), '');
  const withBody = await get(c, `${s.base}/after`);
  assert.equal(isBodyless(withBody), false);
  assert.equal(await text(withBody.body), 'after');
  assert.equal(s.connections, 1, 'nothing was read as a body, the socket stayed in step');
});

test('a reused socket the server closed meanwhile: the GET is retried once on a new connection', async () => {
  // the server drops the second request on every connection without answering
  const s = await rawServer((sock, r) => {
    if (r.nth === 2) sock.destroy();
    else sock.write(OK(`conn ${r.conn}`));
  });
  const c = client(1);
  assert.equal(await text((await get(c, `${s.base}/1`)).body), 'conn 1');
  assert.equal(await text((await get(c, `${s.base}/2`)).body), 'conn 2');
  assert.deepEqual(
    s.requests.map((r) => `${r.path}@${r.conn}`),
    ['/1@1', '/2@1', '/2@2'],
  );
  // a fresh connection that fails is not retried
  const fresh = await rawServer((sock) => sock.destroy());
  const err = await rejection(get(c, `${fresh.base}/x`));
  assert.equal(err.code, 'ECONNRESET');
  assert.equal(fresh.requests.length, 1);
});

test('a server closing an idle connection: the next request still succeeds, on a new connection', async () => {
  const s = await rawServer((sock, r) => sock.end(OK(`conn ${r.conn}`)));
  const c = client(1);
  for (let i = 1; i <= 3; i++) assert.equal(await text((await get(c, `${s.base}/${i}`)).body), `conn ${i}`);
  assert.equal(s.connections, 3);
});

test('Connection: close from the server means a new connection next time', async () => {
  const s = await rawServer((sock) => sock.write(OK('bye', 'Connection: close\r\n')));
  const c = client(1);
  for (let i = 0; i < 3; i++) assert.equal(await text((await get(c, `${s.base}/${i}`)).body), 'bye');
  assert.equal(s.connections, 3);
  await s.allClosed();
});

test('bytes after the end of a response: the socket is not trusted again', async () => {
  const s = await rawServer((sock) => sock.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA'));
  const c = client(1);
  assert.equal(await text((await get(c, `${s.base}/1`)).body), 'ok');
  assert.equal(await text((await get(c, `${s.base}/2`)).body), 'ok');
  assert.equal(s.connections, 2);
});

test('a response head over 64 KiB is refused; one under it is read', async () => {
  const s = await rawServer((sock, r) => {
    const size = r.path === '/big' ? 70 * 1024 : 60 * 1024;
    sock.write(`HTTP/1.1 200 OK\r\nX-Pad: ${'p'.repeat(size)}\r\nContent-Length: 2\r\n\r\nok`);
  });
  const c = client();
  const fine = await get(c, `${s.base}/fine`);
  assert.equal(fine.headers['x-pad']!.length, 60 * 1024);
  assert.equal(await text(fine.body), 'ok');
  const err = await rejection(get(c, `${s.base}/big`));
  assert.equal(err.code, 'HPE_HEADER_OVERFLOW');
});

test('a bad chunk size fails the body with HPE_INVALID_CHUNK_SIZE', async () => {
  const s = await rawServer((sock) => sock.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nZZZ\r\nabc\r\n0\r\n\r\n'));
  const c = client();
  const res = await get(c, `${s.base}/bad`);
  assert.equal(res.status, 200);
  const err = await bodyError(res.body);
  assert.equal(err.code, 'HPE_INVALID_CHUNK_SIZE');
  assert.equal(err.message, 'Parse Error: Invalid character in chunk size');
  await s.allClosed();
});

test('a body cut short by the server closing fails with ECONNRESET', async () => {
  const s = await rawServer((sock, r) => {
    if (r.path === '/cl') sock.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this');
    else sock.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly');
  });
  const c = client();
  for (const path of ['/cl', '/chunked']) {
    const res = await get(c, `${s.base}${path}`);
    const err = await bodyError(res.body);
    assert.equal(err.code, 'ECONNRESET', path);
  }
});

test('Content-Length: conflicting, beside chunked, or not a number', async () => {
  const answers: Record<string, string> = {
    '/conflict': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
    '/with-chunked': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    '/nan': 'HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nhello',
    '/same-twice': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello',
  };
  const s = await rawServer((sock, r) => sock.write(answers[r.path]!));
  const c = client();
  assert.equal((await rejection(get(c, `${s.base}/conflict`))).code, 'HPE_UNEXPECTED_CONTENT_LENGTH');
  assert.equal((await rejection(get(c, `${s.base}/with-chunked`))).code, 'HPE_UNEXPECTED_CONTENT_LENGTH');
  assert.equal((await rejection(get(c, `${s.base}/nan`))).code, 'HPE_INVALID_CONTENT_LENGTH');
  const same = await get(c, `${s.base}/same-twice`);
  assert.equal(same.headers['content-length'], '5');
  assert.equal(await text(same.body), 'hello');
});

test('header names lower-cased, values trimmed, repeated headers joined, obs-fold unfolded', async () => {
  const s = await rawServer((sock) =>
    sock.write(
      'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Multi:  one \r\nset-cookie: b=2\r\nX-MULTI:two\r\nX-Folded: first\r\n   second\r\n\tthird\r\n' +
        'X-Latin: caf\xe9\xa0\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n',
      'latin1',
    ),
  );
  const res = await get(client(), `${s.base}/h`);
  assert.deepEqual(res.headers, {
    'set-cookie': 'a=1, b=2',
    'x-multi': 'one, two',
    'x-folded': 'first second third',
    'x-latin': 'caf\xe9\xa0', // no-break space is not HTTP whitespace
    'x-empty': '',
    'content-length': '0',
  });
  assert.equal(await text(res.body), '');
});

test('heads with bare LF line ends are read, as browsers do', async () => {
  const s = await rawServer((sock) => sock.write('HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 2\n\nok'));
  const c = client();
  const res = await get(c, `${s.base}/lf`);
  assert.equal(res.headers['content-type'], 'text/plain');
  assert.equal(await text(res.body), 'ok');
  assert.equal(await text((await get(c, `${s.base}/lf2`)).body), 'ok');
  assert.equal(s.connections, 1);
});

test('bad status lines are protocol errors', async () => {
  const answers: Record<string, [string, string]> = {
    '/garbage': ['HELLO THERE\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    '/status': ['HTTP/1.1 20 OK\r\n\r\n', 'HPE_INVALID_STATUS'],
    '/letters': ['HTTP/1.1 abc OK\r\n\r\n', 'HPE_INVALID_STATUS'],
    '/version': ['HTTP/2 200 OK\r\n\r\n', 'HPE_INVALID_VERSION'],
    '/header': ['HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
  };
  const s = await rawServer((sock, r) => sock.write(answers[r.path]![0]));
  const c = client();
  for (const [path, [, code]] of Object.entries(answers)) {
    const err = await rejection(get(c, `${s.base}${path}`));
    assert.equal(err.code, code, path);
    assert.match(err.message, /^Parse Error: /);
  }
});

test('garbage is refused on its first bytes, without waiting for a whole head', async () => {
  // the server sends five bytes and then nothing: waiting for CRLFCRLF would hang
  const s = await rawServer((sock) => sock.write('HELLO'));
  const err = await rejection(get(client(), `${s.base}/`));
  assert.equal(err.code, 'HPE_INVALID_CONSTANT');
});

test('cancel before the head: ABORT_ERR, the socket is closed, a queued request is never sent', async () => {
  const s = await rawServer(() => {}); // never answers
  const c = client(1);
  const first = new Cancellation();
  const queued = new Cancellation();
  const p1 = get(c, `${s.base}/hang`, {}, first);
  const p2 = get(c, `${s.base}/queued`, {}, queued);
  await new Promise((res) => setTimeout(res, 50));
  queued.cancel();
  first.cancel();
  assert.equal((await rejection(p1)).code, 'ABORT_ERR');
  assert.equal((await rejection(p2)).code, 'ABORT_ERR');
  await s.allClosed();
  assert.deepEqual(
    s.requests.map((r) => r.path),
    ['/hang'],
  );
  // an already-cancelled handle fails at once
  assert.equal((await rejection(get(c, `${s.base}/late`, {}, first))).code, 'ABORT_ERR');
});

test('cancel mid-body: the body fails with ABORT_ERR and the socket is closed', async () => {
  const s = await rawServer((sock) => sock.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nfirst part'));
  const cancel = new Cancellation();
  const res = await get(client(), `${s.base}/partial`, {}, cancel);
  const first = await new Promise<Buffer>((res2) => res.body.once('data', res2));
  assert.equal(first.toString(), 'first part');
  const failed = new Promise<Error & { code?: string }>((res2) => res.body.once('error', res2));
  cancel.cancel();
  assert.equal((await failed).code, 'ABORT_ERR');
  await s.allClosed();
});

test('a large body read slowly arrives intact (backpressure, reused read buffers), then the socket is reused', async () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 7);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 12)) % 251;
  const s = await rawServer((sock, r) => {
    if (r.path === '/big') {
      sock.write(`HTTP/1.1 200 OK\r\nContent-Length: ${big.length}\r\n\r\n`);
      sock.write(big);
    } else {
      // the same bytes chunked, in uneven chunks
      sock.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      for (let at = 0, n = 1; at < big.length; at += n, n = (n * 3 + 1) % 70_000 || 1) {
        const piece = big.subarray(at, at + n);
        sock.write(`${piece.length.toString(16)}\r\n`);
        sock.write(piece);
        sock.write('\r\n');
      }
      sock.write('0\r\n\r\n');
    }
  });
  const c = client(1);
  for (const path of ['/big', '/big-chunked']) {
    const res = await get(c, `${s.base}${path}`);
    const parts: Buffer[] = [];
    let n = 0;
    for await (const chunk of res.body) {
      parts.push(chunk as Buffer);
      if (++n % 20 === 0) await new Promise((r) => setTimeout(r, 2)); // a slow reader
    }
    assert.ok(Buffer.concat(parts).equals(big), path);
  }
  assert.equal(s.connections, 1);
});

test('a body the reader destroys closes the socket; the next request gets a new one', async () => {
  const s = await rawServer((sock, r) => {
    if (r.path === '/big') sock.write(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(1000)}`);
    else sock.write(OK('small'));
  });
  const c = client(1);
  const res = await get(c, `${s.base}/big`);
  await new Promise((res2) => res.body.once('data', res2));
  res.body.destroy();
  assert.equal(await text((await get(c, `${s.base}/small`)).body), 'small');
  assert.equal(s.connections, 2);
});

test('requests beyond socketsPerHost wait their turn, first come first served', async () => {
  const s = await rawServer((sock, r) => setTimeout(() => sock.write(OK(r.path)), 5));
  const c = client(1);
  const bodies = await Promise.all(['/1', '/2', '/3', '/4'].map(async (p) => text((await get(c, `${s.base}${p}`)).body)));
  assert.deepEqual(bodies, ['/1', '/2', '/3', '/4']);
  assert.deepEqual(
    s.requests.map((r) => r.path),
    ['/1', '/2', '/3', '/4'],
  );
  assert.equal(s.connections, 1);
});

test('connection refused passes Node\'s ECONNREFUSED through', async () => {
  const s = await rawServer(() => {});
  const url = `${s.base}/x`;
  await s.close();
  const err = await rejection(get(client(), url));
  assert.equal(err.code, 'ECONNREFUSED');
});

test('headers with CR, LF or NUL are refused before anything is sent', async () => {
  const s = await rawServer((sock) => sock.write(OK('ok')));
  const c = client();
  for (const headers of [{ 'x-bad': 'a\r\nInjected: 1' }, { 'x-nul': 'a\0b' }, { 'bad name': 'v' }, { 'x-bad\r\nInjected': 'v' }] as Array<Record<string, string>>) {
    const err = await rejection(get(c, `${s.base}/h`, headers));
    assert.equal(err.code, 'ERR_INVALID_CHAR');
  }
  assert.equal(s.connections, 0);
});

test('close() destroys idle sockets', async () => {
  const s = await rawServer((sock) => sock.write(OK('ok')));
  const c = client();
  await text((await get(c, `${s.base}/1`)).body);
  c.close();
  await s.allClosed();
});

test('an idle kept-alive socket does not keep the process alive', async () => {
  const s = await rawServer((sock) => sock.write(OK('ok', 'Keep-Alive: timeout=60\r\n')));
  const mod = pathToFileURL(join(repoRoot, 'dist', 'src', 'fetch', 'http-client.js')).href;
  const script = `
    const { HttpClient, Cancellation } = await import(${JSON.stringify(mod)});
    const c = new HttpClient({ connectTimeout: 2000, socketsPerHost: 1 });
    const res = await c.get(new URL(${JSON.stringify(s.base + '/')}), {}, new Cancellation());
    for await (const _ of res.body);
    console.log('status', res.status);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((res) => child.on('exit', (c2, sig) => res([c2, sig])));
  clearTimeout(kill);
  assert.equal(signal, null, 'the child had to be killed: something kept it alive');
  assert.equal(code, 0);
  assert.equal(out.trim(), 'status 200');
  assert.equal(s.connections, 1);
});

test('Keep-Alive: timeout=N sets how long an idle socket is kept', () => {
  assert.equal(idleTimeoutMs(undefined, 4000), 4000);
  assert.equal(idleTimeoutMs('timeout=5, max=100', 4000), 4000);
  assert.equal(idleTimeoutMs('max=100, timeout=30', 4000), 29000);
  assert.equal(idleTimeoutMs('timeout=1', 4000), 500);
  assert.equal(idleTimeoutMs('max=5', 4000), 4000);
});

// HTTPS: a throwaway self-signed certificate for 127.0.0.1 (skipped where openssl is missing)
function selfSigned(): { key: string; cert: string; certFile: string } | null {
  const dir = tempDir('feedmill-tls-');
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  if (r.status !== 0 || !existsSync(certFile)) return null;
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

test('https: default CA checks refuse a self-signed certificate; a trusted one works with keep-alive', async (t) => {
  const pem = selfSigned();
  if (!pem) return t.skip('openssl not available');
  const tls = await import('node:tls');
  let connections = 0;
  const alpn: Array<string | false> = [];
  const server = tls.createServer({ key: pem.key, cert: pem.cert, ALPNProtocols: ['http/1.1'] }, (sock) => {
    connections++;
    alpn.push(sock.alpnProtocol ?? false);
    sock.on('error', () => {});
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      while (buf.includes('\r\n\r\n')) {
        buf = buf.slice(buf.indexOf('\r\n\r\n') + 4);
        sock.write(OK('secure'));
      }
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const err = await rejection(get(client(), `${base}/feed`));
    assert.equal(err.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    // trusted through NODE_EXTRA_CA_CERTS in a child (the client takes no CA option)
    const mod = pathToFileURL(join(repoRoot, 'dist', 'src', 'fetch', 'http-client.js')).href;
    const script = `
      const { HttpClient, Cancellation } = await import(${JSON.stringify(mod)});
      const c = new HttpClient({ connectTimeout: 2000, socketsPerHost: 1 });
      for (let i = 0; i < 3; i++) {
        const res = await c.get(new URL(${JSON.stringify(base + '/feed')}), {}, new Cancellation());
        let body = '';
        for await (const b of res.body) body += b;
        console.log(res.status, body);
      }
      c.close();`;
    const scriptFile = join(tempDir('feedmill-tls-'), 'child.mjs');
    writeFileSync(scriptFile, script);
    const child = spawn(process.execPath, [scriptFile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_EXTRA_CA_CERTS: pem.certFile } });
    let out = '';
    let errOut = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (errOut += d));
    const code = await new Promise<number | null>((res) => child.on('exit', res));
    assert.equal(code, 0, errOut);
    assert.equal(out, '200 secure\n200 secure\n200 secure\n');
    assert.equal(connections, 1, 'one kept-alive connection for three requests (the refused handshake never completed)');
    assert.equal(alpn.at(-1), 'http/1.1');
  } finally {
    await new Promise<void>((res) => server.close(() => res()));
  }
});
