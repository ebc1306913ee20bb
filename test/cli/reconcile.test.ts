import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../helpers/cli.js';

// fixtures/usage/reconcile.csv states its own cost on every row (generic layout, cost_usd). By hand, from the
// bundled catalog (gpt-4o $2.50 in / $10 out; gpt-4o-mini $0.15 / $0.60, USD per 1M tokens):
//  r1 gpt-4o 1,000 in + 500 out = 2,500 + 5,000 = 7,500 → $0.0075, reported $0.0075
//  r2 gpt-4o 2,000 in + 1,000 out = 5,000 + 10,000 = 15,000 → $0.015, reported $0.02
//  r3 gpt-4o-mini 10,000 in + 1,000 out = 1,500 + 600 = 2,100 → $0.0021, reported $0.0021
//  r4 gpt-4o-mini, no tokens, reported $0.50 → a cost-only line: nothing to compare
//  r5 my-model (not in the catalog), reported $0.01 → unpriced: nothing to compare
describe('reported vs computed cost', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('compares like with like per source and model, the largest difference first', () => {
    const r = llmcost(['--db', `${dir}/u.db`, 'audit', fixture('usage', 'reconcile.csv'), '--format', 'json']);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout).reconciliation;
    expect(rec.lines.map((l: { model: string }) => l.model)).toEqual(['gpt-4o', 'gpt-4o-mini', 'my-model']);
    const [gpt4o, mini, mine] = rec.lines;
    expect(gpt4o).toMatchObject({ source: 'generic-csv', modelId: 'gpt-4o', records: 2, unpricedRecords: 0, costOnlyRecords: 0 });
    expect(gpt4o.reportedCostUsd).toBeCloseTo(0.0275, 12);
    expect(gpt4o.computedCostUsd).toBeCloseTo(0.0225, 12);
    expect(gpt4o.differenceUsd).toBeCloseTo(-0.005, 12);
    expect(gpt4o.differenceRatio).toBeCloseTo(-0.005 / 0.0275, 12);
    expect(mini).toMatchObject({ records: 2, costOnlyRecords: 1, unpricedRecords: 0 });
    expect(mini.reportedCostUsd).toBeCloseTo(0.5021, 12);
    expect(mini.comparedReportedUsd).toBeCloseTo(0.0021, 12);
    expect(mini.differenceUsd).toBeCloseTo(0, 12);
    expect(mine).toMatchObject({ modelId: null, records: 1, computedCostUsd: null, differenceUsd: null, unpricedRecords: 1 });
    expect(rec.reportedCostUsd).toBeCloseTo(0.0275 + 0.5021 + 0.01, 12);
    expect(rec.differenceUsd).toBeCloseTo(-0.005, 12);
  });

  it('shows the comparison in the table, and none when no source reports a cost', () => {
    const db = `${dir}/u.db`;
    const table = llmcost(['--db', db, 'audit', fixture('usage', 'reconcile.csv')]).stdout;
    expect(table).toContain('Reported vs computed cost');
    expect(table).toMatch(/generic-csv +gpt-4o +\$0\.03 +\$0\.02 +-\$0\.0050 +-18\.2%/);
    expect(table).toMatch(/\+ 1 not compared +\$0\.50 +cost only/);
    const other = JSON.parse(llmcost(['--db', db, 'audit', fixture('usage', 'generic.jsonl'), '--format', 'json']).stdout);
    expect(other.reconciliation).toBeNull();
  });
});
