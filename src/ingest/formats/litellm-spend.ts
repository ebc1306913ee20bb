import type { DetectSample, FormatAdapter, RecordParser, RecordSink } from '../adapter.js';
import { FieldError, isObj } from '../fields.js';
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

function detectJson(sample: DetectSample): number {
  if (sample.container === 'csv') return 0;
  const only = sample.values.length === 1 ? pageRows(sample.values[0]) : undefined;
  const values = only ? only.slice(0, 20) : sample.values;
  const hits = values.filter((v) => isObj(v) && hasSpendLogColumns(Object.keys(v))).length;
  return hits > 0 && hits * 2 >= values.length ? hits * 20 : 0;
}

function readRow(value: unknown, line: number, sink: RecordSink): void {
  if (!isObj(value)) {
    sink.skip(line, 'not a JSON object');
    return;
  }
  try {
    const row = readSpendLogRow(value);
    if (row.kind === 'record') sink.record(row.record, line);
    else if (row.kind === 'fail') sink.fail(line, row.reason);
    else sink.skip(line, row.reason);
  } catch (err) {
    if (err instanceof FieldError) sink.skip(line, err.message);
    else throw err;
  }
}

function spendLogParser(sink: RecordSink): RecordParser {
  return {
    push(value, line) {
      const rows = pageRows(value);
      // A saved API page is one document: its rows are numbered as items of `data`.
      if (rows) rows.forEach((row, i) => readRow(row, i + 1, sink));
      else readRow(value, line, sink);
    },
    finish() {},
  };
}

export const litellmSpendAdapter: FormatAdapter = {
  name: 'litellm-spend',
  description: 'LiteLLM proxy spend logs (LiteLLM_SpendLogs rows) as JSON lines, a JSON array or a /spend/logs API page',
  containers: ['jsonl', 'json'],
  detect: detectJson,
  open: spendLogParser,
};

export const litellmSpendCsvAdapter: FormatAdapter = {
  name: 'litellm-spend-csv',
  description: 'LiteLLM proxy spend logs (LiteLLM_SpendLogs table) exported as CSV with a header row',
  containers: ['csv'],
  detect: (sample) => (sample.container === 'csv' && hasSpendLogColumns(sample.header) ? 300 : 0),
  open: spendLogParser,
};
