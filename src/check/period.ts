import { UserError } from '../util/errors.js';
import { resolveSpan } from '../util/span.js';
import { addDays, localDay, startOfLocalDay } from '../util/time.js';
import type { Period } from './budget-types.js';

/** The time a spend budget covers: whole local days, as epoch-ms bounds and as calendar days. */
export interface SpendWindow {
  /** First day (inclusive), null for "since the history began". */
  first: string | null;
  /** Last day (inclusive). */
  last: string;
  fromMs: number | null;
  toMs: number;
}

const PERIOD_SPANS: Record<'day' | 'week' | 'month', string> = { day: 'today', week: 'this-week', month: 'this-month' };

function window(first: string | null, last: string, tz: string): SpendWindow {
  return { first, last, fromMs: first === null ? null : startOfLocalDay(first, tz), toMs: startOfLocalDay(addDays(last, 1), tz) };
}

/** The current day, ISO week or month in `tz`, or the last N days with today. */
export function periodWindow(period: Period, tz: string, now: number): SpendWindow {
  const span = resolveSpan(period.unit === 'days' ? `${period.days}d` : PERIOD_SPANS[period.unit], 'period', tz, now);
  return window(span.first, span.last, tz);
}

/** --since/--until in place of every budget's period: --since alone runs to today, --until alone from the start. */
export function explicitWindow(since: string | undefined, until: string | undefined, tz: string, now: number): SpendWindow {
  const first = since === undefined ? null : resolveSpan(since, '--since', tz, now).first;
  const last = until === undefined ? localDay(now, tz) : resolveSpan(until, '--until', tz, now).last;
  if (first !== null && first > last) throw new UserError(`--since ${first} is after --until ${last}: swap them.`);
  return window(first, last, tz);
}
