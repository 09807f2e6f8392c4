// YAML scalars for the Hexo front matter, written the way the seed system did (plain or single-quoted)
// whenever that reads back as the same string in js-yaml (what Hexo uses); quoted otherwise.

// Characters js-yaml refuses or folds inside a scalar: C0/C1 controls, DEL, BOM, non-characters, lone surrogates.
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAKS = /[\t\n\r\u0085\u2028\u2029]+/g;

/** One-line printable text: control characters dropped, line breaks and tabs become spaces, runs collapsed. */
export function cleanScalar(s: string): string {
  return s.replace(UNPRINTABLE, '').replace(LINE_BREAKS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Single-quoted scalar: only `'` needs escaping (doubled). Valid for every one-line printable string. */
export function singleQuoted(s: string): string {
  return `'${cleanScalar(s).replace(/'/g, "''")}'`;
}

// Plain scalars that js-yaml would read as something other than this exact string.
const NON_STRING = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?\.(?:inf|nan))$/i;
const NUMBER_OR_DATE_LIKE = /^[-+.]?[0-9]/;
const BAD_FIRST = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

/** Whether `s` can be written as a plain (unquoted) scalar and read back unchanged. Conservative. */
export function isSafePlain(s: string): boolean {
  if (s === '' || s !== s.trim()) return false;
  if (BAD_FIRST.test(s) || NON_STRING.test(s)) return false;
  // YAML's number and timestamp forms are ASCII-only: `36氪` can never read back as a number or a date.
  if (NUMBER_OR_DATE_LIKE.test(s) && /^[\x00-\x7F]*$/.test(s)) return false;
  if (/[:]\s|\s#|:$|[{}[\],]/.test(s)) return false;
  if (/^(?:---|\.\.\.)/.test(s) || s === '<<' || s.startsWith('=')) return false;
  return true;
}

/** Plain when safe (as the seed writes author and categories), single-quoted otherwise. */
export function plainOrQuoted(s: string): string {
  const c = cleanScalar(s);
  return isSafePlain(c) ? c : singleQuoted(c);
}
