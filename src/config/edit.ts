// Appending feeds to a feedmill.yml without disturbing the user's comments and formatting.
// The yaml Document API finds where the feeds list ends; the new items are inserted there as text, so every
// other byte of the file stays as it was. When the layout is unusual the whole document is re-serialized
// through the Document API instead (comments are kept either way).
import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

export type FeedEntry = Record<string, unknown>;

const FLOW_KEYS = new Set(['categories', 'rsshubOptions', 'headers']);

/** One feed as YAML block lines starting with "- ", categories and options written inline. */
export function feedToYaml(feed: FeedEntry): string {
  const doc = new Document([feed]);
  const seq = doc.contents as YAMLSeq;
  styleEntry(seq.items[0] as Node);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function styleEntry(node: Node): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (FLOW_KEYS.has(key) && pair.value && (isSeq(pair.value) || isMap(pair.value))) pair.value.flow = true;
  }
}

function indentBlock(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** Returns the config text with `feeds` appended to its feeds list. */
export function appendFeeds(text: string, feeds: FeedEntry[]): string {
  if (feeds.length === 0) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`cannot edit the config: ${doc.errors[0]!.message.split('\n')[0]}`);
  const blocks = feeds.map(feedToYaml).join('');
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new Error('cannot edit the config: it is not a mapping');
  const value = isMap(root) ? root.get('feeds', true) : undefined;

  if (!isMap(root) || !root.has('feeds')) {
    // no feeds key: add one at the end
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return `${text}${sep}feeds:\n${indentBlock(blocks, 2)}`;
  }

  if (isSeq(value) && !value.flow && value.items.length > 0) {
    const first = value.items[0] as Node;
    const last = value.items[value.items.length - 1] as Node;
    const firstStart = first.range?.[0];
    const lastEnd = last.range?.[1];
    if (firstStart !== undefined && lastEnd !== undefined) {
      const lineStart = text.lastIndexOf('\n', firstStart - 1) + 1;
      const prefix = text.slice(lineStart, firstStart);
      const dash = prefix.indexOf('-');
      if (dash >= 0 && /^\s*-\s+$/.test(prefix)) {
        const nl = text.indexOf('\n', Math.max(lastEnd - 1, 0));
        const at = nl === -1 ? text.length : nl + 1;
        const head = text.slice(0, at);
        return `${head}${head.endsWith('\n') ? '' : '\n'}${indentBlock(blocks, dash)}${text.slice(at)}`;
      }
    }
  }

  if ((isSeq(value) && value.items.length === 0) || value === null || (isScalar(value) && value.value === null)) {
    // `feeds: []` or `feeds:` with nothing: replace the empty value by a block list
    const range = (value as Node | null)?.range;
    if (range && range[1] > range[0]) {
      const before = text.slice(0, range[0]).replace(/[ \t]+$/, '');
      const after = text.slice(range[1]);
      return `${before}\n${indentBlock(blocks, 2)}${after.replace(/^[ \t]*\n/, '')}`;
    }
    if (!range || range[1] === range[0]) {
      // `feeds:` followed by a newline: insert right after the key's line
      const m = /^feeds:[ \t]*(#[^\n]*)?\n?/m.exec(text);
      if (m) {
        const at = m.index + m[0].length;
        const head = text.slice(0, at);
        return `${head}${head.endsWith('\n') ? '' : '\n'}${indentBlock(blocks, 2)}${text.slice(at)}`;
      }
    }
  }

  // Unusual layout (flow list with items, odd indentation): let the Document API re-serialize.
  let list: YAMLSeq;
  if (isSeq(value)) list = value as YAMLSeq;
  else {
    list = doc.createNode([]) as YAMLSeq;
    (root as YAMLMap<unknown, unknown>).set('feeds', list);
  }
  list.flow = false;
  for (const feed of feeds) {
    const node = doc.createNode(feed) as Node;
    styleEntry(node);
    list.items.push(node);
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Returns the config text without the feed at `index` of its feeds list; every other line stays as it was. */
export function removeFeedAt(text: string, index: number): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`cannot edit the config: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root = doc.contents;
  const list = isMap(root) ? root.get('feeds', true) : undefined;
  if (!isSeq(list) || index < 0 || index >= list.items.length) throw new Error(`cannot edit the config: no feed number ${index + 1}`);
  const node = list.items[index] as Node;
  const range = node.range;
  if (!list.flow && range) {
    // block list: cut from the line of the item's dash to the end of its last line
    const lineStart = text.lastIndexOf('\n', range[0] - 1) + 1;
    if (/^\s*-\s+$/.test(text.slice(lineStart, range[0]))) {
      const nl = text.indexOf('\n', Math.max(range[1] - 1, lineStart));
      const end = nl === -1 ? text.length : nl + 1;
      let out = text.slice(0, lineStart) + text.slice(end);
      // the last feed gone: keep the key with an empty list rather than a null
      if (list.items.length === 1) out = out.replace(/^(feeds:)[ \t]*(#[^\n]*)?$/m, (_, k: string, c?: string) => `${k} []${c ? ` ${c}` : ''}`);
      return out;
    }
  }
  // a flow list or an unusual layout: let the Document API re-serialize (comments are kept)
  list.items.splice(index, 1);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
