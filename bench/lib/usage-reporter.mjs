// Preloaded into measured children (node --import): writes the process's own CPU time and peak RSS at exit,
// and how long the main thread's event loop was busy. A run whose main thread is busy nearly all the time is
// bound by that thread, whatever the latency floor. Worker threads' busy time is summed too (sampled every
// 20 ms while each runs: a worker's figures are gone once it exits), for runs bound by a worker.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  const workerActive = new Map();
  process.on('worker', (worker) => {
    const sample = () => {
      const active = worker.performance.eventLoopUtilization().active;
      if (active > 0) workerActive.set(worker, active);
    };
    const timer = setInterval(sample, 20).unref();
    worker.once('exit', () => clearInterval(timer));
  });
  process.on('exit', () => {
    const u = process.resourceUsage();
    const elu = performance.eventLoopUtilization();
    writeFileSync(file, JSON.stringify({
      cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, userMs: u.userCPUTime / 1000, sysMs: u.systemCPUTime / 1000, maxRssKiB: u.maxRSS, minflt: u.minorPageFault,
      loopActiveMs: elu.active, workerActiveMs: [...workerActive.values()].reduce((a, b) => a + b, 0),
    }));
  });
}
