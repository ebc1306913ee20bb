import { UserError } from './errors.js';
import { addDays, localDay, mondayOf } from './time.js';

/** A span's first and last calendar day (inclusive). */
export interface DaySpan {
  first: string;
  last: string;
}

/** "Now" for relative spans; LLMCOST_NOW (ISO time or epoch ms) pins it for reproducible reports and tests. */
export function nowMs(): number {
  const pinned = process.env['LLMCOST_NOW'];
  if (pinned) {
    const t = /^\d+$/.test(pinned) ? Number(pinned) : Date.parse(pinned);
    if (Number.isFinite(t)) return t;
    throw new UserError(`LLMCOST_NOW "${pinned}" is not a time: use an ISO time such as 2025-06-30T12:00:00Z, or unset it.`);
  }
  return Date.now();
}

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return addDays(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`, -1);
}

const SPAN_HELP = 'YYYY-MM-DD, Nd (the last N days, today included), Nw, today, yesterday, this-week, last-week, this-month or last-month';

/**
 * Reads a --since/--until value: a date, or a span relative to today in `tz`. A span given to --since
 * means its first day, to --until its last day.
 */
export function resolveSpan(value: string, flag: string, tz: string, now: number): DaySpan {
  const v = value.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const t = Date.parse(`${v}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== v) throw new UserError(`${flag} "${value}" is not a date: use ${SPAN_HELP}.`);
    return { first: v, last: v };
  }
  const today = localDay(now, tz);
  const n = /^(\d+)([dw])$/.exec(v);
  if (n) {
    const days = Number(n[1]) * (n[2] === 'w' ? 7 : 1);
    if (days < 1) throw new UserError(`${flag} "${value}" is an empty span: use 1d or more.`);
    return { first: addDays(today, 1 - days), last: today };
  }
  switch (v) {
    case 'today':
      return { first: today, last: today };
    case 'yesterday':
      return { first: addDays(today, -1), last: addDays(today, -1) };
    case 'this-week':
      return { first: mondayOf(today), last: addDays(mondayOf(today), 6) };
    case 'last-week':
      return { first: addDays(mondayOf(today), -7), last: addDays(mondayOf(today), -1) };
    case 'this-month':
      return { first: monthStart(today), last: monthEnd(today) };
    case 'last-month': {
      const prev = addDays(monthStart(today), -1);
      return { first: monthStart(prev), last: prev };
    }
    default:
      throw new UserError(`${flag} "${value}" is not a date or span: use ${SPAN_HELP}.`);
  }
}
