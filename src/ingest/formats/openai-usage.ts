import { bool, count, describeValue, errorCode, isObj, money, obj, type Obj, str } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { bucketReportScore, type BucketSpan, type PageShape } from './bucket-pages.js';
import { defineLineAdapter } from './line-adapter.js';

/**
 * OpenAI organization Usage API (`GET /v1/organization/usage/completions`) and Costs API
 * (`GET /v1/organization/costs`) pages, saved as one JSON page, a JSON array of pages, or JSON lines of
 * pages: `{object: "page", data: [{object: "bucket", start_time, end_time, results: [...]}], has_more, next_page}`.
 * A bare bucket (an item of a page's `data`) is read too.
 */

const COMPLETIONS_RESULT = 'organization.usage.completions.result';
const COSTS_RESULT = 'organization.costs.result';

const OPENAI_PAGE: PageShape = {
  startKey: 'start_time',
  endKey: 'end_time',
  notAPage: () => 'not an OpenAI usage or costs page (no "data" list of buckets) nor a bucket (no "results" list)',
};

/** The `object` of the first result in a sampled page or bucket; 'empty' when its buckets have no results. */
function resultKind(value: unknown): string | undefined {
  if (!isObj(value)) return undefined;
  const buckets = value['object'] === 'page' && Array.isArray(value['data']) ? value['data'] : value['object'] === 'bucket' ? [value] : undefined;
  if (!buckets) return undefined;
  let sawBucket = false;
  for (const b of buckets) {
    if (!isObj(b) || b['object'] !== 'bucket' || !Array.isArray(b['results'])) continue;
    sawBucket = true;
    for (const r of b['results']) if (isObj(r) && typeof r['object'] === 'string') return r['object'];
  }
  return sawBucket ? 'empty' : undefined;
}

/** Bucket start and end in epoch seconds, as the API writes them, for natural keys. */
function spanKey(span: BucketSpan): string {
  return `${span.start / 1000}:${span.end === undefined ? '' : span.end / 1000}`;
}

function checkObject(result: Obj, expected: string, path: string): string | undefined {
  const kind = result['object'];
  if (kind === undefined || kind === expected) return undefined;
  return `${path} is not ${expected} (${errorCode(kind) ?? describeValue(kind)})`;
}

function readCompletionsResult(o: Obj, span: BucketSpan, path: string): UsageRecord | string {
  const wrongKind = checkObject(o, COMPLETIONS_RESULT, path);
  if (wrongKind) return wrongKind;
  const model = str(o['model']);
  if (!model) return `${path}.model is null: fetch the usage grouped by model (group_by=model) so it can be priced`;
  const input = count(o['input_tokens'], `${path}.input_tokens`);
  const output = count(o['output_tokens'], `${path}.output_tokens`);
  if (input === undefined && output === undefined) return `${path} has no input_tokens or output_tokens`;
  // input_tokens includes the cached part and (newer API versions) the cache writes; input_uncached_tokens
  // excludes both. Audio and image tokens are counted inside input_tokens/output_tokens, never added on top.
  const cached = count(o['input_cached_tokens'], `${path}.input_cached_tokens`) ?? 0;
  const written = count(o['input_cache_write_tokens'], `${path}.input_cache_write_tokens`) ?? 0;
  const total = input ?? 0;
  if (cached + written > total) return `${path}: input_cached_tokens (${cached}) and input_cache_write_tokens (${written}) exceed input_tokens (${total})`;
  const plain = total - cached - written;
  const uncached = count(o['input_uncached_tokens'], `${path}.input_uncached_tokens`);
  if (uncached !== undefined && uncached !== plain) {
    return `${path}: input_uncached_tokens (${uncached}) disagrees with input_tokens − input_cached_tokens − input_cache_write_tokens (${plain})`;
  }
  return completionsRecord(span, o, {
    model,
    plain,
    cached,
    written,
    output: output ?? 0,
    batch: bool(o['batch']),
    requests: count(o['num_model_requests'], `${path}.num_model_requests`) ?? null,
  });
}

/** The figures of one completions usage group, read and checked by the JSON or the CSV reader. */
export interface CompletionsFigures {
  model: string;
  plain: number;
  cached: number;
  written: number;
  output: number;
  /** undefined when the usage was not grouped by batch. */
  batch: boolean | undefined;
  requests: number | null;
}

/**
 * The record of one completions usage group: a result of the Usage API, or a row of the dashboard's CSV
 * export of it, which has the same fields and gets the same key, so a bucket in both files counts once.
 */
export function completionsRecord(span: BucketSpan, o: Obj, f: CompletionsFigures): UsageRecord {
  const project = str(o['project_id']) ?? null;
  const user = str(o['user_id']) ?? null;
  const apiKey = str(o['api_key_id']) ?? null;
  const tier = str(o['service_tier']) ?? null;
  // Every group_by field is in the key: results of one bucket differ only there.
  const id = `openai-usage:${spanKey(span)}:${f.model}:${project ?? ''}:${user ?? ''}:${apiKey ?? ''}:${f.batch ?? ''}:${tier ?? ''}`;
  const r = emptyRecord(id, span.start, f.model);
  r.provider = 'openai';
  r.inputTokens = f.plain;
  r.cacheReadTokens = f.cached;
  r.cacheWrite5mTokens = f.written;
  r.outputTokens = f.output;
  r.requests = f.requests;
  r.batch = f.batch ?? false;
  r.serviceTier = tier;
  r.project = project;
  r.user = user;
  r.apiKey = apiKey;
  return r;
}

/** Label of a costs result that was not grouped by line item. */
const ALL_LINE_ITEMS = 'openai costs (all line items)';

/**
 * The model a cost line item is about: line items read "<model>, <kind>" ("gpt-4o-2024-08-06, input",
 * "gpt-4o-mini-2024-07-18, cached input"), so the model is the text before the first comma. Line items
 * without that form ("web search tool calls") are kept as they are.
 */
export function modelOfLineItem(lineItem: string): string {
  const comma = lineItem.indexOf(',');
  if (comma <= 0 || lineItem.slice(comma + 1).trim() === '') return lineItem;
  return lineItem.slice(0, comma).trim();
}

function readCostsResult(o: Obj, span: BucketSpan, path: string): UsageRecord | string {
  const wrongKind = checkObject(o, COSTS_RESULT, path);
  if (wrongKind) return wrongKind;
  const amount = obj(o['amount']);
  const value = money(amount?.['value'], `${path}.amount.value`);
  if (value === undefined) return `${path}.amount.value is missing`;
  // The API writes lowercase ISO-4217 codes; an amount in another currency is not a USD cost.
  const currency = str(amount?.['currency'])?.toLowerCase() ?? 'usd';
  const lineItem = str(o['line_item']) ?? null;
  const project = str(o['project_id']) ?? null;
  const apiKey = str(o['api_key_id']) ?? null;
  const id = `openai-costs:${spanKey(span)}:${lineItem ?? ''}:${project ?? ''}:${apiKey ?? ''}`;
  const r = emptyRecord(id, span.start, lineItem === null ? ALL_LINE_ITEMS : modelOfLineItem(lineItem));
  r.provider = 'openai';
  // A billing line has no tokens: it prices at $0 and feeds the reported-cost side only.
  r.requests = 0;
  r.reportedCostUsd = currency === 'usd' ? value : null;
  r.project = project;
  r.apiKey = apiKey;
  return r;
}

// A file of nothing but empty pages fits either API: it goes to the usage adapter, and reads as zero records.
export const openaiUsageAdapter = defineLineAdapter({
  name: 'openai-usage',
  revised: true,
  description: 'OpenAI organization Usage API completions pages (GET /v1/organization/usage/completions), as JSON or JSON lines',
  containers: ['jsonl', 'json'],
  detect: bucketReportScore(resultKind, COMPLETIONS_RESULT, true),
  buckets: OPENAI_PAGE,
  read: readCompletionsResult,
});

export const openaiCostsAdapter = defineLineAdapter({
  name: 'openai-costs',
  revised: true,
  description: 'OpenAI organization Costs API pages (GET /v1/organization/costs), as JSON or JSON lines: reported cost per day and line item',
  containers: ['jsonl', 'json'],
  detect: bucketReportScore(resultKind, COSTS_RESULT, false),
  buckets: OPENAI_PAGE,
  read: readCostsResult,
});
