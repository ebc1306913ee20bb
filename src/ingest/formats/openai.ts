import { count, FieldError, isObj, obj, type Obj, str } from '../fields.js';
import { parseTimestamp } from '../../util/time.js';
import { defineLineAdapter, loggedResponses } from './line-adapter.js';
import { recordFrom, type Envelope } from '../envelope.js';
import type { UsageRecord } from '../../usage/record.js';

/** A Chat Completions object (or its final streamed chunk) or a Responses API object. */
export function isOpenAIObject(o: Obj): boolean {
  const kind = o['object'];
  if (kind === 'chat.completion' || kind === 'chat.completion.chunk' || kind === 'response') return true;
  // Some loggers drop `object`; the usage shape still tells Chat Completions apart from other providers.
  const u = obj(o['usage']);
  return !!u && typeof o['model'] === 'string' && ('prompt_tokens' in u || 'completion_tokens' in u) && !('cache_creation_input_tokens' in u);
}

type OpenAISplit = Pick<UsageRecord, 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'outputTokens' | 'reasoningTokens'>;

/**
 * Splits OpenAI's prompt count, which includes both the cached part (`cached_tokens`) and the part written to
 * the cache (`cache_write_tokens`), into plain input, cache reads and cache writes, so each is priced once at
 * its own rate. Writes carry no TTL: they are the provider's default (5-minute) writes. A details object that
 * claims more than the prompt is refused rather than clamped, since one of its counts must be wrong.
 */
function splitPrompt(
  prompt: number,
  promptField: string,
  details: Obj | undefined,
  path: string,
): Pick<UsageRecord, 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens'> {
  const cached = count(details?.['cached_tokens'], `${path}.cached_tokens`) ?? 0;
  const written = count(details?.['cache_write_tokens'], `${path}.cache_write_tokens`) ?? 0;
  if (written > 0 && cached + written > prompt) {
    throw new FieldError(`${path}.cache_write_tokens (${written}) is more than the uncached part of ${promptField} (${Math.max(0, prompt - cached)})`);
  }
  return { inputTokens: Math.max(0, prompt - cached - written), cacheReadTokens: Math.min(cached, prompt), cacheWrite5mTokens: written };
}

function readChat(u: Obj): OpenAISplit {
  // prompt_tokens includes cached_tokens and cache_write_tokens; completion_tokens includes reasoning_tokens (DESIGN.md).
  const prompt = count(u['prompt_tokens'], 'usage.prompt_tokens') ?? 0;
  const output = count(u['completion_tokens'], 'usage.completion_tokens') ?? 0;
  const reasoning = count(obj(u['completion_tokens_details'])?.['reasoning_tokens'], 'usage.completion_tokens_details.reasoning_tokens') ?? 0;
  return {
    ...splitPrompt(prompt, 'usage.prompt_tokens', obj(u['prompt_tokens_details']), 'usage.prompt_tokens_details'),
    outputTokens: output,
    reasoningTokens: Math.min(reasoning, output),
  };
}

function readResponses(u: Obj): OpenAISplit {
  // Responses API: input_tokens includes the cached and cache-written parts; output includes reasoning.
  const input = count(u['input_tokens'], 'usage.input_tokens') ?? 0;
  const output = count(u['output_tokens'], 'usage.output_tokens') ?? 0;
  const reasoning = count(obj(u['output_tokens_details'])?.['reasoning_tokens'], 'usage.output_tokens_details.reasoning_tokens') ?? 0;
  return {
    ...splitPrompt(input, 'usage.input_tokens', obj(u['input_tokens_details']), 'usage.input_tokens_details'),
    outputTokens: output,
    reasoningTokens: Math.min(reasoning, output),
  };
}

export function readOpenAIObject(o: Obj, env: Envelope): UsageRecord | string {
  const u = o['usage'];
  if (!isObj(u)) return o['object'] === 'chat.completion.chunk' ? 'stream chunk without usage (only the final chunk carries it)' : 'no usage in the response';
  const model = str(o['model']) ?? env.model;
  if (!model) return 'no model in the response or its envelope';
  const isResponses = o['object'] === 'response' || 'input_tokens' in u;
  const ts = parseTimestamp(o['created_at'] ?? o['created']) ?? undefined;
  const r = recordFrom(env, 'openai', 'openai', str(o['id']), ts, model);
  Object.assign(r, isResponses ? readResponses(u) : readChat(u));
  const tier = str(o['service_tier']);
  // "default"/"auto" bill at standard rates; flex and priority have their own.
  if (tier && r.serviceTier === null) r.serviceTier = tier;
  return r;
}

export const openaiAdapter = defineLineAdapter({
  name: 'openai',
  description: 'OpenAI Chat Completions / Responses API response objects, one per line (bare or in a logging envelope)',
  containers: ['jsonl', 'json'],
  detect: 10,
  recognize: isOpenAIObject,
  envelope: loggedResponses('OpenAI response object'),
  read: readOpenAIObject,
});
