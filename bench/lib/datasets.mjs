// Inputs for the parser benchmarks: the bundled real-world corpus and the generated feeds.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './util.mjs';
import { SYNTHETIC, sized } from './synthetic.mjs';

export const corpusDir = join(benchDir, 'corpus');

/** The 134 XML files of bench/corpus (JSON Feeds are left out: two of the libraries read only XML). */
export function realCorpus({ limit = Infinity, bytesOnly = false } = {}) {
  const manifest = JSON.parse(readFileSync(join(corpusDir, 'manifest.json'), 'utf8'));
  return manifest.real.slice(0, limit).map((m) => {
    const buf = readFileSync(join(corpusDir, m.file));
    // The libraries get text decoded with the file's real charset, as a careful user would pass it.
    const str = bytesOnly ? '' : new TextDecoder(m.enc).decode(buf);
    return { name: m.file, buf, str, items: m.items, enc: m.enc };
  });
}

/** One generated feed of about `mb` MB with `items` items. */
export function syntheticDoc(kind, { mb = 5, items = 2000, bytesOnly = false } = {}) {
  // BENCH_CACHE (set by run.mjs) holds generated files, so child processes read bytes instead of
  // generating (which would leave garbage pages in the memory children's baseline).
  const cache = process.env.BENCH_CACHE ? join(process.env.BENCH_CACHE, `${kind}-${mb}MB-${items}.xml`) : null;
  let buf;
  if (cache && existsSync(cache)) buf = readFileSync(cache);
  else {
    buf = Buffer.from(sized(SYNTHETIC[kind], { totalBytes: mb * 1e6, items }), 'utf8');
    if (cache) writeFileSync(cache, buf);
  }
  return [{ name: kind, buf, str: bytesOnly ? '' : buf.toString('utf8'), items, enc: 'utf-8' }];
}

export const SYNTHETIC_KINDS = Object.keys(SYNTHETIC);

export function loadDataset(name, sizes, { bytesOnly = false } = {}) {
  if (name === 'real') return realCorpus({ limit: sizes.realFiles ?? Infinity, bytesOnly });
  return syntheticDoc(name, { mb: sizes.synthMB, items: sizes.synthItems, bytesOnly });
}

export function datasetNames() {
  return ['real', ...SYNTHETIC_KINDS];
}
