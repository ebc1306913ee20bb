import type { Catalog } from '../catalog/catalog.js';
import { createPricer } from '../pricing/pricer.js';
import { LOCAL_PREFIX, naturalKey } from './identity.js';
import type { UsageRecord } from './record.js';
import { redactApiKey } from './redact.js';

/** A normalized record made ready to store: key redacted, priced, and its identity settled (identity.ts). */
export interface PreparedRecord {
  record: UsageRecord;
  modelId: string | null;
  costUsd: number | null;
  /** The id only means something inside its source: the key is scoped to the source's label. */
  scoped: boolean;
  /** The source had no id: the key is the row's natural key, and the n-th identical one is its own request. */
  natural: boolean;
}

/** Returns a function that prepares each record of one file; pure apart from hashing. */
export function createPreparer(catalog: Catalog): (r: UsageRecord) => PreparedRecord {
  const price = createPricer(catalog);
  return (r) => {
    r.apiKey = redactApiKey(r.apiKey);
    const priced = price(r);
    let scoped = false;
    let natural = false;
    if (r.id === '') {
      r.id = naturalKey(r);
      scoped = true;
      natural = true;
    } else if (r.id.startsWith(LOCAL_PREFIX)) {
      r.id = r.id.slice(LOCAL_PREFIX.length);
      scoped = true;
    }
    return { record: r, modelId: priced.modelId, costUsd: priced.costUsd, scoped, natural };
  };
}
