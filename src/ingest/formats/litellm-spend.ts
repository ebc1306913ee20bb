import { isObj } from '../fields.js';
import { defineLineAdapter } from './line-adapter.js';
import { readSpendLogRow } from './litellm-spend-row.js';

/** Columns every LiteLLM_SpendLogs row has and no other usage source combines. */
const REQUIRED_COLUMNS = ['request_id', 'call_type', 'spend', 'starttime'];

function hasSpendLogColumns(keys: string[]): boolean {
  const set = new Set(keys.map((k) => k.trim().toLowerCase()));
  return REQUIRED_COLUMNS.every((c) => set.has(c));
}

/** The paginated `/spend/logs/ui` and `/spend/logs/v2` answer: `{data: [rows], total, page, ...}`. */
function pageRows(v: unknown): unknown[] | undefined {
  return isObj(v) && Array.isArray(v['data']) && !('request_id' in v) ? v['data'] : undefined;
}

export const litellmSpendAdapter = defineLineAdapter({
  name: 'litellm-spend',
  description: 'LiteLLM proxy spend logs (LiteLLM_SpendLogs rows) as JSON lines, a JSON array or a /spend/logs API page',
  containers: ['jsonl', 'json'],
  detect: 20,
  recognize: (row) => hasSpendLogColumns(Object.keys(row)),
  pages: { items: pageRows },
  read: readSpendLogRow,
});

export const litellmSpendCsvAdapter = defineLineAdapter({
  name: 'litellm-spend-csv',
  description: 'LiteLLM proxy spend logs (LiteLLM_SpendLogs table) exported as CSV with a header row',
  containers: ['csv'],
  detect: { header: (columns) => (hasSpendLogColumns(columns) ? 300 : 0) },
  read: readSpendLogRow,
});
