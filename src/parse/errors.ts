/** Thrown by parseFeed only when the input holds no feed at all (an HTML page, an empty body). */
export class NotAFeedError extends Error {
  override name = 'NotAFeedError';
  constructor(what: string) {
    super(`not a feed: ${what}`);
  }
}
