// RSS 0.9x/2.0 (https://www.rssboard.org/rss-specification): the channel and item elements the model reads.
import { A, type Vocabulary } from '../xml/actions.js';

export const RSS: Vocabulary = {
  feed: [
    ['title', A.Title], ['link', A.Link], ['description', A.Description], ['language', A.Language], ['ttl', A.Ttl],
    ['lastbuilddate', A.Updated], ['managingeditor', A.Author], ['author', A.Author], ['webmaster', A.AuthorLow],
    ['image', A.Image], ['textinput', A.Skip], ['textInput', A.Skip],
  ],
  item: [
    ['title', A.Title], ['link', A.Link], ['guid', A.Guid], ['pubdate', A.Published], ['author', A.Author],
    ['category', A.Category], ['description', A.Summary], ['fullitem', A.Content], ['enclosure', A.Enclosure],
    ['source', A.Skip],
  ],
};

/** The root of an RSS document: `<rss>`, or a bare `<channel>` (RSS 0.9x without the wrapper). */
export function rssRoot(local: string, plain: boolean): 'rss' | 'channel' | null {
  if (!plain) return null;
  return local === 'rss' ? 'rss' : local === 'channel' ? 'channel' : null;
}
