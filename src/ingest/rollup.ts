import { BUCKET_MS } from '../usage/periods.js';
import type { UsageRecord } from '../usage/record.js';
import type { RollupEntry } from '../usage/rollup.js';
import { emptyTokens, tokenAdder } from '../usage/tokens.js';

/** This accumulator's own compiled copy (usage/tokens.ts says why). */
const addTokens = tokenAdder();

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
      e = {
        bucket,
        model: r.model,
        provider,
        modelId: id,
        records: 0,
        requests: 0,
        unknownRequests: 0,
        ...emptyTokens(),
        cost: 0,
        unpricedRequests: 0,
        unpricedRecords: 0,
        reportedCost: null,
      };
      this.entries.set(key, e);
    }
    e.records += sign;
    if (r.requests === null) e.unknownRequests += sign;
    else e.requests += sign * r.requests;
    addTokens(e, r, sign);
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
