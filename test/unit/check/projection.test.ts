import { describe, expect, it } from 'vitest';
import { periodWindow } from '../../../src/check/period.js';
import { project, projectionClock } from '../../../src/check/projection.js';

const t = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

describe('projectionClock', () => {
  const june = periodWindow({ unit: 'month' }, 'UTC', t('2025-06-20T12:07:00Z'));

  it('runs from now (to the quarter hour) when the history is live', () => {
    const c = projectionClock(june, t('2025-06-20T12:07:00Z'), { firstMs: t('2025-01-01T00:00:00Z'), lastMs: t('2025-06-20T11:00:00Z') }, 'UTC');
    expect(c.asOfMs).toBe(t('2025-06-20T12:00:00Z'));
    expect(c.rateFromMs).toBe(t('2025-06-13T12:00:00Z'));
    expect(c.rateDays).toBe(7);
    expect(c.remainingDays).toBe(10.5);
  });

  it("runs from the end of the last record's day when the history stops earlier (daily buckets through yesterday)", () => {
    // The export's last bucket is June 18 (stamped 00:00): June 18 is covered whole, June 19 and 20 not at all.
    const c = projectionClock(june, t('2025-06-20T12:00:00Z'), { firstMs: t('2025-01-01T00:00:00Z'), lastMs: t('2025-06-18T00:00:00Z') }, 'UTC');
    expect(c.asOfMs).toBe(t('2025-06-19T00:00:00Z'));
    expect(c.rateFromMs).toBe(t('2025-06-12T00:00:00Z'));
    expect(c.remainingDays).toBe(12);
    // $30 so far and $14 in the 7 days before June 19: 30 + 2 × 12 = $54.
    expect(project(30, 14, c)).toEqual({ ratePerDay: 2, projected: 54 });
  });

  it("measures a young history's rate over the days it has, one at least", () => {
    const c = projectionClock(june, t('2025-06-20T12:00:00Z'), { firstMs: t('2025-06-18T09:30:00Z'), lastMs: t('2025-06-20T11:00:00Z') }, 'UTC');
    expect(c.rateFromMs).toBe(t('2025-06-18T00:00:00Z'));
    expect(c.rateDays).toBe(2.5);
    const newborn = projectionClock(june, t('2025-06-20T06:00:00Z'), { firstMs: t('2025-06-20T01:00:00Z'), lastMs: t('2025-06-20T05:00:00Z') }, 'UTC');
    expect(newborn.rateDays).toBe(1);
  });

  it('uses the end of the previous month for the rate on the first day of a month', () => {
    const july = periodWindow({ unit: 'month' }, 'UTC', t('2025-07-01T06:00:00Z'));
    const c = projectionClock(july, t('2025-07-01T06:00:00Z'), { firstMs: t('2025-01-01T00:00:00Z'), lastMs: t('2025-07-01T05:50:00Z') }, 'UTC');
    expect(c.rateFromMs).toBe(t('2025-06-24T06:00:00Z'));
    expect(c.remainingDays).toBe(30.75);
  });

  it('projects nothing more for a window that has ended', () => {
    const may = periodWindow({ unit: 'month' }, 'UTC', t('2025-05-10T00:00:00Z'));
    const c = projectionClock(may, t('2025-06-20T12:00:00Z'), { firstMs: t('2025-01-01T00:00:00Z'), lastMs: t('2025-06-20T11:00:00Z') }, 'UTC');
    expect(c.asOfMs).toBe(t('2025-06-01T00:00:00Z'));
    expect(c.remainingDays).toBe(0);
    expect(project(100, 70, c).projected).toBe(100);
  });

  it('cuts local days in the time zone (New York, UTC−4 in June)', () => {
    const w = periodWindow({ unit: 'month' }, 'America/New_York', t('2025-06-20T12:00:00Z'));
    expect(w).toEqual({ first: '2025-06-01', last: '2025-06-30', fromMs: t('2025-06-01T04:00:00Z'), toMs: t('2025-07-01T04:00:00Z') });
    const c = projectionClock(w, t('2025-06-20T12:00:00Z'), { firstMs: t('2025-01-01T00:00:00Z'), lastMs: t('2025-06-19T02:00:00Z') }, 'America/New_York');
    // The last record is June 18, 22:00 in New York: that day ends June 19 04:00 UTC.
    expect(c.asOfMs).toBe(t('2025-06-19T04:00:00Z'));
    expect(c.remainingDays * DAY).toBe(t('2025-07-01T04:00:00Z') - t('2025-06-19T04:00:00Z'));
  });
});
