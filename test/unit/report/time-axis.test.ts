import { describe, expect, it } from 'vitest';
import { foldByPeriod, periodOf, timeUnitFor } from '../../../src/report/time-axis.js';

describe('the HTML report time axis', () => {
  it('has a bar a day up to 62 days, an ISO week up to 366, a month beyond', () => {
    expect([1, 62, 63, 366, 367, 731].map(timeUnitFor)).toEqual(['day', 'day', 'week', 'week', 'month', 'month']);
  });

  it('names ISO weeks by the year of their Thursday', () => {
    // Monday, December 29, 2025 is in the week of Thursday, January 1, 2026; Sunday, January 3, 2027 in 2026's last week.
    expect(['2025-12-28', '2025-12-29', '2027-01-03', '2027-01-04'].map((d) => periodOf(d, 'week'))).toEqual(['2025-W52', '2026-W01', '2026-W53', '2027-W01']);
    expect(periodOf('2024-02-29', 'month')).toBe('2024-02');
  });

  it('sums each series into its periods, keeping periods without cost', () => {
    // 63 days from Wednesday, January 1, 2025 (ISO week 1) to Tuesday, March 4 (week 10).
    const days = Array.from({ length: 63 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10));
    const a = days.map((_, i) => (i < 5 ? 1 : 0)); // January 1–5: all of week 1, nothing after
    const folded = foldByPeriod({ days, series: [{ model: 'a', costUsd: a }] });
    expect(folded.unit).toBe('week');
    expect(folded.periods).toHaveLength(10);
    expect(folded.series[0]!.costUsd).toEqual([5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
