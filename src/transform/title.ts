// The post title: the item's title as one line of plain text; an item without one is titled by the first 50
// characters of its body. Quotes become `_`, as the seed system wrote them.
import { htmlToPlainText, inertText } from './text.js';

const QUOTES = /['"‘’“”]/g;

/** Plain text, quotes ' " ‘ ’ “ ” replaced by `_` as the seed system did. */
export function postTitle(title: string | null, bodyHtml: string | null): string {
  // A title is one line of text: a tag named in it (`<script> considered harmful`) is stripped, its words stay.
  let t = title ? htmlToPlainText(title, { keepRawText: true }) : '';
  if (t === '') {
    const text = bodyHtml ? htmlToPlainText(bodyHtml) : '';
    const chars = Array.from(text);
    t = chars.length > 50 ? `${chars.slice(0, 50).join('').trimEnd()}...` : text;
  }
  return inertText(t.replace(QUOTES, '_'));
}
