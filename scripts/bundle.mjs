// Bundles the compiled CLI (dist/src) into dist/bundle/cli: the CLI's entry and its two thread entries, our own
// modules and the ES-module packages in a few shared chunks (the dynamic imports stay lazy, a chunk each).
// Loading some 50 modules one by one, all of valibot where the config schema uses a few of its functions, and
// the HTML tool chain module by module in the render thread cost CPU on every run (bench/ab.mjs, unbundled →
// bundled: all-304 pass 275 → 261 ms, medians of 21; first pass 3,394 → 3,189 ms CPU, medians of 6).
// Two levels under dist/, like dist/src/<stage>, so the paths that modules take from import.meta.url
// (../../../data, ./render-thread.js) hold in both layouts. Library users import dist/src, not bundled.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle', 'cli');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // the thread entries are gone once the one-function-per-feed run lands
  entryPoints: ['dist/src/cli/main.js', 'dist/src/pipeline/render-thread.js', 'dist/src/output/post-writer-thread.js'].filter((f) => existsSync(join(root, f))),
  outdir,
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // native (better-sqlite3), or CommonJS packages that require Node's modules (an ES bundle cannot)
  external: ['better-sqlite3', 'commander', 'fetch-socks', 'iconv-lite', 'js-yaml', 'pg', 'pg-boss', 'undici', 'yaml'],
  logLevel: 'warning',
});
