import type { UsageRecord } from './record.js';

export const BUCKET_MS = 900_000;

/** Sums of records per 15-minute bucket and model: the rows of the `rollups` table for one source. */
export interface RollupEntry {
  bucket: number;
  model: string;
  provider: string;
  modelId: string;
  records: number;
  requests: number;
  unknownRequests: number;
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  reasoning: number;
  cost: number;
  unpricedRequests: number;
  unpricedRecords: number;
  reportedCost: number | null;
}

/** Accumulates rollups in memory while a file is read; pure, no I/O. */
export class RollupAccumulator {
  private readonly entries = new Map<string, RollupEntry>();

  get size(): number {
    return this.entries.size;
  }

  /** Adds a record's sums; `sign` -1 takes back one that turned out to be a duplicate. */
  add(r: UsageRecord, modelId: string | null, cost: number | null, sign: 1 | -1 = 1): void {
    const bucket = Math.floor(r.ts / BUCKET_MS);
    const provider = r.provider ?? '';
    const id = modelId ?? '';
    const key = `${bucket}\u0000${r.model}\u0000${provider}\u0000${id}`;
    let e = this.entries.get(key);
    if (!e) {
      e = { bucket, model: r.model, provider, modelId: id, records: 0, requests: 0, unknownRequests: 0, input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0, cost: 0, unpricedRequests: 0, unpricedRecords: 0, reportedCost: null };
      this.entries.set(key, e);
    }
    e.records += sign;
    if (r.requests === null) e.unknownRequests += sign;
    else e.requests += sign * r.requests;
    e.input += sign * r.inputTokens;
    e.cacheRead += sign * r.cacheReadTokens;
    e.cacheWrite5m += sign * r.cacheWrite5mTokens;
    e.cacheWrite1h += sign * r.cacheWrite1hTokens;
    e.output += sign * r.outputTokens;
    e.reasoning += sign * r.reasoningTokens;
    if (cost === null) {
      e.unpricedRecords += sign;
      e.unpricedRequests += sign * (r.requests ?? 1);
    } else e.cost += sign * cost;
    if (r.reportedCostUsd !== null) e.reportedCost = (e.reportedCost ?? 0) + sign * r.reportedCostUsd;
  }

  /** Hands over what was accumulated and starts afresh. */
  drain(): RollupEntry[] {
    const out = [...this.entries.values()];
    this.entries.clear();
    return out;
  }
}
