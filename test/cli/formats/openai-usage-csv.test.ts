import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/openai-usage-csv/ (described row by row in test/unit/formats/openai-usage-csv.test.ts).
// Rates from the bundled catalog (`llmcost catalog show ID`, USD per 1M tokens), in millionths of a dollar:
//  gpt-4o-2024-08-06 → gpt-4o $2.50 in, $1.25 cached, $10 out:   1,000×2.5 + 4,000×1.25 + 1,000×10 = 17,500
//  gpt-4o-mini-2024-07-18 → gpt-4o-mini $0.15 in, $0.60 out:     20,000×0.15 + 3,000×0.6         =  4,800
//  gpt-4o batch $1.25 in, $5 out:                                 10,000×1.25 + 2,000×5            = 22,500
//  o3-2025-04-16 → o3 flex $1 in, $0.25 cached, $4 out:           6,000×1 + 2,000×0.25 + 6,000×4   = 30,500
//  ft:gpt-4o-mini-2024-07-18:acme::9xYz → the fine-tuned gpt-4o-mini rates $0.30 in, $1.20 out:
//                                                                 1,500×0.3 + 500×1.2               =  1,050
//  completions_usage_2025-06-02_2025-06-04.csv: 76,350 → $0.07635
//  gpt-4.1-mini-2025-04-14 → gpt-4.1-mini $0.40 in, $0.10 cached, $1.60 out (the one-day file's new row):
//                                                                 2,000×0.4 + 1,000×0.1 + 500×1.6  =  1,700
const WIDE = fixture('usage', 'openai-usage-csv', 'completions_usage_2025-06-02_2025-06-04.csv');
const ONE_DAY = fixture('usage', 'openai-usage-csv', 'completions_usage_2025-06-02_2025-06-02.csv');
const EMPTY = fixture('usage', 'openai-usage-csv', 'empty_completions_usage_2025-07-01_2025-07-02.csv');

const { auditJson, ingestJson } = useTempDb();

describe('openai-usage-csv end to end', () => {
  it('detects the dashboard export and reports exact totals, with the cached part of input apart', () => {
    const doc = auditJson([WIDE]);
    expect(doc.ingest).toEqual([
      { file: WIDE, format: 'openai-usage-csv', added: 5, duplicates: 0, skipped: 3, failed: 0, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 5,
      requests: 3 + 12 + 2 + 5 + 1,
      inputTokens: 1000 + 20_000 + 10_000 + 6000 + 1500,
      cacheReadTokens: 4000 + 2000,
      cacheWriteTokens: 0,
      outputTokens: 1000 + 3000 + 2000 + 6000 + 500,
      reasoningTokens: 0,
      reportedCostUsd: null,
      unpricedRequests: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.07635, 12);
    expect(doc.byModel.find((m: { model: string }) => m.model === 'ft:gpt-4o-mini-2024-07-18:acme::9xYz')).toMatchObject({
      modelId: 'ft:gpt-4o-mini-2024-07-18',
      costUsd: 0.00105,
    });
    expect(doc.unpriced).toEqual([]);
    // CSV rows are file lines: the header is line 1.
    expect(doc.skipped).toEqual([
      { file: WIDE, line: 7, reason: 'input_tokens is not a whole number (12.5)' },
      { file: WIDE, line: 8, reason: 'input_cached_tokens (200) exceeds input_tokens (100)' },
      { file: WIDE, line: 9, reason: 'no model: export the usage grouped by model so it can be priced' },
    ]);
  });

  it('counts a bucket once across overlapping exports, and the same file again adds nothing', () => {
    expect(ingestJson(WIDE).totals).toEqual({ added: 5, duplicates: 0, skipped: 3, failed: 0 });
    const again = ingestJson(WIDE);
    expect(again.totals.added).toBe(0);
    expect(again.files[0].alreadyIngested).toBe(true);
    // The one-day export repeats two buckets of the wide one in another column order: one new record.
    expect(ingestJson(ONE_DAY).files[0]).toMatchObject({ format: 'openai-usage-csv', added: 1, duplicates: 2, skipped: 0 });
    const doc = auditJson([]);
    expect(doc.totals).toMatchObject({ records: 6, requests: 23 + 4, inputTokens: 38_500 + 2000, cacheReadTokens: 6000 + 1000, outputTokens: 12_500 + 500 });
    // 76,350 + 1,700 = 78,050 millionths.
    expect(doc.totals.costUsd).toBeCloseTo(0.07805, 12);
  });

  it('reads an export of a period without usage as zero records', () => {
    expect(ingestJson(EMPTY).files[0]).toMatchObject({ format: 'openai-usage-csv', added: 0, skipped: 0, failed: 0 });
  });
});
