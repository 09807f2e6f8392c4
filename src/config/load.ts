// feedmill.yml → Config: YAML (yaml-text.ts, keeping the document so every error names its key path and line, or
// the cached document of an unchanged file), schema validation, defaults, and paths resolved against the file's folder.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { safeParse, type BaseIssue } from 'valibot';
import type { Config, FeedConfig, FilterRule } from '../model.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { configSchema, isUnknownKeyIssue, type RawConfig, type RawFeed, type RawFilter } from './schema.js';
import { parseDuration, parseSize } from './units.js';
import { keysAt, suggest } from './suggest.js';
import { packageVersion } from './version.js';
import { isDatabaseUrl } from '../store/index.js';
import { cacheEntryFor, readCachedDocument, writeCacheEntry } from './cache.js';
import type { FeedsOutConfig, OutputConfig, OutputFormatName } from '../model.js';
import { DEFAULT_FEEDS_OUT_DIRS, DEFAULT_OUTPUT_DIRS } from '../output/dirs.js';

export { ConfigError } from './errors.js';

export const DEFAULTS = {
  outputDir: 'source/_posts',
  format: 'hexo' as const,
  filename: '{date}-{hash}',
  dateStyle: 'rfc1123' as const,
  state: '.feedmill/state.db',
  timezone: 'UTC',
  limit: 50,
  placeholder: 'https://picsum.photos/400/300?random={n}',
  imagesDir: 'source/images/feedmill',
  imagesUrlPrefix: '/images/feedmill',
  imagesMaxBytes: '10MB',
  // 50 megapixels (8660 × 5773): larger than any photo a post shows, ~200 MB once decoded
  imagesMaxPixels: 50_000_000,
  timeout: '20s',
  connectTimeout: '10s',
  maxBytes: '10MB',
  concurrency: 8,
  perHost: 2,
  retries: 2,
  maxBackoff: '24h',
  stripTracking: true,
  linksNewTab: false,
  iframeHosts: [
    'youtube.com',
    'www.youtube.com',
    'www.youtube-nocookie.com',
    'player.bilibili.com',
    'player.youku.com',
    'v.qq.com',
    'player.vimeo.com',
  ],
  rsshubInstance: 'https://rsshub.app',
  feedsOutLimit: 20,
  postUrl: ':year/:month/:day/:title/',
};

export function defaultUserAgent(): string {
  return `feedmill/${packageVersion()} (+https://www.npmjs.com/package/feedmill)`;
}

/** Reads, validates and resolves a config file. Throws ConfigError (file missing, YAML syntax, schema). */
export async function loadConfig(path: string): Promise<Config> {
  const absPath = resolve(path);
  let source: string;
  try {
    // one small file before anything else can run: the sync read skips fs/promises' FileHandle round trips
    source = readFileSync(absPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found (create one with `feedmill init`)' : (err as Error).message;
    throw new ConfigError(`${displayPath(absPath)}: ${why}`);
  }
  const text = source.replace(/^\uFEFF/, '');
  // a config read before, unchanged: its document from the cache, without loading the YAML reader
  const cached = readCachedDocument(absPath, text);
  if (cached) {
    try {
      return validateAndResolve(cached.doc, dirname(absPath), absPath, displayPath(absPath), () => undefined);
    } catch {
      // an entry that no longer validates (edited by hand): the file says what is wrong, with its lines
    }
  }
  const { readYaml } = await import('./yaml-text.js');
  const { raw, locate } = readYaml(text, absPath);
  const entry = cacheEntryFor(text, raw);
  const config = validateAndResolve(raw, dirname(absPath), absPath, displayPath(absPath), locate);
  if (entry) writeCacheEntry(absPath, entry);
  return config;
}

/** Validates a plain object (as from YAML or JSON) and resolves it; relative paths are taken from `baseDir`. */
export function configFromObject(obj: unknown, baseDir: string): Config {
  return validateAndResolve(obj, resolve(baseDir), null, 'config', () => undefined);
}

export type Locate = (path: PropertyKey[], atKey?: boolean) => number | undefined;

export function validateAndResolve(raw: unknown, baseDir: string, configPath: string | null, label: string, locate: Locate): Config {
  if (raw === null || raw === undefined) {
    throw issuesError(label, [{ keyPath: '', line: 1, message: 'the file is empty; expected a mapping with at least `feeds:`' }]);
  }
  const parsed = safeParse(configSchema, raw);
  if (!parsed.success) {
    const issues = parsed.issues.flatMap((issue) => describeIssue(issue, raw, locate));
    issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw issuesError(label, dedupe(issues));
  }
  const config = resolveConfig(parsed.output, baseDir, configPath);
  const duplicates = [...findDuplicateOutputs(config.outputs, locate), ...findDuplicateFeeds(config.feeds, locate)];
  if (duplicates.length > 0) throw issuesError(label, duplicates);
  return config;
}

// ───────────────────────── defaults and resolution ─────────────────────────

function resolvePath(baseDir: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

/** `state:` is a file path or a postgres:// URL; without it, DATABASE_URL (as hosted platforms set it), else the default file. */
function resolveState(baseDir: string, state: string | undefined): string {
  const location = state ?? (process.env.DATABASE_URL || DEFAULTS.state);
  return isDatabaseUrl(location) ? location : resolvePath(baseDir, location);
}

function asList(v: string | string[] | undefined): string[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileFilter(f: RawFilter): FilterRule {
  const flags = f.caseSensitive ? '' : 'i';
  const patterns = [
    ...(asList(f.regex) ?? []).map((s) => new RegExp(s, flags)),
    ...(asList(f.keywords) ?? []).map((k) => new RegExp(escapeRegExp(k), flags)),
  ];
  return { action: f.action, fields: f.fields ?? ['title', 'content', 'author', 'category'], patterns };
}

function normalizeRoute(route: string): string {
  return route.startsWith('/') ? route : `/${route}`;
}

function resolveFeed(f: RawFeed): FeedConfig {
  const feed: FeedConfig = {};
  if (f.url !== undefined) feed.url = f.url;
  if (f.rsshub !== undefined) feed.rsshub = normalizeRoute(f.rsshub);
  if (f.rsshubOptions !== undefined) feed.rsshubOptions = f.rsshubOptions;
  if (f.title !== undefined) feed.title = f.title;
  if (f.categories !== undefined) feed.categories = asList(f.categories);
  if (f.author !== undefined) feed.author = f.author;
  if (f.limit !== undefined) feed.limit = f.limit;
  if (f.interval !== undefined) feed.interval = parseDuration(f.interval)!;
  if (f.timezone !== undefined) feed.timezone = f.timezone;
  if (f.headers !== undefined) feed.headers = f.headers;
  if (f.filters !== undefined) feed.filters = f.filters.map(compileFilter);
  if (f.rewrite !== undefined) feed.rewrite = asList(f.rewrite);
  if (f.proxy !== undefined) feed.proxy = f.proxy;
  if (f.images !== undefined) feed.images = { ...f.images };
  if (f.fulltext !== undefined) {
    feed.fulltext = typeof f.fulltext === 'string' ? f.fulltext : { selector: f.fulltext.selector, remove: asList(f.fulltext.remove) ?? [] };
  }
  return feed;
}

function resolveConfig(raw: RawConfig, baseDir: string, configPath: string | null): Config {
  const fetch = raw.fetch ?? {};
  const rsshub = raw.rsshub ?? {};
  const config: Config = {
    configPath,
    baseDir,
    output: {
      dir: resolvePath(baseDir, raw.output?.dir ?? DEFAULT_OUTPUT_DIRS[raw.output?.format ?? DEFAULTS.format]),
      format: raw.output?.format ?? DEFAULTS.format,
      filename: raw.output?.filename ?? DEFAULTS.filename,
      dateStyle: raw.output?.dateStyle ?? DEFAULTS.dateStyle,
    },
    state: resolveState(baseDir, raw.state),
    timezone: raw.timezone ?? DEFAULTS.timezone,
    limit: raw.limit ?? DEFAULTS.limit,
    images: resolveImages(raw.images, baseDir),
    fetch: {
      timeout: parseDuration(fetch.timeout ?? DEFAULTS.timeout)!,
      connectTimeout: parseDuration(fetch.connectTimeout ?? DEFAULTS.connectTimeout)!,
      maxBytes: parseSize(fetch.maxBytes ?? DEFAULTS.maxBytes)!,
      concurrency: fetch.concurrency ?? DEFAULTS.concurrency,
      perHost: fetch.perHost ?? DEFAULTS.perHost,
      retries: fetch.retries ?? DEFAULTS.retries,
      userAgent: fetch.userAgent ?? defaultUserAgent(),
      maxBackoff: parseDuration(fetch.maxBackoff ?? DEFAULTS.maxBackoff)!,
      ...(fetch.proxy !== undefined ? { proxy: fetch.proxy } : {}),
    },
    content: {
      stripTracking: raw.content?.stripTracking ?? DEFAULTS.stripTracking,
      linksNewTab: raw.content?.linksNewTab ?? DEFAULTS.linksNewTab,
      iframeHosts: asList(raw.content?.iframeHosts) ?? [...DEFAULTS.iframeHosts],
    },
    rsshub: {
      instance: stripSlash(rsshub.instance ?? DEFAULTS.rsshubInstance),
      fallbacks: (rsshub.fallbacks ?? []).map(stripSlash),
    },
    feeds: (raw.feeds ?? []).map(resolveFeed),
    outputs: [], // below: output, then outputs:
  };
  if (rsshub.key !== undefined) config.rsshub.key = rsshub.key;
  if (rsshub.keys !== undefined) config.rsshub.keys = rsshub.keys;
  if (rsshub.categoryNames !== undefined) config.rsshub.categoryNames = rsshub.categoryNames;
  config.outputs = [config.output, ...(raw.outputs ?? []).map((o) => extraOutput(o, baseDir, config.output))];
  if (raw.feedsOut !== undefined) config.feedsOut = resolveFeedsOut(raw.feedsOut, baseDir, config.output.format);
  if (raw.fulltext !== undefined) {
    const ft: NonNullable<Config['fulltext']> = {};
    const rules = raw.fulltext.rules;
    if (typeof rules === 'string') ft.rulesFile = resolvePath(baseDir, rules);
    else if (rules !== undefined) ft.rules = rules;
    if (raw.fulltext.maxPerRun !== undefined) ft.maxPerRun = raw.fulltext.maxPerRun;
    config.fulltext = ft;
  }
  return config;
}

function resolveImages(raw: RawConfig['images'], baseDir: string): Config['images'] {
  const images: Config['images'] = {
    placeholder: raw?.placeholder ?? DEFAULTS.placeholder,
    // a config that only set `proxy` (written before modes existed) keeps proxying
    mode: raw?.mode ?? (raw?.proxy !== undefined ? 'proxy' : 'keep'),
    dir: resolvePath(baseDir, raw?.dir ?? DEFAULTS.imagesDir),
    urlPrefix: (raw?.urlPrefix ?? DEFAULTS.imagesUrlPrefix).replace(/\/+$/, ''),
    referers: { ...(raw?.referers ?? {}) },
    maxBytes: parseSize(raw?.maxBytes ?? DEFAULTS.imagesMaxBytes)!,
    maxPixels: raw?.maxPixels ?? DEFAULTS.imagesMaxPixels,
  };
  if (raw?.proxy !== undefined) images.proxy = raw.proxy;
  if (raw?.thumbnail !== undefined) images.thumbnail = { ...raw.thumbnail, headimg: raw.thumbnail.headimg ?? false };
  return images;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The same url (or the same RSSHub route with the same options) twice would fight over one state row. */
function findDuplicateFeeds(feeds: FeedConfig[], locate: Locate): ConfigIssue[] {
  const seen = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  feeds.forEach((f, i) => {
    const id = f.url !== undefined ? `url:${f.url}` : `rsshub:${f.rsshub}?${JSON.stringify(f.rsshubOptions ?? {})}`;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
    } else {
      const key = f.url !== undefined ? 'url' : 'rsshub';
      issues.push({ keyPath: `feeds[${i}].${key}`, line: locate(['feeds', i, key]), message: `duplicate of feeds[${first}]` });
    }
  });
  return issues;
}

/** A further output of the same posts: its own format and folder, the first output's file names. */
function extraOutput(o: NonNullable<RawConfig['outputs']>[number], baseDir: string, first: OutputConfig): OutputConfig {
  return {
    dir: resolvePath(baseDir, o.dir ?? DEFAULT_OUTPUT_DIRS[o.format!]),
    format: o.format!,
    filename: first.filename,
    dateStyle: o.dateStyle ?? DEFAULTS.dateStyle,
  };
}

function resolveFeedsOut(raw: NonNullable<RawConfig['feedsOut']>, baseDir: string, format: OutputFormatName): FeedsOutConfig {
  const feeds: FeedsOutConfig = {
    dir: resolvePath(baseDir, raw.dir ?? DEFAULT_FEEDS_OUT_DIRS[format]),
    limit: raw.limit ?? DEFAULTS.feedsOutLimit,
    formats: raw.formats ?? ['atom', 'rss', 'json'],
    siteUrl: raw.siteUrl.endsWith('/') ? raw.siteUrl : `${raw.siteUrl}/`,
    title: raw.title ?? new URL(raw.siteUrl).host,
    postUrl: raw.postUrl ?? DEFAULTS.postUrl,
    perCategory: raw.perCategory ?? true,
  };
  if (raw.description !== undefined) feeds.description = raw.description;
  return feeds;
}

/** Two outputs of one format into one folder would write the same files. */
function findDuplicateOutputs(outputs: OutputConfig[], locate: Locate): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  outputs.forEach((o, i) => {
    const first = outputs.findIndex((p) => p.dir === o.dir && p.format === o.format);
    if (i === 0 || first === i) return;
    const other = first === 0 ? 'output' : `outputs[${first - 1}]`;
    issues.push({ keyPath: `outputs[${i - 1}]`, line: locate(['outputs', i - 1]), message: `writes the same files as ${other} (same format and dir)` });
  });
  return issues;
}

// ───────────────────────── messages ─────────────────────────

export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(String(part))) out += out === '' ? String(part) : `.${String(part)}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object' || !(part in (cur as object))) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return { found: true, value: cur };
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function describeIssue(issue: BaseIssue<unknown>, raw: unknown, locate: Locate): ConfigIssue[] {
  const path: PropertyKey[] = (issue.path ?? []).map((item) => item.key as PropertyKey);
  if (isUnknownKeyIssue(issue)) {
    // valibot names the first unknown key of a mapping; list them all, in the file's order
    const at = path.slice(0, -1);
    const known = keysAt(configSchema, at);
    const input = issue.path?.at(-1)?.input;
    const unknown =
      known.length > 0 && input !== null && typeof input === 'object'
        ? Object.keys(input).filter((key) => !known.includes(key))
        : [String(path.at(-1))];
    return unknown.map((key) => {
      const hint = suggest(key, known);
      return {
        keyPath: formatKeyPath([...at, key]),
        line: locate([...at, key], true),
        message: `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}${known.length && !hint ? `; known keys: ${known.join(', ')}` : ''}`,
      };
    });
  }
  const { found, value } = valueAt(raw, path);
  // a key the schema requires is reported (by its mapping) as a wrong type with nothing there
  if (!found && issue.kind === 'schema') {
    return [{ keyPath: formatKeyPath(path), line: locate(path), message: 'missing required key' }];
  }
  let message = issue.message;
  if (message.startsWith('expected ') && found) message += `, got ${describeValue(value)}`;
  return [{ keyPath: formatKeyPath(path), line: locate(path), message }];
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const id = `${i.keyPath}\u0000${i.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function issuesError(label: string, issues: ConfigIssue[]): ConfigError {
  const lines = issues.map(
    (i) => `${label}${i.line !== undefined ? `:${i.line}` : ''}: ${i.keyPath ? `${i.keyPath}: ` : ''}${i.message}`,
  );
  const first = issues[0];
  return new ConfigError(lines.join('\n'), { keyPath: first?.keyPath || undefined, line: first?.line, issues });
}

export function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** The path as the user would type it: relative to the cwd when inside it. */
export function displayPath(absPath: string): string {
  const rel = relative(process.cwd(), absPath);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absPath;
}
