// Date parsing for feeds: every form publishers actually emit, to an ISO 8601 UTC string or null.
// Never guesses: a string that does not fully match a known form gives null (never `Invalid Date`).
// Fractions of a second are kept to the millisecond.

export interface DateContext {
  /** IANA zone for stamps that carry no zone; default UTC */
  timezone?: string;
  /** the feed's language (e.g. `zh-cn`); Chinese makes `CST` mean China Standard Time */
  language?: string | null;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
  // common non-English abbreviations that cannot be mistaken for another month (pt, es, fr, de, it, nl)
  ene: 1, enero: 1, janv: 1, janeiro: 1, gen: 1, jänner: 1, januar: 1, fev: 2, fevereiro: 2, févr: 2, fevr: 2, febrero: 2, februar: 2,
  mär: 3, mrz: 3, märz: 3, mars: 3, março: 3, marzo: 3, abr: 4, abril: 4, avr: 4, avril: 4, mai: 5, maio: 5, mayo: 5, maggio: 5,
  juin: 6, junho: 6, junio: 6, giu: 6, juni: 6, juil: 7, juillet: 7, julho: 7, julio: 7, lug: 7, juli: 7,
  ago: 8, agosto: 8, août: 8, aout: 8, set: 9, setembro: 9, septiembre: 9, settembre: 9,
  out: 10, outubro: 10, okt: 10, oktober: 10, octubre: 10, ott: 10, ottobre: 10, octobre: 10,
  novembre: 11, novembro: 11, noviembre: 11, dez: 12, dezembro: 12, dezember: 12, dic: 12, diciembre: 12, dicembre: 12, déc: 12, decembre: 12, décembre: 12,
};

// Zone names → minutes east of UTC. `CST` is decided by context (see cstOffset).
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, 'ETC/GMT': 0, 'ETC/UTC': 0, WET: 0,
  EST: -300, EDT: -240, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AST: -240, ADT: -180, AKST: -540, AKDT: -480, HST: -600,
  AT: -240, ET: -300, CT: -360, MT: -420, PT: -480,
  BST: 60, IST: 330, CET: 60, CEST: 120, MET: 60, MEST: 120, WEST: 60, EET: 120, EEST: 180, MSK: 180,
  JST: 540, KST: 540, HKT: 480, SGT: 480, PHT: 480, AWST: 480, ACST: 570, AEST: 600, AEDT: 660,
  NZST: 720, NZDT: 780,
};

const CHINA_ZONES = new Set(['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Chongqing', 'Asia/Macau', 'PRC', 'Asia/Harbin', 'Asia/Urumqi']);

/** `CST` is China Standard Time for Chinese feeds / Chinese zones, US Central Standard Time otherwise. */
function cstOffset(ctx: DateContext | undefined): number {
  if (ctx?.timezone && CHINA_ZONES.has(ctx.timezone)) return 480;
  if (ctx?.language && /^zh\b/i.test(ctx.language.trim())) return 480;
  return -360;
}

/** Minutes east of UTC for a zone token, or undefined when the token is no zone. */
function zoneOffset(tok: string, ctx: DateContext | undefined): number | undefined {
  const t = tok.toUpperCase();
  if (t === 'CST') return cstOffset(ctx);
  if (t in ZONES) return ZONES[t];
  // +0800, -08:00, +08, +8, GMT+8, UTC-05:00
  const m = /^(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (m) {
    const h = +m[2];
    const mi = m[3] ? +m[3] : 0;
    if (h > 14 || mi > 59) return undefined;
    return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
  }
  return undefined;
}

const dtfCache = new Map<string, Intl.DateTimeFormat | null>();
function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = dtfCache.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      f = null;
    }
    dtfCache.set(zone, f);
  }
  return f;
}

// A zone's offset changes only at its transitions, a few a year: one answer per zone and UTC day without one
// (asking Intl for every date was ~4% of a 1,000-feed run's document work).
const DAY_MS = 86_400_000;
const dayOffsets = new Map<string, Map<number, number>>();

/** Offset (minutes east of UTC) of an IANA zone at a UTC instant; 0 for a zone Intl does not know. */
export function zoneOffsetAt(zone: string, utcMs: number): number {
  let days = dayOffsets.get(zone);
  if (!days) dayOffsets.set(zone, (days = new Map()));
  const day = Math.floor(utcMs / DAY_MS);
  let off = days.get(day);
  if (off === undefined) {
    const start = offsetFromIntl(zone, day * DAY_MS);
    // NaN: the day holds a transition, each instant of it is asked for
    off = start === offsetFromIntl(zone, (day + 1) * DAY_MS - 1) ? start : NaN;
    if (days.size >= 20_000) days.clear();
    days.set(day, off);
  }
  return Number.isNaN(off) ? offsetFromIntl(zone, utcMs) : off;
}

function offsetFromIntl(zone: string, utcMs: number): number {
  const f = formatterFor(zone);
  if (!f) return 0;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = +part.value;
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour === 24 ? 0 : p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/** Builds the instant from parts; `offset` undefined = zone-less, read in ctx.timezone. Validates every field. */
function build(y: number, mo: number, d: number, h: number, mi: number, s: number, offset: number | undefined, ctx: DateContext | undefined, frac = 0): string | null {
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 24 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60)) return null;
  if (h === 24 && (mi !== 0 || s !== 0)) return null;
  if (s === 60) s = 59; // leap second
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, frac);
  if (d > daysInMonth(y, mo)) return null; // 31 Feb
  let ms: number;
  if (offset !== undefined) ms = wall - offset * 60000;
  else {
    const zone = ctx?.timezone;
    if (!zone || zone === 'UTC' || zone === 'Etc/UTC') ms = wall;
    else {
      const o1 = zoneOffsetAt(zone, wall);
      ms = wall - o1 * 60000;
      const o2 = zoneOffsetAt(zone, ms);
      if (o2 !== o1) ms = wall - o2 * 60000;
    }
  }
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return date.toISOString();
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** 12-hour clock with an am/pm marker → 24-hour; -1 when out of range. */
function twelveHour(h: number, marker: string | undefined): number {
  if (!marker) return h;
  if (h < 1 || h > 12) return -1;
  const pm = /^p/i.test(marker);
  return (h % 12) + (pm ? 12 : 0);
}

function year2(y: string): number {
  const n = +y;
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  if (y.length === 3) return 1900 + n; // RFC 822 obsolete 3-digit years
  return n;
}

// ISO 8601 / W3CDTF: 2003, 2003-12, 2003-12-31, with T or space and hh:mm[:ss[.fff]] and an optional zone.
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;
// Compact ISO: 20031231T101455Z
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;
// RFC 822 / 1123 / 850 and relatives: [Wkd[,]] DD Mon[,] YYYY [HH:MM[:SS]] [zone]; also DD-Mon-YY.
const RFC822 = /^(?:[a-zà-ü]+\.?,?\s*)?(\d{1,2})\.?(?:\s+|-)([a-zà-ü]{3,10})\.?,?(?:\s+|-)(\d{2,4}),?(?:\s+(\d{1,2}):?(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?:\s*(\S+))?(?:\s*\([^)]*\))?$/i;
// Month first: [Wkd[,]] Mon DD[,] YYYY [HH:MM[:SS]] [zone]   (JS Date.toString, "January 27, 2022")
const MONTH_FIRST = /^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}),?(?:\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap]\.?m\.?))?)?(?:\s*(\S+))?(?:\s*\([^)]*\))?$/i;
// asctime: Sun Jan  4 16:29:06 2004, optionally with a zone before the year (Twitter: +0000)
const ASCTIME = /^[a-z]{3,9},?\s+([a-z]{3,9})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+(\S+))?\s+(\d{4})$/i;
// Chinese / numeric: 2022年01月27日 18:09[:07], 2022/01/27 18:09, 2022.01.27
const CJK = /^(\d{4})\s*(?:年|\/|\.|-)\s*(\d{1,2})\s*(?:月|\/|\.|-)\s*(\d{1,2})\s*日?(?:\s*(?:T|\s)?\s*(\d{1,2})\s*(?::|时|點|点)\s*(\d{1,2})\s*(?:(?::|分)\s*(\d{1,2})\s*秒?)?\s*分?(?:\s*(\S+))?)?$/;

/**
 * Parses a feed date to ISO 8601 UTC with milliseconds (`2022-01-27T10:09:07.000Z`), or null.
 * Zone-less stamps are read in `ctx.timezone` (default UTC).
 */
export function parseDate(input: string | null | undefined, ctx?: DateContext): string | null {
  if (input == null) return null;
  let s = input.trim();
  if (!s) return null;
  if (s.length > 80) return null;
  let m = ISO.exec(s);
  if (m) {
    let off: number | undefined;
    if (m[8]) {
      off = zoneOffset(m[8], ctx);
      if (off === undefined) return null;
    }
    const frac = m[7] ? parseInt(m[7].slice(0, 3).padEnd(3, '0'), 10) : 0;
    return build(+m[1], m[2] ? +m[2] : 1, m[3] ? +m[3] : 1, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, off, ctx, frac);
  }
  if (/^\d{9,13}$/.test(s)) {
    const n = +s;
    const ms = s.length >= 12 ? n : n * 1000;
    return new Date(ms).toISOString();
  }
  if (/\s\s|[\t\n\r\f\v\u00a0]/.test(s)) s = s.replace(/\s+/g, ' ');
  m = RFC822.exec(s);
  if (m) {
    const mo = MONTHS[m[2].toLowerCase()];
    if (!mo) return null;
    let off: number | undefined;
    if (m[7]) {
      off = zoneOffset(m[7], ctx);
      if (off === undefined) return null;
    }
    return build(year2(m[3]), mo, +m[1], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, off, ctx);
  }
  m = ASCTIME.exec(s);
  if (m) {
    const mo = MONTHS[m[1].toLowerCase()];
    if (!mo) return null;
    let off: number | undefined;
    if (m[6]) {
      off = zoneOffset(m[6], ctx);
      if (off === undefined) return null;
    }
    return build(+m[7], mo, +m[2], +m[3], +m[4], m[5] ? +m[5] : 0, off, ctx);
  }
  m = MONTH_FIRST.exec(s);
  if (m) {
    const mo = MONTHS[m[1].toLowerCase()];
    if (!mo) return null;
    let off: number | undefined;
    if (m[8]) {
      off = zoneOffset(m[8], ctx);
      if (off === undefined) return null;
    }
    const h = m[4] ? twelveHour(+m[4], m[7]) : 0;
    if (h < 0) return null;
    return build(+m[3], mo, +m[2], h, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, off, ctx);
  }
  m = CJK.exec(s);
  if (m) {
    let off: number | undefined;
    if (m[7]) {
      off = zoneOffset(m[7], ctx);
      if (off === undefined) return null;
    }
    return build(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, off, ctx);
  }
  m = ISO_BASIC.exec(s);
  if (m) {
    let off: number | undefined;
    if (m[7]) {
      off = zoneOffset(m[7], ctx);
      if (off === undefined) return null;
    }
    return build(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, off, ctx);
  }
  return null;
}
