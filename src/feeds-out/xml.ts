// Text for XML feeds: escaped, and without the characters XML 1.0 forbids (a feed with one is not a feed).
import { escapeUTF8 } from 'entities';

const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return escapeUTF8(s.replace(NOT_XML, ''));
}

/** An element with escaped text, or '' when there is no text. */
export function element(name: string, text: string | null | undefined, indent = '    '): string {
  return text ? `${indent}<${name}>${xmlText(text)}</${name}>\n` : '';
}
