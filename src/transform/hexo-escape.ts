// Hexo-specific escapes on the finished body: Hexo runs Nunjucks over posts (a lone `{%` breaks the
// whole build), reads text after a blank line as Markdown, and turns line-start fences into code
// blocks even inside HTML. Blank lines inside <pre> were already written as `&#10;` by the emitter.
import { isJsSpace } from './chars.js';

const BLANK_LINE = /^[ \t]*\n/gm;
const BRACE = /[{}]/g;
// Hexo's fence rule also accepts up to three `>` (blockquote) or one list marker (`-`, `*`, `+`, `1.`) before the fence
const FENCE = /^((?:[^\S\n]*>){0,3}|[^\S\n]*(?:[-*+]|[0-9]+\.))([^\S\n]*)(`{3,}|~{3,})/gm;
const LEADING_BLANK = /^[ \t\n]+/;
// one scan for the common case of a body with none of the above: a blank line (at a line start as BLANK_LINE's
// multiline `^` sees it), a brace or the start of a fence
const MAY_NEED_ESCAPES = /(?:^|[\n\r\u2028\u2029])[ \t]*\n|[{}]|```|~~~/;

function braceEntity(brace: string): string {
  return brace === '{' ? '&#123;' : '&#125;';
}

function escapeFence(_m: string, lead: string, indent: string, fence: string): string {
  return lead + indent + (fence[0] === '`' ? '&#96;' : '&#126;') + fence.slice(1);
}

/** Whitespace-only lines removed, braces and line-start fences escaped, trimmed, newline-terminated. */
export function escapeForHexo(html: string): string {
  let out = html;
  if (MAY_NEED_ESCAPES.test(html)) {
    out = html.replace(BLANK_LINE, '').replace(BRACE, braceEntity);
    if (out.includes('```') || out.includes('~~~')) out = out.replace(FENCE, escapeFence);
  }
  const first = out.charCodeAt(0);
  if (first === 0x20 || first === 0x09 || first === 0x0a) out = out.replace(LEADING_BLANK, '');
  // already ending in exactly one newline after text: trimming and adding the newline back would only copy it
  const n = out.length;
  if (n >= 2 && out.charCodeAt(n - 1) === 0x0a && !isJsSpace(out.charCodeAt(n - 2))) return out;
  out = out.trimEnd();
  return out === '' ? '' : `${out}\n`;
}
