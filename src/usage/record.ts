import type { Prompt } from './prompt.js';
import { emptyTokens, type TokenCounts } from './tokens.js';

/**
 * The normalized usage record every format adapter produces (the normalized record of docs/ARCHITECTURE.md's data flow).
 * One record is one API request, or one pre-aggregated bucket when `requests` > 1. Its token counts are the
 * token vector (tokens.ts): plain input never includes cache reads or writes; output includes reasoning.
 */
export interface UsageRecord extends TokenCounts {
  /** Stable dedupe key: provider request id, or a hash of source + natural key. */
  id: string;
  /** UTC instant in epoch milliseconds (bucket start for aggregates). */
  ts: number;
  provider: string | null;
  /** As written in the source. */
  model: string;
  /** 1, or a bucket's request count; null when the source does not say. */
  requests: number | null;
  batch: boolean;
  /** "default" | "flex" | "priority" | provider-specific; null when unknown. */
  serviceTier: string | null;
  /** true/false when the source says; null means "decide from the request's own prompt size". */
  longContext: boolean | null;
  /** Anthropic's `speed` as the source reports it ("standard" | "fast"); null when it does not say. */
  speed: string | null;
  /** The cost the source itself states, kept apart from our computed cost. */
  reportedCostUsd: number | null;
  project: string | null;
  user: string | null;
  apiKey: string | null;
  feature: string | null;
  tags: string[];
  /** A sidechain/subagent copy of a message that its parent transcript also holds (Claude Code). */
  replay: boolean;
  /** The prompt, where the source carries it: fingerprinted at ingest, never stored unless asked (ingest/prompt.ts). */
  prompt: Prompt | null;
  /**
   * The answer's text, where the source carries the response (ingest/response.ts): hashed at ingest beside the
   * prompt's fingerprint and dropped, never stored.
   */
  response: string | null;
}

/** Every field of an empty record, in the record's order; copied (one flat clone) for each new record. */
const EMPTY: UsageRecord = {
  id: '',
  ts: 0,
  provider: null,
  model: '',
  ...emptyTokens(),
  requests: 1,
  batch: false,
  serviceTier: null,
  longContext: null,
  speed: null,
  reportedCostUsd: null,
  project: null,
  user: null,
  apiKey: null,
  feature: null,
  tags: [],
  replay: false,
  prompt: null,
  response: null,
};

export function emptyRecord(id: string, ts: number, model: string): UsageRecord {
  return { ...EMPTY, id, ts, model, tags: [] };
}
