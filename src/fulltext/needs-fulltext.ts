// `fulltext: auto` — whether an item's own body is only a teaser, so its web page is worth fetching.
//
// The rule: an item with a link needs its article when its body (content, else summary) as plain text
//   1. is empty, or
//   2. is short: under 300 characters, a CJK character counting as two (about 150 Chinese characters), or
//   3. ends like a cut text: "…", "...", "[…]", "[...]", "(more…)", "Read more", "Read the full article",
//      "Continue reading", "阅读全文", "查看全文", "全文", "阅读原文", "更多", "未完待续", "点击阅读", "点击查看",
//      "继续阅读", "›", "»", "→" (trailing spaces and punctuation ignored).
// Pure: no I/O.
import type { Entry } from '../model.js';

export const SHORT_BODY_CHARS = 300;

const TRUNCATED =
  /(?:…|\.{3}|\[\s*(?:…|\.{3})\s*\]|\(\s*more\s*(?:…|\.{3})?\s*\)|read\s+(?:the\s+)?(?:more|full\s+(?:article|story|post))|continue\s+reading(?:\s*[→»›]?)?|阅读全文|查看全文|全文|阅读原文|更多|未完待续|点击(?:阅读|查看)|继续阅读|[›»→])[\s\p{P}]*$/iu;

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/gu;

/** The visible text of an HTML body: tags dropped, common entities read, whitespace collapsed. */
function bodyText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&hellip;|&#8230;|&#x2026;/gi, '…')
    .replace(/&raquo;|&#187;/gi, '»')
    .replace(/&rarr;/gi, '→')
    .replace(/&(?:amp|lt|gt|quot|#39|apos);/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text length with a CJK character counted twice (a CJK character carries about a word). */
function weightedLength(text: string): number {
  return text.length + (text.match(CJK)?.length ?? 0);
}

export function needsFullText(entry: Pick<Entry, 'link' | 'summary' | 'content'>): boolean {
  if (!entry.link) return false;
  const text = bodyText(entry.content ?? entry.summary ?? '');
  if (text === '') return true;
  if (weightedLength(text) < SHORT_BODY_CHARS) return true;
  return TRUNCATED.test(text.slice(-60));
}
