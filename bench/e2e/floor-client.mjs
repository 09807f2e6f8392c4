// The least work any tool must do for an e2e pass, as a program measured beside the contenders (a floor,
// not a contender): GET every feed at the same concurrency over raw keep-alive sockets (no HTTP library: the
// bench server always frames with Content-Length, so reading a head and that many bytes is enough here), sending
// validators when given; for each 200, decode the body and run htmlparser2's Tokenizer over it with no-op
// callbacks (the practical parsing limit of section 1); and, when an output folder is given, create one file per
// <item> of about a post's size (plain writeFileSync: no temp file, no rename, no state).
// If its CPU or wall time is above a target's goal, no tool meets that target on this machine.
// FLOOR_EXTRA_MS=x adds x ms of busy main thread per fetched feed, standing in for a tool's own work
// (bench/busy-curve.mjs: how much main-thread work per feed a wall goal leaves room for).
//   node bench/e2e/floor-client.mjs <urls.json> <concurrency> <out-dir|-> <post-bytes> [validators-in] [validators-out]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Tokenizer } from 'htmlparser2';

const [urlsFile, concArg, outDir, postBytesArg, validatorsIn, validatorsOut] = process.argv.slice(2);
const urls = JSON.parse(readFileSync(urlsFile, 'utf8'));
const concurrency = Number(concArg) || 16;
const known = validatorsIn ? JSON.parse(readFileSync(validatorsIn, 'utf8')) : {};
const post = 'x'.repeat(Number(postBytesArg) || 2000);
const writing = outDir && outDir !== '-';
const extraMs = Number(process.env.FLOOR_EXTRA_MS || 0);
if (writing) mkdirSync(outDir, { recursive: true });
const noop = () => {};
const cbs = {
  onattribdata: noop, onattribentity: noop, onattribend: noop, onattribname: noop, oncdata: noop,
  onclosetag: noop, oncomment: noop, ondeclaration: noop, onend: noop, onopentagend: noop,
  onopentagname: noop, onprocessinginstruction: noop, onselfclosingtag: noop, ontext: noop, ontextentity: noop,
};
const decoder = new TextDecoder();
const got = {};
const tally = { ok: 0, notModified: 0, failed: 0, items: 0, files: 0 };
const CRLF2 = Buffer.from('\r\n\r\n');

/** One keep-alive socket; get() resolves with { status, headers, body } of the next response. */
function openConnection(host, port) {
  const socket = connect(port, host);
  let buf = Buffer.alloc(0);
  let waiter = null;
  let head = null;
  const pump = () => {
    if (!waiter) return;
    if (!head) {
      const end = buf.indexOf(CRLF2);
      if (end === -1) return;
      const lines = buf.toString('latin1', 0, end).split('\r\n');
      const headers = {};
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      head = { status: Number(lines[0].split(' ')[1]), headers, length: Number(headers['content-length'] ?? 0) };
      buf = buf.subarray(end + 4);
    }
    if (buf.length < head.length) return;
    const res = { ...head, body: buf.subarray(0, head.length) };
    buf = buf.subarray(head.length);
    head = null;
    const w = waiter;
    waiter = null;
    w.resolve(res);
  };
  socket.on('data', (d) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    pump();
  });
  socket.on('error', (err) => waiter?.reject(err));
  return {
    get(path, extra) {
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
        socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\n${extra}\r\n`, 'latin1');
      });
    },
    close: () => socket.destroy(),
  };
}

let next = 0;
async function worker() {
  let conn = null;
  while (next < urls.length) {
    const n = next++;
    const url = urls[n];
    try {
      const u = new URL(url);
      conn ??= openConnection(u.hostname, Number(u.port));
      const v = known[url];
      let extra = '';
      if (v?.etag) extra += `If-None-Match: ${v.etag}\r\n`;
      if (v?.lastModified) extra += `If-Modified-Since: ${v.lastModified}\r\n`;
      const res = await conn.get(u.pathname + u.search, extra);
      got[url] = { etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null };
      if (res.status === 304) { tally.notModified++; continue; }
      if (res.status !== 200) { tally.failed++; continue; }
      const text = decoder.decode(res.body);
      const t = new Tokenizer({ xmlMode: true, decodeEntities: true }, cbs);
      t.write(text);
      t.end();
      let items = 0;
      for (let at = text.indexOf('<item'); at !== -1; at = text.indexOf('<item', at + 5)) items++;
      tally.items += items;
      if (writing) for (let i = 0; i < items; i++, tally.files++) writeFileSync(join(outDir, `${n}-${i}.md`), post);
      if (extraMs > 0) for (const until = performance.now() + extraMs; performance.now() < until; );
      tally.ok++;
    } catch {
      tally.failed++;
      conn?.close();
      conn = null;
    }
  }
  conn?.close();
}
await Promise.all(Array.from({ length: concurrency }, worker));
if (validatorsOut) writeFileSync(validatorsOut, JSON.stringify(got));
process.stdout.write(JSON.stringify(tally) + '\n');
