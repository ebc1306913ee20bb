import { promptOfRequest } from '../prompt.js';
import { responseText } from '../response.js';
import { providerId } from '../identity.js';
import { failed, type LineOutcome } from '../adapter.js';
import { bool, count, describeValue, errorCodes, FieldError, isObj, money, obj, type Obj, rekey, str, tags } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';

/**
 * One row of LiteLLM's `LiteLLM_SpendLogs` table (proxy spend tracking), as the `/spend/logs` API returns
 * it or as a database export writes it. Column names follow LiteLLM's schema.prisma; keys are compared
 * in lower case because some export tools fold `startTime` to `starttime`.
 */

/** The tag a row answered from LiteLLM's own response cache carries: no provider call was made. */
export const CACHE_HIT_TAG = 'litellm-cache-hit';

/** call_type values of rows that log a whole batch job's usage (LiteLLM records batch cost on retrieval). */
const BATCH_CALL_TYPES = new Set(['aretrieve_batch', 'retrieve_batch']);

const lowerKey = (k: string) => k.trim().toLowerCase();

/** A JSON column: an object/array as the API gives it, or the JSON text a CSV or DB export holds. */
function jsonColumn(v: unknown, field: string): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s === '' || s === 'null') return undefined;
  if (!s.startsWith('{') && !s.startsWith('[')) return v;
  try {
    return JSON.parse(s);
  } catch {
    throw new FieldError(`${field} is not valid JSON (${describeValue(s)})`);
  }
}

/** Postgres writes a whole-hour zone as "+00"; parseTimestamp wants "+00:00". */
function startTime(v: unknown): number | null {
  if (typeof v === 'string') return parseTimestamp(v.trim().replace(/([+-]\d{2})$/, '$1:00'));
  return parseTimestamp(v);
}

function failureReason(meta: Obj): string {
  const e = obj(meta['error_information']);
  // The code and class only: the error message is free text and can quote the prompt.
  const what = errorCodes([e?.['error_code'], e?.['error_class']], '');
  return `LiteLLM logged a failed request${what ? ` (${what})` : ''}`;
}

type TokenSplit = Pick<UsageRecord, 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'outputTokens' | 'reasoningTokens'>;

/**
 * Splits LiteLLM's OpenAI-style counts. `prompt_tokens` includes cache reads, and for Anthropic (direct,
 * Bedrock, Vertex) LiteLLM adds cache_read_input_tokens and cache_creation_input_tokens to Anthropic's
 * input_tokens. Some LiteLLM releases of 2025 added only the reads: a prompt_tokens smaller than reads +
 * writes can only come from those, and then the writes are not taken out of it.
 */
function splitTokens(promptTokens: number, completionTokens: number, usage: Obj): TokenSplit {
  // Responses API calls keep the Responses names (input_tokens_details, output_tokens_details) beside the counts.
  const details = obj(usage['prompt_tokens_details']) ?? obj(usage['input_tokens_details']) ?? {};
  const reads =
    count(usage['cache_read_input_tokens'], 'usage.cache_read_input_tokens') ||
    count(details['cached_tokens'], 'usage.prompt_tokens_details.cached_tokens') ||
    0;
  const detailWrites = count(details['cache_creation_tokens'], 'usage.prompt_tokens_details.cache_creation_tokens');
  const writes = count(usage['cache_creation_input_tokens'], 'usage.cache_creation_input_tokens') || detailWrites || 0;
  if (promptTokens < reads) throw new FieldError(`prompt_tokens (${promptTokens}) is smaller than its cache reads (${reads})`);
  // Releases that list cache_creation_tokens among the prompt's details always count the writes inside.
  const writesInside = detailWrites !== undefined || promptTokens >= reads + writes;
  if (writesInside && promptTokens < reads + writes) {
    throw new FieldError(`prompt_tokens (${promptTokens}) is smaller than its cache reads and writes (${reads} + ${writes})`);
  }
  const ttl = obj(details['cache_creation_token_details']) ?? obj(usage['cache_creation']);
  const w1h = Math.min(count(ttl?.['ephemeral_1h_input_tokens'], 'usage.cache_creation_token_details.ephemeral_1h_input_tokens') ?? 0, writes);
  const outputDetails = obj(usage['completion_tokens_details']) ?? obj(usage['output_tokens_details']);
  const reasoning = count(outputDetails?.['reasoning_tokens'], 'usage.completion_tokens_details.reasoning_tokens') ?? 0;
  return {
    inputTokens: promptTokens - reads - (writesInside ? writes : 0),
    cacheReadTokens: reads,
    // Without a TTL split every write is a 5-minute write (Anthropic's default).
    cacheWrite5mTokens: writes - w1h,
    cacheWrite1hTokens: w1h,
    // completion_tokens follows OpenAI's meaning: reasoning is inside it.
    outputTokens: completionTokens,
    reasoningTokens: Math.min(reasoning, completionTokens),
  };
}

/** The usage detail LiteLLM keeps in metadata: the whole usage object, or what remains beside the three counts. */
function usageDetail(meta: Obj): Obj {
  return { ...(obj(meta['additional_usage_values']) ?? {}), ...(obj(meta['usage_object']) ?? {}) };
}

function rowModel(o: Obj, meta: Obj): string | undefined {
  const model = str(o['model']) ?? str(o['model_group']);
  if (model) return model;
  // Batch retrievals name their models in metadata; one model is unambiguous.
  const batchModels = meta['batch_models'];
  return Array.isArray(batchModels) && batchModels.length === 1 ? str(batchModels[0]) : undefined;
}

/** Reads one spend-log row (object keyed by column name) into a record, a skip, or a failed request. */
export function readSpendLogRow(raw: Obj): LineOutcome {
  const o = rekey(raw, lowerKey);
  const metaValue = jsonColumn(o['metadata'], 'metadata');
  if (metaValue !== undefined && !isObj(metaValue)) throw new FieldError(`metadata is not a JSON object (${describeValue(metaValue)})`);
  const meta = metaValue ?? {};
  const status = (str(o['status']) ?? str(meta['status']))?.toLowerCase();
  if (status === 'failure') return failed(failureReason(meta));

  const requestId = str(o['request_id']);
  if (!requestId) return 'no request_id';
  const ts = startTime(o['starttime']);
  if (ts === null) {
    return o['starttime'] === undefined || o['starttime'] === '' ? 'no startTime' : `startTime is not a date/time (${describeValue(o['starttime'])})`;
  }
  const model = rowModel(o, meta);
  if (!model) return 'no model (model and model_group are empty)';

  // LiteLLM logs the provider's response id as request_id where there is one (chatcmpl-…): the same request
  // as in a response log; its own ids (UUIDs) stay in LiteLLM's namespace.
  const r = emptyRecord(providerId('litellm', requestId), ts, model);
  r.provider = str(o['custom_llm_provider'])?.toLowerCase() ?? null;
  // With store_prompts_in_spend_logs the proxy keeps the request: `messages`, or the whole proxy_server_request.
  r.prompt = promptOfRequest(o['messages']) ?? promptOfRequest(o['proxy_server_request']) ?? null;
  // ... and the model's response (`response`, an OpenAI-shaped object or its JSON; `{}` when not kept).
  r.response = responseText(o['response']) ?? null;
  r.reportedCostUsd = money(o['spend'], 'spend') ?? null;
  r.user = str(o['user']) ?? str(o['end_user']) ?? str(meta['user_api_key_user_id']) ?? null;
  r.project = str(meta['user_api_key_team_alias']) ?? str(o['team_id']) ?? str(meta['user_api_key_team_id']) ?? null;
  // The api_key column is a SHA-256 of the virtual key: not secret, but the key's alias is what people know.
  r.apiKey = str(meta['user_api_key_alias']) ?? str(o['api_key']) ?? null;
  r.tags = tags(jsonColumn(o['request_tags'], 'request_tags'));

  // A hit in LiteLLM's own response cache never reached the provider: it is a request that bills no tokens.
  if (bool(o['cache_hit']) === true) {
    r.tags.push(CACHE_HIT_TAG);
    return r;
  }
  const usage = usageDetail(meta);
  const prompt = count(o['prompt_tokens'], 'prompt_tokens') ?? count(usage['prompt_tokens'], 'usage.prompt_tokens') ?? 0;
  const completion = count(o['completion_tokens'], 'completion_tokens') ?? count(usage['completion_tokens'], 'usage.completion_tokens') ?? 0;
  Object.assign(r, splitTokens(prompt, completion, usage));
  if (BATCH_CALL_TYPES.has(str(o['call_type']) ?? '')) {
    // One row sums a whole batch job: batch rates apply and the number of requests inside is not logged.
    r.batch = true;
    r.requests = null;
  }
  return r;
}
