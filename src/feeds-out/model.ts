// What feeds out are made of: posts as the store lists them (an item's file and its front matter) and the site.

import type { PostMeta } from '../model.js';

/** A post's front matter as listings show it (the store keeps it with each item). */
export type PostMetaLike = PostMeta;

/** A written post: what `Store.listPosts` returns per item (identity, file, meta), optionally with its body. */
export interface PublishedPost {
  identity: string;
  /** the post's file relative to the first output's dir, e.g. `2022-01-27-ab12cd34ef.md` */
  file: string;
  meta: PostMetaLike;
  /** body HTML for the feed's content, when the caller has it */
  html?: string;
}

/** The site the feeds describe. */
export interface FeedSite {
  title: string;
  description?: string;
  /** absolute, ending in `/` */
  siteUrl: string;
  /** a post's path below siteUrl, Hexo permalink style (`:year/:month/:day/:title/`) */
  postUrl: string;
  /** the zone of the date parts of post URLs (Hexo's `timezone`) */
  timezone: string;
}

/** One feed to render: its own URL, title and the posts, newest first. */
export interface FeedOut {
  site: FeedSite;
  /** absolute URL of this feed file */
  selfUrl: string;
  title: string;
  posts: PublishedPost[];
}
