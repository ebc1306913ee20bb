import type { Prompt } from './prompt.js';

/**
 * The normalized usage record every format adapter produces (DESIGN.md: "The normalized record").
 * One record is one API request, or one pre-aggregated bucket when `requests` > 1.
 */
export interface UsageRecord {
  /** Stable dedupe key: provider request id, or a hash of source + natural key. */
  id: string;
  /** UTC instant in epoch milliseconds (bucket start for aggregates). */
  ts: number;
  provider: string | null;
  /** As written in the source. */
  model: string;
  /** Input billed at the plain input rate: never includes cache reads or writes. */
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  /** All billed output, reasoning included. */
  outputTokens: number;
  /** The part of output that was reasoning. */
  reasoningTokens: number;
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
  /** The prompt, where the source carries it: fingerprinted at ingest, never stored unless asked (prompt.ts). */
  prompt: Prompt | null;
}

export function emptyRecord(id: string, ts: number, model: string): UsageRecord {
  return {
    id,
    ts,
    provider: null,
    model,
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
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
  };
}

/** The whole prompt the provider saw, which is what long-context thresholds compare against. */
export function promptTokens(r: Pick<UsageRecord, 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens'>): number {
  return r.inputTokens + r.cacheReadTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens;
}
