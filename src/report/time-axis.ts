import type { DailySeries } from '../audit/anomalies.js';
import { isoWeek } from '../util/time.js';

/** What one bar of a cost chart covers. */
export type TimeUnit = 'day' | 'week' | 'month';

/**
 * A bar a day up to two months of history (at most 62 bars); a bar an ISO week up to a year (at most 54
 * bars: a 366-day span can touch 54 weeks); a bar a calendar month beyond (60 bars for five years). On the
 * report's 700-pixel plot that keeps bars about 11 pixels wide or more, where a bar a day over two years
 * would be one pixel.
 */
export const DAY_BARS_UP_TO_DAYS = 62;
export const WEEK_BARS_UP_TO_DAYS = 366;

export function timeUnitFor(days: number): TimeUnit {
  return days <= DAY_BARS_UP_TO_DAYS ? 'day' : days <= WEEK_BARS_UP_TO_DAYS ? 'week' : 'month';
}

/** The period a calendar day (YYYY-MM-DD) falls in: the day, its ISO week (YYYY-Www) or its month (YYYY-MM). */
export function periodOf(day: string, unit: TimeUnit): string {
  return unit === 'day' ? day : unit === 'week' ? isoWeek(day) : day.slice(0, 7);
}

export interface PeriodSeries {
  unit: TimeUnit;
  /** The periods in order, first to last; a period without cost is still a bar's place. */
  periods: string[];
  series: { model: string; costUsd: number[] }[];
}

/** The daily series summed into the periods that suit its length (the days are consecutive). */
export function foldByPeriod(daily: DailySeries): PeriodSeries {
  const unit = timeUnitFor(daily.days.length);
  const periods: string[] = [];
  const index = daily.days.map((day) => {
    const p = periodOf(day, unit);
    if (periods.at(-1) !== p) periods.push(p);
    return periods.length - 1;
  });
  const series = daily.series.map((s) => {
    const costUsd = periods.map(() => 0);
    s.costUsd.forEach((v, i) => {
      costUsd[index[i]!]! += v;
    });
    return { model: s.model, costUsd };
  });
  return { unit, periods, series };
}
