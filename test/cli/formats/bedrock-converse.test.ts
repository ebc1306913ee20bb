import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/bedrock-converse/converse.jsonl (described line by line in test/unit/formats/bedrock-converse.test.ts).
// Rates from the bundled catalog (`llmcost catalog show ID --provider bedrock`, USD per 1M tokens):
//  anthropic.claude-sonnet-4-5-20250929-v1:0 → claude-sonnet-4-5: $3 in, $0.30 read, $6 1h write, $15 out
//    3,000×3 + 600×15 = 9,000 + 9,000                                             = 18,000
//  us.anthropic.claude-haiku-4-5-20251001-v1:0 (regional profile): $1.10 in, $0.11 read, $1.375 5m write, $5.50 out
//    50×1.1 + 8,000×0.11 + 2,000×1.375 + 250×5.5 = 55 + 880 + 2,750 + 1,375        =  5,060
//  anthropic.claude-haiku-4-5-20251001-v1:0 → claude-haiku-4-5: $1 in, $5 out (stream metadata event)
//    1,200×1 + 90×5 = 1,200 + 450                                                 =  1,650
//  global.anthropic.claude-sonnet-4-5-20250929-v1:0 → claude-sonnet-4-5
//    400×3 + 30,000×0.3 + 6,000×6 + 1,000×15 = 1,200 + 9,000 + 36,000 + 15,000     = 61,200
//  total 85,910 millionths → $0.08591
const LOG = fixture('usage', 'bedrock-converse', 'converse.jsonl');

const { auditJson, ingestJson } = useTempDb();

describe('bedrock-converse end to end', () => {
  it('detects the log and reports exact totals, with 1-hour cache writes apart', () => {
    const doc = auditJson([LOG]);
    expect(doc.ingest).toEqual([
      { file: LOG, format: 'bedrock-converse', added: 4, duplicates: 1, skipped: 1, failed: 1, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 4,
      requests: 4,
      inputTokens: 3000 + 50 + 1200 + 400,
      cacheReadTokens: 8000 + 30_000,
      cacheWriteTokens: 2000 + 6000,
      cacheWrite5mTokens: 2000,
      cacheWrite1hTokens: 6000,
      outputTokens: 600 + 250 + 90 + 1000,
      reasoningTokens: 0,
      reportedCostUsd: null,
      unpricedRequests: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.08591, 12);
    expect(doc.failed).toEqual([{ file: LOG, line: 8, reason: 'request failed (ThrottlingException)' }]);
    expect(doc.skipped).toEqual([{ file: LOG, line: 9, reason: 'no model: a Converse response has none, so the envelope must give one (model, modelId)' }]);
  });

  it('is idempotent: the same file again adds nothing', () => {
    expect(ingestJson(LOG).totals).toEqual({ added: 4, duplicates: 1, skipped: 1, failed: 1 });
    expect(ingestJson(LOG).totals.added).toBe(0);
    expect(auditJson([]).totals.requests).toBe(4);
  });
});
