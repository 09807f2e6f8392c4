// feedmill's own version, read once from package.json (dist/src/config → repo root, or src/config when run from source).
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached !== undefined) return cached;
  cached = '0.0.0';
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'feedmill' && pkg.version) {
        cached = pkg.version;
        break;
      }
    } catch {
      // try the next layout
    }
  }
  return cached;
}
