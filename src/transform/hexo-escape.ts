// Hexo-specific escapes on the finished body: Hexo runs Nunjucks over posts (a lone `{%` breaks the
// whole build), reads text after a blank line as Markdown, and turns line-start fences into code
// blocks even inside HTML. Blank lines inside <pre> were already written as `&#10;` by the emitter.

/** Whitespace-only lines removed, braces and line-start fences escaped, trimmed, newline-terminated. */
export function escapeForHexo(html: string): string {
  const out = html
    .replace(/^[ \t]*\n/gm, '')
    .replace(/\{/g, '&#123;')
    .replace(/\}/g, '&#125;')
    // Hexo's fence rule also accepts up to three `>` (blockquote) or one list marker (`-`, `*`, `+`, `1.`) before the fence
    .replace(/^((?:[^\S\n]*>){0,3}|[^\S\n]*(?:[-*+]|[0-9]+\.))([^\S\n]*)(`{3,}|~{3,})/gm, (_m, lead: string, indent: string, fence: string) =>
      lead + indent + (fence[0] === '`' ? '&#96;' : '&#126;') + fence.slice(1))
    .replace(/^[ \t\n]+/, '')
    .trimEnd();
  return out === '' ? '' : `${out}\n`;
}
