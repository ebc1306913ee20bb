import { BUCKET_MS } from '../usage/periods.js';
import type { ScanRow } from '../usage/scan-row.js';
import type { DB } from '../db/open.js';
import { scanRecords, sumsByPeriodAndModel, type Scope } from '../db/queries.js';
import type { HistoryRange } from './projection.js';

/**
 * When the history begins and ends, to the 15 minutes. Read from the rollups (a few rows per 15 minutes
 * and model) because the records table has no index on time; a record's local day is its bucket's day in
 * every time zone, which is all the projection needs.
 */
export function historyRange(db: DB): HistoryRange {
  const row = db.prepare('SELECT MIN(bucket) AS first, MAX(bucket) AS last FROM rollups').get() as { first: number | null; last: number | null };
  return { firstMs: row.first === null ? null : row.first * BUCKET_MS, lastMs: row.last === null ? null : row.last * BUCKET_MS };
}

/**
 * The rows spend budgets are summed from. Budgets scoped by model and provider only read the 15-minute
 * rollups (fast whatever the history's size); the others need each record's project, feature, user and tags.
 * A rollup row becomes a row of its bucket start, with the attributes the rollups do not keep left empty.
 */
export function* spendRows(db: DB, range: Pick<Scope, 'fromMs' | 'toMs'>, from: 'rollups' | 'records', provider: boolean): Generator<ScanRow> {
  const scope: Scope = { sourceIds: null, ...range };
  if (from === 'records') {
    yield* scanRecords(db, scope, { provider });
    return;
  }
  for (const r of sumsByPeriodAndModel(db, scope, false)) {
    const requests = r.requests + r.unknownRequests;
    // One rollup row holds one model as one catalog id resolved it: all of it is priced, or none of it.
    const cost = r.unpricedRecords === r.records ? null : r.cost;
    yield [
      r.period as number,
      r.model,
      r.provider,
      r.modelId,
      null,
      null,
      null,
      null,
      null,
      requests,
      r.inputTokens,
      r.cacheReadTokens,
      r.cacheWrite5mTokens,
      r.cacheWrite1hTokens,
      r.outputTokens,
      r.reasoningTokens,
      cost,
      0,
      null,
      0,
      0,
      null,
      1,
    ];
  }
}
