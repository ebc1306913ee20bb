import { TOKEN_COLUMNS } from '../usage/columns.js';
import { BUCKET_MS } from '../usage/periods.js';
import type { RollupEntry, UsageSums } from '../usage/rollup.js';
import type { DB } from './open.js';

/**
 * One figure of `UsageSums`: its column in `rollups`, the SQL that sums it over records (`t`: the records
 * table's alias prefix, "" or "r."), and, where it is not a plain addition, how an upsert merges a new sum
 * into a stored one. The token figures come from the one token column list (usage/columns.ts).
 */
interface SummedFigure {
  field: keyof UsageSums;
  column: string;
  overRecords: (t: string) => string;
  merge?: string;
}

const FIGURES: readonly SummedFigure[] = [
  { field: 'records', column: 'records', overRecords: () => 'COUNT(*)' },
  { field: 'requests', column: 'requests', overRecords: (t) => `COALESCE(SUM(${t}requests), 0)` },
  { field: 'unknownRequests', column: 'unknown_requests', overRecords: (t) => `COALESCE(SUM(${t}requests IS NULL), 0)` },
  ...TOKEN_COLUMNS.map(({ field, column }) => ({ field, column, overRecords: (t: string) => `COALESCE(SUM(${t}${column}), 0)` })),
  { field: 'cost', column: 'cost_usd', overRecords: (t) => `COALESCE(SUM(${t}cost_usd), 0)` },
  {
    field: 'unpricedRequests',
    column: 'unpriced_requests',
    overRecords: (t) => `COALESCE(SUM(CASE WHEN ${t}cost_usd IS NULL THEN COALESCE(${t}requests, 1) ELSE 0 END), 0)`,
  },
  { field: 'unpricedRecords', column: 'unpriced_records', overRecords: (t) => `COALESCE(SUM(${t}cost_usd IS NULL), 0)` },
  {
    field: 'reportedCost',
    column: 'reported_cost_usd',
    overRecords: (t) => `SUM(${t}reported_cost_usd)`,
    // Null stays null until some record states a cost.
    merge: 'CASE WHEN excluded.reported_cost_usd IS NULL THEN reported_cost_usd ELSE COALESCE(reported_cost_usd, 0) + excluded.reported_cost_usd END',
  },
];

/** A rollup's key columns; its figures follow. Columns are named, so a column a later migration adds may sit anywhere in the table. */
const ROLLUP_KEY = ['source_id', 'bucket', 'model', 'provider', 'model_id'];
const ROLLUP_COLUMNS = [...ROLLUP_KEY, ...FIGURES.map((f) => f.column)].join(', ');

/** The sum columns of a grouped query over records, named as `UsageSums`; `t` is the records table's alias prefix. */
export function sumsOverRecords(t = ''): string {
  return FIGURES.map((f) => `${f.overRecords(t)} AS ${f.field}`).join(',\n  ');
}

/** The sum columns of a grouped query over rollups, named as `UsageSums`. */
export const SUMS_OVER_ROLLUPS = FIGURES.map((f) => `SUM(${f.column}) AS ${f.field}`).join(', ');

/** Adds a rollup entry's sums to its stored row (a new row when there is none); values: `rollupValues`. */
export const UPSERT_ROLLUP = `INSERT INTO rollups (${ROLLUP_COLUMNS}) VALUES (${[...ROLLUP_KEY, ...FIGURES].map(() => '?').join(', ')})
  ON CONFLICT (${ROLLUP_KEY.join(', ')}) DO UPDATE SET
    ${FIGURES.map((f) => `${f.column} = ${f.merge ?? `${f.column} + excluded.${f.column}`}`).join(',\n    ')}`;

/** The values of `UPSERT_ROLLUP` for one entry, in its order. */
export function rollupValues(sourceId: number, e: RollupEntry): unknown[] {
  const values: unknown[] = [sourceId, e.bucket, e.model, e.provider, e.modelId];
  for (const f of FIGURES) values.push(e[f.field]);
  return values;
}

/** Sums the rollups of the records `where` selects (a WHERE clause over `records`, or ""), as an ingest writes them. */
function insertRollupsOf(where: string): string {
  return `INSERT INTO rollups (${ROLLUP_COLUMNS}) SELECT source_id, ts / ${BUCKET_MS}, model, COALESCE(provider, ''), COALESCE(model_id, ''),
    ${sumsOverRecords()}
  FROM records ${where} GROUP BY 1, 2, 3, 4, 5`;
}

const REBUILD_ALL = `DELETE FROM rollups; ${insertRollupsOf('')};`;
const REBUILD_SOURCE = insertRollupsOf('WHERE source_id = ?');

/** Sums every rollup again from the records (after repricing), or only those of one source (after a forget). */
export function rebuildRollups(db: DB, sourceId?: number): void {
  if (sourceId === undefined) {
    db.exec(REBUILD_ALL);
    return;
  }
  db.prepare('DELETE FROM rollups WHERE source_id = ?').run(sourceId);
  db.prepare(REBUILD_SOURCE).run(sourceId);
}
