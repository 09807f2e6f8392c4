// Config text → the plain document, keeping the YAML document so that every error names its key path and line.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { Config } from '../model.js';
import type { ConfigIssue } from './errors.js';
import { displayPath, firstLine, issuesError, validateAndResolve, type Locate } from './load.js';
import { dirname } from 'node:path';

/** The document of config text, and where each key path stands in it; throws ConfigError on YAML syntax errors. */
export function readYaml(text: string, absPath: string): { raw: unknown; locate: Locate } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((e) => ({
      keyPath: '',
      line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
      message: `YAML syntax error: ${firstLine(e.message)}`,
    }));
    throw issuesError(displayPath(absPath), issues);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  return { raw, locate: (path, atKey = false) => lineOf(doc, lineCounter, path, atKey) };
}

/** Parses config text; `absPath` names the file in messages and anchors relative paths. */
export function configFromText(source: string, absPath: string): Config {
  const { raw, locate } = readYaml(source.replace(/^\uFEFF/, ''), absPath);
  return validateAndResolve(raw, dirname(absPath), absPath, displayPath(absPath), locate);
}

/** 1-based line of the node at `path` (of its key when `atKey`), else of the nearest existing ancestor. */
function lineOf(doc: Document, lc: LineCounter, path: PropertyKey[], atKey: boolean): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const sub = path.slice(0, depth);
    const wantKey = (atKey || depth < path.length) && depth > 0;
    const offset = wantKey ? keyOffset(doc, sub) : nodeOffset(doc, sub);
    if (offset !== undefined) return lc.linePos(offset).line;
  }
  return undefined;
}

function nodeOffset(doc: Document, path: PropertyKey[]): number | undefined {
  const node = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range?.[0];
}

function keyOffset(doc: Document, path: PropertyKey[]): number | undefined {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath as unknown[], true);
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(last)) return pair.key.range?.[0];
    }
  }
  if (isSeq(parent) && typeof last === 'number') {
    return (parent.items[last] as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  return undefined;
}
