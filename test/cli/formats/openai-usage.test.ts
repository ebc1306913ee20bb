import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// Fixtures are described in test/unit/formats/openai-usage.test.ts. Rates from the bundled catalog
// (`llmcost catalog show …`, USD per 1M tokens); buckets of many requests never take long-context rates.
//  completions-page.json
//   gpt-4o-mini ($0.15 / $0.075 cached / $0.60):   80,000×0.15 + 40,000×0.075 + 15,000×0.6 = 12,000 + 3,000 + 9,000 = 24,000
//   gpt-4o batch ($1.25 / $5 published):             50,000×1.25 + 8,000×5                  = 62,500 + 40,000        = 102,500
//   gpt-4o ($2.50 / $1.25 cached / $10):             15,000×2.5 + 5,000×1.25 + 2,000×10     = 37,500 + 6,250 + 20,000 = 63,750
//   o4-mini ($1.10 / $0.275 cached / $4.40):         20,000×1.1 + 10,000×0.275 + 12,000×4.4 = 22,000 + 2,750 + 52,800 = 77,550
//   total 267,800 millionths → $0.2678
//  completions-pages.jsonl (gpt-4.1-mini: $0.40 / $0.10 cached / $1.60; priority $0.70 / $2.80; no cache-write
//  rate, so writes cost the input rate)
//   default   6,000×0.4 + 3,000×0.1 + 1,200×1.6           = 2,400 + 300 + 1,920       = 4,620
//   priority  4,000×0.7 + 500×2.8                          = 2,800 + 1,400             = 4,200
//   default   1,000×0.4 + 1,000×0.1 + 500×0.4 + 100×1.6   = 400 + 100 + 200 + 160     =   860
//   total 9,680 millionths → $0.00968
const PAGE = fixture('usage', 'openai-usage', 'completions-page.json');
const PAGES = fixture('usage', 'openai-usage', 'completions-pages.jsonl');
const PAGES_ARRAY = fixture('usage', 'openai-usage', 'completions-pages-array.json');
const COSTS = fixture('usage', 'openai-costs', 'costs-page.json');
const COSTS_PAGES = fixture('usage', 'openai-costs', 'costs-pages.jsonl');

const { auditJson, ingestJson } = useTempDb();

describe('openai-usage end to end', () => {
  it('reads a saved completions page: one record per result, empty buckets ignored', () => {
    const doc = auditJson([PAGE]);
    expect(doc.ingest).toEqual([
      { file: PAGE, format: 'openai-usage', added: 4, duplicates: 0, skipped: 0, failed: 0, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 4,
      requests: 300 + 40 + 10 + 25,
      inputTokens: 80_000 + 50_000 + 15_000 + 20_000,
      cacheReadTokens: 40_000 + 5_000 + 10_000,
      cacheWriteTokens: 0,
      outputTokens: 15_000 + 8_000 + 2_000 + 12_000,
      reasoningTokens: 0,
      reportedCostUsd: null,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.2678, 12);
    expect(doc.byDay.map((d: { key: string; requests: number }) => [d.key, d.requests])).toEqual([
      ['2025-06-02', 350],
      ['2025-06-04', 25],
    ]);
  });

  it('reads JSON lines of pages, and the same pages as a JSON array are all duplicates', () => {
    const doc = auditJson([PAGES]);
    expect(doc.ingest[0]).toMatchObject({ format: 'openai-usage', added: 3, duplicates: 0, skipped: 0, failed: 0 });
    expect(doc.totals).toMatchObject({
      records: 3,
      requests: 12 + 5 + 2,
      inputTokens: 6000 + 4000 + 1000,
      cacheReadTokens: 3000 + 1000,
      cacheWriteTokens: 500,
      outputTokens: 1200 + 500 + 100,
      reasoningTokens: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.00968, 12);
    const array = ingestJson(PAGES_ARRAY);
    expect(array.files[0]).toMatchObject({ format: 'openai-usage', added: 0, duplicates: 3 });
    expect(ingestJson(PAGES).totals.added).toBe(0);
    expect(auditJson([]).totals.requests).toBe(19);
  });
});

describe('openai-costs end to end', () => {
  it('feeds the reported-cost side only: no tokens, $0 computed, the amounts as reported cost', () => {
    const doc = auditJson([COSTS]);
    expect(doc.ingest).toEqual([
      { file: COSTS, format: 'openai-costs', added: 6, duplicates: 0, skipped: 0, failed: 0, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 6,
      requests: 0,
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      costUsd: 0,
      unpricedRecords: 0,
    });
    // 0.12 + 0.09 + 0.003 + 0.0625 + 0.025 + 0.4 = 0.7005
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.7005, 12);
    const mini = doc.reconciliation.lines.find((l: { model: string }) => l.model === 'gpt-4o-mini-2024-07-18');
    // 0.12 + 0.09 + 0.003 = 0.213 over the input, output and cached-input line items
    expect(mini).toMatchObject({ source: 'openai-costs', modelId: 'gpt-4o-mini', records: 3, costOnlyRecords: 3, computedCostUsd: null });
    expect(mini.reportedCostUsd).toBeCloseTo(0.213, 12);
    expect(ingestJson(COSTS).totals.added).toBe(0);
  });

  it('reads JSON lines of ungrouped cost pages', () => {
    const doc = auditJson([COSTS_PAGES]);
    expect(doc.ingest[0]).toMatchObject({ format: 'openai-costs', added: 2, skipped: 0 });
    // 1.50 + 0.75
    expect(doc.totals.reportedCostUsd).toBeCloseTo(2.25, 12);
    expect(doc.totals.costUsd).toBe(0);
  });
});
