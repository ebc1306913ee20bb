import { isProviderRequestId, type Copy, type Figures } from '../usage/identity.js';
import { billedTokens, sameTokens, TOKEN_KINDS } from '../usage/tokens.js';

/**
 * Which stored record an incoming one is (README "Record identity"). Three kinds of key:
 * - a provider-issued request id (`chatcmpl-…`, `resp_…`, `msg_…`, `gen-…`, `cmpl-…`) is global: the same
 *   request read through any format, from any file, is one record. It is stored bare, whatever format carried it;
 * - an id the source made up itself (the generic layout's `id` column, a logger's own request id) only means
 *   something inside that source: adapters write it as `local:<id>` and it is scoped to the source's label;
 * - a row with no id at all is keyed on its normalized fields (instant, model, provider, attribution), also
 *   scoped to the source's label; the n-th row with the same fields in one file is a request of its own.
 * Namespaced ids an adapter builds from the source's own unique keys (usage buckets, Langfuse observation
 * ids, Bedrock request ids) stay global, as they were.
 */

export const LOCAL_PREFIX = 'local:';

/** An id the adapter knows belongs to its provider: bare when it has a provider's shape, else namespaced. */
export function providerId(namespace: string, raw: string): string {
  return isProviderRequestId(raw) ? raw : `${namespace}:${raw}`;
}

/** An id of unknown origin (a generic column, a logger's request id): global only if it has a provider's shape. */
export function sourceId(raw: string): string {
  return isProviderRequestId(raw) ? raw : `${LOCAL_PREFIX}${raw}`;
}

/** How the two copies of one key are settled (README "Record identity"). */
export type Settlement = 'latest' | 'complete';

export function sameFigures(a: Figures, b: Figures): boolean {
  return sameTokens(a, b) && a.requests === b.requests && sameMoney(a.reportedCostUsd, b.reportedCostUsd);
}

function sameMoney(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) < 1e-9;
}

/** How many token kinds a copy tells apart: at equal usage, the copy that splits it finer is more complete. */
function detail(f: Figures): number {
  let told = f.reportedCostUsd !== null ? 1 : 0;
  for (const k of TOKEN_KINDS) if (f[k] > 0) told++;
  return told;
}

function compareFetch(a: Copy, b: Copy): number {
  if (a.fetchedAt !== b.fetchedAt) return a.fetchedAt - b.fetchedAt;
  if (a.contentHash !== b.contentHash) return a.contentHash < b.contentHash ? -1 : 1;
  return a.line - b.line;
}

/**
 * True when `incoming` should replace `stored`. The rule depends only on the two copies, never on which was
 * ingested first, so any set of files gives the same kept copies in any order:
 * - 'latest' (usage buckets, billing pages, rows keyed by the source): the copy from the file written last is
 *   the truth (a later fetch or a corrected re-export); same file time: the larger content hash, then the later line;
 * - 'complete' (a provider's request id): the copy with more usage wins (a streamed partial, or a replay
 *   cut short, holds less); equal usage: the copy that tells more token kinds apart (a cache write with its
 *   TTL split, reasoning inside output, a stated cost), then the parent transcript's copy over a sidechain
 *   replay, then the earlier file time, content hash and line.
 */
export function incomingWins(settlement: Settlement, stored: Copy, incoming: Copy): boolean {
  if (settlement === 'latest') return compareFetch(incoming, stored) > 0;
  const t = billedTokens(incoming) - billedTokens(stored);
  if (t !== 0) return t > 0;
  const d = detail(incoming) - detail(stored);
  if (d !== 0) return d > 0;
  if (incoming.replay !== stored.replay) return !incoming.replay;
  return compareFetch(incoming, stored) < 0;
}
