import { promptOfRequest } from '../prompt.js';
import { responseText } from '../response.js';
import { failed, type LineOutcome } from '../adapter.js';
import { count, describeValue, FieldError, isObj, money, obj, type Obj, pick, str } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { defineLineAdapter } from './line-adapter.js';

/**
 * Helicone request logs: the records of `POST /v1/request/query-clickhouse` (or `/v1/request/query`), as
 * the `{data: [...], error}` answer saved whole, or one record a line as `npx @helicone/export` writes
 * them (JSONL, or a JSON array).
 *
 * Helicone stores its own split, not the provider's: `prompt_tokens` is the uncached prompt (Anthropic's
 * `input_tokens`; for OpenAI, `prompt_tokens` minus `cached_tokens`), with cache reads and writes in
 * `prompt_cache_read_tokens` / `prompt_cache_write_tokens`, and its cost sums the three at their own rates.
 * Since Helicone's usage processors, reasoning is kept in `reasoning_tokens` apart from `completion_tokens`.
 */

const ID_PREFIX = 'helicone';

/** The id Helicone gives `cache_reference_id` when the request was not served from its cache. */
const NOT_A_CACHE_HIT = '00000000-0000-0000-0000-000000000000';

function isHeliconeRequest(o: Obj): boolean {
  return typeof o['request_id'] === 'string' && 'request_created_at' in o && ('response_status' in o || 'prompt_tokens' in o);
}

/** The records of a saved query answer: `{data: [...], error: null}`. */
function pageItems(v: unknown): unknown[] | undefined {
  return isObj(v) && Array.isArray(v['data']) && !('request_id' in v) ? v['data'] : undefined;
}

/** Custom property names (Helicone-Property-<Name>) that name an attribution field rather than a tag. */
const PROJECT_PROPERTIES = new Set(['project', 'project_id', 'projectid', 'team']);
const FEATURE_PROPERTIES = new Set(['feature', 'feature_name', 'route', 'endpoint', 'app', 'appname', 'app_name']);
const USER_PROPERTIES = new Set(['user', 'user_id', 'userid']);

function applyProperties(r: UsageRecord, properties: Obj): void {
  for (const [key, raw] of Object.entries(properties)) {
    const value = str(raw);
    if (value === undefined) continue;
    const name = key
      .trim()
      .toLowerCase()
      .replace(/^helicone-property-/, '')
      .replace(/[\s-]+/g, '_');
    if (PROJECT_PROPERTIES.has(name) && r.project === null) r.project = value;
    else if (FEATURE_PROPERTIES.has(name) && r.feature === null) r.feature = value;
    else if (USER_PROPERTIES.has(name) && r.user === null) r.user = value;
    else r.tags.push(`${key}:${value}`);
  }
}

/** The status as a number; Helicone writes negative ones for requests that never got an answer. */
function statusOf(o: Obj): number | undefined {
  const s = str(o['response_status']);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new FieldError(`response_status is not a status code (${describeValue(o['response_status'])})`);
  return n;
}

function readRequest(o: Obj): LineOutcome {
  const status = statusOf(o);
  if (status !== undefined && (status < 200 || status > 299)) {
    // The status only: the error message is free text and can quote the prompt.
    return failed(`response_status ${status}`);
  }
  const model = str(pick(o, ['model', 'model_override', 'response_model', 'request_model']));
  if (!model) return 'no model (model, response_model or request_model)';
  const ts = parseTimestamp(o['request_created_at']);
  if (ts === null) return `request_created_at is not a date/time (${describeValue(o['request_created_at'] ?? null)})`;

  const r = emptyRecord(`${ID_PREFIX}:${String(o['request_id'])}`, ts, model);
  // Exports that include bodies carry the request as sent (request_body).
  r.prompt = promptOfRequest(o['request_body']) ?? null;
  // ... and the provider's response as received (response_body).
  r.response = responseText(o['response_body']) ?? null;
  const reference = str(o['cache_reference_id']);
  if (reference && reference !== NOT_A_CACHE_HIT) {
    // Served from Helicone's own cache: no provider call, nothing billed (Helicone logs no tokens for it).
    r.tags.push('helicone-cache-hit');
  } else {
    const prompt = count(o['prompt_tokens'], 'prompt_tokens');
    const completion = count(o['completion_tokens'], 'completion_tokens');
    if (prompt === undefined && completion === undefined) return 'no token counts (prompt_tokens and completion_tokens are null)';
    const reasoning = count(o['reasoning_tokens'], 'reasoning_tokens') ?? 0;
    r.inputTokens = prompt ?? 0;
    r.cacheReadTokens = count(o['prompt_cache_read_tokens'], 'prompt_cache_read_tokens') ?? 0;
    // Helicone's export has no lifetime for cache writes: 5 minutes is the providers' default.
    r.cacheWrite5mTokens = count(o['prompt_cache_write_tokens'], 'prompt_cache_write_tokens') ?? 0;
    r.outputTokens = (completion ?? 0) + reasoning;
    r.reasoningTokens = reasoning;
  }
  r.reportedCostUsd = money(pick(o, ['cost', 'costUSD', 'cost_usd']), 'cost') ?? null;
  r.provider = str(o['provider'])?.toLowerCase() ?? null;
  r.user = str(o['request_user_id']) ?? null;
  const properties = obj(o['request_properties']) ?? obj(o['properties']);
  if (properties) applyProperties(r, properties);
  return r;
}

export const heliconeAdapter = defineLineAdapter({
  name: 'helicone',
  description: 'Helicone request records (POST /v1/request/query-clickhouse answers or the @helicone/export JSON/JSONL)',
  containers: ['jsonl', 'json'],
  // Above the generic layout (5 a line) and the provider adapters (10 a line).
  detect: 20,
  recognize: isHeliconeRequest,
  unrecognized: 'not a Helicone request record (request_id, request_created_at, response_status)',
  pages: { items: pageItems, linesOfPages: true },
  read: readRequest,
});
