import { bool, count, describeValue, FieldError, normalizeKey, type Obj, pick, rekey, str } from '../fields.js';
import type { UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { defineLineAdapter } from './line-adapter.js';
import { completionsRecord } from './openai-usage.js';

/**
 * The usage CSV that platform.openai.com's Usage page exports (`completions_usage_<from>_<to>.csv`): one
 * row per time bucket and group, the bucket's times first (`start_time`, `end_time`, `start_time_iso`,
 * `end_time_iso`), then the fields of a Usage API completions result (`project_id`, `num_model_requests`,
 * `user_id`, `api_key_id`, `model`, `batch`, `service_tier`, `input_tokens`, `output_tokens`,
 * `input_cached_tokens`, `input_uncached_tokens`, audio counts ...). Columns are read by name, in any order;
 * counts may be written as decimals ("3.0").
 */

const TIME_COLUMNS = ['start_time', 'end_time', 'start_time_iso', 'end_time_iso'];
/** Columns without which a header is not this export (besides a start time). */
const USAGE_COLUMNS = ['num_model_requests', 'input_tokens', 'output_tokens'];

function detectUsageCsv(header: string[]): number {
  const cols = new Set(header.map(normalizeKey));
  const hasStart = cols.has('start_time') || cols.has('start_time_iso');
  if (hasStart && USAGE_COLUMNS.every((c) => cols.has(c))) return 300;
  // A period without usage is exported with the four time columns alone: claim it weakly, so that it
  // reads as zero records instead of an unrecognized format.
  return cols.size === TIME_COLUMNS.length && TIME_COLUMNS.every((c) => cols.has(c)) ? 1 : 0;
}

/** A bucket without results is exported as a row whose only values are its times. */
function isEmptyBucket(o: Obj): boolean {
  return Object.entries(o).every(([k, v]) => TIME_COLUMNS.includes(k) || str(v) === undefined);
}

/** `batch` as written ("True", "false"), or undefined when the export was not grouped by it. */
function readBatch(v: unknown): boolean | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const b = bool(s);
  if (b === undefined) throw new FieldError(`batch is not true or false (${describeValue(s)})`);
  return b;
}

export function readUsageRow(o: Obj): UsageRecord | string {
  const startRaw = pick(o, ['start_time', 'start_time_iso']);
  const start = parseTimestamp(str(startRaw));
  if (start === null) return str(startRaw) === undefined ? 'no start_time' : `start_time is not a time (${describeValue(startRaw)})`;
  const end = parseTimestamp(str(pick(o, ['end_time', 'end_time_iso'])));
  const model = str(o['model']);
  if (!model) return 'no model: export the usage grouped by model so it can be priced';
  const input = count(o['input_tokens'], 'input_tokens');
  const output = count(o['output_tokens'], 'output_tokens');
  if (input === undefined && output === undefined) return 'no input_tokens or output_tokens';
  // As in the Usage API: input_tokens includes the cached part (and, where exported, cache writes);
  // input_uncached_tokens excludes both. Audio counts are inside input_tokens/output_tokens, not added on top.
  const total = input ?? 0;
  const cached = count(o['input_cached_tokens'], 'input_cached_tokens') ?? 0;
  const written = count(o['input_cache_write_tokens'], 'input_cache_write_tokens') ?? 0;
  if (cached + written > total) {
    return written === 0
      ? `input_cached_tokens (${cached}) exceeds input_tokens (${total})`
      : `input_cached_tokens (${cached}) and input_cache_write_tokens (${written}) exceed input_tokens (${total})`;
  }
  const plain = total - cached - written;
  const uncached = count(o['input_uncached_tokens'], 'input_uncached_tokens');
  if (uncached !== undefined && uncached !== plain) {
    return `input_uncached_tokens (${uncached}) disagrees with input_tokens − input_cached_tokens − input_cache_write_tokens (${plain})`;
  }
  const batch = readBatch(o['batch']);
  const requests = count(o['num_model_requests'], 'num_model_requests') ?? null;
  return completionsRecord({ start, end: end ?? undefined }, o, { model, plain, cached, written, output: output ?? 0, batch, requests });
}

export const openaiUsageCsvAdapter = defineLineAdapter({
  name: 'openai-usage-csv',
  revised: true,
  description:
    'OpenAI dashboard usage CSV export (completions_usage_*.csv from platform.openai.com/usage): one row per time bucket, model, project, user and key',
  containers: ['csv'],
  detect: { header: detectUsageCsv },
  read(row) {
    const o = rekey(row, normalizeKey);
    return isEmptyBucket(o) ? undefined : readUsageRow(o);
  },
});
