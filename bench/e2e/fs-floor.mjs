// Reference for the e2e table: how long this machine's file system takes to create N files of a given
// size, plain (writeFileSync) and atomically (write a temp file, then rename) — one thread, no fsync.
// Writing one post per item cannot take less than this, whatever feedmill does.
//   node bench/e2e/fs-floor.mjs <count> <bytes>
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const count = Number(process.argv[2]) || 30_000;
const bytes = Number(process.argv[3]) || 2500;
const body = 'x'.repeat(bytes);
const dir = mkdtempSync(join(tmpdir(), 'feedmill-bench-fs-'));
try {
  let t0 = performance.now();
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `p${i}.md`), body);
  const plainMs = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const tmp = join(dir, `.a${i}.tmp`);
    writeFileSync(tmp, body);
    renameSync(tmp, join(dir, `a${i}.md`));
  }
  const atomicMs = performance.now() - t0;
  process.stdout.write(JSON.stringify({ count, bytes, plainMs, atomicMs }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
