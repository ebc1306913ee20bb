/**
 * Rollups sum records per 15-minute bucket: every real UTC offset is a multiple of 15 minutes, so any time
 * zone's days and hours are unions of buckets.
 */
export const BUCKET_MS = 900_000;

/** Monthly figures are a history's (or a day's) figures scaled to 30 days. */
export const DAYS_PER_MONTH = 30;

/** A figure over a history of `spanDays` days, per month. */
export function perMonth(value: number, spanDays: number): number {
  return (value * DAYS_PER_MONTH) / spanDays;
}
