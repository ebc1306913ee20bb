import { promptOfRequest } from '../prompt.js';
import { responseText } from '../response.js';
import { failed, type LineOutcome } from '../adapter.js';
import { count, describeValue, errorCode, isObj, money, obj, type Obj, str, tags } from '../fields.js';
import { emptyRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { defineLineAdapter } from './line-adapter.js';
import { splitUsageDetails, type TokenSplit } from './langfuse-usage.js';

/**
 * Langfuse observations: the public API's `GET /api/public/observations` pages (`{data, meta}`, v1 with
 * page numbers or v2 with a cursor) saved as JSON or JSON lines, or the UI's JSON / JSONL export. Each
 * GENERATION (or EMBEDDING) observation is one LLM call; spans, events and the other observation types
 * carry no usage of their own and are passed over without a word.
 */

const ID_PREFIX = 'langfuse';

/** The observation types Langfuse tracks usage and cost on. */
const BILLED_TYPES = new Set(['GENERATION', 'EMBEDDING']);

function isLangfuseObservation(o: Obj): boolean {
  return typeof o['id'] === 'string' && typeof o['type'] === 'string' && 'traceId' in o && 'startTime' in o;
}

/** The items of a saved API page: `{data: [...], meta: {page, limit, totalItems, totalPages}}` or `{data, meta: {cursor}}`. */
function pageItems(v: unknown): unknown[] | undefined {
  return isObj(v) && Array.isArray(v['data']) && isObj(v['meta']) ? v['data'] : undefined;
}

/** A v1 page says it is Langfuse's by its page-number meta, which an empty page has too. */
function isLangfusePage(page: Obj): boolean {
  const meta = obj(page['meta']);
  return !!meta && 'totalItems' in meta && 'totalPages' in meta;
}

/** Token counts from usageDetails, else the deprecated `usage` object, else the older promptTokens/completionTokens. */
function readTokens(o: Obj): TokenSplit | string {
  const details = obj(o['usageDetails']);
  if (details && Object.keys(details).length > 0) return splitUsageDetails(details);
  // Before usageDetails, `usage.input` was the prompt as the integration reported it, with no cache split.
  const legacy = obj(o['usage']);
  const legacyInput = count(legacy?.['input'], 'usage.input') ?? 0;
  const legacyOutput = count(legacy?.['output'], 'usage.output') ?? 0;
  const unit = str(legacy?.['unit']);
  if (legacyInput + legacyOutput > 0) {
    if (unit && unit.toUpperCase() !== 'TOKENS') return `usage.unit is not tokens (${errorCode(unit) ?? describeValue(unit)})`;
    return tokensOnly(legacyInput, legacyOutput);
  }
  const prompt = count(o['promptTokens'], 'promptTokens') ?? 0;
  const completion = count(o['completionTokens'], 'completionTokens') ?? 0;
  // An all-zero legacy usage is what Langfuse shows for a generation that recorded no usage at all.
  if (prompt + completion > 0) return tokensOnly(prompt, completion);
  return 'no usage (usageDetails is empty, usage and promptTokens/completionTokens are absent or zero)';
}

function tokensOnly(input: number, output: number): TokenSplit {
  return { inputTokens: input, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: output, reasoningTokens: 0 };
}

/** costDetails.total (USD), else the sum of its parts, else the deprecated calculatedTotalCost / totalCost. */
function reportedCost(o: Obj): number | null {
  const details = obj(o['costDetails']);
  if (details) {
    const total = money(details['total'], 'costDetails.total');
    if (total !== undefined) return total;
    let sum: number | undefined;
    for (const [key, value] of Object.entries(details)) {
      const amount = key.toLowerCase().includes('total') ? undefined : money(value, `costDetails.${key}`);
      if (amount !== undefined) sum = (sum ?? 0) + amount;
    }
    if (sum !== undefined) return sum;
  }
  return (
    money(o['calculatedTotalCost'], 'calculatedTotalCost') ??
    money(o['totalCost'], 'totalCost') ??
    money(obj(o['usage'])?.['totalCost'], 'usage.totalCost') ??
    null
  );
}

function attributionTags(o: Obj): string[] {
  const out: string[] = [];
  const trace = str(o['traceId']);
  if (trace) out.push(`trace:${trace}`);
  const environment = str(o['environment']);
  if (environment) out.push(`environment:${environment}`);
  const version = str(o['version']);
  if (version) out.push(`version:${version}`);
  return [...out, ...tags(o['tags'])];
}

function readObservation(o: Obj): LineOutcome {
  const type = str(o['type'])?.toUpperCase();
  if (!type || !BILLED_TYPES.has(type)) return undefined;
  if (str(o['level'])?.toUpperCase() === 'ERROR') {
    // The level only: statusMessage is free text and can quote the prompt.
    return failed('level ERROR');
  }
  const model = str(o['model']) ?? str(o['providedModelName']);
  if (!model) return 'no model (model or providedModelName)';
  const ts = parseTimestamp(o['startTime']);
  if (ts === null)
    return o['startTime'] === undefined || o['startTime'] === null ? 'no startTime' : `startTime is not a date/time (${describeValue(o['startTime'])})`;
  const tokens = readTokens(o);
  if (typeof tokens === 'string') return tokens;

  const r = emptyRecord(`${ID_PREFIX}:${String(o['id'])}`, ts, model);
  Object.assign(r, tokens);
  // The generation's input as Langfuse recorded it (a message list or a string).
  r.prompt = promptOfRequest(o['input']) ?? null;
  // And its output (a message, a list of messages, a string or the provider's response object).
  r.response = responseText(o['output']) ?? null;
  r.reportedCostUsd = reportedCost(o);
  const metadata = obj(o['metadata']);
  // Only what the record itself says: the catalog resolves bare model ids without a provider.
  r.provider = str(metadata?.['provider'] ?? metadata?.['ls_provider'])?.toLowerCase() ?? null;
  r.serviceTier = str(obj(o['modelParameters'])?.['service_tier']) ?? null;
  r.feature = str(o['name']) ?? null;
  r.user = str(o['userId']) ?? str(obj(o['trace'])?.['userId']) ?? null;
  r.project = str(o['projectId']) ?? null;
  r.tags = attributionTags(o);
  return r;
}

export const langfuseAdapter = defineLineAdapter({
  name: 'langfuse',
  description: 'Langfuse observations (GET /api/public/observations pages or the UI JSON/JSONL export); GENERATION observations are the requests',
  containers: ['jsonl', 'json'],
  // Above the generic layout (5 a line) and the provider adapters (10 a line).
  detect: 20,
  recognize: isLangfuseObservation,
  unrecognized: 'not a Langfuse observation (id, type, traceId, startTime)',
  pages: { items: pageItems, claimsEmpty: isLangfusePage, linesOfPages: true },
  read: readObservation,
});
