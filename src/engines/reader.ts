import type { SkipKind } from '../usage/skip.js';
import type { TokenCounts } from '../usage/tokens.js';

/**
 * What a database source hands to the engine ingest (engines/ingest-engine.ts): pre-aggregated buckets summed by
 * the engine, and raw rows in the shape the product's file adapter reads, for the requests that must be priced one
 * by one or when per-request rows were asked for.
 */

/** One group of one 15-minute bucket, as the engine summed it; the generic layout's fields (README). */
export interface Bucket extends TokenCounts {
  /** A single request kept apart (its prompt is priced per request): its id, part of the bucket's key. */
  single?: string;
  /** Bucket start, epoch ms (a multiple of 15 minutes). */
  ts: number;
  model: string;
  provider: string | null;
  project: string | null;
  user: string | null;
  apiKey: string | null;
  feature: string | null;
  tags: string[];
  batch: boolean;
  serviceTier: string | null;
  requests: number;
  reportedCostUsd: number | null;
}

/** Rows the engine left out of the buckets, by reason (server-side counterparts of skipped and failed lines). */
export interface LeftOut {
  kind: SkipKind;
  reason: string;
  rows: number;
}

export interface BucketRead {
  /** Source rows the engine read and summed into the buckets. */
  rowsAggregated: number;
  leftOut: LeftOut[];
  /** Milliseconds the engine spent (sum over pages). */
  serverMs: number;
}

/** A time window of source rows: `from` inclusive, `to` exclusive, epoch ms; null is open. */
export interface Window {
  from: number | null;
  to: number | null;
}

export interface EngineReader {
  /** e.g. `postgres://db:5432/litellm/LiteLLM_SpendLogs` (no credentials). */
  readonly label: string;
  /** The file format the per-request rows are written in (an adapter name): litellm-spend, langfuse or helicone. */
  readonly rowFormat: string;
  /** e.g. "LiteLLM spend logs". */
  readonly product: string;
  /**
   * Sums the window's rows per 15-minute bucket and group in the engine. A row whose prompt exceeds
   * `individualAbove` tokens is a group of its own (`single`: long-context pricing is decided per request); rows
   * whose request count the product does not know (LiteLLM batch jobs) are left to `readRows(..., 'individual')`.
   */
  readBuckets(w: Window, individualAbove: number, each: (b: Bucket) => void): Promise<BucketRead>;
  /** Writes raw rows (all of the window's, or only the individual ones) as objects the product's adapter reads. */
  readRows(
    w: Window,
    which: 'all' | 'individual',
    individualAbove: number,
    each: (row: Record<string, unknown>) => void,
  ): Promise<{ rows: number; serverMs: number }>;
  close(): Promise<void>;
}
