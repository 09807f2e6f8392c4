// What a run lends the fulltext step: its one HTTP layer (per-host limits shared with feeds and pictures, proxy,
// timeouts, retries), its store as the record of every article page (shared by runs and workers), its stop signal,
// and the run-wide state of ArticleRun: the cap on pages fetched, the site rules, the fetches in flight.
// Light on purpose: the extractor (linkedom, Readability) is loaded only when a feed asks for articles.
import type { Http } from '../fetch/http.js';
import type { ArticleRecord, FetchResult, FulltextConfig, Source, Store } from '../model.js';
import { loadSiteRules, type LoadedRules } from './rules-file.js';

/** fulltext.maxPerRun when the config does not say. */
export const DEFAULT_MAX_ARTICLES_PER_RUN = 200;

/** A GET of an article page through the one HTTP layer: never throws for HTTP or network failures. */
export type GetPage = (url: string, init: { accept: string; signal?: AbortSignal }) => Promise<FetchResult>;

/** Article pages by URL; the store backs it. */
export interface ArticleCache {
  get(url: string): Promise<ArticleRecord | null>;
  put(url: string, record: ArticleRecord): Promise<void>;
}

/** What the feeds of one run share: one per run (a library caller of refreshFeed may pass one to share a cap). */
export class ArticleRun {
  readonly max: number;
  private used = 0;
  private loaded: LoadedRules | null = null;
  private problemsTold = false;
  /** page URL → its record being fetched now: two items (or feeds) with one article fetch it once */
  readonly inFlight = new Map<string, Promise<ArticleRecord | null>>();

  constructor(private readonly cfg?: FulltextConfig) {
    this.max = cfg?.maxPerRun ?? DEFAULT_MAX_ARTICLES_PER_RUN;
  }

  /** One page fetch out of the cap; false when the cap is reached. */
  take(): boolean {
    if (this.used >= this.max) return false;
    this.used++;
    return true;
  }

  /** Pages fetched (or being fetched) in this run. */
  get fetched(): number {
    return this.used;
  }

  /** The bundled and the user's site rules, read once per run. */
  get rules(): LoadedRules {
    this.loaded ??= loadSiteRules(this.cfg);
    return this.loaded;
  }

  /** The rules' problems, the first time they are asked for (one feed's warnings carry them, not every feed's). */
  ruleProblems(): string[] {
    if (this.problemsTold) return [];
    this.problemsTold = true;
    return this.rules.problems;
  }
}

export interface ArticleFetching {
  get: GetPage;
  cache: ArticleCache;
  run: ArticleRun;
  signal?: AbortSignal;
}

export function articleFetching(http: Http, store: Store, run: ArticleRun, signal?: AbortSignal): ArticleFetching {
  return {
    get: (url, { accept, signal: s }) => http.get(url, { accept, ...(s ? { signal: s } : {}) }),
    cache: { get: (url) => store.getArticle(url), put: (url, record) => store.putArticle(url, record) },
    run,
    ...(signal ? { signal } : {}),
  };
}

/** How one post's article fared (feeds with fulltext only). */
export interface PostArticle {
  /** `article <url>: <reason>` when the post shows the feed's own body because the article could not be had */
  failure: string | null;
  /** the failure comes from a fetch of this run (not a record of an earlier one) */
  failedNow: boolean;
  /** a later run should render the post again: a failure with attempts left, the cap reached, interrupted */
  retryLater: boolean;
  /** not fetched: the run's cap was reached */
  deferred: boolean;
}

/** The feed's setting may fetch articles (`auto`, `always` or a rule of its own). */
export const fetchesArticles = (source: Pick<Source, 'fulltext'>): boolean => source.fulltext !== undefined && source.fulltext !== 'never';

/** How a feed's articles fared, from its posts'. */
export interface FeedArticles {
  /** every post showing the feed's body for want of its article (for `status`) */
  failures: string[];
  /** those tried in this run (for the run's summary) */
  failedNow: string[];
  retryLater: boolean;
  /** for the feed's report: articles left for a later run by the cap, the site rules' problems (once per run) */
  warnings: string[];
}

export function feedArticles(posts: Array<PostArticle | undefined>, run: ArticleRun): FeedArticles {
  const known = posts.filter((p): p is PostArticle => p !== undefined);
  const lines = (pick: (p: PostArticle) => boolean): string[] => [...new Set(known.filter((p) => p.failure !== null && pick(p)).map((p) => p.failure!))];
  const deferred = known.filter((p) => p.deferred).length;
  const warnings = run.ruleProblems().map((p) => `fulltext rules: ${p}`);
  if (deferred > 0) warnings.push(`${deferred} article${deferred === 1 ? '' : 's'} left for a later run: fulltext.maxPerRun (${run.max}) reached`);
  return { failures: lines(() => true), failedNow: lines((p) => p.failedNow), retryLater: known.some((p) => p.retryLater), warnings };
}
