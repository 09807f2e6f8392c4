// "Did you mean" hints: the keys a strict object of the schema accepts, and the closest one to a typo.

// The parts of a valibot schema that the walk reads.
interface Node {
  kind?: string;
  type?: string;
  entries?: Record<string, unknown>;
  item?: unknown;
  wrapped?: unknown;
  value?: unknown;
  options?: unknown[];
  pipe?: unknown[];
}

const node = (schema: unknown): Node | undefined =>
  schema !== null && typeof schema === 'object' ? (schema as Node) : undefined;

/** Unwraps optional/nullable wrappers and pipes (whose last schema holds the structure). */
function unwrap(schema: unknown): unknown {
  let cur = schema;
  for (let i = 0; i < 10; i++) {
    const n = node(cur);
    if (!n) return cur;
    if (n.type === 'optional' || n.type === 'nullable' || n.type === 'nullish' || n.type === 'exact_optional') cur = n.wrapped;
    else if (Array.isArray(n.pipe)) {
      const inner = n.pipe.filter((p) => node(p)?.kind === 'schema').at(-1);
      if (inner === undefined) return cur;
      cur = inner;
    } else return cur;
  }
  return cur;
}

/** Steps from an object, array or record schema into the schema of `part`, or undefined. */
function step(n: Node | undefined, part: PropertyKey): unknown {
  if (!n) return undefined;
  if ((n.type === 'object' || n.type === 'strict_object') && n.entries && typeof part === 'string') return unwrap(n.entries[part]);
  if (n.type === 'array' && typeof part === 'number') return unwrap(n.item);
  if (n.type === 'record') return unwrap(n.value);
  return undefined;
}

/** The keys accepted by the object schema found at `path` (array indexes step into elements). */
export function keysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let cur: unknown = unwrap(schema);
  for (const part of path) {
    const n = node(cur);
    if (n?.type === 'union') {
      const obj = n.options?.map(unwrap).find((o) => ['object', 'strict_object', 'array'].includes(node(o)?.type ?? ''));
      cur = step(node(obj), part);
    } else {
      cur = step(n, part);
    }
    if (cur === undefined) return [];
  }
  const n = node(cur);
  return (n?.type === 'strict_object' || n?.type === 'object') && n.entries ? Object.keys(n.entries) : [];
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
