// An article element as plain text: one paragraph per block, line breaks kept, whitespace collapsed.

const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

export function plainText(root: Node): string {
  const out: string[] = [];
  const walk = (node: Node): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out.push((c.nodeValue ?? '').replace(/\s+/g, ' '));
      else if (c.nodeType === 1) {
        const tag = (c as Element).tagName;
        if (SKIP.has(tag)) continue;
        if (tag === 'BR') out.push('\n');
        else if (tag === 'PRE') out.push('\n\n', c.textContent ?? '', '\n\n');
        else if (BLOCKS.has(tag)) {
          out.push('\n\n');
          walk(c);
          out.push('\n\n');
        } else {
          if (tag === 'TD' || tag === 'TH') out.push(' ');
          walk(c);
        }
      }
    }
  };
  walk(root);
  return out
    .join('')
    .replace(/[ \t\u00a0]*\n[ \t\u00a0]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
