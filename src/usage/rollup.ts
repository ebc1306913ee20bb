import type { TokenCounts } from './tokens.js';

/** Sums over a group of records, as the rollups hold them and every grouped query returns them. */
export interface UsageSums extends TokenCounts {
  records: number;
  requests: number;
  /** Records whose source gives no request count. */
  unknownRequests: number;
  cost: number;
  /** Requests (or records without a count) whose model the catalog could not price. */
  unpricedRequests: number;
  unpricedRecords: number;
  reportedCost: number | null;
}

/** Sums of records per 15-minute bucket and model: the rows of the `rollups` table for one source. */
export interface RollupEntry extends UsageSums {
  bucket: number;
  model: string;
  provider: string;
  modelId: string;
}
