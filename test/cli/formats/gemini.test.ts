import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/gemini/ (described line by line in test/unit/formats/gemini.test.ts). Rates from the bundled
// catalog (`llmcost catalog show MODEL`, USD per 1M tokens):
//  gemini-2.5-flash       $0.30 in, $0.03 cache read, $2.50 out
//  gemini-2.5-flash-lite  $0.10 in, $0.01 cache read, $0.40 out
//  gemini-2.5-pro         $1.25 in, $0.125 cache read, $10 out; prompts above 200,000 tokens: $2.50 / $0.25 / $15
// gemini-api.jsonl (google):
//  flash       1,200×0.3 + 300×2.5                   =    360 + 750          =  1,110
//  pro         4,000×1.25 + 6,000×0.125 + 2,000×10   =  5,000 + 750 + 20,000 = 25,750
//  flash       500×0.3 + 120×2.5 (stream, last chunk) =    150 + 300          =    450
//  flash       2,250×0.3 + 250×2.5 (tool use, thoughts) = 675 + 625            =  1,300
//  flash-lite  2,000×0.1 + 1,000×0.01 + 200×0.4      =    200 + 10 + 80      =    290
//  total 28,900 millionths → $0.0289
// vertex.jsonl:
//  pro, 250,000 prompt > 200k → long-context rates: 250,000×2.5 + 1,500×15 = 625,000 + 22,500 = 647,500
//  vertex_ai/gemini-2.5-flash: 4,000×0.3 + 4,000×0.03 + 500×2.5 = 1,200 + 120 + 1,250      =   2,570
//  pro (stream, last chunk): 1,000×1.25 + 500×10 = 1,250 + 5,000                            =   6,250
//  total 656,320 millionths → $0.65632
const API = fixture('usage', 'gemini', 'gemini-api.jsonl');
const VERTEX = fixture('usage', 'gemini', 'vertex.jsonl');

const tmp = useTempDb();
const { auditJson, ingestJson } = tmp;

describe('gemini end to end', () => {
  it('detects Gemini API logs and reports exact totals, the failed call and the skipped lines', () => {
    const doc = auditJson([API]);
    expect(doc.ingest).toEqual([
      { file: API, format: 'gemini', added: 5, duplicates: 1, skipped: 3, failed: 1, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 5,
      requests: 5,
      inputTokens: 1200 + 4000 + 500 + 2250 + 2000,
      cacheReadTokens: 6000 + 1000,
      cacheWriteTokens: 0,
      outputTokens: 300 + 2000 + 120 + 250 + 200,
      reasoningTokens: 1200 + 100,
      reportedCostUsd: null,
      unpricedRequests: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.0289, 12);
    expect(doc.failed).toEqual([{ file: API, line: 8, reason: 'request failed (429 RESOURCE_EXHAUSTED)' }]);
    expect(doc.skipped.map((s: { line: number }) => s.line)).toEqual([9, 11, 12]);
  });

  it('prices Vertex AI responses, the >200k prompt at the long-context tier', () => {
    const doc = auditJson([VERTEX]);
    expect(doc.ingest[0]).toMatchObject({ format: 'gemini', added: 3, duplicates: 0, skipped: 1, failed: 0 });
    expect(doc.totals).toMatchObject({
      records: 3,
      requests: 3,
      inputTokens: 255_000,
      cacheReadTokens: 4000,
      cacheWriteTokens: 0,
      outputTokens: 2500,
      reasoningTokens: 800,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.65632, 12);
    const byModel = doc.byModel.map((m: { model: string; modelId: string; provider: string; costUsd: number }) => [m.model, m.modelId, m.provider, m.costUsd]);
    expect(byModel).toEqual([
      ['gemini-2.5-pro', 'gemini-2.5-pro', 'google', 0.65375],
      ['gemini-2.5-flash', 'gemini-2.5-flash', 'vertex_ai', 0.00257],
    ]);
  });

  it('is idempotent, and counts a response logged again in another file once', () => {
    expect(ingestJson(API).totals).toEqual({ added: 5, duplicates: 1, skipped: 3, failed: 1 });
    expect(ingestJson(API).files[0]).toMatchObject({ added: 0, alreadyIngested: true });
    const again = join(tmp.dir, 'again.jsonl');
    writeFileSync(again, readFileSync(API, 'utf8').split('\n')[1] + '\n');
    expect(ingestJson(again).files[0]).toMatchObject({ format: 'gemini', added: 0, duplicates: 1 });
    expect(auditJson([]).totals.requests).toBe(5);
  });
});
