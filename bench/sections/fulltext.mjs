// Section 5: whole articles — feedmill's extractor against plain Readability on the article-extraction
// benchmark's 97 pages (bench/article-benchmark): F1, precision, recall, pages per second, one child.
import { join } from 'node:path';
import { benchDir, firstLine, runMeasured } from '../lib/util.mjs';

export async function fulltextSection(sz, log) {
  log(`fulltext: article extraction, ${sz.fulltextRounds} interleaved rounds …`);
  const r = await runMeasured(join(benchDir, 'article-extract-child.mjs'), [JSON.stringify({ rounds: sz.fulltextRounds })], { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`article-extract-child.mjs failed: ${firstLine(r.stderr)}`);
  return JSON.parse(r.stdout);
}
