import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// The fixtures are described in test/unit/formats/litellm-spend.test.ts. Costs priced by hand from the
// bundled catalog (`llmcost catalog show MODEL`, USD per 1M tokens), in millionths of a dollar:
//
// spend-logs.json (7 rows: 4 records, 1 duplicate, 1 failed, 1 skipped)
//  1 gpt-4o-mini ($0.15 in, $0.075 cached, $0.60 out): 976×0.15 + 1,024×0.075 + 300×0.6 = 146.4 + 76.8 + 180 = 403.2
//  2 claude-sonnet-4-5 ($3 in, $0.30 read, $3.75 5m write, $6 1h write, $15 out):
//    50×3 + 20,000×0.3 + 2,000×3.75 + 1,000×6 + 800×15 = 150 + 6,000 + 7,500 + 6,000 + 12,000 = 31,650
//  3 LiteLLM cache hit: no tokens billed = 0
//  5 bedrock claude-3-5-haiku ($0.80 in, $0.08 read, $1 5m write, $4 out):
//    40×0.8 + 5,000×0.08 + 8,000×1 + 250×4 = 32 + 400 + 8,000 + 1,000 = 9,432
//  total 41,485.2 → $0.0414852; the rows' own spend sums to the same: 0.0004032 + 0.03165 + 0 + 0.009432
//
// spend-logs.jsonl (5 rows: 3 records, 1 skipped, 1 failed)
//  o4-mini ($1.10 in, $0.275 cached, $4.40 out): 1,000×1.1 + 500×0.275 + 2,000×4.4 = 1,100 + 137.5 + 8,800 = 10,037.5
//  gemini-2.5-flash ($0.30 in, $0.03 cached, $2.50 out): 6,000×0.3 + 4,000×0.03 + 600×2.5 = 1,800 + 120 + 1,500 = 3,420
//  gpt-4o-mini: 100×0.15 + 20×0.6 = 27
//  total 13,484.5 → $0.0134845
//
// spend-logs.csv (5 rows: 3 records, 1 failed, 1 skipped)
//  claude-sonnet-4-5: 1,200×3 + 30,000×0.3 + 500×15 = 3,600 + 9,000 + 7,500 = 20,100; cache hit 0;
//  gpt-4o-mini 800×0.15 + 200×0.6 = 240; total 20,340 → $0.02034
const FILE = (name: string) => fixture('usage', 'litellm-spend', name);

const { auditJson, ingestJson } = useTempDb();

describe('llmcost on LiteLLM spend logs', () => {
  it('reads the JSON array export: exact tokens, reported and computed cost, failed and skipped rows', () => {
    const doc = auditJson([FILE('spend-logs.json')]);
    expect(doc.ingest).toEqual([
      {
        file: FILE('spend-logs.json'),
        format: 'litellm-spend',
        added: 4,
        duplicates: 1,
        skipped: 1,
        failed: 1,
        conflicts: 0,
        replaced: 0,
        alreadyIngested: false,
      },
    ]);
    expect(doc.totals).toMatchObject({
      records: 4,
      requests: 4,
      inputTokens: 976 + 50 + 0 + 40,
      cacheReadTokens: 1024 + 20_000 + 5000,
      cacheWriteTokens: 3000 + 8000,
      cacheWrite5mTokens: 2000 + 8000,
      cacheWrite1hTokens: 1000,
      outputTokens: 300 + 800 + 250,
      reasoningTokens: 200,
      unpricedRequests: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.0414852, 10);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.0414852, 10);
    expect(doc.byModel.find((m: { model: string }) => m.model === 'claude-sonnet-4-5-20250929')).toMatchObject({
      provider: 'anthropic',
      modelId: 'claude-sonnet-4-5',
      costUsd: 0.03165,
    });
    expect(doc.failed).toEqual([{ file: FILE('spend-logs.json'), line: 4, reason: 'LiteLLM logged a failed request (429 RateLimitError)' }]);
    expect(doc.skipped).toEqual([{ file: FILE('spend-logs.json'), line: 7, reason: 'prompt_tokens is not a number (a text of 4 characters)' }]);
  });

  it('is idempotent: ingesting the same export again adds nothing', () => {
    expect(ingestJson(FILE('spend-logs.json')).files[0]).toMatchObject({ format: 'litellm-spend', added: 4, duplicates: 1, skipped: 1, failed: 1 });
    expect(ingestJson(FILE('spend-logs.json')).totals).toMatchObject({ added: 0 });
    expect(auditJson([FILE('spend-logs.json')]).totals).toMatchObject({ records: 4, requests: 4 });
  });

  it('reads the JSON lines database export', () => {
    const doc = auditJson([FILE('spend-logs.jsonl')]);
    expect(doc.ingest[0]).toMatchObject({ format: 'litellm-spend', added: 3, duplicates: 0, skipped: 1, failed: 1 });
    expect(doc.totals).toMatchObject({
      records: 3,
      requests: 3,
      inputTokens: 1000 + 6000 + 100,
      cacheReadTokens: 500 + 4000,
      cacheWriteTokens: 0,
      outputTokens: 2000 + 600 + 20,
      reasoningTokens: 1500 + 400,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.0134845, 10);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.0134845, 10);
  });

  it('reads the CSV table export, with CSV file lines in the lists', () => {
    const doc = auditJson([FILE('spend-logs.csv')]);
    expect(doc.ingest[0]).toMatchObject({ format: 'litellm-spend-csv', added: 3, duplicates: 0, skipped: 1, failed: 1 });
    expect(doc.totals).toMatchObject({
      records: 3,
      requests: 3,
      inputTokens: 1200 + 800,
      cacheReadTokens: 30_000,
      cacheWriteTokens: 0,
      outputTokens: 500 + 200,
      reasoningTokens: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.02034, 10);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.02034, 10);
    // The header is line 1: the failed row is line 4, the bad spend line 6.
    expect(doc.failed.map((f: { line: number }) => f.line)).toEqual([4]);
    expect(doc.skipped).toEqual([{ file: FILE('spend-logs.csv'), line: 6, reason: 'spend is not an amount (a text of 3 characters)' }]);
  });
});
