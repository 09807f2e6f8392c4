// Diagnostic preload (node --import bench/lib/mem-sampler.mjs …): samples process.memoryUsage()
// every 200 ms and prints the peak of each part at exit, to tell V8 heap from native memory.
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
};
setInterval(sample, 200).unref();
process.on('exit', () => {
  sample();
  const mib = (x) => (x / 1048576).toFixed(1);
  process.stderr.write(`[mem-sampler] peak MiB: ${Object.entries(peak).map(([k, v]) => `${k} ${mib(v)}`).join(', ')}; maxRSS ${mib(process.resourceUsage().maxRSS * 1024)}\n`);
});
