import { providerId } from '../identity.js';
import { failed, type LineOutcome } from '../adapter.js';
import { recordFrom, type Envelope } from '../envelope.js';
import { bool, count, describeValue, errorCodes, FieldError, isObj, money, normalizeKey, obj, type Obj, rekey, str } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { defineLineAdapter } from './line-adapter.js';
import { isOpenAIObject, readOpenAIObject } from './openai.js';

/**
 * OpenRouter: generation records (`GET /api/v1/generation?id=…`, saved one per line, bare or as the
 * `{"data": {…}}` answer), chat completion responses carrying OpenRouter's usage accounting, and the
 * per-generation CSV export of openrouter.ai/activity. Both name a request by its generation id, so one
 * request found in both an API dump and a CSV export is stored once (`openrouter:<generation id>`).
 */

const ID_PREFIX = 'openrouter';

/** A generation record: the native (provider-tokenizer) counts only OpenRouter's generation endpoint reports. */
function isGeneration(o: Obj): boolean {
  return typeof o['model'] === 'string' && ('native_tokens_prompt' in o || 'native_tokens_completion' in o);
}

/** A chat completion answered by OpenRouter: a `gen-` id and usage with its `cost` in credits (USD). */
function isOpenRouterCompletion(o: Obj): boolean {
  const u = obj(o['usage']);
  return !!u && 'cost' in u && typeof o['id'] === 'string' && o['id'].startsWith('gen-') && isOpenAIObject(o);
}

function generationOf(o: Obj): Obj | undefined {
  if (isGeneration(o)) return o;
  const data = obj(o['data']);
  return data && isGeneration(data) ? data : undefined;
}

const isOpenRouterObject = (o: Obj) => generationOf(o) !== undefined || isOpenRouterCompletion(o);

/** The flags a request carries that matter when reading its cost: kept as tags. */
function flagTags(flags: { cancelled: boolean; byok: boolean; error: boolean }): string[] {
  return (['cancelled', 'byok', 'error'] as const).filter((f) => flags[f]);
}

/** The record, or, for a request that ended with an error and used nothing, a failure: it is counted, not stored. */
function recordOrFailure(r: UsageRecord): LineOutcome {
  const tokens = r.inputTokens + r.cacheReadTokens + r.outputTokens;
  return r.tags.includes('error') && tokens === 0 && !r.reportedCostUsd ? failed('generation ended with an error and used no tokens') : r;
}

/** OpenRouter's four token counts, named `<prefix>prompt`, `<prefix>cached`, `<prefix>completion`, `<prefix>reasoning`. */
interface SourceCounts {
  prefix: string;
  prompt: number;
  cached: number;
  completion: number;
  reasoning: number;
}

/**
 * The counts under `prefix` (`native_tokens_` in the API's generation record, `tokens_` in the activity
 * export), or undefined when neither the prompt nor the completion count is given.
 */
function countsOf(o: Obj, prefix: string): SourceCounts | undefined {
  const field = (name: string) => count(o[`${prefix}${name}`], `${prefix}${name}`);
  const prompt = field('prompt');
  const completion = field('completion');
  if (prompt === undefined && completion === undefined) return undefined;
  return { prefix, prompt: prompt ?? 0, cached: field('cached') ?? 0, completion: completion ?? 0, reasoning: field('reasoning') ?? 0 };
}

/**
 * Splits OpenRouter's counts, which follow OpenAI's meaning: the prompt count includes the cached part
 * and the completion count includes reasoning.
 */
function splitCounts(r: UsageRecord, c: SourceCounts): void {
  if (c.cached > c.prompt) throw new FieldError(`${c.prefix}cached (${c.cached}) is more than ${c.prefix}prompt (${c.prompt}), which includes it`);
  r.inputTokens = c.prompt - c.cached;
  r.cacheReadTokens = c.cached;
  r.outputTokens = c.completion;
  r.reasoningTokens = Math.min(c.reasoning, c.completion);
}

function readGeneration(g: Obj, env: Envelope): UsageRecord | string {
  const model = str(g['model']);
  if (!model) return 'no model in the generation record';
  const ts = parseTimestamp(g['created_at']);
  if (ts === null)
    return g['created_at'] === undefined ? 'no created_at in the generation record' : `created_at is not a date/time (${describeValue(g['created_at'])})`;
  // Billing uses the provider's own tokenizer (native_tokens_*); tokens_prompt/tokens_completion are
  // normalized GPT-tokenizer counts, so they are never used to price.
  const counts = countsOf(g, 'native_tokens_');
  if (!counts) return 'no native token counts (native_tokens_prompt, native_tokens_completion are null)';
  const r = recordFrom(env, 'openrouter', ID_PREFIX, str(g['id']), ts, model);
  splitCounts(r, counts);
  r.reportedCostUsd = money(g['total_cost'], 'total_cost') ?? null;
  const tier = str(g['service_tier']);
  if (tier && r.serviceTier === null) r.serviceTier = tier;
  r.user ??= str(g['external_user']) ?? null;
  r.tags = [
    ...r.tags,
    ...flagTags({ cancelled: bool(g['cancelled']) === true, byok: bool(g['is_byok']) === true, error: str(g['finish_reason']) === 'error' }),
  ];
  return r;
}

function readCompletion(o: Obj, env: Envelope): UsageRecord | string {
  const r = readOpenAIObject(o, env);
  if (typeof r === 'string') return r;
  const u = obj(o['usage']) ?? {};
  r.id = providerId(ID_PREFIX, String(o['id']));
  r.provider = env.provider ?? 'openrouter';
  // prompt_tokens_details.cache_write_tokens (OpenRouter reports writes apart, without their TTL) is split out
  // of the prompt by the OpenAI reader, as for OpenAI's own responses.
  r.reportedCostUsd = money(u['cost'], 'usage.cost') ?? null;
  r.tags = [...r.tags, ...flagTags({ cancelled: false, byok: bool(u['is_byok']) === true, error: false })];
  return r;
}

/** A lookup that failed (`{"error": {"code": 404, "message": "Generation not found"}}`), as "code message". */
function lookupError(value: Obj): string | undefined {
  const e = value['error'];
  if (e === undefined || e === null) return undefined;
  // The code only: the error message is free text.
  return isObj(e) ? errorCodes([e['code']]) : errorCodes([e]);
}

function readJsonLine(inner: Obj, env: Envelope): LineOutcome {
  const generation = generationOf(inner);
  const result = generation ? readGeneration(generation, env) : readCompletion(inner, env);
  // A record without a time is skipped as such before anything else is said of it.
  return typeof result === 'string' || !result.ts ? result : recordOrFailure(result);
}

export const openrouterGenerationAdapter = defineLineAdapter({
  name: 'openrouter',
  description: 'OpenRouter generation records (GET /api/v1/generation, bare or {"data": …}) or chat completions with usage accounting, one per line',
  containers: ['jsonl', 'json'],
  // Scored above the OpenAI adapter (10 a line), which also reads OpenRouter's completions as plain OpenAI ones.
  detect: 20,
  recognize: isOpenRouterObject,
  envelope: {
    missing(line) {
      const error = lookupError(line);
      return error
        ? `API error response instead of a generation record (${error})`
        : 'no OpenRouter generation record (bare or under "data") or OpenRouter chat completion found';
    },
    noTimestamp: 'no timestamp: the completion has no `created` and its envelope gives none',
  },
  read: readJsonLine,
});

/** Columns that make a CSV the activity export; the rest are read when present. */
const CSV_REQUIRED = ['generation_id', 'created_at', 'cost_total', 'tokens_prompt', 'tokens_completion', 'model_permaslug'];

function readActivityRow(raw: Obj): UsageRecord | string {
  const row = rekey(raw, normalizeKey);
  const slug = str(row['model_permaslug']);
  if (!slug) return 'no model_permaslug';
  // A variant other than the standard one ("free", "nitro"...) is named the way OpenRouter names it in
  // requests ("…:free"), so a free call is not priced at the paid model's rates.
  const variant = str(row['variant'])?.toLowerCase();
  const model = variant && variant !== 'standard' ? `${slug}:${variant}` : slug;
  const ts = parseTimestamp(row['created_at']);
  if (ts === null)
    return row['created_at'] === undefined || row['created_at'] === ''
      ? 'no created_at'
      : `created_at is not a date/time (${describeValue(row['created_at'])})`;
  const counts = countsOf(row, 'tokens_');
  if (!counts) return 'no token counts (tokens_prompt, tokens_completion are empty)';
  const id = str(row['generation_id']);
  const r = emptyRecord(id ? providerId(ID_PREFIX, id) : '', ts, model);
  r.provider = 'openrouter';
  splitCounts(r, counts);
  r.reportedCostUsd = money(row['cost_total'], 'cost_total') ?? null;
  r.user = str(row['user']) ?? null;
  r.apiKey = str(row['api_key_name']) ?? null;
  r.feature = str(row['app_name']) ?? null;
  // The export has no BYOK flag; a BYOK request is the one whose provider inference cost is stated apart.
  const byok = (money(row['byok_usage_inference'], 'byok_usage_inference') ?? 0) > 0;
  r.tags = flagTags({ cancelled: bool(row['cancelled']) === true, byok, error: str(row['finish_reason_normalized']) === 'error' });
  return r;
}

export const openrouterActivityCsvAdapter = defineLineAdapter({
  name: 'openrouter-csv',
  description:
    'OpenRouter activity export (openrouter.ai/activity, one row per generation: generation_id, created_at, cost_total, tokens_*, model_permaslug, ...)',
  containers: ['csv'],
  detect: {
    header(columns) {
      const header = new Set(columns.map(normalizeKey));
      return CSV_REQUIRED.every((c) => header.has(c)) ? 300 : 0;
    },
  },
  read(row) {
    const r = readActivityRow(row);
    return typeof r === 'string' ? r : recordOrFailure(r);
  },
});
