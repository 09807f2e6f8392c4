// Whole articles for summary-only feeds: extraction (pure), site rules, and the rule for when to fetch.
export { extractArticle, type ExtractOptions, type ExtractedArticle } from './extract.js';
export { findRule, rulesFromMapping, type SiteRule, type SiteRules } from './site-rules.js';
export { needsFullText, SHORT_BODY_CHARS } from './needs-fulltext.js';
export { loadSiteRules, BUNDLED_RULES_URL, type LoadedRules } from './rules-file.js';
export { articleRequest, ruleForPage, shouldFetchArticle, withArticle } from './apply.js';
export { ArticleRun, DEFAULT_MAX_ARTICLES_PER_RUN, articleFetching, type ArticleCache, type ArticleFetching, type GetPage } from './fetching.js';
export { withFetchedArticle, MAX_ARTICLE_ATTEMPTS } from './fetch-article.js';
