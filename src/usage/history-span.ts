import { addDays, localDay, utcDay } from '../util/time.js';

/**
 * The calendar day a record falls on in `tz`. A request falls on the local day of its instant. A
 * pre-aggregated bucket (a usage export's row) is dated, not timed: its timestamp is the start of the UTC
 * day the provider summed, so it falls on that date in every time zone, and covers it to its end.
 */
export function recordDay(ts: number, bucket: boolean, tz: string): string {
  return bucket ? utcDay(ts) : localDay(ts, tz);
}

/**
 * The days a history covers: the one divisor of every monthly figure, in `audit` (opportunities) and in
 * `simulate` alike (monthly = period × 30 / days). It counts every calendar day from the day of the first
 * record to the day of the last (see `recordDay`: a bucket counts to the end of the day it sums, not to
 * its start).
 *
 * It is fed every record of the scope (files, --since, --until) before any other filter: a one-off
 * campaign picked out with --where is still a campaign within the history the scope observed.
 */
export class HistorySpan {
  private first = '';
  private last = '';
  private memo: string[] | null = null;

  constructor(readonly tz: string) {}

  add(ts: number, bucket: boolean): void {
    const day = recordDay(ts, bucket, this.tz);
    if (this.first === '' || day < this.first) this.first = day;
    if (day > this.last) this.last = day;
    this.memo = null;
  }

  /** Every day from the first to the last, in order; none for an empty history. */
  days(): string[] {
    if (this.memo) return this.memo;
    const out: string[] = [];
    if (this.first !== '') for (let d = this.first; d <= this.last; d = addDays(d, 1)) out.push(d);
    this.memo = out;
    return out;
  }

  /** How many days the history spans (at least 1, so that an empty history divides by one). */
  get spanDays(): number {
    return Math.max(1, this.days().length);
  }
}
