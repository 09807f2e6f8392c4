// feedmill extract FILE.html | URL: prints the article feedmill extracts from a page — for testing a site
// rule, and for the article-extraction benchmark (`--text`).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FetchConfig } from '../../model.js';
import { CliError, EXIT } from '../exit.js';

export interface ExtractCommandOptions {
  url?: string;
  text?: boolean;
  json?: boolean;
  selector?: string;
  /** a CSS selector (list) of elements to drop, with `selector` */
  remove?: string;
  rules?: boolean;
  config?: string;
}

interface Page {
  bytes: Uint8Array;
  url: string;
  contentType: string | null;
}

async function fetchPage(url: string, cfg: FetchConfig): Promise<Page> {
  const { createFetcher } = await import('../../fetch/index.js');
  const { articleRequest } = await import('../../fulltext/index.js');
  const fetcher = createFetcher(cfg);
  try {
    const res = await fetcher.fetch(articleRequest(url), {});
    if (res.kind === 'error') throw new CliError(`feedmill extract: ${url}: ${res.reason}`, EXIT.fatal);
    if (res.kind !== 'ok') throw new CliError(`feedmill extract: ${url}: no page in the answer`, EXIT.fatal);
    return { bytes: res.body, url: res.url, contentType: res.contentType };
  } finally {
    await fetcher.close();
  }
}

async function readPage(file: string, url: string | undefined): Promise<Page> {
  try {
    return { bytes: await readFile(file), url: url ?? pathToFileURL(resolve(file)).href, contentType: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`feedmill extract: ${file}: ${code === 'ENOENT' ? 'file not found' : (err as Error).message}`, EXIT.fatal);
  }
}

export async function extractCommand(target: string, opts: ExtractCommandOptions): Promise<number> {
  const { extractArticle, findRule, loadSiteRules } = await import('../../fulltext/index.js');
  const config = opts.config ? await (await import('../../config/load.js')).loadConfig(opts.config) : null;
  const isUrl = /^https?:\/\//i.test(target);
  let page: Page;
  if (isUrl) {
    const { DEFAULTS, defaultUserAgent } = await import('../../config/load.js');
    const { parseDuration, parseSize } = await import('../../config/units.js');
    const fetchCfg: FetchConfig = config?.fetch ?? {
      timeout: parseDuration(DEFAULTS.timeout)!,
      connectTimeout: parseDuration(DEFAULTS.connectTimeout)!,
      maxBytes: parseSize(DEFAULTS.maxBytes)!,
      concurrency: 1,
      perHost: 1,
      retries: DEFAULTS.retries,
      userAgent: defaultUserAgent(),
      maxBackoff: 0,
    };
    page = await fetchPage(target, fetchCfg);
  } else {
    page = await readPage(target, opts.url);
  }
  const pageUrl = opts.url ?? page.url;

  let rule = null;
  if (opts.selector) rule = { selector: opts.selector, remove: opts.remove ? [opts.remove] : [] };
  else if (opts.rules !== false) {
    const loaded = loadSiteRules(config?.fulltext);
    for (const p of loaded.problems) process.stderr.write(`feedmill extract: rules: ${p}\n`);
    rule = findRule(loaded.rules, pageUrl);
  }

  const article = extractArticle(page.bytes, { url: pageUrl, contentType: page.contentType, rule });
  if (!article) {
    process.stderr.write(`feedmill extract: no article found in ${target}\n`);
    return EXIT.fatal;
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(article, null, 2)}\n`);
  else process.stdout.write(`${opts.text ? article.text : article.html}\n`);
  return EXIT.ok;
}
