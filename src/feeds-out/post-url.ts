// A post's page URL from the site's permalink pattern, the way Hexo builds it (`:year/:month/:day/:title/`).
import { formatLocal } from '../output/hexo.js';
import type { FeedSite, PublishedPost } from './model.js';

/** The file's name without folders and extension: Hexo's `:title` of a post in `_posts`. */
function fileTitle(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
}

/** The absolute URL of the post's page. Unknown `:tokens` are left as they are. */
export function postPageUrl(post: PublishedPost, site: FeedSite): string {
  const local = formatLocal(new Date(post.meta.date), site.timezone); // YYYY-MM-DD HH:MM:SS
  const parts: Record<string, string> = {
    year: local.slice(0, 4),
    month: local.slice(5, 7),
    day: local.slice(8, 10),
    i_month: String(Number(local.slice(5, 7))),
    i_day: String(Number(local.slice(8, 10))),
    hour: local.slice(11, 13),
    minute: local.slice(14, 16),
    second: local.slice(17, 19),
    title: fileTitle(post.file),
    name: fileTitle(post.file),
  };
  const path = site.postUrl
    .replace(/^\/+/, '')
    .replace(/:(i_month|i_day|year|month|day|hour|minute|second|title|name)\b/g, (_m, key: string) => encodeURIComponent(parts[key]!));
  return new URL(path, site.siteUrl).href;
}
