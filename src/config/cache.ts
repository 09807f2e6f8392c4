// The document of a config, cached by the file's exact text: reading YAML is the largest start-up cost of a big
// config (about 130 ms of CPU for 1,000 feeds on this machine, ahead of every run a cron job makes), while JSON of
// the same document reads in a few ms. Only documents that validated are cached, and validation still runs on every
// start, so an entry saves time but never changes a result; any problem with the cache means reading the YAML.
import { hash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from './version.js';

/** FEEDMILL_CACHE_DIR (empty turns the cache off), else $XDG_CACHE_HOME/feedmill, else ~/.cache/feedmill. */
export function cacheDir(): string | null {
  const own = process.env.FEEDMILL_CACHE_DIR;
  if (own !== undefined) return own === '' ? null : own;
  const xdg = process.env.XDG_CACHE_HOME;
  try {
    return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'feedmill');
  } catch {
    return null;
  }
}

interface Entry {
  version: string;
  textHash: string;
  doc: unknown;
}

function entryPath(dir: string, absPath: string): string {
  return join(dir, `config-${hash('sha256', absPath, 'hex').slice(0, 24)}.json`);
}

export function readCachedDocument(absPath: string, text: string): { doc: unknown } | null {
  const dir = cacheDir();
  if (!dir) return null;
  try {
    const entry = JSON.parse(readFileSync(entryPath(dir, absPath), 'utf8')) as Entry;
    if (entry.version !== packageVersion() || entry.textHash !== hash('sha256', text, 'hex')) return null;
    return { doc: entry.doc };
  } catch {
    return null;
  }
}

/** JSON keeps what YAML's core schema makes except non-finite numbers; such documents are not cached. */
function jsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (value !== null && typeof value === 'object') return Object.values(value).every(jsonSafe);
  return true;
}

/** The cache entry for a document, serialized now: validation must not be able to change what is cached. */
export function cacheEntryFor(text: string, doc: unknown): string | null {
  if (!cacheDir() || !jsonSafe(doc)) return null;
  const entry: Entry = { version: packageVersion(), textHash: hash('sha256', text, 'hex'), doc };
  return JSON.stringify(entry);
}

export function writeCacheEntry(absPath: string, entry: string): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = entryPath(dir, absPath);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, entry);
    renameSync(tmp, file);
  } catch {
    // a cache only
  }
}
