import { modelResolver, type Catalog } from '../catalog/catalog.js';
import type { ModelPrice } from '../catalog/types.js';
import { billedTokens } from '../usage/tokens.js';
import { priceRecord, type PricedRecord } from './price.js';

export interface Priced {
  modelId: string | null;
  costUsd: number | null;
  /** The catalog lacks the exact rates of this record's combination: the cost is an estimate (see CostBreakdown). */
  approximate: boolean;
}

/** Bumped whenever pricing semantics change, so stored costs are recomputed under the new rules. */
export const PRICING_VERSION = 3;

/** Resolves models once per distinct (provider, model) and prices records against the catalog. */
export function createPricer(catalog: Catalog): (r: PricedRecord & { model: string; provider: string | null }) => Priced {
  const cache = new Map<string, (ts?: number) => ModelPrice | undefined>();
  return (r) => {
    const key = `${r.provider ?? ''}\u0000${r.model}`;
    let resolve = cache.get(key);
    if (resolve === undefined) {
      resolve = modelResolver(catalog, r.model, r.provider);
      cache.set(key, resolve);
    }
    // A dated alias names different models at different times: the record's own time decides.
    const entry = resolve(r.ts);
    if (!entry) {
      // A cost-only record (a billing line with no tokens) costs nothing to compute, whatever its model.
      return { modelId: null, costUsd: billedTokens(r) === 0 ? 0 : null, approximate: false };
    }
    const cost = priceRecord(r, entry);
    return { modelId: entry.id, costUsd: cost.totalUsd, approximate: cost.approximate };
  };
}

export function pricingFingerprint(catalog: Catalog): string {
  return `${PRICING_VERSION}:${catalog.fingerprint}`;
}
