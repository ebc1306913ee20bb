import { addTokensAt, TOKEN_KINDS, type TokenCounts } from './tokens.js';

/**
 * One stored record as the analysis pass reads it: a positional row (millions of them are read, so no
 * object per row). Token counts are the record's sums, in the token column list's order (columns.ts, from
 * `S.inputTokens`); `requests` is null when the source gives none.
 */
export type ScanRow = [
  ts: number,
  model: string,
  provider: string | null,
  modelId: string | null,
  feature: string | null,
  project: string | null,
  user: string | null,
  apiKey: string | null,
  tags: string | null,
  requests: number | null,
  inputTokens: number,
  cacheReadTokens: number,
  cacheWrite5mTokens: number,
  cacheWrite1hTokens: number,
  outputTokens: number,
  reasoningTokens: number,
  cost: number | null,
  batch: number,
  serviceTier: string | null,
  /** The record's row id: its text id is looked up only for the few rows a report names. */
  rid: number,
  /** 1 when the cost was priced at the nearest published rates (the catalog lacks the exact ones). */
  approximate: number,
  /** Anthropic's usage.speed, read only when asked for (null otherwise). */
  speed: string | null,
  /**
   * 1 when the record is a pre-aggregated bucket (a usage export's row: from a bucket format, or of other
   * than exactly one request), which carries no time of day and no spacing between its requests; else 0.
   */
  bucket: number,
];

export const S = {
  ts: 0,
  model: 1,
  provider: 2,
  modelId: 3,
  feature: 4,
  project: 5,
  user: 6,
  apiKey: 7,
  tags: 8,
  requests: 9,
  inputTokens: 10,
  cacheReadTokens: 11,
  cacheWrite5mTokens: 12,
  cacheWrite1hTokens: 13,
  outputTokens: 14,
  reasoningTokens: 15,
  cost: 16,
  batch: 17,
  serviceTier: 18,
  rid: 19,
  approximate: 20,
  speed: 21,
  bucket: 22,
} as const;

/** Where a row's token counts start: its kinds follow in the column list's order. */
export const TOKENS_AT = S.inputTokens;
// The tuple and S name their slots by hand (for typed reads); the select is derived from the column list.
if (S.cost !== TOKENS_AT + TOKEN_KINDS.length) throw new Error('ScanRow: a token kind was added to the column list but not to the row');

/** Adds a row's token counts to a vector. */
export function addRowTokens(into: TokenCounts, r: ScanRow): void {
  addTokensAt(into, r, TOKENS_AT);
}

/** The whole prompt of a row (tokens.ts `promptTokens`, read from the row's slots without an object per row). */
export function rowPrompt(r: ScanRow): number {
  return r[S.inputTokens] + r[S.cacheReadTokens] + r[S.cacheWrite5mTokens] + r[S.cacheWrite1hTokens];
}

export function rowTags(r: ScanRow): string[] {
  const t = r[S.tags];
  return t ? (JSON.parse(t) as string[]) : [];
}
