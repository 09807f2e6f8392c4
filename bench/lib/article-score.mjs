// The article-extraction benchmark's metric: 4-word shingles of letter/number tokens, per-page
// TP/FP/FN normalised to sum 1, precision and recall averaged over pages, F1 of those averages.
const tokens = (s) => (s || '').match(/[\p{L}\p{N}\p{M}_]+/gu) || [];

function shingles(s) {
  const t = tokens(s);
  const m = new Map();
  for (let i = 0; i < Math.max(1, t.length - 3); i++) {
    const k = t.slice(i, i + 4).join('\u0001');
    if (k) m.set(k, (m.get(k) || 0) + 1);
  }
  return m;
}

/** [tp, fp, fn] of one page, normalised to sum 1. */
export function pageCounts(truthText, predText) {
  const a = shingles(truthText);
  const b = shingles(predText);
  let tp = 0, fp = 0, fn = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k) || 0, y = b.get(k) || 0;
    tp += Math.min(x, y); fp += Math.max(0, y - x); fn += Math.max(0, x - y);
  }
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

const prec = ([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp));
const rec = ([tp, fp, fn]) => (fp === 0 && fn === 0 ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** F1, precision and recall over pages from their [tp, fp, fn] rows. */
export function summarize(rows) {
  const precision = mean(rows.filter(([tp, fp]) => tp + fp > 0).map(prec));
  const recall = mean(rows.filter(([tp, , fn]) => tp + fn > 0).map(rec));
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall, pages: rows.length };
}
