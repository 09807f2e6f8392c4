#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (prepare) or `npm run build`.
import('../dist/src/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli')) {
    process.stderr.write('feedmill: not built yet, run `npm run build` first\n');
  } else {
    process.stderr.write(`feedmill: fatal: ${err && err.stack ? err.stack : err}\n`);
  }
  process.exit(1);
});
