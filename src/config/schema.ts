// The shape of feedmill.yml as written by users (before defaults and path resolution), as a valibot schema.
// valibot rather than zod: it imports in ~7 ms against ~40 ms, and the config is validated on every start.
// Objects are strict: an unknown key is an error (with a "did you mean" hint, see load.ts).
import * as v from 'valibot';
import { parseDuration, parseSize } from './units.js';
import { proxySettingProblem } from '../fetch/proxy.js';

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

type Issue = v.BaseIssue<unknown>;

/** valibot's strict objects report an unknown key as an issue at the key, expecting "never". */
export function isUnknownKeyIssue(issue: Issue): boolean {
  return issue.kind === 'schema' && issue.type === 'strict_object' && issue.expected === 'never';
}

/** A wrong type below a value (a failed check or an unknown key is not one): checks of the whole value are skipped. */
function hasTypeIssue(issues: readonly Issue[] | undefined): boolean {
  return issues?.some((i) => i.kind === 'schema' && !isUnknownKeyIssue(i)) ?? false;
}

const text = (what = 'a string') => v.string(`expected ${what}`);
const nonEmpty = (what = 'a non-empty string') => v.pipe(v.string(`expected ${what}`), v.minLength(1, `expected ${what}`));
// A fraction or Infinity is the wrong type (so checks of the enclosing mapping are skipped); 0 is only a failed check.
const isFiniteInteger = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const positiveInt = () =>
  v.pipe(
    v.custom<number>(isFiniteInteger, 'expected a positive integer'),
    v.safeInteger('expected a positive integer'),
    v.minValue(1, 'expected a positive integer'),
  );
const countInt = () =>
  v.pipe(
    v.custom<number>(isFiniteInteger, 'expected a whole number (0 or more)'),
    v.safeInteger('expected a whole number (0 or more)'),
    v.minValue(0, 'expected a whole number (0 or more)'),
  );
const bool = () => v.boolean('expected true or false');
const duration = () =>
  v.custom<string | number>(
    (x) => parseDuration(x) !== null,
    'expected a duration such as 20s, 5m, 24h or a number of milliseconds',
  );
const size = () => v.custom<string | number>((x) => parseSize(x) !== null, 'expected a size such as 10MB, 512KB or a number of bytes');
const timeZone = () =>
  v.pipe(
    nonEmpty('an IANA time zone such as Asia/Shanghai or UTC'),
    v.check(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai or UTC'),
  );
const proxySetting = () =>
  v.pipe(
    nonEmpty('none or a proxy URL such as http://127.0.0.1:8080'),
    v.rawCheck<string>(({ dataset, addIssue }) => {
      const problem = dataset.typed ? proxySettingProblem(dataset.value) : null;
      if (problem) addIssue({ message: problem });
    }),
  );
const httpUrl = (what = 'an http(s) URL') =>
  v.pipe(
    nonEmpty(what),
    v.check((x) => /^https?:\/\/[^/\s]+/i.test(x) && URL.canParse(x), `expected ${what}`),
  );
const stringList = (what = 'a list of strings') => v.union([v.array(nonEmpty(), `expected ${what}`), nonEmpty()], `expected ${what}`);

// valibot's object and record schemas accept arrays; a YAML list where a mapping belongs is a type error.
const isMapping = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const mapping = <const E extends v.ObjectEntries>(entries: E, message: string) =>
  v.pipe(v.custom<Record<string, unknown>>(isMapping, message), v.strictObject(entries, message));
const isPlainMapping = (x: unknown): boolean =>
  isMapping(x) && [Object.prototype, null].includes(Object.getPrototypeOf(x) as object | null);

// A mapping of names to values. Not valibot's record(): its output silently drops keys such as "constructor"
// and "prototype", which a header, an RSSHub option or a category may be called. Each value is checked here
// and the mapping is kept as written.
const recordOf = <const S extends v.GenericSchema>(value: S, message: string) =>
  v.pipe(
    v.custom<Record<string, v.InferOutput<S>>>(isPlainMapping, message),
    v.rawCheck<Record<string, v.InferOutput<S>>>(({ dataset }) => {
      if (!dataset.typed) return;
      const input = dataset.value;
      const out = dataset as { typed: boolean; issues?: Issue[] };
      for (const key of Object.keys(input)) {
        const result = v.safeParse(value, input[key]);
        if (result.success) continue;
        for (const issue of result.issues) {
          const at: v.ObjectPathItem = { type: 'object', origin: 'value', input, key, value: input[key] };
          (issue as { path?: v.IssuePathItem[] }).path = [at, ...(issue.path ?? [])];
          (out.issues ??= []).push(issue);
          if (issue.kind === 'schema') out.typed = false; // as record() would: a wrong type stops checks of the whole
        }
      }
    }),
  );
const stringMap = (what = 'a mapping of names to strings') => recordOf(text(), `expected ${what}`);

type PathKey = string | number;
type Report = (message: string, ...path: PathKey[]) => void;

/** A strict mapping with a check of the whole, run unless a value in it has the wrong type (as with zod before). */
function checkedMapping<const E extends v.ObjectEntries>(
  entries: E,
  message: string,
  check: (value: v.InferOutput<v.StrictObjectSchema<E, string>>, report: Report) => void,
) {
  const base = mapping(entries, message);
  return v.pipe(
    base,
    v.rawCheck<v.InferOutput<typeof base>>(({ dataset, addIssue }) => {
      if (hasTypeIssue(dataset.issues)) return;
      const value = dataset.value as v.InferOutput<v.StrictObjectSchema<E, string>>;
      check(value, (msg, ...path) => addIssue({ message: msg, path: pathItems(value, path) }));
    }),
  );
}

function pathItems(root: unknown, path: PathKey[]): [v.IssuePathItem, ...v.IssuePathItem[]] | undefined {
  const items: v.IssuePathItem[] = [];
  let cur = root as Record<PathKey, unknown>;
  for (const key of path) {
    const value = cur?.[key];
    items.push(
      typeof key === 'number'
        ? { type: 'array', origin: 'value', input: cur as unknown as unknown[], key, value }
        : { type: 'object', origin: 'value', input: cur, key, value },
    );
    cur = value as Record<PathKey, unknown>;
  }
  return items.length > 0 ? (items as [v.IssuePathItem, ...v.IssuePathItem[]]) : undefined;
}

const FIELD_NAMES = ['title', 'content', 'author', 'category'] as const;
const PLACEHOLDERS = ['title', 'hash', 'date', 'id'];

function regexError(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

const filterSchema = checkedMapping(
  {
    action: v.picklist(['keep', 'drop'], 'expected keep or drop'),
    regex: v.optional(stringList('a regular expression or a list of them')),
    keywords: v.optional(stringList('a list of keywords')),
    fields: v.optional(
      v.array(
        v.picklist(FIELD_NAMES, `expected one of: ${FIELD_NAMES.join(', ')}`),
        `expected a list of fields (${FIELD_NAMES.join(', ')})`,
      ),
    ),
    caseSensitive: v.optional(bool()),
  },
  'expected a mapping such as {action: drop, keywords: [广告]}',
  (f, report) => {
    if (f.regex === undefined && f.keywords === undefined) report('a filter needs regex or keywords');
    const list = f.regex === undefined ? [] : Array.isArray(f.regex) ? f.regex : [f.regex];
    list.forEach((source, i) => {
      const problem = regexError(source);
      if (problem) {
        const at: PathKey[] = Array.isArray(f.regex) ? ['regex', i] : ['regex'];
        report(`invalid regular expression: ${problem}`, ...at);
      }
    });
  },
);

const feedSchema = checkedMapping(
  {
    url: v.optional(
      v.pipe(
        nonEmpty('a URL (http, https, file) or a path relative to the config file'),
        v.check(
          (x) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(x) || /^(https?|file):\/\//i.test(x),
          'expected an http(s) URL, a file:// URL or a path',
        ),
      ),
    ),
    rsshub: v.optional(
      v.pipe(
        nonEmpty('an RSSHub route such as /guancha/headline'),
        v.check(
          (x) => !/^[a-z]+:\/\//i.test(x) && !/\s/.test(x),
          'expected an RSSHub route such as /guancha/headline (without the instance)',
        ),
      ),
    ),
    rsshubOptions: v.optional(
      recordOf(
        v.union(
          [
            v.string(),
            v.custom<number>((x) => typeof x === 'number' && Number.isFinite(x)), // not Infinity or NaN
            v.boolean(),
          ],
          'expected a string, number or boolean',
        ),
        'expected a mapping such as {limit: 10, mode: fulltext}',
      ),
    ),
    title: v.optional(nonEmpty()),
    categories: v.optional(stringList('a list of categories such as [新媒体, 观察者网, 头条]')),
    author: v.optional(nonEmpty()),
    limit: v.optional(positiveInt()),
    timezone: v.optional(timeZone()),
    headers: v.optional(stringMap('a mapping of header names to values')),
    filters: v.optional(v.array(filterSchema, 'expected a list of filters')),
    rewrite: v.optional(stringList('a list of CSS selectors')),
    proxy: v.optional(proxySetting()),
    interval: v.optional(duration()),
  },
  'expected a mapping with url: or rsshub:',
  (f, report) => {
    if (f.url === undefined && f.rsshub === undefined) {
      report('missing required key url (or rsshub)');
    } else if (f.url !== undefined && f.rsshub !== undefined) {
      report('use either url or rsshub, not both', 'rsshub');
    }
    if (f.rsshubOptions !== undefined && f.rsshub === undefined) report('rsshubOptions needs an rsshub: route', 'rsshubOptions');
  },
);

const fileNameTemplate = v.pipe(
  nonEmpty('a file name template such as "{date}-{hash}"'),
  v.rawCheck<string>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const template = dataset.value;
    for (const m of template.matchAll(/\{([^}]*)\}/g)) {
      if (!PLACEHOLDERS.includes(m[1]!)) {
        addIssue({ message: `unknown placeholder {${m[1]}} (use ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})` });
      }
    }
    if (/[/\\]|\.\./.test(template)) addIssue({ message: 'a file name template cannot hold / \\ or ..' });
  }),
);

export const configSchema = mapping(
  {
    output: v.optional(
      mapping(
        {
          dir: v.optional(nonEmpty('a directory path')),
          format: v.optional(v.picklist(['hexo'], 'expected one of: hexo')),
          filename: v.optional(fileNameTemplate),
          dateStyle: v.optional(v.picklist(['rfc1123', 'local'], 'expected rfc1123 or local')),
        },
        'expected a mapping (dir, format, filename, dateStyle)',
      ),
    ),
    state: v.optional(nonEmpty('a file path or a postgres:// URL')),
    timezone: v.optional(timeZone()),
    limit: v.optional(positiveInt()),
    images: v.optional(
      mapping(
        {
          proxy: v.optional(httpUrl('an http(s) URL prefix or a template holding {url}')),
          placeholder: v.optional(nonEmpty('a URL template holding {n}')),
        },
        'expected a mapping (proxy, placeholder)',
      ),
    ),
    fetch: v.optional(
      mapping(
        {
          timeout: v.optional(duration()),
          connectTimeout: v.optional(duration()),
          maxBytes: v.optional(size()),
          concurrency: v.optional(positiveInt()),
          perHost: v.optional(positiveInt()),
          retries: v.optional(countInt()),
          userAgent: v.optional(nonEmpty()),
          maxBackoff: v.optional(duration()),
          proxy: v.optional(proxySetting()),
        },
        'expected a mapping (timeout, maxBytes, concurrency …)',
      ),
    ),
    content: v.optional(
      mapping(
        {
          stripTracking: v.optional(bool()),
          linksNewTab: v.optional(bool()),
          iframeHosts: v.optional(stringList('a list of host names')),
        },
        'expected a mapping (stripTracking, linksNewTab, iframeHosts)',
      ),
    ),
    rsshub: v.optional(
      mapping(
        {
          instance: v.optional(httpUrl('the http(s) URL of an RSSHub instance')),
          fallbacks: v.optional(v.array(httpUrl('the http(s) URL of an RSSHub instance'), 'expected a list of instance URLs')),
          key: v.optional(nonEmpty('an access key')),
          keys: v.optional(stringMap('a mapping of instance URLs to access keys')),
          categoryNames: v.optional(stringMap('a mapping of names to new names, such as {other: 其他}')),
        },
        'expected a mapping (instance, fallbacks, key, keys, categoryNames)',
      ),
    ),
    // `feeds:` with nothing under it (every feed commented out) is an empty list
    feeds: v.nullable(v.array(feedSchema, 'expected a list of feeds')),
  },
  'expected a mapping with feeds:',
);

export type RawConfig = v.InferOutput<typeof configSchema>;
export type RawFeed = v.InferOutput<typeof feedSchema>;
export type RawFilter = v.InferOutput<typeof filterSchema>;
