import { recordFrom, type Envelope } from '../envelope.js';
import { count, isObj, obj, type Obj, str } from '../fields.js';
import type { UsageRecord } from '../../usage/record.js';
import { defineLineAdapter, loggedResponses } from './line-adapter.js';

/** An Anthropic Messages API response object. */
export function isAnthropicMessage(o: Obj): boolean {
  if (o['type'] === 'message') return true;
  const u = obj(o['usage']);
  return !!u && ('cache_creation_input_tokens' in u || 'cache_read_input_tokens' in u) && 'input_tokens' in u;
}

export function readAnthropicMessage(o: Obj, env: Envelope): UsageRecord | string {
  const u = o['usage'];
  if (!isObj(u)) return 'no usage in the message';
  const model = str(o['model']) ?? env.model;
  if (!model) return 'no model in the message or its envelope';
  const r = recordFrom(env, 'anthropic', 'anthropic', str(o['id']), undefined, model);
  // Anthropic input_tokens excludes cache reads and writes (README "How each source is read").
  r.inputTokens = count(u['input_tokens'], 'usage.input_tokens') ?? 0;
  r.cacheReadTokens = count(u['cache_read_input_tokens'], 'usage.cache_read_input_tokens') ?? 0;
  r.outputTokens = count(u['output_tokens'], 'usage.output_tokens') ?? 0;
  const written = count(u['cache_creation_input_tokens'], 'usage.cache_creation_input_tokens') ?? 0;
  const split = obj(u['cache_creation']);
  if (split) {
    const w5m = count(split['ephemeral_5m_input_tokens'], 'usage.cache_creation.ephemeral_5m_input_tokens') ?? 0;
    const w1h = count(split['ephemeral_1h_input_tokens'], 'usage.cache_creation.ephemeral_1h_input_tokens') ?? 0;
    r.cacheWrite5mTokens = w5m;
    r.cacheWrite1hTokens = w1h;
    // Older logs can carry a total larger than the split: the remainder was written with the default TTL.
    if (written > w5m + w1h) r.cacheWrite5mTokens += written - w5m - w1h;
  } else {
    r.cacheWrite5mTokens = written;
  }
  // Fast mode is reported beside the service tier, not as one: both can apply to one request.
  r.speed = str(u['speed']) ?? null;
  const tier = str(u['service_tier']);
  if (tier === 'batch') r.batch = true;
  else if (tier && r.serviceTier === null) r.serviceTier = tier;
  return r;
}

export const anthropicAdapter = defineLineAdapter({
  name: 'anthropic',
  description: 'Anthropic Messages API response objects, one per line (bare or in a logging envelope with a timestamp)',
  containers: ['jsonl', 'json'],
  detect: 10,
  recognize: isAnthropicMessage,
  envelope: loggedResponses('Anthropic message'),
  read: readAnthropicMessage,
});
