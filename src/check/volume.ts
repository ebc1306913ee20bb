import { S } from '../usage/scan-row.js';
import type { DB } from '../db/open.js';
import { scanRecords } from '../db/queries.js';
import { addDays, localDay, startOfLocalDay } from '../util/time.js';
import { DAYS_PER_MONTH } from '../usage/periods.js';
import type { Volume } from './prompt.js';

/** Logged volume is averaged over this many whole days before today (today is partial, so left out). */
export const LOGGED_DAYS = 30;

/**
 * Each feature's logged call volume: its requests over the 30 whole days before today (in `tz`), averaged per
 * day and × 30 for a month. A record without a request count is one request.
 */
export function loggedVolumes(db: DB, features: string[], tz: string, now: number): Map<string, Volume> {
  const today = localDay(now, tz);
  const wanted = new Set(features);
  const requests = new Map<string, number>(features.map((f) => [f, 0]));
  const rows = scanRecords(db, { sourceIds: null, fromMs: startOfLocalDay(addDays(today, -LOGGED_DAYS), tz), toMs: startOfLocalDay(today, tz) });
  for (const r of rows) {
    const f = r[S.feature];
    if (f !== null && wanted.has(f)) requests.set(f, requests.get(f)! + (r[S.requests] ?? 1));
  }
  return new Map(
    [...requests].map(([f, n]) => [f, { callsPerMonth: (n * DAYS_PER_MONTH) / LOGGED_DAYS, source: 'logged', loggedRequests: n, loggedDays: LOGGED_DAYS }]),
  );
}
