// Preloaded into measured children (node --import): writes the process's own CPU time and peak RSS at exit,
// and how long the main thread's event loop was busy. A run whose main thread is busy nearly all the time is
// bound by that thread, whatever the latency floor.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    const elu = performance.eventLoopUtilization();
    writeFileSync(file, JSON.stringify({
      cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, userMs: u.userCPUTime / 1000, sysMs: u.systemCPUTime / 1000, maxRssKiB: u.maxRSS, minflt: u.minorPageFault,
      loopActiveMs: elu.active,
    }));
  });
}
