// Diagnostic preload (node --import bench/lib/thread-cpu.mjs bin/feedmill.js run …): prints, at exit, the CPU each
// thread of the process used (from /proc/self/task, Linux only): the main thread, then the others, busiest first
// (a document worker, V8's platform threads: garbage collection and compiling, libuv's pool). Threads are read
// every 50 ms, so one that ended (a worker closed before exit) keeps its last reading.
import { readdirSync, readFileSync } from 'node:fs';

const cpu = new Map();
const sample = () => {
  let tasks;
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const t of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(t, (Number(f[11]) + Number(f[12])) * 10); // utime + stime, in 10 ms ticks
    } catch {
      // the thread ended between the listing and the read
    }
  }
};
setInterval(sample, 50).unref();
process.on('exit', () => {
  sample();
  const main = cpu.get(String(process.pid)) ?? 0;
  const others = [...cpu].filter(([t, ms]) => t !== String(process.pid) && ms > 0).map(([, ms]) => ms).sort((a, b) => b - a);
  process.stderr.write(`[thread-cpu] main ${main} ms; other threads ${others.join(', ') || 'none'} ms (total ${others.reduce((a, b) => a + b, 0)} ms)\n`);
});
