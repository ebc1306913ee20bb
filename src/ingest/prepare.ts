import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import { createPricer } from '../pricing/pricer.js';
import type { UsageRecord } from './record.js';
import { redactRecord } from './redact.js';

/** A normalized record made ready to store: key redacted, priced, and given an id if the source had none. */
export interface PreparedRecord {
  record: UsageRecord;
  modelId: string | null;
  costUsd: number | null;
  /** The id is a hash of the line's content (the source had no id): the n-th identical line is its own request. */
  hashed: boolean;
}

/** Returns a function that prepares each record of one file; pure apart from hashing. */
export function createPreparer(catalog: Catalog, format: string): (r: UsageRecord, lineText: string) => PreparedRecord {
  const price = createPricer(catalog);
  return (r, lineText) => {
    redactRecord(r);
    const priced = price(r);
    let hashed = false;
    if (r.id === '') {
      r.id = `h:${createHash('sha1').update(format).update('\u0000').update(lineText).digest('base64url')}`;
      hashed = true;
    }
    return { record: r, modelId: priced.modelId, costUsd: priced.costUsd, hashed };
  };
}
