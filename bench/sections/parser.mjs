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
    for (const n of names) {
      const m = await runMeasured(join(benchDir, 'parse-memory-child.mjs'), [n, ds, JSON.stringify(sz.parseSizes)], { nodeArgs: ['--expose-gc'], timeoutMs: 300_000 });
      if (m.code !== 0) { memory[ds][n] = { error: firstLine(m.stderr).slice(0, 200) }; continue; }
      memory[ds][n] = JSON.parse(m.stdout);
    }
  }
  return { throughput, memory };
}
