// Reading JSON Feed 1.0 / 1.1 (https://www.jsonfeed.org/version/1.1/), including the bare `"version": "1.1"`
// form: the text parsed, and told apart from other JSON.
import { NotAFeedError } from '../errors.js';

/** Whether a parsed JSON value is a JSON Feed. */
export function isJsonFeed(obj: unknown): obj is Record<string, unknown> {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return false;
  const o = obj as Record<string, unknown>;
  const v = o.version;
  if (typeof v === 'string' && (/jsonfeed\.org\/version\//i.test(v) || /^1(\.\d+)?$/.test(v.trim()))) return true;
  return Array.isArray(o.items) && ('title' in o || 'home_page_url' in o || 'feed_url' in o);
}

/** The JSON Feed object in `text`; NotAFeedError for malformed JSON or JSON that is no feed. */
export function readJsonFeed(text: string): Record<string, unknown> {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new NotAFeedError('malformed JSON');
  }
  if (!isJsonFeed(obj)) throw new NotAFeedError('JSON that is not a JSON Feed');
  return obj;
}
