// Peak memory one parser adds while parsing a data set; run once per contender and data set as
//   node --expose-gc bench/parse-memory-child.mjs <contender> <dataset> '<sizes json>'
// Method: a fresh process loads the parser, warms it up on small generated feeds that are not part of the
// data set (so first-use compilation is not charged per input byte), reads the input files as bytes, then
// gc()s twice and takes the baseline RSS. Every contender starts from the same bytes: the libraries decode them with
// TextDecoder inside the measured region (what a user must do before calling them), feedmill's
// parseFeed decodes itself. All results are kept alive until the end and every field is read.
// The peak is the kernel's high-water mark of the process (process.resourceUsage().maxRSS), which
// counts every page touched, garbage not yet collected included — what a machine must provide.
// added = maxRSS_after − RSS_baseline. When the high-water mark did not rise during parsing (the
// peak stayed below an earlier transient), the figure is an upper bound and is marked as such.
// Retained heap (after a final gc, results still alive) is reported beside it.
import { CONTENDERS } from './parsers/contenders.mjs';
import { loadDataset, syntheticDoc, SYNTHETIC_KINDS } from './lib/datasets.mjs';

const [name, ds, sizesJson] = process.argv.slice(2);
const c = CONTENDERS[name];
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');
await c.load();
const docs = loadDataset(ds, JSON.parse(sizesJson ?? '{}'), { bytesOnly: true }).map((d) => ({ name: d.name, buf: d.buf, enc: d.enc }));
const bytes = docs.reduce((s, d) => s + d.buf.length, 0);
const decode = !c.limit && name !== 'feedmill' && name !== 'feedsmith-bytes';
/** One parse as the measured loop does it: the libraries decode first, feedmill gets bytes. */
async function parseOne(d) {
  const input = decode || c.limit ? { buf: d.buf, enc: d.enc, str: new TextDecoder(d.enc).decode(d.buf) } : d;
  return c.async ? await c.parse(input) : c.parse(input);
}
// Warm-up, every contender alike: small generated feeds of each kind (not the measured data), parsed a few
// times and dropped, so that compiling the contender's code is not charged as memory per byte of input.
if (!process.env.BENCH_NO_WARMUP) {
  const warm = SYNTHETIC_KINDS.flatMap((k) => syntheticDoc(k, { mb: 0.2, items: 60 }));
  for (let round = 0; round < 3; round++) {
    for (const d of warm) {
      try {
        c.touch(await parseOne(d));
      } catch {
        // a contender that cannot read one of them is measured all the same
      }
    }
  }
}
gc();
gc();
const hwm0 = process.resourceUsage().maxRSS * 1024;
const mem0 = process.memoryUsage();
const results = [];
let check = 0;
for (const d of docs) {
  try {
    const res = await parseOne(d);
    check += c.touch(res);
    results.push(res);
  } catch {
    results.push(null);
  }
}
const hwm1 = process.resourceUsage().maxRSS * 1024;
gc();
const mem1 = process.memoryUsage();
const added = hwm1 - mem0.rss;
process.stdout.write(JSON.stringify({
  contender: name,
  dataset: ds,
  inputBytes: bytes,
  baselineRss: mem0.rss,
  peakAddedBytes: added,
  peakAddedPerInput: added / bytes,
  upperBound: hwm1 <= hwm0,
  retainedBytes: (mem1.heapUsed + mem1.external) - (mem0.heapUsed + mem0.external),
  results: results.length,
  check,
}));
