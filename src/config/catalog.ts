// The RSSHub route catalog: which site and channel a route such as /juejin/category/frontend belongs to,
// so a feed can get [category, site, route name] without the user typing them.
// Sources: an instance's own /api/namespace (newer RSSHub), else the bundled copy in data/ (see NOTICE).
import { readFileSync } from 'node:fs';
import type { Http } from '../fetch/http.js';

export interface CatalogRoute {
  /** pattern with the namespace, e.g. /juejin/category/:category */
  path: string;
  site: string;
  name: string;
  /** category ids such as programming, new-media */
  categories: string[];
  example?: string;
}

export interface Catalog {
  /** category id → names */
  categories: Record<string, { en?: string; zh?: string }>;
  routes: CatalogRoute[];
  /** where it came from, for messages */
  origin: string;
}

export interface RouteMatch {
  route: CatalogRoute;
  params: Record<string, string>;
  /** true when only the namespace (first path segment) matched, not a route */
  namespaceOnly: boolean;
  origin: string;
}

// Category names newer RSSHub instances use that the 2022 catalog lacks (names only, for /api/namespace data).
const EXTRA_CATEGORY_NAMES: Record<string, { en: string; zh: string }> = {
  popular: { en: 'Popular', zh: '热门' },
  sport: { en: 'Sport', zh: '体育' },
};

// ───────────────────────── pattern compilation ─────────────────────────

interface Compiled {
  route: CatalogRoute;
  re: RegExp;
  names: string[];
  /** per segment: 4 literal, 3 constrained param, 2 param, 1 optional param, 0 wildcard; higher wins */
  rank: number[];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles an RSSHub route pattern to a RegExp. Handles both syntaxes RSSHub used:
 * koa-router/path-to-regexp (`:id`, `:id?`, `:path*`, `:path+`) and Hono (`:id{.+}`, `:id{[0-9]{2}}?`, `*`).
 */
export function compilePattern(pattern: string): { re: RegExp; names: string[]; rank: number[] } {
  const names: string[] = [];
  const rank: number[] = [];
  let out = '^';
  const segments = splitSegments(pattern);
  for (const seg of segments) {
    if (seg === '') continue;
    if (seg === '*') {
      out += '(?:/.*)?';
      rank.push(0);
      continue;
    }
    const tokens = tokenizeSegment(seg);
    const only = tokens.length === 1 && tokens[0]!.kind === 'param' ? tokens[0]! : null;
    if (only && only.kind === 'param') {
      names.push(only.name);
      const body = only.regex ?? (only.modifier === '*' || only.modifier === '+' ? '.+' : '[^/]+');
      if (only.modifier === '?' || only.modifier === '*') {
        out += `(?:/(${body}))?`;
        rank.push(only.modifier === '*' ? 0 : 1);
      } else {
        out += `/(${body})`;
        rank.push(only.regex ? 3 : only.modifier === '+' ? 0 : 2);
      }
      continue;
    }
    out += '/';
    let segRank = 4;
    for (const t of tokens) {
      if (t.kind === 'literal') out += escapeRe(t.text);
      else {
        names.push(t.name);
        const body = t.regex ?? '[^/]+?';
        out += t.modifier === '?' ? `(${body})?` : `(${body})`;
        segRank = Math.min(segRank, 3);
      }
    }
    rank.push(segRank);
  }
  out += '/?$';
  return { re: new RegExp(out), names, rank };
}

type Token = { kind: 'literal'; text: string } | { kind: 'param'; name: string; regex?: string; modifier?: '?' | '*' | '+' };

/** Splits on / outside {…} (Hono regexes may hold braces). */
function splitSegments(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of pattern) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    if (ch === '/' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function tokenizeSegment(seg: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let literal = '';
  while (i < seg.length) {
    const ch = seg[i]!;
    const nameMatch = ch === ':' ? /^:([A-Za-z0-9_]+)/.exec(seg.slice(i)) : null;
    if (!nameMatch) {
      literal += ch;
      i++;
      continue;
    }
    if (literal) tokens.push({ kind: 'literal', text: literal });
    literal = '';
    const param: Token & { kind: 'param' } = { kind: 'param', name: nameMatch[1]! };
    i += nameMatch[0].length;
    if (seg[i] === '{') {
      let depth = 0;
      let j = i;
      for (; j < seg.length; j++) {
        if (seg[j] === '{') depth++;
        else if (seg[j] === '}' && --depth === 0) break;
      }
      param.regex = seg.slice(i + 1, j);
      i = j + 1;
    }
    const mod = seg[i];
    if (mod === '?' || mod === '*' || mod === '+') {
      param.modifier = mod;
      i++;
    }
    tokens.push(param);
  }
  if (literal) tokens.push({ kind: 'literal', text: literal });
  return tokens;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

// ───────────────────────── matching ─────────────────────────

export class RouteMatcher {
  private byNamespace = new Map<string, Compiled[]>();

  constructor(readonly catalog: Catalog) {
    for (const route of catalog.routes) {
      let compiled: ReturnType<typeof compilePattern>;
      try {
        compiled = compilePattern(route.path);
      } catch {
        continue; // a pattern whose regex JavaScript cannot compile is skipped, not fatal
      }
      const ns = namespaceOf(route.path);
      const list = this.byNamespace.get(ns) ?? [];
      list.push({ route, ...compiled });
      this.byNamespace.set(ns, list);
    }
  }

  /** The most specific route whose pattern matches a concrete path (query string ignored). */
  match(path: string): RouteMatch | null {
    const clean = normalizePath(path);
    const ns = namespaceOf(clean);
    const candidates = this.byNamespace.get(ns);
    if (!candidates) return null;
    let best: { c: Compiled; m: RegExpExecArray } | null = null;
    for (const c of candidates) {
      const m = c.re.exec(clean);
      if (m && (!best || compareRank(c.rank, best.c.rank) > 0)) best = { c, m };
    }
    if (best) {
      const params: Record<string, string> = {};
      best.c.names.forEach((n, i) => {
        const v = best!.m[i + 1];
        if (v !== undefined) params[n] = v;
      });
      return { route: best.c.route, params, namespaceOnly: false, origin: this.catalog.origin };
    }
    // The namespace is known but no route matches: the site is still right.
    const first = candidates[0]!.route;
    return {
      route: { path: `/${ns}`, site: first.site, name: '', categories: mostCommonCategory(candidates) },
      params: {},
      namespaceOnly: true,
      origin: this.catalog.origin,
    };
  }

  /** A route by its exact pattern (as in the X-RSSHub-Route header), else by matching it as a path. */
  byPattern(pattern: string): RouteMatch | null {
    const ns = namespaceOf(normalizePath(pattern));
    const exact = this.byNamespace.get(ns)?.find((c) => c.route.path === pattern);
    if (exact) return { route: exact.route, params: {}, namespaceOnly: false, origin: this.catalog.origin };
    const m = this.match(pattern);
    return m && !m.namespaceOnly ? m : null;
  }

  /** [category name, site, route name], renamed through `names`; empty parts dropped. */
  categoriesFor(match: RouteMatch, names: Record<string, string> = {}): string[] {
    const id = match.route.categories.find((c) => c !== 'popular') ?? match.route.categories[0];
    const out: string[] = [];
    if (id !== undefined) {
      const zh = this.catalog.categories[id]?.zh ?? EXTRA_CATEGORY_NAMES[id]?.zh ?? id;
      out.push(names[id] ?? names[zh] ?? zh);
    }
    for (const part of [match.route.site, match.route.name]) {
      if (part) out.push(names[part] ?? part);
    }
    return out.filter((s) => s.trim() !== '');
  }
}

function mostCommonCategory(list: Compiled[]): string[] {
  const counts = new Map<string, number>();
  for (const c of list) for (const cat of c.route.categories) counts.set(cat, (counts.get(cat) ?? 0) + 1);
  let best: string | null = null;
  for (const [cat, n] of counts) if (best === null || n > counts.get(best)!) best = cat;
  return best === null ? [] : [best];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Drops the query and fragment, decodes percent-escapes per segment, removes a trailing slash. */
export function normalizePath(path: string): string {
  let p = path.split(/[?#]/)[0]!;
  if (!p.startsWith('/')) p = `/${p}`;
  p = p
    .split('/')
    .map((s) => safeDecode(s))
    .join('/');
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

function namespaceOf(path: string): string {
  return path.split('/')[1] ?? '';
}

// ───────────────────────── catalogs ─────────────────────────

let bundled: RouteMatcher | undefined;

/** The catalog shipped in data/rsshub-routes.json (RSSHub, MIT, 2022-01; see NOTICE). */
export function bundledMatcher(): RouteMatcher {
  if (!bundled) {
    const url = new URL('../../../data/rsshub-routes.json', import.meta.url);
    const data = JSON.parse(readFileSync(url, 'utf8')) as { categories: Catalog['categories']; routes: CatalogRoute[] };
    bundled = new RouteMatcher({ categories: data.categories, routes: data.routes, origin: 'bundled catalog' });
  }
  return bundled;
}

/** Converts RSSHub's /api/namespace answer: routes without categories take their namespace's. */
export function catalogFromNamespaces(data: unknown, origin: string): Catalog | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const routes: CatalogRoute[] = [];
  for (const [ns, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') continue;
    const nsData = value as { name?: unknown; categories?: unknown; routes?: unknown };
    const nsCategories = stringArray(nsData.categories);
    const site = typeof nsData.name === 'string' ? nsData.name : ns;
    if (nsData.routes === null || typeof nsData.routes !== 'object') continue;
    for (const [sub, r] of Object.entries(nsData.routes as Record<string, unknown>)) {
      if (r === null || typeof r !== 'object') continue;
      const route = r as { name?: unknown; categories?: unknown; example?: unknown };
      const own = stringArray(route.categories);
      const path = `/${ns}${sub.startsWith('/') ? sub : `/${sub}`}`.replace(/(.)\/+$/, '$1');
      routes.push({
        path,
        site,
        name: typeof route.name === 'string' ? route.name : '',
        categories: own.length > 0 ? own : nsCategories,
        ...(typeof route.example === 'string' ? { example: route.example } : {}),
      });
    }
  }
  if (routes.length === 0) return null;
  return { categories: bundledMatcher().catalog.categories, routes, origin };
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const instanceCache = new Map<string, Promise<RouteMatcher | null>>();

/** How to reach an instance: its access key, a short timeout, and the `fetch:` settings that apply to any request. */
export interface InstanceCatalogOptions {
  key?: string;
  timeoutMs?: number;
  userAgent?: string;
  /** "none" or a proxy URL (fetch.proxy); unset: the environment */
  proxy?: string;
  /** an HTTP layer to use instead of a one-off one */
  http?: Http;
}

/**
 * The instance's own catalog from /api/namespace, fetched once per process with a short timeout.
 * Any failure (old instance, network, bad JSON) gives null: callers fall back to the bundled copy silently.
 */
export function instanceMatcher(instance: string, opts: InstanceCatalogOptions = {}): Promise<RouteMatcher | null> {
  const cacheKey = instance;
  let pending = instanceCache.get(cacheKey);
  if (!pending) {
    pending = fetchInstanceCatalog(instance, opts);
    instanceCache.set(cacheKey, pending);
  }
  return pending;
}

const settled = new Map<string, RouteMatcher | null>();

export function settledInstanceMatcher(instance: string): RouteMatcher | null {
  return settled.get(instance) ?? null;
}

export function clearInstanceCatalogCache(): void {
  instanceCache.clear();
  settled.clear();
}

async function fetchInstanceCatalog(instance: string, opts: InstanceCatalogOptions): Promise<RouteMatcher | null> {
  let result: RouteMatcher | null = null;
  const timeout = opts.timeoutMs ?? 3000;
  // loaded here, not at the top: offline runs and `validate` never open a connection
  const http =
    opts.http ??
    (await import('../fetch/http.js')).createHttp({
      timeout,
      connectTimeout: timeout,
      maxBytes: 64 * 1024 * 1024,
      perHost: 1,
      retries: 0,
      userAgent: opts.userAgent ?? 'feedmill',
      ...(opts.proxy !== undefined ? { proxy: opts.proxy } : {}),
    });
  try {
    const url = new URL(`${instance.replace(/\/+$/, '')}/api/namespace`);
    if (opts.key) url.searchParams.set('key', opts.key);
    const res = await http.get(url.href, { accept: 'application/json', timeout, retries: 0 });
    if (res.kind === 'ok') {
      const catalog = catalogFromNamespaces(JSON.parse(res.body.toString('utf8')), `${instance} /api/namespace`);
      if (catalog) result = new RouteMatcher(catalog);
    }
  } catch {
    result = null;
  } finally {
    if (!opts.http) await http.close();
  }
  settled.set(instance, result);
  return result;
}
