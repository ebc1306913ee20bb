import type { PreparedRecord } from './prepare.js';
import type { UsageRecord } from '../usage/record.js';
import { billedTokens } from '../usage/tokens.js';

/**
 * Checks every record of every format once, after its adapter read it and before it is stored: values no
 * real log holds are skipped with a reason instead of distorting every report (issue 14).
 *
 * Times: from 2015-01-01 (before any LLM API billed tokens) to 2099-12-31 UTC. A fixed window, not "now":
 * a machine with a wrong clock, or logs from another time zone's tomorrow, must never lose real records.
 * It rejects what overflows or is garbled: year 9999 or 0001, epoch milliseconds such as 1e15, epoch
 * seconds such as 99999999999 (year 5138).
 */
export const EARLIEST_TIME = Date.UTC(2015, 0, 1);
export const LATEST_TIME = Date.UTC(2100, 0, 1);
/** No single record (one request, or one bucket of a day's requests) stands for more than a billion requests. */
export const MAX_REQUESTS = 1_000_000_000;

function day(ts: number): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? 'not a time' : d.toISOString().slice(0, 10);
}

/** Why a record read from a log cannot be right, or undefined when it can. */
export function implausibleRecord(r: UsageRecord): string | undefined {
  if (!Number.isFinite(r.ts) || r.ts < EARLIEST_TIME || r.ts >= LATEST_TIME) {
    return `timestamp is outside 2015-01-01 to 2099-12-31 UTC (it reads as ${day(r.ts)})`;
  }
  if (r.requests !== null && (!Number.isInteger(r.requests) || r.requests < 0 || r.requests > MAX_REQUESTS)) {
    return `request count is not a whole number from 0 to 1,000,000,000 (${Number.isFinite(r.requests) ? r.requests : 'not a finite number'})`;
  }
  if (r.reportedCostUsd !== null && !Number.isFinite(r.reportedCostUsd)) return 'reported cost is not a finite amount';
  // A billing line without tokens may be a credit; a request cannot cost less than nothing.
  if (r.reportedCostUsd !== null && r.reportedCostUsd < 0 && billedTokens(r) > 0)
    return `reported cost is negative (${r.reportedCostUsd}) for a request with tokens`;
  return undefined;
}

/** Why a priced record cannot be stored: no stored cost is negative (a price below zero somewhere). */
export function implausiblePrice(p: PreparedRecord): string | undefined {
  if (p.costUsd !== null && (!Number.isFinite(p.costUsd) || p.costUsd < 0)) {
    return `computed cost is ${Number.isFinite(p.costUsd) ? 'negative' : 'not a finite amount'}: a price of model ${p.modelId ?? 'unknown'} in the catalog or config is wrong`;
  }
  return undefined;
}
