// YAML front matter for the generators other than Hexo (Hugo, Jekyll, Astro, plain Markdown). Strings are
// written as JSON strings — valid YAML double-quoted scalars for any text, so no value can change type or
// break the block — and dates unquoted, so every generator reads them as timestamps.
import { zoneOffsetAt } from '../parse/dates.js';
import { cleanScalar } from './yaml-scalar.js';

export type FrontMatterValue = string | string[] | boolean | number | null | { timestamp: string };

/** `---\nkey: value\n…---\n`, keys in the given order; undefined values are left out. */
export function yamlFrontMatter(fields: Array<[key: string, value: FrontMatterValue | undefined]>): string {
  let out = '---\n';
  for (const [key, value] of fields) {
    if (value === undefined) continue;
    out += `${key}: ${yamlValue(value)}\n`;
  }
  return `${out}---\n`;
}

function yamlValue(value: FrontMatterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(cleanScalar(value));
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(cleanScalar(v))).join(', ')}]`;
  return value.timestamp;
}

function validDate(date: Date): Date {
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/** The zone's offset at an instant as `+08:00` (`+00:00` for UTC or an unknown zone). */
function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

function localParts(date: Date, timezone: string): { local: string; offset: number } {
  const d = validDate(date);
  const offset = timezone && timezone !== 'UTC' ? zoneOffsetAt(timezone, d.getTime()) || 0 : 0;
  const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return { local, offset };
}

/** ISO 8601 with the zone's offset: `2022-01-27T18:09:07+08:00` — the same instant, shown as the site's local time. */
export function isoInZone(date: Date, timezone: string): string {
  const { local, offset } = localParts(date, timezone);
  return `${local}${offsetText(offset, true)}`;
}

/** Jekyll's own date form: `2022-01-27 18:09:07 +0800`. */
export function jekyllDate(date: Date, timezone: string): string {
  const { local, offset } = localParts(date, timezone);
  return `${local.replace('T', ' ')} ${offsetText(offset, false)}`;
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function dayInZone(date: Date, timezone: string): string {
  return localParts(date, timezone).local.slice(0, 10);
}
