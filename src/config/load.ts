// feedmill.yml → Config: YAML (keeping the document, so every error names its key path and line),
// schema validation, defaults, and paths resolved against the config file's directory.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import { safeParse, type BaseIssue } from 'valibot';
import type { Config, FeedConfig, FilterRule } from '../model.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { configSchema, isUnknownKeyIssue, type RawConfig, type RawFeed, type RawFilter } from './schema.js';
import { parseDuration, parseSize } from './units.js';
import { keysAt, suggest } from './suggest.js';
import { packageVersion } from './version.js';
import { isDatabaseUrl } from '../store/index.js';
import { cacheEntryFor, readCachedDocument, writeCacheEntry } from './parse-cache.js';

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
  return configFromText(source, absPath);
}

/** Parses config text; `absPath` names the file in messages and anchors relative paths. */
export function configFromText(source: string, absPath: string): Config {
  const label = displayPath(absPath);
  const text = source.replace(/^\uFEFF/, '');
  // Fast path: js-yaml (YAML 1.2 core schema) reads a 1,000-feed config about four times faster than the
  // `yaml` package. Any problem falls through to the `yaml` Document below, which keeps node positions
  // so that every message names its line.
  const cached = readCachedDocument(absPath, text);
  let fast: unknown = cached?.doc;
  let parsedFast = cached !== null;
  if (!parsedFast) {
    try {
      const jsYaml = jsYamlLib();
      fast = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
      parsedFast = true;
    } catch {
      /* reported with its line below */
    }
  }
  if (parsedFast) {
    try {
      const entry = cached ? null : cacheEntryFor(text, fast);
      const config = validateAndResolve(fast, dirname(absPath), absPath, label, () => undefined);
      if (entry) writeCacheEntry(absPath, entry);
      return config;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
    }
  }
  const { LineCounter: LineCounterClass, parseDocument } = yamlLib();
  const lineCounter = new LineCounterClass();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((e) => ({
      keyPath: '',
      line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
      message: `YAML syntax error: ${firstLine(e.message)}`,
    }));
    throw issuesError(label, issues);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const locate = (path: PropertyKey[], atKey = false) => lineOf(doc, lineCounter, path, atKey);
  return validateAndResolve(raw, dirname(absPath), absPath, label, locate);
}

/** Validates a plain object (as from YAML or JSON) and resolves it; relative paths are taken from `baseDir`. */
export function configFromObject(obj: unknown, baseDir: string): Config {
  return validateAndResolve(obj, resolve(baseDir), null, 'config', () => undefined);
}

type Locate = (path: PropertyKey[], atKey?: boolean) => number | undefined;

function validateAndResolve(raw: unknown, baseDir: string, configPath: string | null, label: string, locate: Locate): Config {
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
  const duplicates = findDuplicateFeeds(config.feeds, locate);
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
  if (f.timezone !== undefined) feed.timezone = f.timezone;
  if (f.headers !== undefined) feed.headers = f.headers;
  if (f.filters !== undefined) feed.filters = f.filters.map(compileFilter);
  if (f.rewrite !== undefined) feed.rewrite = asList(f.rewrite);
  if (f.proxy !== undefined) feed.proxy = f.proxy;
  if (f.interval !== undefined) feed.interval = f.interval;
  return feed;
}

function resolveConfig(raw: RawConfig, baseDir: string, configPath: string | null): Config {
  const fetch = raw.fetch ?? {};
  const rsshub = raw.rsshub ?? {};
  const config: Config = {
    configPath,
    baseDir,
    output: {
      dir: resolvePath(baseDir, raw.output?.dir ?? DEFAULTS.outputDir),
      format: raw.output?.format ?? DEFAULTS.format,
      filename: raw.output?.filename ?? DEFAULTS.filename,
      dateStyle: raw.output?.dateStyle ?? DEFAULTS.dateStyle,
    },
    state: resolveState(baseDir, raw.state),
    timezone: raw.timezone ?? DEFAULTS.timezone,
    limit: raw.limit ?? DEFAULTS.limit,
    images: { placeholder: raw.images?.placeholder ?? DEFAULTS.placeholder },
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
  };
  if (raw.images?.proxy !== undefined) config.images.proxy = raw.images.proxy;
  if (rsshub.key !== undefined) config.rsshub.key = rsshub.key;
  if (rsshub.keys !== undefined) config.rsshub.keys = rsshub.keys;
  if (rsshub.categoryNames !== undefined) config.rsshub.categoryNames = rsshub.categoryNames;
  return config;
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

function issuesError(label: string, issues: ConfigIssue[]): ConfigError {
  const lines = issues.map(
    (i) => `${label}${i.line !== undefined ? `:${i.line}` : ''}: ${i.keyPath ? `${i.keyPath}: ` : ''}${i.message}`,
  );
  const first = issues[0];
  return new ConfigError(lines.join('\n'), { keyPath: first?.keyPath || undefined, line: first?.line, issues });
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** The path as the user would type it: relative to the cwd when inside it. */
export function displayPath(absPath: string): string {
  const rel = relative(process.cwd(), absPath);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absPath;
}

const requireCjs = createRequire(import.meta.url);

/** js-yaml, loaded when the parsed-config cache has no entry for the text (most runs never need it). */
function jsYamlLib(): typeof import('js-yaml') {
  return requireCjs('js-yaml') as typeof import('js-yaml');
}

// The `yaml` package is loaded only to explain an error: it is the slower half of reading a config.
function yamlLib(): typeof import('yaml') {
  return requireCjs('yaml') as typeof import('yaml');
}

/** 1-based line of the node at `path` (of its key when `atKey`), else of the nearest existing ancestor. */
function lineOf(doc: Document, lc: LineCounter, path: PropertyKey[], atKey: boolean): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const sub = path.slice(0, depth);
    const wantKey = (atKey || depth < path.length) && depth > 0;
    const offset = wantKey ? keyOffset(doc, sub) : nodeOffset(doc, sub);
    if (offset !== undefined) return lc.linePos(offset).line;
  }
  return undefined;
}

function nodeOffset(doc: Document, path: PropertyKey[]): number | undefined {
  const node = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range?.[0];
}

function keyOffset(doc: Document, path: PropertyKey[]): number | undefined {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath as unknown[], true);
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(last)) return pair.key.range?.[0];
    }
  }
  if (isSeq(parent) && typeof last === 'number') {
    return (parent.items[last] as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  return undefined;
}
