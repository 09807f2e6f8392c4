// Atom 1.0 (RFC 4287) of the newest posts.
import { isoUtc } from './dates.js';
import type { FeedOut } from './model.js';
import { postPageUrl } from './post-url.js';
import { element, xmlText } from './xml.js';

export function atomFeed(feed: FeedOut): string {
  // the newest post's date: an unchanged set of posts gives an unchanged file
  const updated = isoUtc(feed.posts[0]?.meta.date ?? 0);
  let out =
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">\n' +
    element('title', feed.title, '  ') +
    (feed.site.description ? element('subtitle', feed.site.description, '  ') : '') +
    `  <id>${xmlText(feed.selfUrl)}</id>\n` +
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.selfUrl)}"/>\n` +
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.site.siteUrl)}"/>\n` +
    `  <updated>${updated}</updated>\n` +
    '  <generator uri="https://www.npmjs.com/package/feedmill">feedmill</generator>\n';
  for (const post of feed.posts) {
    const url = postPageUrl(post, feed.site);
    const { meta } = post;
    out +=
      '  <entry>\n' +
      `    <title type="text">${xmlText(meta.title)}</title>\n` +
      `    <id>${xmlText(url)}</id>\n` +
      `    <link rel="alternate" type="text/html" href="${xmlText(url)}"/>\n` +
      (meta.link ? `    <link rel="via" href="${xmlText(meta.link)}"/>\n` : '') +
      `    <published>${isoUtc(meta.date)}</published>\n` +
      `    <updated>${isoUtc(meta.date)}</updated>\n` +
      `    <author><name>${xmlText(meta.author || feed.title)}</name></author>\n` +
      meta.categories.map((c) => `    <category term="${xmlText(c)}"/>\n`).join('') +
      (meta.image ? `    <media:thumbnail url="${xmlText(meta.image)}"/>\n` : '') +
      (post.html ? `    <content type="html">${xmlText(post.html)}</content>\n` : '') +
      '  </entry>\n';
  }
  return `${out}</feed>\n`;
}
