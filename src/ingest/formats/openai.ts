import type { FormatAdapter } from '../adapter.js';
import { count, isObj, obj, type Obj, str } from '../fields.js';
import { parseTimestamp } from '../../util/time.js';
import { countRecognized, readProviderLine, recordFrom } from './shared.js';
import type { Envelope } from '../envelope.js';
import type { UsageRecord } from '../record.js';

/** A Chat Completions object (or its final streamed chunk) or a Responses API object. */
export function isOpenAIObject(o: Obj): boolean {
  const kind = o['object'];
  if (kind === 'chat.completion' || kind === 'chat.completion.chunk' || kind === 'response') return true;
  // Some loggers drop `object`; the usage shape still tells Chat Completions apart from other providers.
  const u = obj(o['usage']);
  return !!u && typeof o['model'] === 'string' && ('prompt_tokens' in u || 'completion_tokens' in u) && !('cache_creation_input_tokens' in u);
}

function readChat(u: Obj): Pick<UsageRecord, 'inputTokens' | 'cacheReadTokens' | 'outputTokens' | 'reasoningTokens'> {
  // prompt_tokens includes cached_tokens; completion_tokens includes reasoning_tokens (DESIGN.md).
  const prompt = count(u['prompt_tokens'], 'usage.prompt_tokens') ?? 0;
  const cached = count(obj(u['prompt_tokens_details'])?.['cached_tokens'], 'usage.prompt_tokens_details.cached_tokens') ?? 0;
  const output = count(u['completion_tokens'], 'usage.completion_tokens') ?? 0;
  const reasoning = count(obj(u['completion_tokens_details'])?.['reasoning_tokens'], 'usage.completion_tokens_details.reasoning_tokens') ?? 0;
  return { inputTokens: Math.max(0, prompt - cached), cacheReadTokens: Math.min(cached, prompt), outputTokens: output, reasoningTokens: Math.min(reasoning, output) };
}

function readResponses(u: Obj): Pick<UsageRecord, 'inputTokens' | 'cacheReadTokens' | 'outputTokens' | 'reasoningTokens'> {
  // Responses API: input_tokens includes input_tokens_details.cached_tokens; output includes reasoning.
  const input = count(u['input_tokens'], 'usage.input_tokens') ?? 0;
  const cached = count(obj(u['input_tokens_details'])?.['cached_tokens'], 'usage.input_tokens_details.cached_tokens') ?? 0;
  const output = count(u['output_tokens'], 'usage.output_tokens') ?? 0;
  const reasoning = count(obj(u['output_tokens_details'])?.['reasoning_tokens'], 'usage.output_tokens_details.reasoning_tokens') ?? 0;
  return { inputTokens: Math.max(0, input - cached), cacheReadTokens: Math.min(cached, input), outputTokens: output, reasoningTokens: Math.min(reasoning, output) };
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

export const openaiAdapter: FormatAdapter = {
  name: 'openai',
  description: 'OpenAI Chat Completions / Responses API response objects, one per line (bare or in a logging envelope)',
  containers: ['jsonl', 'json'],
  detect: (sample) => countRecognized(sample, isOpenAIObject) * 10,
  open(sink) {
    return {
      push: (value, line) => readProviderLine(value, line, sink, isOpenAIObject, 'OpenAI response object', readOpenAIObject),
      finish() {},
    };
  },
};
