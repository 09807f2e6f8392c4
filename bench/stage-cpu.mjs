// The document stage alone, in this thread: the e2e bench's 1,000 feeds parsed and rendered as a run's document
// worker does it (no fetching, no store, no files), for owners changing the parser, the sanitizer or the renderer.
// Rep 1 is a cold start like a run's; the later reps show the warm cost. Builds take turns in separate processes.
//   node bench/stage-cpu.mjs <reps> <root> [<root> …]        (a root holds dist/src/stage/documents.js)
// For a CPU profile of one build: node --cpu-prof bench/stage-cpu.mjs --one <root> 4, then profile.mjs top.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { e2eFeed } from './lib/synthetic.mjs';
import { median } from './lib/util.mjs';

const FEEDS = 1000;

async function once(root, reps) {
  const dist = (p) => pathToFileURL(resolve(root, 'dist/src', p)).href;
  const { InProcessDocuments } = await import(dist('stage/documents.js'));
  const { configFromObject } = await import(dist('index.js'));
  const config = configFromObject({ output: { dir: 'posts' }, feeds: [] }, process.cwd());
  const settings = { images: config.images, content: config.content, outputs: config.outputs, output: { filename: config.output.filename } };
  const bodies = Array.from({ length: FEEDS }, (_, n) => Buffer.from(e2eFeed(n), 'utf8'));
  const stage = new InProcessDocuments();
  const out = [];
  for (let r = 0; r < reps; r++) {
    const u0 = process.cpuUsage();
    for (let n = 0; n < FEEDS; n++) {
      const url = `http://127.0.0.1/feed/${n}.xml`;
      const parsed = await stage.parse(Buffer.from(bodies[n]), { url, timezone: 'Asia/Shanghai' }, 50);
      const jobs = parsed.doc.items.map((ids, at) => ({ at, identity: ids.identity, firstSeen: 1_700_000_000_000 }));
      const source = { key: url, url, categories: ['bench', `site${n}`], limit: 50, timezone: 'Asia/Shanghai', filters: [], rewrite: [] };
      await stage.render(parsed.doc, jobs, source, settings);
      stage.drop(parsed.doc);
    }
    const u = process.cpuUsage(u0);
    out.push((u.user + u.system) / 1000);
  }
  return out;
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--one') {
  process.stdout.write(JSON.stringify(await once(rest[0], Number(rest[1] ?? 3))) + '\n');
} else {
  const reps = Number(first);
  if (!(reps > 0) || rest.length === 0) {
    process.stderr.write('usage: node bench/stage-cpu.mjs <reps> <build root> [<build root> …]\n');
    process.exit(2);
  }
  const runs = new Map(rest.map((r) => [r, { cold: [], warm: [] }]));
  // each build in a fresh process per round, taking turns: rep 1 cold, reps 2–4 warm
  for (let i = 0; i < reps; i++) {
    for (const root of i % 2 ? [...rest].reverse() : rest) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', root, '4'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${root}: ${r.stderr}`);
      const ms = JSON.parse(r.stdout);
      runs.get(root).cold.push(ms[0]);
      runs.get(root).warm.push(Math.min(...ms.slice(1)));
    }
  }
  for (const [root, r] of runs) process.stdout.write(`${root}: median of ${reps}: cold ${median(r.cold).toFixed(0)} ms CPU, warm ${median(r.warm).toFixed(0)} ms CPU (1,000 feeds × 30 items)\n`);
}
