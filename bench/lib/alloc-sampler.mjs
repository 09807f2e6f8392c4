// Diagnostic preload (node --import bench/lib/alloc-sampler.mjs bin/feedmill.js run …): V8's sampling heap
// profiler on the main thread, counting objects collected since (so it shows what was allocated, not only what
// is alive); prints at exit the total and the functions that allocated most, by their own allocations.
import { Session } from 'node:inspector';
import { relative } from 'node:path';

const session = new Session();
session.connect();
session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
process.on('exit', () => {
  // the inspector answers synchronously inside the same thread
  session.post('HeapProfiler.stopSampling', (err, r) => {
    if (err) return void process.stderr.write(`[alloc-sampler] ${err.message}\n`);
    const self = new Map();
    let total = 0;
    const walk = (n) => {
      const cf = n.callFrame;
      const where = cf.url ? `${relative(process.cwd(), cf.url.replace('file://', ''))}:${cf.lineNumber + 1}` : '';
      const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
      self.set(key, (self.get(key) ?? 0) + n.selfSize);
      total += n.selfSize;
      for (const c of n.children) walk(c);
    };
    walk(r.profile.head);
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
    process.stderr.write(`[alloc-sampler] main thread allocated ${(total / 1e6).toFixed(1)} MB\n${top.map(([k, v]) => `[alloc-sampler] ${(v / 1e6).toFixed(1).padStart(7)} MB  ${k}\n`).join('')}`);
  });
});
