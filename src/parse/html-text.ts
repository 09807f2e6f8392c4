// Small HTML helpers for the model's text/HTML fields: escaping, markup → plain text, and the
// "does this text field actually hold HTML" heuristic for RSS titles (which are plain text by spec
// but often carry entities or tags).
import { decodeHTML } from 'entities/decode';

export function escapeHtml(s: string): string {
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Plain text → HTML: `& < >` escaped; blank-line separated paragraphs become `<p>…</p>` and single line
 * breaks `<br>`. A single line stays bare escaped text (no wrapper is needed to show it as written).
 */
export function textToHtml(s: string): string {
  const t = s.replace(/\r\n?/g, '\n').trim();
  const esc = escapeHtml(t);
  if (t.indexOf('\n') < 0) return esc;
  const paras = esc.split(/\n[ \t]*\n\s*/);
  let out = '';
  for (const p of paras) out += '<p>' + p.replace(/[ \t]*\n[ \t]*/g, '<br>') + '</p>';
  return out;
}

export function escapeAttr(s: string): string {
  if (!/[&<>"]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** HTML → plain text: comments and tags removed, entities decoded. */
export function htmlToText(html: string): string {
  let t = html;
  if (t.indexOf('<') >= 0) t = t.replace(/<!--[\s\S]*?-->/g, '').replace(/<\/?[A-Za-z][^>]*>/g, '');
  if (t.indexOf('&') >= 0) t = decodeHTML(t);
  return t;
}

const HTML_TAG = /<\/?(?:a|abbr|acronym|address|b|bdi|bdo|big|blockquote|br|cite|code|del|dfn|div|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|q|s|samp|small|span|strike|strong|sub|sup|table|td|th|tr|tt|u|ul|var)\b[^>]*>/i;
const HTML_ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});/i;

/** Whether a text field holds HTML markup or entity references (feedparser's "looks like HTML" idea). */
export function looksLikeHtml(s: string): boolean {
  if (s.indexOf('<') < 0 && s.indexOf('&') < 0) return false;
  return HTML_TAG.test(s) || HTML_ENTITY.test(s);
}

/** Decodes base64 content (Atom 0.3 mode="base64", non-text MIME types); the input on failure. */
export function decodeBase64Text(s: string): string {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/=_-]*$/.test(clean)) return s;
  try {
    return Buffer.from(clean, 'base64').toString('utf8');
  } catch {
    return s;
  }
}
