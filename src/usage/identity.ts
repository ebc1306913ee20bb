import { createHash } from 'node:crypto';
import type { UsageRecord } from './record.js';
import type { TokenCounts } from './tokens.js';

/** Provider request ids: a known prefix, then the provider's opaque id. */
const PROVIDER_REQUEST_ID = /^(?:chatcmpl-|resp_|msg_|gen-|cmpl-)[A-Za-z0-9_-]+$/;

/** True when `raw` is an id a model provider issued for one request (global across files and formats). */
export function isProviderRequestId(raw: string): boolean {
  return PROVIDER_REQUEST_ID.test(raw);
}

/**
 * The key of a row without an id: its instant, model and attribution, never its token figures, so an edited
 * row meets its earlier copy as a conflict instead of passing for a second request, and a re-export with other
 * column order or timestamp notation meets it as the same row.
 */
export function naturalKey(r: UsageRecord): string {
  const fields = [r.ts, r.provider, r.model, r.project, r.user, r.apiKey, r.feature, [...r.tags].sort(), r.batch, r.serviceTier];
  return `n:${createHash('sha1').update(JSON.stringify(fields)).digest('base64url')}`;
}

/** The figures that make two copies of a key the same record; anything else differing is a conflict. */
export type Figures = TokenCounts & Pick<UsageRecord, 'requests' | 'reportedCostUsd'>;

/** One copy of a key, with what the settlement rule (ingest/identity.ts) needs to rank it. */
export interface Copy extends Figures {
  /** A sidechain/subagent replay of a message its parent transcript also holds. */
  replay: boolean;
  /** When the copy's file was written (its mtime in epoch ms): the fetch time of an export. */
  fetchedAt: number;
  /** The content hash of the copy's file, and its line: the last, deterministic tie-breaks. */
  contentHash: string;
  line: number;
}
