// Section 5: serve — the news and health pages' latency with 1,000 and 100,000 stored posts (serve-child.mjs).
import { join } from 'node:path';
import { benchDir, firstLine, runMeasured } from '../lib/util.mjs';

export async function serveSection(sz, log) {
  log(`serve: news and health pages with ${sz.serveSmall.toLocaleString('en')} and ${sz.serveLarge.toLocaleString('en')} posts …`);
  const r = await runMeasured(join(benchDir, 'serve-child.mjs'), [JSON.stringify({ sizes: [sz.serveSmall, sz.serveLarge], requests: sz.serveRequests })], { timeoutMs: 900_000 });
  if (r.code !== 0) throw new Error(`serve-child.mjs: ${firstLine(r.stderr)}`);
  return { ...JSON.parse(r.stdout), peakRssMiB: r.peakRssMiB };
}
