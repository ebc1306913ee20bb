import type { FormatAdapter } from '../../src/ingest/adapter.js';
import type { UsageRecord } from '../../src/usage/record.js';

export interface Collected {
  records: (UsageRecord & { line: number })[];
  skipped: { line: number; reason: string }[];
  failed: { line: number; reason: string }[];
}

/** Feeds values to an adapter as if they were lines (or CSV rows) 1..n of a file, and collects what it emits. */
export function runAdapter(adapter: FormatAdapter, values: unknown[]): Collected {
  const out: Collected = { records: [], skipped: [], failed: [] };
  const parser = adapter.open({
    record: (r, line) => out.records.push({ ...r, line }),
    skip: (line, reason) => out.skipped.push({ line, reason }),
    fail: (line, reason) => out.failed.push({ line, reason }),
  });
  values.forEach((v, i) => {
    parser.push(v, i + 1);
  });
  parser.finish();
  return out;
}

/** Sums the token fields of records, the way a test states the totals it worked out by hand. */
export function totals(
  records: UsageRecord[],
): Record<'records' | 'requests' | 'input' | 'cacheRead' | 'cacheWrite5m' | 'cacheWrite1h' | 'output' | 'reasoning', number> & { reportedCostUsd: number } {
  const t = { records: 0, requests: 0, input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0, reportedCostUsd: 0 };
  for (const r of records) {
    t.records++;
    t.requests += r.requests ?? 0;
    t.input += r.inputTokens;
    t.cacheRead += r.cacheReadTokens;
    t.cacheWrite5m += r.cacheWrite5mTokens;
    t.cacheWrite1h += r.cacheWrite1hTokens;
    t.output += r.outputTokens;
    t.reasoning += r.reasoningTokens;
    t.reportedCostUsd += r.reportedCostUsd ?? 0;
  }
  return t;
}
