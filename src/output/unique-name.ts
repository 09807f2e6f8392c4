// The naming rule that keeps post files apart: `base.md`, then `base-2.md`, `base-3.md` …

/** The n-th candidate name for a base (n from 1), without extension. */
export function nthStem(base: string, n: number): string {
  return n <= 1 ? base : `${base}-${n}`;
}

/** The n-th candidate file name for a base (n from 1). */
export function nthFileName(base: string, n: number): string {
  return `${nthStem(base, n)}.md`;
}

/** The first candidate that `taken` (given full names) refuses. */
export function uniqueFileName(base: string, taken: (name: string) => boolean): string {
  let n = 1;
  while (taken(nthFileName(base, n))) n++;
  return nthFileName(base, n);
}
