// The shape of feedmill.yml as written by users (before defaults and path resolution), as a zod 4 schema.
// Objects are strict: an unknown key is an error (with a "did you mean" hint, see load.ts).
import { z } from 'zod';
import { parseDuration, parseSize } from './units.js';

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const text = (what = 'a string') => z.string({ error: `expected ${what}` });
const nonEmpty = (what = 'a non-empty string') =>
  z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });
const positiveInt = () =>
  z
    .number({ error: 'expected a positive integer' })
    .int({ error: 'expected a positive integer' })
    .positive({ error: 'expected a positive integer' });
const countInt = () =>
  z
    .number({ error: 'expected a whole number (0 or more)' })
    .int({ error: 'expected a whole number (0 or more)' })
    .nonnegative({ error: 'expected a whole number (0 or more)' });
const bool = () => z.boolean({ error: 'expected true or false' });
const duration = () =>
  z.custom<string | number>((v) => parseDuration(v) !== null, {
    error: 'expected a duration such as 20s, 5m, 24h or a number of milliseconds',
  });
const size = () =>
  z.custom<string | number>((v) => parseSize(v) !== null, {
    error: 'expected a size such as 10MB, 512KB or a number of bytes',
  });
const timeZone = () =>
  nonEmpty('an IANA time zone such as Asia/Shanghai or UTC').refine(isTimeZone, {
    error: 'expected an IANA time zone such as Asia/Shanghai or UTC',
  });
const httpUrl = (what = 'an http(s) URL') =>
  nonEmpty(what).refine((v) => /^https?:\/\/[^/\s]+/i.test(v) && URL.canParse(v), { error: `expected ${what}` });
const stringList = (what = 'a list of strings') =>
  z.union([z.array(nonEmpty(), { error: `expected ${what}` }), nonEmpty()], { error: `expected ${what}` });
const stringMap = (what = 'a mapping of names to strings') =>
  z.record(z.string(), z.string({ error: 'expected a string' }), { error: `expected ${what}` });

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

const filterSchema = z
  .strictObject(
    {
      action: z.enum(['keep', 'drop'], { error: 'expected keep or drop' }),
      regex: stringList('a regular expression or a list of them').optional(),
      keywords: stringList('a list of keywords').optional(),
      fields: z.array(z.enum(FIELD_NAMES, { error: `expected one of: ${FIELD_NAMES.join(', ')}` }), {
        error: `expected a list of fields (${FIELD_NAMES.join(', ')})`,
      }).optional(),
      caseSensitive: bool().optional(),
    },
    { error: 'expected a mapping such as {action: drop, keywords: [广告]}' },
  )
  .superRefine((f, ctx) => {
    if (f.regex === undefined && f.keywords === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a filter needs regex or keywords', path: [] });
    }
    const list = f.regex === undefined ? [] : Array.isArray(f.regex) ? f.regex : [f.regex];
    list.forEach((source, i) => {
      const problem = regexError(source);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `invalid regular expression: ${problem}`,
          path: Array.isArray(f.regex) ? ['regex', i] : ['regex'],
        });
      }
    });
  });

const feedSchema = z
  .strictObject(
    {
      url: nonEmpty('a URL (http, https, file) or a path relative to the config file')
        .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^(https?|file):\/\//i.test(v), {
          error: 'expected an http(s) URL, a file:// URL or a path',
        })
        .optional(),
      rsshub: nonEmpty('an RSSHub route such as /guancha/headline')
        .refine((v) => !/^[a-z]+:\/\//i.test(v) && !/\s/.test(v), {
          error: 'expected an RSSHub route such as /guancha/headline (without the instance)',
        })
        .optional(),
      rsshubOptions: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' }), {
          error: 'expected a mapping such as {limit: 10, mode: fulltext}',
        })
        .optional(),
      title: nonEmpty().optional(),
      categories: stringList('a list of categories such as [新媒体, 观察者网, 头条]').optional(),
      author: nonEmpty().optional(),
      limit: positiveInt().optional(),
      timezone: timeZone().optional(),
      headers: stringMap('a mapping of header names to values').optional(),
      filters: z.array(filterSchema, { error: 'expected a list of filters' }).optional(),
      rewrite: stringList('a list of CSS selectors').optional(),
    },
    { error: 'expected a mapping with url: or rsshub:' },
  )
  .superRefine((f, ctx) => {
    if (f.url === undefined && f.rsshub === undefined) {
      ctx.addIssue({ code: 'custom', message: 'missing required key url (or rsshub)', path: [] });
    } else if (f.url !== undefined && f.rsshub !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'use either url or rsshub, not both', path: ['rsshub'] });
    }
    if (f.rsshubOptions !== undefined && f.rsshub === undefined) {
      ctx.addIssue({ code: 'custom', message: 'rsshubOptions needs an rsshub: route', path: ['rsshubOptions'] });
    }
  });

export const configSchema = z.strictObject(
  {
    output: z
      .strictObject(
        {
          dir: nonEmpty('a directory path').optional(),
          format: z.enum(['hexo'], { error: 'expected one of: hexo' }).optional(),
          filename: nonEmpty('a file name template such as "{date}-{hash}"')
            .superRefine((v, ctx) => {
              for (const m of v.matchAll(/\{([^}]*)\}/g)) {
                if (!PLACEHOLDERS.includes(m[1]!)) {
                  ctx.addIssue({
                    code: 'custom',
                    message: `unknown placeholder {${m[1]}} (use ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
                  });
                }
              }
              if (/[/\\]|\.\./.test(v)) ctx.addIssue({ code: 'custom', message: 'a file name template cannot hold / \\ or ..' });
            })
            .optional(),
          dateStyle: z.enum(['rfc1123', 'local'], { error: 'expected rfc1123 or local' }).optional(),
        },
        { error: 'expected a mapping (dir, format, filename, dateStyle)' },
      )
      .optional(),
    state: nonEmpty('a file path').optional(),
    timezone: timeZone().optional(),
    limit: positiveInt().optional(),
    images: z
      .strictObject(
        {
          proxy: httpUrl('an http(s) URL prefix or a template holding {url}').optional(),
          placeholder: nonEmpty('a URL template holding {n}').optional(),
        },
        { error: 'expected a mapping (proxy, placeholder)' },
      )
      .optional(),
    fetch: z
      .strictObject(
        {
          timeout: duration().optional(),
          connectTimeout: duration().optional(),
          maxBytes: size().optional(),
          concurrency: positiveInt().optional(),
          perHost: positiveInt().optional(),
          retries: countInt().optional(),
          userAgent: nonEmpty().optional(),
          maxBackoff: duration().optional(),
        },
        { error: 'expected a mapping (timeout, maxBytes, concurrency …)' },
      )
      .optional(),
    content: z
      .strictObject(
        {
          stripTracking: bool().optional(),
          linksNewTab: bool().optional(),
          iframeHosts: stringList('a list of host names').optional(),
        },
        { error: 'expected a mapping (stripTracking, linksNewTab, iframeHosts)' },
      )
      .optional(),
    rsshub: z
      .strictObject(
        {
          instance: httpUrl('the http(s) URL of an RSSHub instance').optional(),
          fallbacks: z.array(httpUrl('the http(s) URL of an RSSHub instance'), { error: 'expected a list of instance URLs' }).optional(),
          key: nonEmpty('an access key').optional(),
          keys: stringMap('a mapping of instance URLs to access keys').optional(),
          categoryNames: stringMap('a mapping of names to new names, such as {other: 其他}').optional(),
        },
        { error: 'expected a mapping (instance, fallbacks, key, keys, categoryNames)' },
      )
      .optional(),
    // `feeds:` with nothing under it (every feed commented out) is an empty list
    feeds: z.array(feedSchema, { error: 'expected a list of feeds' }).nullable(),
  },
  { error: 'expected a mapping with feeds:' },
);

export type RawConfig = z.infer<typeof configSchema>;
export type RawFeed = z.infer<typeof feedSchema>;
export type RawFilter = z.infer<typeof filterSchema>;
