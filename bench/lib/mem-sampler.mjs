// Diagnostic preload (node --import bench/lib/mem-sampler.mjs …): samples process.memoryUsage()
// every 50 ms and prints the peak of each part at exit, to tell V8 heap from native memory.
// Also the main thread's V8 spaces as committed at the heap's peak (which space grew).
import { getHeapSpaceStatistics } from 'node:v8';

const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
let spaces = '';
const sample = () => {
  const m = process.memoryUsage();
  if (m.heapTotal > peak.heapTotal) {
    spaces = getHeapSpaceStatistics()
      .filter((x) => x.physical_space_size > 0)
      .map((x) => `${x.space_name} ${(x.physical_space_size / 1048576).toFixed(1)}`)
      .join(', ');
  }
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
};
setInterval(sample, 50).unref();
process.on('exit', () => {
  sample();
  const mib = (x) => (x / 1048576).toFixed(1);
  process.stderr.write(`[mem-sampler] peak MiB: ${Object.entries(peak).map(([k, v]) => `${k} ${mib(v)}`).join(', ')}; maxRSS ${mib(process.resourceUsage().maxRSS * 1024)}\n[mem-sampler] main thread's V8 spaces at the heap's peak, MiB committed: ${spaces}\n`);
});
