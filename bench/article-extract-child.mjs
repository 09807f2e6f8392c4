// Child of the fulltext bench section: feedmill's extractor and plain Readability (over linkedom, as a
// user would wire it) on the article-extraction benchmark's pages, in one process, rounds interleaved.
// Quality from the first round; speed = pages ÷ the median round's time (bytes in, plain text out), by the
// wall clock and by this process's CPU time (what counts when other processes share the cores).
//   node bench/article-extract-child.mjs '{"rounds":3}'
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { benchDir, importFeedmill, median } from './lib/util.mjs';
import { pageCounts, summarize } from './lib/article-score.mjs';

const { rounds = 3 } = JSON.parse(process.argv[2] ?? '{}');
const dir = join(benchDir, 'article-benchmark');
const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8'));
const pages = Object.entries(truth).map(([key, gt]) => ({ url: gt.url, truth: gt.articleBody, bytes: gunzipSync(readFileSync(join(dir, 'html', `${key}.html.gz`))) }));

const ft = await importFeedmill('fulltext/extract.js');
if (ft.error) throw new Error(ft.error);
const contenders = {
  feedmill: (p) => ft.mod.extractArticle(p.bytes, { url: p.url })?.text ?? '',
  readability: (p) => new Readability(parseHTML(p.bytes.toString('utf8')).document).parse()?.textContent ?? '',
};

const out = {};
for (const name of Object.keys(contenders)) out[name] = { times: [], cpuTimes: [], errors: 0 };
for (let r = 0; r < rounds; r++) {
  const names = Object.keys(contenders);
  if (r % 2) names.reverse();
  for (const name of names) {
    const fn = contenders[name];
    const texts = [];
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (const p of pages) {
      try {
        texts.push(fn(p));
      } catch {
        out[name].errors++;
        texts.push('');
      }
    }
    out[name].times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    out[name].cpuTimes.push((c.user + c.system) / 1000);
    if (r === 0) Object.assign(out[name], summarize(pages.map((p, i) => pageCounts(p.truth, texts[i]))));
  }
}
for (const c of Object.values(out)) {
  c.ms = median(c.times);
  c.pagesPerSec = pages.length / (c.ms / 1000);
  c.cpuMs = median(c.cpuTimes);
  c.pagesPerCpuSec = pages.length / (c.cpuMs / 1000);
  c.errors = Math.round(c.errors / rounds);
}
process.stdout.write(JSON.stringify({ pages: pages.length, rounds, contenders: out }));
