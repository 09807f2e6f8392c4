// Reference for the e2e table: how long this machine's file system takes to create N files of a given
// size, plain (writeFileSync) and atomically (write a temp file, then rename) — one thread, no fsync.
// Writing one post per item cannot take less than this, whatever feedmill does.
//   node bench/e2e/fs-floor.mjs <count> <bytes>
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const count = Number(process.argv[2]) || 30_000;
const bytes = Number(process.argv[3]) || 2500;
const body = 'x'.repeat(bytes);
const root = mkdtempSync(join(tmpdir(), 'feedmill-bench-fs-'));
// plain, atomic, plain, atomic into fresh directories; the faster of the two runs of each kind is
// reported (a floor: machine load only ever adds time)
const best = { plainMs: Infinity, atomicMs: Infinity, plainCpuMs: Infinity, atomicCpuMs: Infinity };
const cpuMs = (c) => (c.user + c.system) / 1000;
try {
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
    rmSync(plainDir, { recursive: true, force: true });
    rmSync(atomicDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify({ count, bytes, ...best }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
