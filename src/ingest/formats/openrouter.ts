import { providerId } from '../identity.js';
import type { DetectSample, FormatAdapter, RecordSink } from '../adapter.js';
import { readEnvelope, unwrap, type Envelope } from '../envelope.js';
import { bool, count, describeValue, errorCodes, FieldError, isObj, money, obj, type Obj, str } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../record.js';
import { parseTimestamp } from '../../util/time.js';
import { normalizeKey } from './generic.js';
import { isOpenAIObject, readOpenAIObject } from './openai.js';
import { recordFrom } from './shared.js';

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

/** A request that ended with an error and used nothing: counted as failed, not stored as a record. */
function failedWithoutUsage(r: UsageRecord): boolean {
  const tokens = r.inputTokens + r.cacheReadTokens + r.outputTokens;
  return r.tags.includes('error') && tokens === 0 && !r.reportedCostUsd;
}

const FAILED = 'generation ended with an error and used no tokens';

/**
 * Splits OpenRouter's counts, which follow OpenAI's meaning: the prompt count includes the cached part
 * and the completion count includes reasoning.
 */
function splitCounts(r: UsageRecord, c: { prompt: number; cached: number; completion: number; reasoning: number }, names: { prompt: string; cached: string }): void {
  if (c.cached > c.prompt) throw new FieldError(`${names.cached} (${c.cached}) is more than ${names.prompt} (${c.prompt}), which includes it`);
  r.inputTokens = c.prompt - c.cached;
  r.cacheReadTokens = c.cached;
  r.outputTokens = c.completion;
  r.reasoningTokens = Math.min(c.reasoning, c.completion);
}

function readGeneration(g: Obj, env: Envelope): UsageRecord | string {
  const model = str(g['model']);
  if (!model) return 'no model in the generation record';
  const ts = parseTimestamp(g['created_at']);
  if (ts === null) return g['created_at'] === undefined ? 'no created_at in the generation record' : `created_at is not a date/time (${describeValue(g['created_at'])})`;
  // Billing uses the provider's own tokenizer (native_tokens_*); tokens_prompt/tokens_completion are
  // normalized GPT-tokenizer counts, so they are never used to price.
  const prompt = count(g['native_tokens_prompt'], 'native_tokens_prompt');
  const completion = count(g['native_tokens_completion'], 'native_tokens_completion');
  if (prompt === undefined && completion === undefined) return 'no native token counts (native_tokens_prompt, native_tokens_completion are null)';
  const r = recordFrom(env, 'openrouter', ID_PREFIX, str(g['id']), ts, model);
  const names = { prompt: 'native_tokens_prompt', cached: 'native_tokens_cached' };
  splitCounts(r, { prompt: prompt ?? 0, cached: count(g['native_tokens_cached'], names.cached) ?? 0, completion: completion ?? 0, reasoning: count(g['native_tokens_reasoning'], 'native_tokens_reasoning') ?? 0 }, names);
  r.reportedCostUsd = money(g['total_cost'], 'total_cost') ?? null;
  const tier = str(g['service_tier']);
  if (tier && r.serviceTier === null) r.serviceTier = tier;
  r.user ??= str(g['external_user']) ?? null;
  r.tags = [...r.tags, ...flagTags({ cancelled: bool(g['cancelled']) === true, byok: bool(g['is_byok']) === true, error: str(g['finish_reason']) === 'error' })];
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

function detectJson(sample: DetectSample): number {
  if (sample.container === 'csv') return 0;
  const hits = sample.values.filter((v) => isObj(v) && unwrap(v, isOpenRouterObject)).length;
  // Scored above the OpenAI adapter (10 a line), which also reads OpenRouter's completions as plain OpenAI ones.
  return hits > 0 && hits * 2 >= sample.values.length ? hits * 20 : 0;
}

/** A lookup that failed (`{"error": {"code": 404, "message": "Generation not found"}}`), as "code message". */
function lookupError(value: Obj): string | undefined {
  const e = value['error'];
  if (e === undefined || e === null) return undefined;
  // The code only: the error message is free text.
  return isObj(e) ? errorCodes([e['code']]) : errorCodes([e]);
}

function readJsonLine(value: unknown, line: number, sink: RecordSink): void {
  if (!isObj(value)) {
    sink.skip(line, 'not a JSON object');
    return;
  }
  const found = unwrap(value, isOpenRouterObject);
  if (!found) {
    const error = lookupError(value);
    sink.skip(line, error ? `API error response instead of a generation record (${error})` : 'no OpenRouter generation record (bare or under "data") or OpenRouter chat completion found');
    return;
  }
  try {
    const env = readEnvelope(found.envelope);
    const generation = generationOf(found.inner);
    const result = generation ? readGeneration(generation, env) : readCompletion(found.inner, env);
    if (typeof result === 'string') sink.skip(line, result);
    else if (!result.ts) sink.skip(line, 'no timestamp: the completion has no `created` and its envelope gives none');
    else if (failedWithoutUsage(result)) sink.fail(line, FAILED);
    else sink.record(result, line);
  } catch (err) {
    if (err instanceof FieldError) sink.skip(line, err.message);
    else throw err;
  }
}

export const openrouterGenerationAdapter: FormatAdapter = {
  name: 'openrouter',
  description: 'OpenRouter generation records (GET /api/v1/generation, bare or {"data": …}) or chat completions with usage accounting, one per line',
  containers: ['jsonl', 'json'],
  detect: detectJson,
  open(sink) {
    return { push: (value, line) => readJsonLine(value, line, sink), finish() {} };
  },
};

/** Columns that make a CSV the activity export; the rest are read when present. */
const CSV_REQUIRED = ['generation_id', 'created_at', 'cost_total', 'tokens_prompt', 'tokens_completion', 'model_permaslug'];

function readActivityRow(raw: Obj): UsageRecord | string {
  const row: Obj = {};
  for (const [k, v] of Object.entries(raw)) row[normalizeKey(k)] = v;
  const slug = str(row['model_permaslug']);
  if (!slug) return 'no model_permaslug';
  // A variant other than the standard one ("free", "nitro"...) is named the way OpenRouter names it in
  // requests ("…:free"), so a free call is not priced at the paid model's rates.
  const variant = str(row['variant'])?.toLowerCase();
  const model = variant && variant !== 'standard' ? `${slug}:${variant}` : slug;
  const ts = parseTimestamp(row['created_at']);
  if (ts === null) return row['created_at'] === undefined || row['created_at'] === '' ? 'no created_at' : `created_at is not a date/time (${describeValue(row['created_at'])})`;
  const prompt = count(row['tokens_prompt'], 'tokens_prompt');
  const completion = count(row['tokens_completion'], 'tokens_completion');
  if (prompt === undefined && completion === undefined) return 'no token counts (tokens_prompt, tokens_completion are empty)';
  const id = str(row['generation_id']);
  const r = emptyRecord(id ? providerId(ID_PREFIX, id) : '', ts, model);
  r.provider = 'openrouter';
  const names = { prompt: 'tokens_prompt', cached: 'tokens_cached' };
  splitCounts(r, { prompt: prompt ?? 0, cached: count(row['tokens_cached'], names.cached) ?? 0, completion: completion ?? 0, reasoning: count(row['tokens_reasoning'], 'tokens_reasoning') ?? 0 }, names);
  r.reportedCostUsd = money(row['cost_total'], 'cost_total') ?? null;
  r.user = str(row['user']) ?? null;
  r.apiKey = str(row['api_key_name']) ?? null;
  r.feature = str(row['app_name']) ?? null;
  // The export has no BYOK flag; a BYOK request is the one whose provider inference cost is stated apart.
  const byok = (money(row['byok_usage_inference'], 'byok_usage_inference') ?? 0) > 0;
  r.tags = flagTags({ cancelled: bool(row['cancelled']) === true, byok, error: str(row['finish_reason_normalized']) === 'error' });
  return r;
}

export const openrouterActivityCsvAdapter: FormatAdapter = {
  name: 'openrouter-csv',
  description: 'OpenRouter activity export (openrouter.ai/activity, one row per generation: generation_id, created_at, cost_total, tokens_*, model_permaslug, ...)',
  containers: ['csv'],
  detect(sample) {
    if (sample.container !== 'csv') return 0;
    const header = new Set(sample.header.map(normalizeKey));
    return CSV_REQUIRED.every((c) => header.has(c)) ? 300 : 0;
  },
  open(sink) {
    return {
      push(value, line) {
        if (!isObj(value)) {
          sink.skip(line, 'not a CSV row');
          return;
        }
        try {
          const r = readActivityRow(value);
          if (typeof r === 'string') sink.skip(line, r);
          else if (failedWithoutUsage(r)) sink.fail(line, FAILED);
          else sink.record(r, line);
        } catch (err) {
          if (err instanceof FieldError) sink.skip(line, err.message);
          else throw err;
        }
      },
      finish() {},
    };
  },
};
