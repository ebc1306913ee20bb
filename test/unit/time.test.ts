import { describe, expect, it } from 'vitest';
import { isoWeek, localDay, parseTimestamp, startOfLocalDay, tzOffsetMs } from '../../src/util/time.js';

describe('parseTimestamp', () => {
  it('reads epoch seconds, epoch milliseconds and ISO strings with and without zones', () => {
    expect(parseTimestamp(1748855700)).toBe(1748855700000);
    expect(parseTimestamp(1748855700123)).toBe(1748855700123);
    expect(parseTimestamp('1748855700')).toBe(1748855700000);
    expect(parseTimestamp('2025-06-02T09:15:00Z')).toBe(Date.UTC(2025, 5, 2, 9, 15));
    expect(parseTimestamp('2025-06-02 09:15:00.250')).toBe(Date.UTC(2025, 5, 2, 9, 15, 0, 250));
    expect(parseTimestamp('2025-06-02T11:15:00+02:00')).toBe(Date.UTC(2025, 5, 2, 9, 15));
    expect(parseTimestamp('2025-06-02T04:15:00-0500')).toBe(Date.UTC(2025, 5, 2, 9, 15));
    expect(parseTimestamp('2025-06-02')).toBe(Date.UTC(2025, 5, 2));
  });

  it('rejects what is not a time', () => {
    for (const v of ['yesterday', '', null, undefined, -1, Number.NaN, {}, '2025-13-45T99:99']) expect(parseTimestamp(v)).toBeNull();
  });
});

describe('time zones', () => {
  it('places instants on local calendar days, across DST', () => {
    // 2025-03-30 01:30 UTC is 03:30 in Berlin (CEST, +2) — DST began at 01:00 UTC that day.
    expect(tzOffsetMs(Date.UTC(2025, 2, 30, 1, 30), 'Europe/Berlin')).toBe(2 * 3600_000);
    expect(localDay(Date.UTC(2025, 0, 1, 23, 30), 'Europe/Berlin')).toBe('2025-01-02');
    expect(localDay(Date.UTC(2025, 0, 1, 3, 0), 'America/New_York')).toBe('2024-12-31');
    // Kathmandu is +05:45.
    expect(localDay(Date.UTC(2025, 0, 1, 18, 14), 'Asia/Kathmandu')).toBe('2025-01-01');
    expect(localDay(Date.UTC(2025, 0, 1, 18, 15), 'Asia/Kathmandu')).toBe('2025-01-02');
  });

  it('finds the UTC instant a local day starts', () => {
    expect(startOfLocalDay('2025-06-02', 'UTC')).toBe(Date.UTC(2025, 5, 2));
    expect(startOfLocalDay('2025-06-02', 'Europe/Berlin')).toBe(Date.UTC(2025, 5, 1, 22));
    expect(startOfLocalDay('2025-01-15', 'America/New_York')).toBe(Date.UTC(2025, 0, 15, 5));
  });

  it('starts a day whose midnight does not exist at the instant the clocks jump, not on the day before', () => {
    // Santiago, 2024-09-08: at 00:00 (−04) the clocks went to 01:00 (−03), at 04:00 UTC. The first instant of
    // the 8th is 04:00 UTC (01:00 local). Before the fix: 03:00 UTC, which is 23:00 on the 7th.
    expect(startOfLocalDay('2024-09-08', 'America/Santiago')).toBe(Date.UTC(2024, 8, 8, 4));
    expect(localDay(Date.UTC(2024, 8, 8, 4) - 1, 'America/Santiago')).toBe('2024-09-07');
    // Havana, 2024-03-10: 00:00 (−05) became 01:00 (−04) at 05:00 UTC.
    expect(startOfLocalDay('2024-03-10', 'America/Havana')).toBe(Date.UTC(2024, 2, 10, 5));
    // São Paulo, 2018-11-04: 00:00 (−03) became 01:00 (−02) at 03:00 UTC.
    expect(startOfLocalDay('2018-11-04', 'America/Sao_Paulo')).toBe(Date.UTC(2018, 10, 4, 3));
    // The days around them start at their midnights: 2024-09-07 at 04:00 UTC (−04), 2024-09-09 at 03:00 UTC (−03).
    expect(startOfLocalDay('2024-09-07', 'America/Santiago')).toBe(Date.UTC(2024, 8, 7, 4));
    expect(startOfLocalDay('2024-09-09', 'America/Santiago')).toBe(Date.UTC(2024, 8, 9, 3));
  });

  it('starts a day after clocks fell back across midnight at its one midnight', () => {
    // São Paulo, 2018-02-18: at 00:00 (−02), 02:00 UTC, the clocks went back to 23:00 on the 17th (−03), so
    // the 17th has 25 hours (from 02:00 UTC on the 17th) and the 18th starts at 00:00 −03 = 03:00 UTC.
    expect(startOfLocalDay('2018-02-17', 'America/Sao_Paulo')).toBe(Date.UTC(2018, 1, 17, 2));
    expect(startOfLocalDay('2018-02-18', 'America/Sao_Paulo')).toBe(Date.UTC(2018, 1, 18, 3));
  });

  it('labels ISO weeks, including the ones that straddle a year', () => {
    expect(isoWeek('2025-06-02')).toBe('2025-W23');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
  });
});
