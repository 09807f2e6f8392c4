// What the XML builder does with an element the model reads. The format folders (rss/, atom/, rdf/) and
// xml/modules.ts map their element names to these.
export const enum A {
  None, Title, TitleDc, Link, Description, DescriptionAlt, Language, Updated, UpdatedAlt, Author, AuthorAlt,
  AtomAuthor, Image, AtomLogo, AtomIcon, ItunesImage, Skip, Id, IdAlt, Published, Summary, Content, Category,
  AtomCategory, Enclosure, MediaContent, MediaThumbnail, MediaGroup, Guid, AuthorLow, TitleLow, ItunesLink,
  MediaDescription, Ttl,
}

/** element key → action, at feed level and at item level */
export interface Vocabulary {
  feed: Array<[string, A]>;
  item: Array<[string, A]>;
}
