// Section 1: parser throughput (one child, contenders interleaved) and peak memory (one child per
// contender and data set, see parse-memory-child.mjs for the method).
import { join } from 'node:path';
import { benchDir, firstLine, runMeasured } from '../lib/util.mjs';
import { CONTENDERS } from '../parsers/contenders.mjs';
import { datasetNames } from '../lib/datasets.mjs';

export async function parserSection(sz, log) {
  log(`parser throughput: ${sz.parseRounds} interleaved rounds per data set …`);
  const t = await runMeasured(join(benchDir, 'parse-throughput.mjs'), [JSON.stringify({ rounds: sz.parseRounds, sizes: sz.parseSizes, contenders: sz.parseContenders, datasets: sz.parseDatasets })], { nodeArgs: ['--expose-gc'], timeoutMs: 900_000 });
  if (t.code !== 0) throw new Error(`parse-throughput.mjs failed: ${firstLine(t.stderr)}`);
  const throughput = JSON.parse(t.stdout);

  const memory = {};
  const names = sz.memoryContenders ?? Object.keys(CONTENDERS).filter((n) => n !== 'feedsmith-bytes'); // same memory as feedsmith
  for (const ds of sz.memoryDatasets ?? datasetNames()) {
    memory[ds] = {};
    log(`parser memory: ${ds} …`);
    // `memReps` fresh children per contender, alternated; the median child (by peak added) is reported
    const runs = Object.fromEntries(names.map((n) => [n, []]));
    for (let rep = 0; rep < (sz.memReps ?? 1); rep++) {
      for (const n of names) {
        const m = await runMeasured(join(benchDir, 'parse-memory-child.mjs'), [n, ds, JSON.stringify(sz.parseSizes)], { nodeArgs: ['--expose-gc'], timeoutMs: 300_000 });
        runs[n].push(m.code === 0 ? JSON.parse(m.stdout) : { error: firstLine(m.stderr).slice(0, 200) });
      }
    }
    for (const n of names) {
      const ok = runs[n].filter((r) => !r.error).sort((a, b) => a.peakAddedPerInput - b.peakAddedPerInput);
      memory[ds][n] = ok.length ? { ...ok[(ok.length - 1) >> 1], reps: runs[n].map((r) => r.peakAddedPerInput ?? null) } : runs[n][0];
    }
  }
  return { throughput, memory };
}
