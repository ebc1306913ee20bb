import { addDays, localDay, startOfLocalDay } from '../util/time.js';
import { BUCKET_MS } from '../usage/periods.js';
import type { SpendWindow } from './period.js';

export const DAY_MS = 86_400_000;
export const RATE_WINDOW_DAYS = 7;

/** The first and last record times of the whole history (null when it is empty). */
export interface HistoryRange {
  firstMs: number | null;
  lastMs: number | null;
}

/** Where a spend budget's projection cuts: shared by every figure of the budget. */
export interface ProjectionClock {
  /** How far the history is taken to be complete. */
  asOfMs: number;
  /** The trailing window whose spend gives the daily rate: [rateFromMs, asOfMs). */
  rateFromMs: number;
  rateDays: number;
  /** Days (of 24 hours) from asOf to the end of the window. */
  remainingDays: number;
}

/**
 * Projection method (README "Projected spend"): spend so far + the daily rate of the trailing 7 days × the
 * days left in the period.
 *
 * "So far" ends at the as-of instant: now, or, when the history stops earlier, the end of the local day of
 * its last record (an export of daily buckets through yesterday covers yesterday whole, and today not at
 * all). It is kept inside the budget's window. The rate window is the 7 days before as-of, shortened to
 * start at the local day of the history's first record when the history is younger (a new history is not
 * diluted by days before it existed), and never taken as less than one day.
 */
export function projectionClock(win: SpendWindow, now: number, history: HistoryRange, tz: string): ProjectionClock {
  // Rollups are kept per 15 minutes, so every instant the projection cuts at is rounded down to one.
  let asOf = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  if (history.lastMs !== null) asOf = Math.min(asOf, startOfLocalDay(addDays(localDay(history.lastMs, tz), 1), tz));
  if (win.fromMs !== null) asOf = Math.max(asOf, win.fromMs);
  asOf = Math.min(asOf, win.toMs);
  let rateFrom = asOf - RATE_WINDOW_DAYS * DAY_MS;
  if (history.firstMs !== null) rateFrom = Math.max(rateFrom, startOfLocalDay(localDay(history.firstMs, tz), tz));
  return {
    asOfMs: asOf,
    rateFromMs: rateFrom,
    rateDays: Math.max(1, (asOf - rateFrom) / DAY_MS),
    remainingDays: (win.toMs - asOf) / DAY_MS,
  };
}

/** The projected end-of-window figure from the spend so far and the spend of the rate window. */
export function project(spent: number, rateSpend: number, clock: ProjectionClock): { ratePerDay: number; projected: number } {
  const ratePerDay = rateSpend / clock.rateDays;
  return { ratePerDay, projected: spent + ratePerDay * clock.remainingDays };
}
