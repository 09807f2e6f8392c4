// Per-feed `rewrite` rules: elements matching CSS selectors are removed from the body. The fragment
// is parsed into a DOM only when the feed has rules; the body pass then skips the matched elements
// by their source offsets, so the rest of the markup keeps its exact bytes.
import { Parser } from 'htmlparser2';
import { DomHandler, type Element } from 'domhandler';
import { selectAll } from 'css-select';

/** Source start offsets of the elements matched by any selector (invalid selectors are ignored). */
export function rewriteRemovals(html: string, selectors: string[]): Set<number> {
  const starts = new Set<number>();
  if (selectors.length === 0) return starts;
  const handler = new DomHandler(undefined, { withStartIndices: true });
  new Parser(handler, { decodeEntities: true }).end(html);
  for (const sel of selectors) {
    let found: Element[];
    try {
      found = selectAll(sel, handler.root.children) as Element[];
    } catch {
      continue;
    }
    for (const el of found) if (el.startIndex !== null) starts.add(el.startIndex);
  }
  return starts;
}
