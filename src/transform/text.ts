// Plain text from HTML (titles, the no-title fallback, filters, authors) and plain-text bodies as paragraphs.
import { Parser } from 'htmlparser2';
import { isJsSpace } from './chars.js';

const SKIP_CONTENT = new Set(['script', 'style', 'noscript', 'template', 'title', 'head', 'textarea', 'select', 'iframe', 'object', 'svg', 'math']);
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section', 'article', 'figure', 'figcaption', 'hr', 'dd', 'dt', 'header', 'footer']);
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const WHITESPACE_RUN = /[\s\u2028\u2029]+/g;

/** Whether `s` has whitespace other than single spaces (what WHITESPACE_RUN would change). */
function hasWhitespaceRun(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 ? s.charCodeAt(i + 1) === 0x20 : isJsSpace(c)) return true;
  }
  return false;
}

/** Collapses whitespace runs (newlines included) to one space and trims; control characters dropped. */
export function collapseWhitespace(s: string): string {
  const t = s.replace(CONTROL, '');
  return (hasWhitespaceRun(t) ? t.replace(WHITESPACE_RUN, ' ') : t).trim();
}

const MARKUP = /[<&]/;
const NOTHING_SKIPPED: ReadonlySet<string> = new Set<string>();

/** HTML → plain text: entities decoded, tags stripped (block boundaries become spaces), whitespace collapsed. */
export function htmlToPlainText(html: string, opts: { keepRawText?: boolean } = {}): string {
  if (!MARKUP.test(html)) return collapseWhitespace(html);
  let text = '';
  let skip = 0;
  const skipped = opts.keepRawText ? NOTHING_SKIPPED : SKIP_CONTENT;
  const parser = new Parser(
    {
      onopentag(name) {
        if (skipped.has(name)) skip++;
        if (BLOCK.has(name)) text += ' ';
      },
      onclosetag(name) {
        if (skipped.has(name)) skip = Math.max(0, skip - 1);
        if (BLOCK.has(name)) text += ' ';
      },
      ontext(data) {
        if (skip === 0) text += data;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return collapseWhitespace(text);
}

const TAG_OPEN = /<(?=[A-Za-z/!?])/g;

/** `<` that could open a tag becomes `＜`: front-matter text is text, but themes that print it unescaped read markup. */
export function inertText(s: string): string {
  return s.replace(TAG_OPEN, '＜');
}

/**
 * Bodies with no markup at all (JSON Feed content_text, plain-text descriptions) keep their paragraphs: blank-line
 * separated blocks become `<p>` elements, which HTML would otherwise run together. Anything with a tag is HTML as is.
 */
const HAS_TAG = /<[A-Za-z/!?]/;
const BLANK_LINE = /\n[ \t]*\n/;
const PARAGRAPH_BREAK = /\n[ \t]*\n\s*/;

export function textParagraphs(body: string): string {
  if (HAS_TAG.test(body) || !BLANK_LINE.test(body)) return body;
  return body
    .split(PARAGRAPH_BREAK)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${p}</p>`)
    .join('\n');
}
