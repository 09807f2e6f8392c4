// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the newest posts.
import { isoUtc } from './dates.js';
import type { FeedOut } from './model.js';
import { postPageUrl } from './post-url.js';

export function jsonFeed(feed: FeedOut): string {
  const doc = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.site.siteUrl,
    feed_url: feed.selfUrl,
    ...(feed.site.description ? { description: feed.site.description } : {}),
    items: feed.posts.map((post) => {
      const url = postPageUrl(post, feed.site);
      const { meta } = post;
      return {
        id: url,
        url,
        ...(meta.link ? { external_url: meta.link } : {}),
        title: meta.title,
        // an item needs content_html or content_text
        ...(post.html ? { content_html: post.html } : { content_text: meta.title }),
        ...(meta.image ? { image: meta.image } : {}),
        date_published: isoUtc(meta.date),
        ...(meta.author ? { authors: [{ name: meta.author }] } : {}),
        ...(meta.categories.length > 0 ? { tags: meta.categories } : {}),
      };
    }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
