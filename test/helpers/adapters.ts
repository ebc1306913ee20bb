import type { FormatAdapter } from '../../src/ingest/adapter.js';
import type { UsageRecord } from '../../src/ingest/record.js';

export interface Collected {
  records: (UsageRecord & { line: number })[];
  skipped: { line: number; reason: string }[];
}

/** Feeds values to an adapter as if they were lines 1..n of a file, and collects what it emits. */
export function runAdapter(adapter: FormatAdapter, values: unknown[]): Collected {
  const out: Collected = { records: [], skipped: [] };
  const parser = adapter.open({
    record: (r, line) => out.records.push({ ...r, line }),
    skip: (line, reason) => out.skipped.push({ line, reason }),
  });
  values.forEach((v, i) => parser.push(v, i + 1));
  parser.finish();
  return out;
}
