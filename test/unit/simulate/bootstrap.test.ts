import { describe, expect, it } from 'vitest';
import { bootstrapMonthly, mulberry32, nearestRank } from '../../../src/simulate/bootstrap.js';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { at, run, µ } from './helpers.js';

describe('bootstrap over days', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(mulberry32(43)()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('takes nearest-rank percentiles', () => {
    const v = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([nearestRank(v, 10), nearestRank(v, 50), nearestRank(v, 90)]).toEqual([1, 5, 9]);
  });

  it('collapses to the point estimate when every day saves the same', () => {
    const r = bootstrapMonthly(Float64Array.from([10, 10, 10]), Float64Array.from([4, 4, 4]), 500, 1);
    expect(r.savings).toEqual({ p10: 180, p50: 180, p90: 180 });
    expect(r.baseline.p50).toBe(300);
  });

  it('spreads two unequal days over the three possible months', () => {
    // Days saving 0 and 10: a resample of two days has mean 0 (¼), 5 (½) or 10 (¼) → 0, 150 or 300 a month.
    // With 1,000 draws: P10 is 0, P50 is 150, P90 is 300.
    const r = bootstrapMonthly(Float64Array.from([10, 20]), Float64Array.from([10, 10]), 1000, 42);
    expect(r.savings).toEqual({ p10: 0, p50: 150, p90: 300 });
  });

  it('projects a month from the history span, with no range under 7 days', () => {
    // Day 0 and day 2 each have a gpt-4o request (1,000 in, 100 out: 3,500 µ$) batched to 1,750 µ$; day 1 is
    // empty. Span: 3 calendar days → monthly savings = 3,500 × 30 / 3 = 35,000 µ$. Three days show no
    // day-to-day spread: no P10–P90 (before: a range bootstrapped from the 3 days).
    const recs: HistoryRecord[] = [0, 2].map((d) => ({ ts: at(d, 12, 0), model: 'gpt-4o', provider: 'openai', input: 1000, output: 100 }));
    const doc = run(recs, 'batch: [{}]');
    expect(doc.scope).toMatchObject({ firstDay: '2025-06-01', lastDay: '2025-06-03', spanDays: 3 });
    expect(doc.savings.monthlyUsd).toBeCloseTo(µ(35_000), 12);
    expect(doc.bootstrap).toEqual({ resamples: 200, seed: 7, days: 3 });
    expect([doc.baseline.monthlyRange, doc.projected.monthlyRange, doc.savings.monthlyRange]).toEqual([null, null, null]);
    expect(doc.assumptions).toContain('No P10–P90 range: 3 days of history, fewer than 7, is too few to show a day-to-day spread.');
  });

  it('reports the range, the day-to-day spread of this history, from 7 days on', () => {
    // The same request on days 0, 2, 4 and 6: 7 calendar days, monthly savings 4 × 1,750 × 30 / 7 = 30,000 µ$.
    // Each drawn day saves 0 or 1,750 µ$: a month is 30 × (k × 1,750) / 7 for k of 0..7 saving days drawn.
    const recs: HistoryRecord[] = [0, 2, 4, 6].map((d) => ({ ts: at(d, 12, 0), model: 'gpt-4o', provider: 'openai', input: 1000, output: 100 }));
    const doc = run(recs, 'batch: [{}]');
    expect(doc.scope.spanDays).toBe(7);
    expect(doc.savings.monthlyUsd).toBeCloseTo(µ(30_000), 12);
    const range = doc.savings.monthlyRange!;
    expect(range.p10).toBeLessThanOrEqual(range.p50);
    expect(range.p50).toBeLessThanOrEqual(range.p90);
    for (const v of [range.p10, range.p50, range.p90])
      expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => µ((30 * 1750 * k) / 7)).some((x) => Math.abs(x - v) < 1e-12)).toBe(true);
    expect(run(recs, 'batch: [{}]').savings.monthlyRange).toEqual(range);
    expect(doc.assumptions.some((a) => a.startsWith('The P10–P90 range is the day-to-day spread of this history'))).toBe(true);
  });
});
