// Diagnostic preload (node --import bench/lib/first-request.mjs bin/feedmill.js run …): prints, at exit, when the
// first connection started and when the last socket data arrived, in ms since the process started. What comes
// before the first connection (loading modules, reading the config, opening the store) adds to a run's wall time
// whatever the latency floor.
import net from 'node:net';

let first = null;
let lastData = 0;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  first ??= performance.now();
  this.on('data', () => {
    lastData = performance.now();
  });
  return connect.apply(this, args);
};
process.on('exit', () => {
  process.stderr.write(`[first-request] first connection at ${first === null ? '-' : first.toFixed(0)} ms, last data at ${lastData.toFixed(0)} ms, exit at ${performance.now().toFixed(0)} ms\n`);
});
