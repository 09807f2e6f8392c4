// Hints that say what the article's text is — the feed item's own summary, a JSON-LD `articleBody` — used
// to check Readability's pick and, when it missed, to find the page block that holds the hinted text.

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;

/** Words, with every CJK character a word of its own (CJK text has no spaces to split on). */
function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    const w = m[0];
    if (CJK.test(w)) for (const ch of w) out.push(ch);
    else out.push(w);
  }
  return out;
}

/** Overlapping 4-word shingles of a text (the first `max` words). */
export function shingles(text: string, max = 400): Set<string> {
  const w = words(text).slice(0, max);
  const s = new Set<string>();
  for (let i = 0; i + 4 <= w.length; i++) s.add(w.slice(i, i + 4).join(' '));
  if (w.length > 0 && w.length < 4) s.add(w.join(' '));
  return s;
}

/** Share of the hint's shingles found in `text` (0 … 1); 1 when the hint is empty. */
export function coverage(hint: Set<string>, text: string): number {
  if (hint.size === 0) return 1;
  const have = shingles(text, 1e6);
  let n = 0;
  for (const k of hint) if (have.has(k)) n++;
  return n / hint.size;
}

const BLOCK_SELECTOR = 'p, li, blockquote, h2, h3, h4, pre, td, div:not(:has(p, div, li, table))';

/**
 * The element whose subtree holds most of the blocks that repeat the hint: the deepest ancestor that
 * still contains over half of the matching blocks. Null when fewer than one block in ten matches.
 */
export function findHintedBlock(doc: Document, hint: Set<string>): Element | null {
  if (hint.size === 0) return null;
  const matches: Element[] = [];
  for (const el of doc.body?.querySelectorAll(BLOCK_SELECTOR) ?? []) {
    const s = shingles(el.textContent ?? '', 200);
    let hit = 0;
    for (const k of s) if (hint.has(k)) hit++;
    if (hit >= 2 || (s.size > 0 && hit / s.size > 0.5)) matches.push(el);
  }
  if (matches.length === 0) return null;
  const counts = new Map<Element, number>();
  for (const el of matches) for (let a = el.parentElement; a; a = a.parentElement) counts.set(a, (counts.get(a) ?? 0) + 1);
  let best: Element | null = null;
  let bestDepth = -1;
  for (const [el, n] of counts) {
    if (n * 2 <= matches.length) continue;
    let depth = 0;
    for (let a = el.parentElement; a; a = a.parentElement) depth++;
    if (depth > bestDepth) {
      best = el;
      bestDepth = depth;
    }
  }
  // a hint of one paragraph matches one block: widen to the block that holds the paragraphs around it
  while (best && best.querySelectorAll('p').length < 3 && best.parentElement && best.parentElement.tagName !== 'BODY') best = best.parentElement;
  return best && best.tagName !== 'HTML' && best.tagName !== 'BODY' ? best : null;
}
