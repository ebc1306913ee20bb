import type { Sums } from '../audit/report.js';
import { costUsd, int } from '../util/numbers.js';

/**
 * How a row's request count reads: "unknown" when none of its records states one (usage reports that give
 * no count), "≥ N" when some do not, never 0 for requests that happened.
 */
export function requestsText(r: Pick<Sums, 'requests' | 'records' | 'recordsWithoutRequestCount'>): string {
  if (r.records > 0 && r.recordsWithoutRequestCount === r.records) return 'unknown';
  return r.recordsWithoutRequestCount > 0 ? `≥ ${int(r.requests)}` : int(r.requests);
}

/**
 * How a row's cost reads: "unpriced" when the catalog priced none of its records, never $0.00; "≈" before it
 * when some of it was priced at the nearest published rates.
 */
export function costText(r: Pick<Sums, 'costUsd' | 'records' | 'unpricedRecords' | 'approximateRecords'>): string {
  return r.records > 0 && r.unpricedRecords === r.records ? 'unpriced' : costUsd(r.costUsd, r.approximateRecords > 0);
}
