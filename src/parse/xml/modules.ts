// Namespaced modules any XML feed may carry, whatever its format: Dublin Core, content:encoded, iTunes,
// Media RSS, XHTML bodies. Their element names are distinct from the formats' own (rss/, atom/, rdf/).
import { A, type Vocabulary } from './actions.js';

export const MODULES: Vocabulary = {
  feed: [
    ['dc:title', A.TitleDc], ['dc:description', A.DescriptionAlt], ['itunes:summary', A.DescriptionAlt],
    ['itunes:subtitle', A.DescriptionAlt], ['dc:language', A.Language], ['dc:date', A.UpdatedAlt],
    ['dcterms:modified', A.UpdatedAlt], ['dc:creator', A.AuthorAlt], ['dc:author', A.AuthorAlt],
    ['itunes:author', A.AuthorAlt], ['media:content', A.MediaContent], ['media:thumbnail', A.MediaThumbnail],
    ['itunes:image', A.ItunesImage],
  ],
  item: [
    ['dc:title', A.TitleDc], ['dc:identifier', A.IdAlt], ['dcterms:issued', A.Published], ['dc:date', A.UpdatedAlt],
    ['dcterms:modified', A.UpdatedAlt], ['dc:creator', A.AuthorAlt], ['dc:author', A.AuthorAlt],
    ['itunes:author', A.AuthorAlt], ['media:title', A.TitleLow], ['itunes:link', A.ItunesLink],
    ['dc:subject', A.Category], ['media:category', A.Category], ['content:encoded', A.Content],
    ['xhtml:body', A.Content], ['xhtml:div', A.Content], ['dc:description', A.DescriptionAlt],
    ['itunes:summary', A.DescriptionAlt], ['media:content', A.MediaContent], ['media:thumbnail', A.MediaThumbnail],
    ['media:group', A.MediaGroup], ['itunes:image', A.ItunesImage], ['media:description', A.MediaDescription],
  ],
};

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|avif)(\?|$)/i;

/** Whether a `<media:content>` is a picture: by `medium`, by `type`, else by the URL's extension. */
export function isImageMedia(medium: string | undefined, type: string | undefined, url: string): boolean {
  const m = medium ?? '';
  const t = type ?? '';
  return m === 'image' || t.startsWith('image/') || (!m && !t && IMAGE_EXTENSION.test(url));
}
