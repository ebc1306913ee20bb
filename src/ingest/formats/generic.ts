import { promptOfRequest } from '../prompt.js';
import { sourceId } from '../identity.js';
import { bool, count, describeValue, FieldError, isObj, money, normalizeKey, type Obj, pick, rekey, str, tags } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { defineLineAdapter } from './line-adapter.js';

/**
 * llmcost's generic layout for logs of the user's own (README "Generic JSONL/CSV layout"). Column names
 * are matched case-insensitively with spaces and dashes read as underscores.
 */
const COLUMNS = {
  id: ['id', 'request_id'],
  ts: ['timestamp', 'ts', 'time', 'datetime', 'created_at', 'date'],
  provider: ['provider'],
  model: ['model'],
  input: ['input_tokens', 'uncached_input_tokens'],
  prompt: ['prompt_tokens'],
  cacheRead: ['cached_tokens', 'cache_read_tokens', 'cache_read_input_tokens'],
  cacheWrite5m: ['cache_write_tokens', 'cache_write_5m_tokens', 'cache_creation_tokens', 'cache_creation_input_tokens'],
  cacheWrite1h: ['cache_write_1h_tokens'],
  output: ['output_tokens', 'completion_tokens'],
  reasoning: ['reasoning_tokens'],
  requests: ['requests', 'request_count', 'num_requests'],
  batch: ['batch'],
  serviceTier: ['service_tier'],
  speed: ['speed'],
  cost: ['cost_usd', 'cost'],
  user: ['user', 'user_id'],
  project: ['project', 'project_id'],
  feature: ['feature'],
  // Authorization-style columns hold the credential itself: it is stored only redacted (redact.ts).
  apiKey: ['api_key', 'api_key_id', 'authorization', 'x_api_key'],
  tags: ['tags'],
  prompt_text: ['prompt', 'messages', 'prompt_text', 'input_text', 'request'],
} as const;

const TOKEN_COLUMNS = [...COLUMNS.input, ...COLUMNS.prompt, ...COLUMNS.output];

function looksGeneric(keys: string[]): boolean {
  const set = new Set(keys.map(normalizeKey));
  return set.has('model') && TOKEN_COLUMNS.some((c) => set.has(c)) && COLUMNS.ts.some((c) => set.has(c));
}

export function readGenericRow(raw: Obj): UsageRecord | string {
  const o = rekey(raw, normalizeKey);
  const model = str(pick(o, COLUMNS.model));
  if (!model) return 'no model';
  const tsRaw = pick(o, COLUMNS.ts);
  const ts = parseTimestamp(tsRaw);
  if (ts === null) return tsRaw === undefined ? 'no timestamp' : `timestamp is not a date/time (${describeValue(tsRaw)})`;
  const num = (keys: readonly string[]) => {
    for (const k of keys) {
      const n = count(o[k], k);
      if (n !== undefined) return n;
    }
    return undefined;
  };
  const input = num(COLUMNS.input);
  const prompt = num(COLUMNS.prompt);
  const output = num(COLUMNS.output);
  if (input === undefined && prompt === undefined && output === undefined) return 'no token counts (input_tokens, prompt_tokens or output_tokens)';
  // The layout's id is the user's own unless it has a provider's shape: scoped to this source (identity.ts).
  const id = str(pick(o, COLUMNS.id));
  const r = emptyRecord(id ? sourceId(id) : '', ts, model);
  r.cacheReadTokens = num(COLUMNS.cacheRead) ?? 0;
  r.cacheWrite5mTokens = num(COLUMNS.cacheWrite5m) ?? 0;
  r.cacheWrite1hTokens = num(COLUMNS.cacheWrite1h) ?? 0;
  if (input !== undefined) {
    r.inputTokens = input;
  } else if (prompt !== undefined) {
    // prompt_tokens counts the whole prompt, cached part included (OpenAI's meaning).
    const cached = r.cacheReadTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens;
    if (cached > prompt) throw new FieldError(`prompt_tokens (${prompt}) is smaller than its cached part (${cached})`);
    r.inputTokens = prompt - cached;
  }
  r.outputTokens = output ?? 0;
  r.reasoningTokens = Math.min(num(COLUMNS.reasoning) ?? 0, r.outputTokens);
  const requests = num(COLUMNS.requests);
  if (requests !== undefined) r.requests = requests;
  r.provider = str(pick(o, COLUMNS.provider)) ?? null;
  r.batch = bool(pick(o, COLUMNS.batch)) ?? false;
  r.serviceTier = str(pick(o, COLUMNS.serviceTier)) ?? null;
  r.speed = str(pick(o, COLUMNS.speed)) ?? null;
  r.reportedCostUsd = money(pick(o, COLUMNS.cost), 'cost_usd') ?? null;
  r.user = str(pick(o, COLUMNS.user)) ?? null;
  r.project = str(pick(o, COLUMNS.project)) ?? null;
  r.feature = str(pick(o, COLUMNS.feature)) ?? null;
  r.apiKey = str(pick(o, COLUMNS.apiKey)) ?? null;
  r.tags = tags(pick(o, COLUMNS.tags));
  r.prompt = promptOfRequest(pick(o, COLUMNS.prompt_text)) ?? null;
  return r;
}

// 5 a line or header: below every source's own format, which is what a file that fits one of them is.
export const genericJsonlAdapter = defineLineAdapter({
  name: 'generic-jsonl',
  description: "llmcost's generic layout as JSON lines: timestamp, model, input_tokens/prompt_tokens, output_tokens, ...",
  containers: ['jsonl', 'json'],
  detect: 5,
  recognize: (o) => !isObj(o['usage']) && looksGeneric(Object.keys(o)),
  read: readGenericRow,
});

export const genericCsvAdapter = defineLineAdapter({
  name: 'generic-csv',
  description: "llmcost's generic layout as CSV with a header row: timestamp, model, input_tokens/prompt_tokens, output_tokens, ...",
  containers: ['csv'],
  detect: { header: (columns) => (looksGeneric(columns) ? 5 : 0) },
  read: readGenericRow,
});
