/**
 * Prompt fingerprints, computed at ingest from the prompt a source carries, so that the prompt text itself
 * need not be kept (README "Privacy"). Every hash is keyed with the database's own salt: the same prompt gives
 * the same fingerprint inside one database and an unrelated one in any other.
 *
 * - `promptHash`: the whole prompt (roles and texts), for exact duplicates;
 * - `chain`: one hash per cache boundary the prompt reaches, 1,024 tokens and then every 128 (where the
 *   providers' prompt caches cut), each covering everything before it, so the longest prefix two prompts share
 *   is measured to the boundary;
 * - `signature`: a MinHash signature of the last user message's word pairs, for near-duplicate search.
 */
export interface Fingerprint {
  promptHash: string;
  /** Tokens of the whole prompt (o200k_base; texts plus 3 a message, as chat formats count). */
  tokens: number;
  /** chain[i] covers the first FIRST_BOUNDARY + i × BOUNDARY_STEP tokens (to the piece that reaches it). */
  chain: number[];
  signature: Uint32Array | null;
}

export const FIRST_BOUNDARY = 1024;
export const BOUNDARY_STEP = 128;

/** The tokens a chain entry stands for. */
export function boundaryTokens(index: number): number {
  return FIRST_BOUNDARY + index * BOUNDARY_STEP;
}
