// Files an output needs once in the site (Astro's content.config.ts): written when missing, never replaced,
// so the user may edit them.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { OutputConfig } from '../model.js';
import { outputFormat } from './format.js';
import { removeTempDir, writeFileAtomic } from './write.js';

/** Writes the output's missing site files; returns the absolute paths written. */
export async function ensureSiteFiles(output: Pick<OutputConfig, 'dir' | 'format'>): Promise<string[]> {
  const format = outputFormat(output.format);
  const written: string[] = [];
  for (const file of format.siteFiles?.(output.dir) ?? []) {
    const path = resolve(output.dir, file.path);
    if (existsSync(path)) continue;
    await writeFileAtomic(path, file.text);
    removeTempDir(dirname(path));
    written.push(path);
  }
  return written;
}
