// Times as the pages show them, in the config's timezone. One formatter per zone: building an
// Intl.DateTimeFormat costs more than formatting a page of dates with it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "2026-01-27 18:09" in the zone, or "-". */
export function formatTime(ms: number | null, timeZone: string): string {
  if (ms === null) return '-';
  let y = '', mo = '', d = '', h = '', mi = '';
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type === 'year') y = p.value;
    else if (p.type === 'month') mo = p.value;
    else if (p.type === 'day') d = p.value;
    else if (p.type === 'hour') h = p.value;
    else if (p.type === 'minute') mi = p.value;
  }
  return `${y}-${mo}-${d} ${h}:${mi}`;
}

/** "2026-01-27": the calendar day of an instant in the zone. */
export function dayOf(ms: number, timeZone: string): string {
  return formatTime(ms, timeZone).slice(0, 10);
}

/** The last `n` calendar days in the zone, oldest first, ending with today's. */
export function lastDays(now: number, n: number, timeZone: string): string[] {
  const [y, m, d] = dayOf(now, timeZone).split('-').map(Number) as [number, number, number];
  // calendar arithmetic on the zone's date, so a DST change never skips or repeats a day
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(y, m - 1, d - (n - 1 - i))).toISOString().slice(0, 10));
}

/** The calendar day after `day` ("2026-01-27" → "2026-01-28"). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Epoch ms when a calendar day ("2026-01-27") starts in the zone (its first minute where DST skips midnight). */
export function startOfDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - offsetAt(wall, timeZone);
  // the offset at the answer, which differs from the guess's when a DST change falls between them; where the
  // change skips midnight itself, that lands in the day before, and the guess is the day's first minute
  const t = wall - offsetAt(guess, timeZone);
  return dayOf(t, timeZone) === day ? t : guess;
}

/** The zone's offset from UTC at an instant, ms (whole minutes). */
function offsetAt(ms: number, timeZone: string): number {
  const [date, time] = formatTime(ms, timeZone).split(' ') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, mo - 1, d, h, mi) - Math.floor(ms / 60_000) * 60_000;
}

/** "3 h ago", "in 12 min": a coarse distance for health columns. */
export function relative(ms: number, now: number): string {
  const d = ms - now;
  const a = Math.abs(d);
  const text = a < 60_000 ? 'less than a minute' : a < 3_600_000 ? `${Math.round(a / 60_000)} min` : a < 172_800_000 ? `${Math.round(a / 3_600_000)} h` : `${Math.round(a / 86_400_000)} days`;
  return d < 0 ? `${text} ago` : `in ${text}`;
}
