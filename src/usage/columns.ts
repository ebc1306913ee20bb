/**
 * The one list of stored token counts: each kind's field on the record (and on every sum of records) and its
 * column in `records` and `rollups` (one name in both tables). The token vector's type, the store's insert,
 * the rollup upsert and rebuild, the grouped sums, the audit's scan, repricing, the export and the parse
 * worker's packing are all derived from it, in its order: a new token kind is one entry here, a migration
 * adding its columns, and the adapters that read it. Every kind is summed into the rollups.
 *
 * `part`: what the kind counts. 'prompt' kinds together are the whole prompt the provider saw (long-context
 * thresholds compare against it); 'output' is billed output; 'within-output' is a share of output, told apart
 * but never added to it again. `label`: the kind in a sentence (a conflict's detail).
 */
export const TOKEN_COLUMNS = [
  { field: 'inputTokens', column: 'input_tokens', part: 'prompt', label: 'input' },
  { field: 'cacheReadTokens', column: 'cache_read_tokens', part: 'prompt', label: 'cache read' },
  { field: 'cacheWrite5mTokens', column: 'cache_write_5m_tokens', part: 'prompt', label: 'cache write 5m' },
  { field: 'cacheWrite1hTokens', column: 'cache_write_1h_tokens', part: 'prompt', label: 'cache write 1h' },
  { field: 'outputTokens', column: 'output_tokens', part: 'output', label: 'output' },
  { field: 'reasoningTokens', column: 'reasoning_tokens', part: 'within-output', label: 'reasoning' },
] as const satisfies readonly { field: `${string}Tokens`; column: `${string}_tokens`; part: 'prompt' | 'output' | 'within-output'; label: string }[];
