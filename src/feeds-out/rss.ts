// RSS 2.0 of the newest posts.
import { rfc822 } from './dates.js';
import type { FeedOut } from './model.js';
import { postPageUrl } from './post-url.js';
import { element, xmlText } from './xml.js';

export function rssFeed(feed: FeedOut): string {
  let out =
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">\n' +
    '  <channel>\n' +
    element('title', feed.title) +
    element('link', feed.site.siteUrl) +
    element('description', feed.site.description || feed.title) +
    `    <atom:link rel="self" type="application/rss+xml" href="${xmlText(feed.selfUrl)}"/>\n` +
    element('generator', 'feedmill') +
    (feed.posts[0] ? element('lastBuildDate', rfc822(feed.posts[0].meta.date)) : '');
  for (const post of feed.posts) {
    const url = postPageUrl(post, feed.site);
    const { meta } = post;
    out +=
      '    <item>\n' +
      element('title', meta.title, '      ') +
      element('link', url, '      ') +
      `      <guid isPermaLink="true">${xmlText(url)}</guid>\n` +
      element('pubDate', rfc822(meta.date), '      ') +
      element('dc:creator', meta.author, '      ') +
      meta.categories.map((c) => element('category', c, '      ')).join('') +
      (meta.image ? `      <media:content url="${xmlText(meta.image)}" medium="image"/>\n` : '') +
      element('description', post.html || meta.title, '      ') +
      '    </item>\n';
  }
  return `${out}  </channel>\n</rss>\n`;
}
