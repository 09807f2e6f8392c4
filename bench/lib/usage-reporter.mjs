// Preloaded into measured children (node --import): writes the process's own CPU time and peak RSS at exit.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, userMs: u.userCPUTime / 1000, sysMs: u.systemCPUTime / 1000, maxRssKiB: u.maxRSS }));
  });
}
