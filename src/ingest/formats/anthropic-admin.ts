import { count, describeValue, errorCodes, FieldError, isObj, money, obj, type Obj, str } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { bucketReportScore, type BucketSpan, type PageShape } from './bucket-pages.js';
import { defineLineAdapter } from './line-adapter.js';

/**
 * Anthropic Admin API reports: the Messages usage report (`GET /v1/organizations/usage_report/messages`)
 * and the cost report (`GET /v1/organizations/cost_report`), saved as one JSON page, a JSON array of
 * pages, or JSON lines of pages: `{data: [{starting_at, ending_at, results: [...]}], has_more, next_page}`.
 * A bare bucket (an item of a page's `data`) is read too. Neither report has `object` tags, so results
 * are told apart by their own fields: `uncached_input_tokens` (usage) or `amount` + `currency` (cost).
 */

/** Why a line that is not a page was not read: a saved API error says what went wrong when fetching. */
function notAPage(value: Obj): string {
  const error = obj(value['error']);
  if (value['type'] === 'error' && error) {
    return `an API error response, not a report page (${errorCodes([error['type']])})`;
  }
  return 'not an Anthropic usage or cost report page (no "data" list of buckets) nor a bucket (no "results" list)';
}

const ANTHROPIC_PAGE: PageShape = { startKey: 'starting_at', endKey: 'ending_at', notAPage };

type ReportKind = 'usage' | 'cost';

function kindOfResult(r: Obj): ReportKind | undefined {
  if ('uncached_input_tokens' in r) return 'usage';
  const amount = r['amount'];
  if ((typeof amount === 'string' || typeof amount === 'number') && typeof r['currency'] === 'string') return 'cost';
  return undefined;
}

/**
 * Which report a sampled page (or bucket) is, judged from its first result; 'empty' when its buckets
 * have no results at all. Buckets must carry `starting_at`, which OpenAI's (`start_time`) do not.
 */
function reportKind(value: unknown): ReportKind | 'empty' | undefined {
  if (!isObj(value)) return undefined;
  const buckets = Array.isArray(value['data']) ? value['data'] : Array.isArray(value['results']) ? [value] : undefined;
  if (!buckets) return undefined;
  let sawBucket = false;
  for (const b of buckets) {
    if (!isObj(b) || typeof b['starting_at'] !== 'string' || !Array.isArray(b['results'])) continue;
    sawBucket = true;
    const first = b['results'].find(isObj);
    if (first) return kindOfResult(first);
  }
  return sawBucket ? 'empty' : undefined;
}

/** Bucket start and end as ISO instants, so the same bucket written with other precision keys alike. */
function spanKey(span: BucketSpan): string {
  return `${new Date(span.start).toISOString()}:${span.end === undefined ? '' : new Date(span.end).toISOString()}`;
}

/** The grouping fields of a result, in a fixed order, for natural keys ('' where not grouped). */
function groupKey(o: Obj, fields: readonly string[]): string {
  return fields.map((f) => str(o[f]) ?? '').join(':');
}

/**
 * `context_window` as a long-context flag: "0-200k" false, "200k-1M" true, undefined when the report was
 * not grouped by it. Another value is refused rather than priced at a guessed tier.
 */
function longContextOf(o: Obj, path: string): boolean | undefined {
  const window = str(o['context_window']);
  if (window === undefined) return undefined;
  if (window === '0-200k') return false;
  if (window === '200k-1M') return true;
  throw new FieldError(`${path}.context_window is not "0-200k" or "200k-1M" (${describeValue(window)})`);
}

/** Fills the pricing modifiers: batch is a flag of its own, "standard" is the default tier, others as written. */
function applyServiceTier(r: UsageRecord, o: Obj): void {
  const tier = str(o['service_tier']);
  if (tier === 'batch') r.batch = true;
  else if (tier === 'standard') r.serviceTier = 'default';
  else if (tier !== undefined) r.serviceTier = tier;
}

/** Grouping dimensions kept visible as tags: US-only inference (not priced apart) and speed (priced, see `speed`). */
function dimensionTags(o: Obj): string[] {
  return (['inference_geo', 'speed'] as const).flatMap((f) => {
    const v = str(o[f]);
    return v === undefined ? [] : [`${f}:${v}`];
  });
}

const USAGE_GROUPS = [
  'model',
  'workspace_id',
  'api_key_id',
  'account_id',
  'service_account_id',
  'service_tier',
  'context_window',
  'inference_geo',
  'speed',
] as const;

function readUsageResult(o: Obj, span: BucketSpan, path: string): UsageRecord | string {
  const model = str(o['model']);
  if (!model) return `${path}.model is null: fetch the report grouped by model (group_by[]=model) so it can be priced`;
  const input = count(o['uncached_input_tokens'], `${path}.uncached_input_tokens`);
  const output = count(o['output_tokens'], `${path}.output_tokens`);
  if (input === undefined && output === undefined) return `${path} has no uncached_input_tokens or output_tokens`;
  const creation = o['cache_creation'];
  if (creation !== undefined && creation !== null && !isObj(creation)) return `${path}.cache_creation is not an object`;
  const split = obj(creation);
  const r = emptyRecord(`anthropic-usage:${spanKey(span)}:${groupKey(o, USAGE_GROUPS)}`, span.start, model);
  r.provider = 'anthropic';
  // Anthropic's uncached input already excludes cache reads and writes: it is llmcost's plain input as is.
  r.inputTokens = input ?? 0;
  r.cacheReadTokens = count(o['cache_read_input_tokens'], `${path}.cache_read_input_tokens`) ?? 0;
  r.cacheWrite5mTokens = count(split?.['ephemeral_5m_input_tokens'], `${path}.cache_creation.ephemeral_5m_input_tokens`) ?? 0;
  r.cacheWrite1hTokens = count(split?.['ephemeral_1h_input_tokens'], `${path}.cache_creation.ephemeral_1h_input_tokens`) ?? 0;
  r.outputTokens = output ?? 0;
  // The report has no request count.
  r.requests = null;
  applyServiceTier(r, o);
  // A bucket's sum says nothing about the size of its requests: without the context_window grouping it
  // must not be taken for one huge request above the long-context threshold, so it gets standard rates.
  r.longContext = longContextOf(o, path) ?? false;
  r.project = str(o['workspace_id']) ?? null;
  r.apiKey = str(o['api_key_id']) ?? null;
  r.user = str(o['account_id']) ?? str(o['service_account_id']) ?? null;
  r.tags = dimensionTags(o);
  r.speed = str(o['speed']) ?? null;
  return r;
}

/** Label of a cost result that was not grouped by description (no model, no description). */
const ALL_COSTS = 'anthropic costs (all items)';

const COST_GROUPS = ['workspace_id', 'description', 'cost_type', 'model', 'token_type', 'service_tier', 'context_window', 'inference_geo', 'speed'] as const;

function readCostResult(o: Obj, span: BucketSpan, path: string): UsageRecord | string {
  const cents = money(o['amount'], `${path}.amount`);
  if (cents === undefined) return `${path}.amount is missing`;
  const currency = str(o['currency'])?.toUpperCase() ?? 'USD';
  const description = str(o['description']);
  const costType = str(o['cost_type']);
  // Web search, code execution and other non-token costs are not about a model's tokens: they are
  // labelled by what they are, so they never count as a model's reported token cost.
  const label = costType !== undefined && costType !== 'tokens' ? (description ?? costType) : (str(o['model']) ?? description ?? ALL_COSTS);
  const r = emptyRecord(`anthropic-cost:${spanKey(span)}:${groupKey(o, COST_GROUPS)}`, span.start, label);
  r.provider = 'anthropic';
  // A billing line has no tokens: it prices at $0 and feeds the reported-cost side only.
  r.requests = 0;
  // The amount is in the currency's lowest unit (cents): "123.45" USD is $1.2345.
  r.reportedCostUsd = currency === 'USD' ? cents / 100 : null;
  applyServiceTier(r, o);
  r.longContext = longContextOf(o, path) ?? null;
  r.project = str(o['workspace_id']) ?? null;
  r.tags = dimensionTags(o);
  return r;
}

// A file of nothing but empty pages fits either report: it goes to the usage adapter, and reads as zero records.
export const anthropicUsageReportAdapter = defineLineAdapter({
  name: 'anthropic-usage',
  revised: true,
  description: 'Anthropic Admin API usage report pages (GET /v1/organizations/usage_report/messages), as JSON or JSON lines',
  containers: ['jsonl', 'json'],
  detect: bucketReportScore(reportKind, 'usage', true),
  buckets: ANTHROPIC_PAGE,
  read: readUsageResult,
});

export const anthropicCostReportAdapter = defineLineAdapter({
  name: 'anthropic-cost',
  revised: true,
  description: 'Anthropic Admin API cost report pages (GET /v1/organizations/cost_report), as JSON or JSON lines: reported cost per day and item',
  containers: ['jsonl', 'json'],
  detect: bucketReportScore(reportKind, 'cost', false),
  buckets: ANTHROPIC_PAGE,
  read: readCostResult,
});
