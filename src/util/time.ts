import { UserError } from './errors.js';

const DAY_MS = 86_400_000;

/**
 * Reads a timestamp as sources write it: epoch seconds (OpenAI `created`), epoch milliseconds,
 * or an ISO-8601 / RFC 3339 string. A string without a zone is taken as UTC. Returns epoch ms, or
 * null when the value is not a timestamp.
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return null;
    // Epoch seconds stay below 1e11 until the year 5138; milliseconds are above it after 1973.
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) return parseTimestamp(Number(s));
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|z|UTC|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac, zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) return null;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  // Date.UTC reads years 0–99 as 1900–1999: year 0001 is year 1, not 1901.
  if (Number(y) < 100) ms = new Date(ms).setUTCFullYear(Number(y));
  // Date.UTC rolls 2025-02-30 over into March; a day that does not exist is not a timestamp.
  if (new Date(ms).getUTCDate() !== Number(d)) return null;
  if (frac) ms += Math.round(Number(frac) * 1000);
  if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const [hours, minutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4))];
    // Real offsets run from -12:00 to +14:00; "+25:00" or "+05:99" is not a time.
    if (hours > 14 || minutes > 59) return null;
    ms -= sign * (hours * 60 + minutes) * 60_000;
  }
  return Number.isFinite(ms) ? ms : null;
}

let lastDayNumber = Number.NaN;
let lastDay = '';

/** The UTC calendar day of an instant. Consecutive records mostly share a day, so the last answer is kept. */
export function utcDay(ts: number): string {
  const n = Math.floor(ts / DAY_MS);
  if (n !== lastDayNumber) {
    lastDayNumber = n;
    lastDay = new Date(n * DAY_MS).toISOString().slice(0, 10);
  }
  return lastDay;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function assertTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new UserError(`Unknown time zone "${tz}": use an IANA name such as UTC, Europe/Berlin or America/New_York.`);
  }
  return tz;
}

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of `tz` from UTC at instant `ts`, in milliseconds (positive east of Greenwich). */
export function tzOffsetMs(ts: number, tz: string): number {
  if (tz === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ts))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(ts / 1000) * 1000;
}

/** The calendar day (YYYY-MM-DD) of `ts` in `tz`. */
export function localDay(ts: number, tz: string): string {
  return utcDay(ts + tzOffsetMs(ts, tz));
}

/**
 * The UTC instant at which calendar day `day` (YYYY-MM-DD) starts in `tz`: the first instant whose local
 * date is `day`. That is local midnight, except on days whose clocks skip midnight (a DST change at 00:00,
 * as in America/Santiago, America/Havana, or America/Sao_Paulo before 2019), which start at the change.
 */
export function startOfLocalDay(day: string, tz: string): number {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  if (tz === 'UTC') return midnightUtc;
  // Local midnight under the offset in force the day before and the day after: offsets change at most
  // once within two days, so one of the two is that day's midnight when it exists (the earlier of them
  // when midnight happens twice).
  const before = midnightUtc - tzOffsetMs(midnightUtc - DAY_MS, tz);
  const after = midnightUtc - tzOffsetMs(midnightUtc + DAY_MS, tz);
  const isMidnight = (t: number) => t + tzOffsetMs(t, tz) === midnightUtc;
  if (isMidnight(before) || isMidnight(after)) return Math.min(...[before, after].filter(isMidnight));
  // No instant reads 00:00 that day: the day starts at the instant the clocks jumped, found between the
  // two (the first reads the day before, the second the day itself).
  let lo = Math.min(before, after);
  let hi = Math.max(before, after);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, tz) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Parses a --since/--until day (YYYY-MM-DD); `flag` names the option in the error. */
export function parseDayFlag(value: string, flag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UserError(`${flag} "${value}" is not a date: write it as YYYY-MM-DD, e.g. ${flag} 2025-01-31.`);
  }
  return value;
}

export function addDays(day: string, n: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
}

/** The Monday of a calendar day's week (weeks start Monday, as ISO weeks do). */
export function mondayOf(day: string): string {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -dow);
}

/** ISO week label (YYYY-Www) of a calendar day. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
