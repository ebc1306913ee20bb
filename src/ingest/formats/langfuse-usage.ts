import { count, FieldError, type Obj } from '../fields.js';
import type { UsageRecord } from '../../usage/record.js';

export type TokenSplit = Pick<
  UsageRecord,
  'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'outputTokens' | 'reasoningTokens'
>;

type Part = 'input' | 'wholePrompt' | 'cacheRead' | 'cacheWrite' | 'cacheWrite5m' | 'cacheWrite1h' | 'output' | 'reasoning';

/**
 * Provider spellings of a prompt count that INCLUDES the cached part (OpenAI's `prompt_tokens`, Gemini's
 * `promptTokenCount`), compared with underscores removed. Langfuse's own `input` never does: its
 * integrations subtract every `input_*` detail from it.
 */
const WHOLE_PROMPT_KEYS = new Set(['prompttokens', 'prompttokencount']);

/**
 * What one usageDetails key counts. Langfuse treats usage types as additive parts of the total (the UI
 * sums every non-total type, and each type is priced on its own), so each key is one part: plain input,
 * a cache read, a cache write, output, or reasoning output. Keys that name none of these (request
 * counts such as `web_search_requests`) are not tokens.
 */
function partOf(key: string): Part | undefined {
  const k = key.toLowerCase();
  // `total` repeats the other parts; LangChain's priority-tier keys repeat tokens counted under another key.
  if (k.includes('total') || k.includes('priority')) return undefined;
  if (/cache_?(creation|write|create)/.test(k)) return /1h/.test(k) ? 'cacheWrite1h' : /5m/.test(k) ? 'cacheWrite5m' : 'cacheWrite';
  if (/cache_?read|cached/.test(k)) return 'cacheRead';
  if (/reasoning|thought/.test(k)) return 'reasoning';
  if (/^(output|completion|candidates)/.test(k)) return 'output';
  if (WHOLE_PROMPT_KEYS.has(k.replace(/_/g, ''))) return 'wholePrompt';
  if (/^(input|prompt)/.test(k)) return 'input';
  return undefined;
}

/**
 * Splits a Langfuse `usageDetails` map into llmcost's token fields, or says why it cannot.
 *
 * Langfuse's `input` is the REMAINING input: its OpenAI integration (server side, for the OpenAI usage
 * schema) and its LangChain handler move each `prompt_tokens_details` / `input_token_details` entry to
 * its own `input_<name>` key and subtract it from `input` (so `input_cached_tokens` is not inside
 * `input`), and likewise move reasoning to `output_reasoning_tokens` out of `output`. Billed output is
 * therefore `output` plus every `output_*` key, reasoning included.
 */
export function splitUsageDetails(details: Obj): TokenSplit | string {
  const sums: Record<Part, number> = { input: 0, wholePrompt: 0, cacheRead: 0, cacheWrite: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 };
  let tokenKeys = 0;
  for (const [key, value] of Object.entries(details)) {
    const n = count(value, `usageDetails.${key}`);
    const part = partOf(key);
    if (n === undefined || part === undefined) continue;
    sums[part] += n;
    tokenKeys++;
  }
  if (tokenKeys === 0) return 'usageDetails has no input or output token counts (only a total, or no token keys)';
  if (sums.cacheRead > sums.wholePrompt && sums.wholePrompt > 0) {
    throw new FieldError(`usageDetails cache reads (${sums.cacheRead}) are more than the prompt count that includes them (${sums.wholePrompt})`);
  }
  const wholePromptRest = sums.wholePrompt > 0 ? sums.wholePrompt - sums.cacheRead : 0;
  // An aggregate cache-write key beside the 5m/1h split (Langfuse's LangChain handler adds both) repeats
  // the split; only what it holds beyond the split is a write of the default (5 minute) lifetime.
  const split = sums.cacheWrite5m + sums.cacheWrite1h;
  return {
    inputTokens: sums.input + wholePromptRest,
    cacheReadTokens: sums.cacheRead,
    cacheWrite5mTokens: split > 0 ? sums.cacheWrite5m + Math.max(0, sums.cacheWrite - split) : sums.cacheWrite,
    cacheWrite1hTokens: sums.cacheWrite1h,
    outputTokens: sums.output + sums.reasoning,
    reasoningTokens: sums.reasoning,
  };
}
