import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/bedrock/invocations.jsonl (described line by line in test/unit/formats/bedrock.test.ts).
// Rates from the bundled catalog (`llmcost catalog show ID --provider bedrock`, USD per 1M tokens):
//  inference-profile ARN …/us.anthropic.claude-3-7-sonnet-20250219-v1:0 → claude-3-7-sonnet-20250219:
//    $3 in, $0.30 read, $3.75 5m write, $15 out
//    1,500×3 + 20,000×0.3 + 3,000×3.75 + 800×15 = 4,500 + 6,000 + 11,250 + 12,000 = 33,750
//  anthropic.claude-haiku-4-5-20251001-v1:0 → claude-haiku-4-5: $1 in, $5 out
//    2,000×1 + 400×5 = 2,000 + 2,000                                              =  4,000
//  us.anthropic.claude-haiku-4-5-20251001-v1:0 (regional profile): $1.10 in, $1.375 5m, $2.20 1h, $5.50 out
//    100×1.1 + 1,000×1.375 + 4,000×2.2 + 300×5.5 = 110 + 1,375 + 8,800 + 1,650    = 11,935
//  amazon.titan-embed-text-v2:0: not in the catalog → unpriced
//  total 49,685 millionths → $0.049685
const LOG = fixture('usage', 'bedrock', 'invocations.jsonl');

const tmp = useTempDb();
const { auditJson, ingestJson } = tmp;

describe('bedrock invocation logs end to end', () => {
  it('detects the log, keeps cache apart from input and prices ARNs and profile ids', () => {
    const doc = auditJson([LOG]);
    expect(doc.ingest).toEqual([
      { file: LOG, format: 'bedrock', added: 4, duplicates: 1, skipped: 1, failed: 1, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 4,
      requests: 4,
      inputTokens: 1500 + 2000 + 100 + 12,
      cacheReadTokens: 20_000,
      cacheWriteTokens: 3000 + 5000,
      cacheWrite5mTokens: 3000 + 1000,
      cacheWrite1hTokens: 4000,
      outputTokens: 800 + 400 + 300,
      reasoningTokens: 0,
      reportedCostUsd: null,
      unpricedRequests: 1,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.049685, 12);
    expect(doc.unpriced).toEqual([{ model: 'amazon.titan-embed-text-v2:0', provider: 'bedrock', requests: 1, records: 1 }]);
    expect(doc.failed).toEqual([{ file: LOG, line: 4, reason: 'request failed (ThrottlingException)' }]);
    expect(doc.skipped).toEqual([{ file: LOG, line: 7, reason: 'input.inputTokenCount is not a number (a text of 3 characters)' }]);
  });

  it('is idempotent: the same file again adds nothing', () => {
    expect(ingestJson(LOG).totals).toEqual({ added: 4, duplicates: 1, skipped: 1, failed: 1 });
    expect(ingestJson(LOG).totals.added).toBe(0);
    expect(auditJson([]).totals.requests).toBe(4);
  });

  it('attributes cost to the caller (ARN name or requestMetadata user) and the requestMetadata project', () => {
    ingestJson(LOG);
    const rows = (by: string) =>
      auditJson(['--group-by', by]).groupBy.rows.map((r: { key: string; requests: number; costUsd: number }) => [r.key, r.requests, r.costUsd]);
    // support-bot made lines 1 and 3: 33,750 + 11,935 = 45,685 millionths.
    expect(rows('user')).toEqual([
      ['support-bot/i-0a1b2c3d', 2, 0.045685],
      ['alice@example.com', 1, 0.004],
      ['indexer', 1, 0],
    ]);
    expect(rows('project')).toEqual([
      ['helpdesk', 2, 0.045685],
      ['(none)', 2, 0.004],
    ]);
  });

  it('counts a request once when a Converse log holds the same Bedrock request id', () => {
    ingestJson(LOG);
    const converse = join(tmp.dir, 'converse.jsonl');
    // The Converse response of line 3's request, as boto3 returns it (same RequestId).
    const response = {
      ResponseMetadata: { RequestId: 'c1a7e0d9-5b84-4f3a-b6e2-8d0f4a9c2e03', HTTPHeaders: { date: 'Wed, 04 Jun 2025 08:10:00 GMT' } },
      output: { message: { role: 'assistant', content: [] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 100, outputTokens: 300, totalTokens: 5400, cacheWriteInputTokens: 5000 },
      metrics: { latencyMs: 1830 },
    };
    writeFileSync(converse, JSON.stringify({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', response }) + '\n');
    expect(ingestJson(converse).files[0]).toMatchObject({ format: 'bedrock-converse', added: 0, duplicates: 1 });
    expect(auditJson([]).totals.requests).toBe(4);
  });
});
