// Reference for the e2e table: how long this machine's file system takes to create N files of a given
// size, plain (writeFileSync) and atomically (write a temp file, then rename) — one thread, no fsync.
// Writing one post per item cannot take less than this, whatever feedmill does.
// The files are left in <dir> for the caller to remove once every measurement is done (see removeLater
// in lib/util.mjs: deleting them here would slow the file creation measured next).
//   node bench/e2e/fs-floor.mjs <count> <bytes> <dir>
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const count = Number(process.argv[2]) || 30_000;
const bytes = Number(process.argv[3]) || 2500;
const root = process.argv[4];
if (!root) throw new Error('usage: fs-floor.mjs <count> <bytes> <dir>');
const body = 'x'.repeat(bytes);
// plain, atomic, plain, atomic into fresh directories; the faster of the two runs of each kind is
// reported (a floor: machine load only ever adds time)
const best = { plainMs: Infinity, atomicMs: Infinity, plainCpuMs: Infinity, atomicCpuMs: Infinity };
const cpuMs = (c) => (c.user + c.system) / 1000;
for (let round = 0; round < 2; round++) {
  const plainDir = join(root, `plain${round}`);
  mkdirSync(plainDir);
  let c0 = process.cpuUsage();
  let t0 = performance.now();
  for (let i = 0; i < count; i++) writeFileSync(join(plainDir, `p${i}.md`), body);
  best.plainMs = Math.min(best.plainMs, performance.now() - t0);
  best.plainCpuMs = Math.min(best.plainCpuMs, cpuMs(process.cpuUsage(c0)));
  const atomicDir = join(root, `atomic${round}`);
  mkdirSync(atomicDir);
  c0 = process.cpuUsage();
  t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const tmp = join(atomicDir, `.a${i}.tmp`);
    writeFileSync(tmp, body);
    renameSync(tmp, join(atomicDir, `a${i}.md`));
  }
  best.atomicMs = Math.min(best.atomicMs, performance.now() - t0);
  best.atomicCpuMs = Math.min(best.atomicCpuMs, cpuMs(process.cpuUsage(c0)));
}
process.stdout.write(JSON.stringify({ count, bytes, ...best }));
