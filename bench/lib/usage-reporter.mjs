// Preloaded into measured children (node --import): writes the process's own CPU time and peak RSS at exit,
// plus the main thread's own CPU time (Linux: /proc/thread-self) and how long its event loop was busy. A run
// whose main thread is busy nearly all the time is bound by that thread, whatever the latency floor.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_USAGE_FILE;

function mainThreadCpuMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15) in clock ticks; 100 a second on Linux
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    const elu = performance.eventLoopUtilization();
    writeFileSync(file, JSON.stringify({
      cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, userMs: u.userCPUTime / 1000, sysMs: u.systemCPUTime / 1000, maxRssKiB: u.maxRSS,
      mainCpuMs: mainThreadCpuMs(), loopActiveMs: elu.active, loopIdleMs: elu.idle,
    }));
  });
}
