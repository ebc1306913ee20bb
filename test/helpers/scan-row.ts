import type { ScanRow } from '../../src/usage/scan-row.js';

export interface RowSpec {
  ts: number;
  model?: string;
  provider?: string | null;
  modelId?: string | null;
  feature?: string | null;
  requests?: number | null;
  input?: number;
  cacheRead?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  output?: number;
  cost?: number | null;
  batch?: boolean;
  /** A usage export's bucket (default: when requests is not 1). */
  bucket?: boolean;
}

let rid = 0;

/** One stored record as the audit's scan yields it (a single request of gpt-4o unless told otherwise). */
export function scanRow(r: RowSpec): ScanRow {
  const model = r.model ?? 'gpt-4o';
  return [
    r.ts,
    model,
    r.provider ?? null,
    r.modelId === undefined ? model : r.modelId,
    r.feature ?? null,
    null,
    null,
    null,
    null,
    r.requests === undefined ? 1 : r.requests,
    r.input ?? 0,
    r.cacheRead ?? 0,
    r.cacheWrite5m ?? 0,
    r.cacheWrite1h ?? 0,
    r.output ?? 0,
    0,
    r.cost === undefined ? 0 : r.cost,
    r.batch ? 1 : 0,
    null,
    ++rid,
    0,
    null,
    (r.bucket ?? (r.requests !== undefined && r.requests !== 1)) ? 1 : 0,
  ];
}
