// The commented starter feedmill.yml that `feedmill init` writes (every option, with its default).

export const STARTER_CONFIG = `# feedmill.yml — feedmill turns feeds (mostly RSSHub routes) into Hexo posts.
# Run \`feedmill validate\` after editing, \`feedmill run\` to fetch. Relative paths are
# relative to this file. Durations: 20s, 5m, 24h (or milliseconds); sizes: 10MB, 512KB (or bytes).

output:
  dir: source/_posts          # where posts are written (your Hexo blog's source/_posts)
  format: hexo                # post format (hexo: front matter + HTML body)
  filename: "{date}-{hash}"   # file name template: {date} {hash} {title} {id}; always ASCII-safe and unique
  dateStyle: rfc1123          # rfc1123 ('Thu, 27 Jan 2022 10:09:07 GMT') | local ('2022-01-27 18:09:07' in timezone)

state: .feedmill/state.db     # SQLite file remembering feeds and items (keeps runs incremental)
timezone: Asia/Shanghai       # zone for feed timestamps that carry none, and for dateStyle local (default UTC)
limit: 50                     # default per-feed cap: the newest N items of each feed

images:
  placeholder: "https://picsum.photos/400/300?random={n}"  # headimg when a post has no image; {n} is stable per item
  # proxy: "https://images.weserv.nl/?url="                # optional: http:// images go through this prefix
                                                            # (or a template holding {url}, percent-encoded)
  # mode: download                                         # keep (default) | proxy | download: the blog keeps its own
                                                            # copies in source/images/feedmill (dir, urlPrefix, referers,
                                                            # maxBytes, maxPixels, thumbnail: {width, height} — see README)

fetch:
  timeout: 20s                # total time for one request
  connectTimeout: 10s         # time to connect
  maxBytes: 10MB              # cap on a feed body (after decompression)
  concurrency: 8              # feeds fetched at once
  perHost: 2                  # requests at once to one host (be kind to RSSHub instances)
  retries: 2                  # retries within a run for network errors, timeouts, 429 and 5xx
  maxBackoff: 24h             # failing feeds are retried later, at most this long apart
  # userAgent: "my-blog-bot/1.0 (+https://example.com)"    # default names feedmill and its version

content:
  stripTracking: true         # remove utm_* and similar tracking parameters from links
  linksNewTab: false          # add target="_blank" to links in posts
  # iframeHosts: [www.youtube.com, player.bilibili.com]    # hosts whose iframes are kept (default: common video players)

rsshub:
  instance: https://rsshub.app           # the RSSHub instance for rsshub: routes
  fallbacks: []                           # other instances tried in order when one answers 403/429/5xx
  # key: your-access-key                  # access key (?key=) for every instance …
  # keys: { "https://rsshub.example.com": other-key }   # … or per instance
  # categoryNames: { 其他: 杂项 }           # rename automatic categories (category, site or route names)

feeds:
  # An RSSHub route: categories come from RSSHub's catalog when you give none,
  # here [新媒体, 观察者网, 头条]; the author defaults to the site name.
  - rsshub: /guancha/headline

  # Options RSSHub understands go in rsshubOptions (limit, filter, filterout, mode, format …).
  - rsshub: /36kr/newsflashes
    rsshubOptions: { limit: 20 }

  - rsshub: /juejin/category/frontend        # [编程, 掘金, 分类]
    limit: 20                                # this feed's own cap

  - rsshub: /cnbeta
    categories: [科技, cnBeta, 最新]         # explicit categories always win (any depth)
    author: cnBeta

  - rsshub: /sspai/matrix
    filters:                                 # keep or drop items by regex or keywords
      - action: drop
        keywords: [广告, 推广]
        fields: [title]                      # title, content, author, category (default: all)

  # A plain feed URL (http, https, file://, or a path relative to this file):
  # - url: https://example.com/feed.xml
  #   title: Example blog                    # a human name for the feed
  #   categories: [博客, Example]
  #   timezone: America/New_York             # for timestamps without a zone
  #   interval: 2h                           # \`feedmill watch\`: how often to fetch it (default: --interval)
  #   headers: { Cookie: "session=…" }       # extra request headers
  #   rewrite: [".ad", "script"]             # CSS selectors removed from post bodies
`;
