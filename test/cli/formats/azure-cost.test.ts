import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/azure-cost/ (described row by row in test/unit/formats/azure-cost.test.ts). Rates from the
// bundled catalog (`llmcost catalog show ID --provider azure`, USD per 1M tokens):
//  EA export:
//   azure/gpt-4o-2024-08-06 → gpt-4o $2.50 in, $1.25 cached, $10 out, batch $1.25 in
//     1,250,500×2.5 + 800,000×1.25 + (150,250 + 10,000)×10 + 2,000,000×1.25 (batch)
//     = 3.12625 + 1 + 1.6025 + 2.5                                        = $8.22875
//   azure/gpt-4o-mini-2024-07-18: unpriced (Azure prices it apart from OpenAI; see the unit test)
//   azure/gpt-5-mini $0.25 in: 500,000×0.25                              = $0.125
//   azure/gpt-4.1 $2 in: 100,000×2                                       = $0.2 (Azure billed $0.22: a regional deployment)
//   gpt-oss-120B Inp glbl Tokens: unpriced; Code-Interpreter-global Session: cost only ($0)
//   total $8.55375; reported $9.57875
//  MCA export (billed in EUR, costInUsd used):
//   azure/gpt-4.1-mini $0.40 in, $0.10 cached, $1.60 out: 2,500,000×0.4 + 1,000,000×0.1 + 300,000×1.6 = 1 + 0.1 + 0.48
//   azure/o4-mini-2025-04-16 $4.40 out: 50,000×4.4 = 0.22
//   azure/gpt-5.5 $5 in, $10 in above 272k prompts: ShortCo 400,000×5 = 2 (the day's 400k is no single
//     prompt above 272k: standard rate); LongCo 300,000×10 = 3
//   total $6.8; reported $6.8
const EA = fixture('usage', 'azure-cost', 'cost-details-ea_2025-06.csv');
const MCA = fixture('usage', 'azure-cost', 'cost-details-mca_2025-06.csv');

const { auditJson, ingestJson } = useTempDb();

describe('azure-cost end to end', () => {
  it('detects an EA export and reports exact token totals, cost and the cost Azure billed', () => {
    const doc = auditJson([EA]);
    expect(doc.ingest).toEqual([
      { file: EA, format: 'azure-cost', added: 10, duplicates: 0, skipped: 2, failed: 0, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 10,
      requests: 0,
      inputTokens: 1_250_500 + 4_000_000 + 2_000_000 + 500_000 + 100_000 + 300_000,
      cacheReadTokens: 800_000,
      cacheWriteTokens: 0,
      outputTokens: 150_250 + 10_000,
      reasoningTokens: 0,
      unpricedRecords: 2,
    });
    expect(doc.totals.costUsd).toBeCloseTo(8.55375, 12);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(9.57875, 12);
    expect(doc.unpriced).toEqual([
      { model: 'azure/gpt-4o-mini-2024-07-18', provider: 'azure', requests: 1, records: 1 },
      { model: 'gpt-oss-120B Inp glbl Tokens', provider: 'azure', requests: 1, records: 1 },
    ]);
    expect(doc.skipped).toEqual([
      { file: EA, line: 7, reason: 'not an Azure OpenAI charge (Virtual Machines / Dv5/DSv5 Series)' },
      { file: EA, line: 13, reason: 'not an Azure OpenAI charge (Cognitive Services / Speech)' },
    ]);
    const line = (model: string) => doc.reconciliation.lines.find((l: { model: string }) => l.model === model);
    expect(line('azure/gpt-4o-2024-08-06')).toMatchObject({ records: 5, reportedCostUsd: 8.22875, computedCostUsd: 8.22875 });
    expect(line('azure/gpt-4.1').differenceUsd).toBeCloseTo(-0.02, 12);
    expect(line('Code-Interpreter-global Session')).toMatchObject({ reportedCostUsd: 0.36, costOnlyRecords: 1 });
  });

  it('reads an MCA export billed in EUR through its USD column, long-context meters at their tier', () => {
    const doc = auditJson([MCA]);
    expect(doc.ingest[0]).toMatchObject({ format: 'azure-cost', added: 6, skipped: 1, failed: 0 });
    expect(doc.totals).toMatchObject({ records: 6, inputTokens: 2_500_000 + 400_000 + 300_000, cacheReadTokens: 1_000_000, outputTokens: 300_000 + 50_000 });
    expect(doc.totals.costUsd).toBeCloseTo(6.8, 12);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(6.8, 12);
    expect(doc.byModel.find((m: { model: string }) => m.model === 'azure/gpt-5.5').costUsd).toBeCloseTo(5, 12);
  });

  it('is idempotent: the same export again adds nothing', () => {
    expect(ingestJson(EA).totals).toEqual({ added: 10, duplicates: 0, skipped: 2, failed: 0 });
    expect(ingestJson(EA).totals.added).toBe(0);
    expect(auditJson([]).totals.records).toBe(10);
  });
});
