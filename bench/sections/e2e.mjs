// Section 2: end to end — `feedmill run` (writes posts and state) against the naive rss-parser +
// fetch aggregator (no writing), first pass then an all-304 pass, on the local latency server.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, median, removeLater, runMeasured } from '../lib/util.mjs';
import { CONCURRENCY, filesWritten, latencyFloorMs, runFeedmill, runFloor, runNaive, snapshot, startServer, tempDir, writeConfig } from '../e2e/harness.mjs';

// the floor program's file size: about what a post of the e2e feed measures (1,954 B)
const FLOOR_POST_BYTES = 2000;
const WHO = ['feedmill', 'naive', 'floor'];

function avgSize(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).slice(0, 200);
  return files.reduce((s, f) => s + statSync(join(dir, f)).size, 0) / files.length;
}

function countPosts(dir) {
  try { return readdirSync(dir).filter((f) => f.endsWith('.md')).length; } catch { return 0; }
}

function summarize(runs) {
  const ok = runs.filter((r) => !r.error);
  const pick = (k) => median(ok.map((r) => r[k]));
  return {
    wallMs: pick('wallMs'), cpuMs: pick('cpuMs'), userMs: pick('userMs'), sysMs: pick('sysMs'), peakRssMiB: pick('peakRssMiB'),
    loopActiveMs: pick('loopActiveMs'),
    runs: runs.length, failedRuns: runs.length - ok.length, error: runs.find((r) => r.error)?.error ?? null,
    details: runs,
  };
}

export async function e2eSection(sz, log) {
  const server = await startServer({ feeds: sz.e2eFeeds, items: sz.e2eItems, itemBytes: 1500, latMin: 20, latMax: 50 });
  const work = tempDir('feedmill-bench-e2e-');
  try {
    const urls = Array.from({ length: sz.e2eFeeds }, (_, n) => server.url(n));
    const urlsFile = join(work, 'urls.json');
    writeFileSync(urlsFile, JSON.stringify(urls));
    const floorMs = latencyFloorMs(server.latencies, CONCURRENCY);
    const runs = Object.fromEntries(WHO.map((w) => [w, { pass1: [], pass2: [] }]));

    for (let rep = 0; rep < sz.e2eReps; rep++) {
      // each contender in turn goes first
      const order = WHO.map((_, k) => WHO[(k + rep) % WHO.length]);
      const fmDir = join(work, `fm-${rep}`);
      const valFile = join(work, `validators-${rep}.json`);
      const floorVal = join(work, `floor-validators-${rep}.json`);
      let cfg = null;
      for (const pass of ['pass1', 'pass2']) {
        for (const who of order) {
          log(`e2e rep ${rep + 1}/${sz.e2eReps} ${pass} ${who} …`);
          await server.reset();
          let r;
          if (who === 'feedmill') {
            if (!cfg) { mkdirSync(fmDir, { recursive: true }); cfg = writeConfig(fmDir, urls, { concurrency: CONCURRENCY }); }
            const before = snapshot(join(fmDir, 'posts'));
            r = await runFeedmill(cfg);
            const after = snapshot(join(fmDir, 'posts'));
            r.posts = countPosts(join(fmDir, 'posts'));
            if (r.posts > 0) r.avgPostBytes = avgSize(join(fmDir, 'posts'));
            r.filesWritten = filesWritten(before, after);
          } else if (who === 'naive') {
            r = pass === 'pass1' ? await runNaive(urlsFile, CONCURRENCY, '', valFile) : await runNaive(urlsFile, CONCURRENCY, valFile, '');
          } else {
            r = pass === 'pass1'
              ? await runFloor(urlsFile, CONCURRENCY, join(work, `floor-${rep}`), FLOOR_POST_BYTES, '', floorVal)
              : await runFloor(urlsFile, CONCURRENCY, '-', FLOOR_POST_BYTES, floorVal, '');
          }
          r.served = await server.stats();
          runs[who][pass].push(r);
        }
      }
    }
    const out = { feeds: sz.e2eFeeds, itemsPerFeed: sz.e2eItems, concurrency: CONCURRENCY, latencyFloorMs: floorMs };
    // what the file system alone needs to create that many posts (see e2e/fs-floor.mjs)
    const postBytes = Math.round(median(runs.feedmill.pass1.map((r) => r.avgPostBytes)) || 2500);
    log(`e2e: file-system floor for ${sz.e2eFeeds * sz.e2eItems} files of ${postBytes} B …`);
    const fsDir = join(work, 'fs-floor');
    mkdirSync(fsDir);
    const fsr = await runMeasured(join(benchDir, 'e2e', 'fs-floor.mjs'), [String(sz.e2eFeeds * sz.e2eItems), String(postBytes), fsDir]);
    out.fsFloor = fsr.code === 0 ? JSON.parse(fsr.stdout) : { error: fsr.stderr.slice(0, 200) };
    for (const pass of ['pass1', 'pass2']) {
      out[pass] = {};
      for (const who of WHO) {
        const s = summarize(runs[who][pass]);
        if (who === 'feedmill') {
          s.posts = median(runs[who][pass].map((r) => r.posts));
          s.filesWritten = Math.max(...runs[who][pass].map((r) => r.filesWritten));
        }
        s.served = runs[who][pass].at(-1)?.served ?? null;
        // the feed server shares the two cores: its CPU during this contender's runs
        s.serverCpuMs = median(runs[who][pass].map((r) => r.served?.cpuMs ?? NaN));
        if (who !== 'feedmill') s.tally = runs[who][pass].at(-1)?.tally ?? null;
        out[pass][who] = s;
      }
    }
    return out;
  } finally {
    server.stop();
    removeLater(work);
  }
}
