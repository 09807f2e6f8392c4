// "Did you mean" hints: the keys a strict object of the schema accepts, and the closest one to a typo.
import type { ZodType } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  options?: unknown[];
  valueType?: unknown;
}

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** Unwraps optional/default/pipe wrappers. */
function unwrap(schema: unknown): unknown {
  let cur = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(cur);
    if (!def) return cur;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') cur = def.innerType;
    else if (def.type === 'pipe') cur = def.in;
    else return cur;
  }
  return cur;
}

/** The keys accepted by the object schema found at `path` (array indexes step into elements). */
export function keysAt(schema: ZodType, path: readonly PropertyKey[]): string[] {
  let cur: unknown = unwrap(schema);
  for (const part of path) {
    const def = defOf(cur);
    if (!def) return [];
    if (def.type === 'object' && def.shape && typeof part === 'string') cur = unwrap(def.shape[part]);
    else if (def.type === 'array' && typeof part === 'number') cur = unwrap(def.element);
    else if (def.type === 'record') cur = unwrap(def.valueType);
    else if (def.type === 'union') {
      const obj = def.options?.map(unwrap).find((o) => defOf(o)?.type === 'object' || defOf(o)?.type === 'array');
      if (!obj) return [];
      cur = obj;
      const d2 = defOf(cur)!;
      if (d2.type === 'object' && d2.shape && typeof part === 'string') cur = unwrap(d2.shape[part]);
      else if (d2.type === 'array' && typeof part === 'number') cur = unwrap(d2.element);
    } else return [];
  }
  const def = defOf(cur);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate when it is close enough to be a typo, else null. */
export function suggest(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  let best: string | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const score = cl === lower ? 0 : cl.startsWith(lower) || lower.startsWith(cl) ? 1 : distance(lower, cl);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return best !== null && bestScore <= allowed ? best : null;
}
