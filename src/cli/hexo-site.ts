// The Hexo site feedmill writes into: found from a folder, its _config.yml read for what feedmill must fit
// (source_dir, timezone, new_post_name), and the date shift a mismatch causes.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../model.js';

// loaded only when a _config.yml is found: `run` checks for a site on every start
const requireCjs = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (requireCjs('yaml') as typeof import('yaml')).parse(text);

export interface HexoSite {
  dir: string;
  /** source_dir, default "source" */
  sourceDir: string;
  /** the site's timezone, '' when unset (Hexo then uses the building machine's zone) */
  timezone: string;
  /** new_post_name, default ":title.md" */
  newPostName: string;
}

/** The Hexo site whose root is `dir`, or null: a _config.yml that is Hexo's (hexo in package.json, or Hexo keys). */
export function readHexoSite(dir: string): HexoSite | null {
  const file = join(dir, '_config.yml');
  if (!existsSync(file)) return null;
  let cfg: Record<string, unknown>;
  try {
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    cfg = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!hasHexoPackage(dir) && !['new_post_name', 'source_dir', 'permalink', 'public_dir'].some((k) => k in cfg)) return null;
  const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback);
  return {
    dir,
    sourceDir: str(cfg.source_dir, 'source'),
    timezone: str(cfg.timezone, ''),
    newPostName: str(cfg.new_post_name, ':title.md'),
  };
}

function hasHexoPackage(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    return 'hexo' in pkg || 'hexo' in (pkg.dependencies ?? {}) || 'hexo' in (pkg.devDependencies ?? {});
  } catch {
    return false;
  }
}

/** The nearest Hexo site at or above the posts folder. */
export function findHexoSite(postsDir: string): HexoSite | null {
  for (let dir = resolve(postsDir); ; dir = dirname(dir)) {
    const site = readHexoSite(dir);
    if (site) return site;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * One line when the site would show the posts' dates shifted, with the fix; else null. Hexo reads a front-matter
 * date as the building machine's wall-clock time and then re-reads that wall clock in the site's timezone: a
 * GMT date (dateStyle rfc1123) moves by the difference, a local date written in another zone moves too.
 */
export function dateShiftWarning(config: Config, site: HexoSite): string | null {
  const tz = site.timezone;
  if (tz === '') return null;
  const fix = `set \`output.dateStyle: local\` and \`timezone: ${tz}\` in the feedmill config`;
  if (config.output.dateStyle === 'rfc1123') {
    return `warning: the Hexo site's timezone is ${tz} but posts' dates are written in GMT (output.dateStyle: rfc1123): Hexo shows them shifted unless the site is built on a machine set to ${tz}; ${fix}`;
  }
  const zones = new Set([config.timezone, ...config.feeds.map((f) => f.timezone).filter((z): z is string => z !== undefined)]);
  zones.delete(tz);
  if (zones.size === 0) return null;
  return `warning: the Hexo site reads dates in ${tz} but feedmill writes local dates in ${[...zones].join(', ')}: posts show shifted; ${fix} (and no per-feed timezone other than ${tz})`;
}
