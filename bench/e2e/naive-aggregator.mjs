// The naive aggregator a user would hack together: Node's fetch + rss-parser, `concurrency` workers
// over the URL list, no writing. With --validators-in it sends the ETag/Last-Modified it got last time.
//   node bench/e2e/naive-aggregator.mjs <urls.json> <concurrency> [validators-in.json] [validators-out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Parser = require('rss-parser');

const [urlsFile, concArg, validatorsIn, validatorsOut] = process.argv.slice(2);
const urls = JSON.parse(readFileSync(urlsFile, 'utf8'));
const concurrency = Number(concArg) || 16;
const known = validatorsIn ? JSON.parse(readFileSync(validatorsIn, 'utf8')) : {};
const got = {};
const parser = new Parser();
const tally = { ok: 0, notModified: 0, failed: 0, items: 0 };

let next = 0;
async function worker() {
  while (next < urls.length) {
    const url = urls[next++];
    try {
      const headers = {};
      const v = known[url];
      if (v?.etag) headers['if-none-match'] = v.etag;
      if (v?.lastModified) headers['if-modified-since'] = v.lastModified;
      const res = await fetch(url, { headers });
      got[url] = { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
      if (res.status === 304) { tally.notModified++; continue; }
      if (!res.ok) { tally.failed++; await res.arrayBuffer(); continue; }
      const feed = await parser.parseString(await res.text());
      tally.items += feed.items.length;
      tally.ok++;
    } catch {
      tally.failed++;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
if (validatorsOut) writeFileSync(validatorsOut, JSON.stringify(got));
process.stdout.write(JSON.stringify(tally) + '\n');
