import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/codex/ is a small ~/.codex/sessions tree (see test/unit/formats/codex.test.ts): session S1 and
// a fork of it that copies S1's token_count events. Records by hand, differenced from the running totals and
// priced from the bundled catalog (gpt-5-codex and gpt-5 both $1.25 in, $0.125 cached, $10 out per 1M tokens;
// reasoning is inside output and not priced apart):
//  S1 line 10 gpt-5-codex: 8,000 in, 600 out → 8,000×1.25 + 600×10 = 10,000 + 6,000 = 16,000
//  S1 line 13 gpt-5-codex: 1,564 in, 7,936 cached, 300 out → 1,955 + 992 + 3,000 = 5,947
//  S1 line 17 gpt-5: 1,736 in, 11,264 cached, 1,200 out → 2,170 + 1,408 + 12,000 = 15,578
//  S1 line 18 unreadable totals → 1 skipped
//  fork: lines 4, 5, 7 repeat S1's events → 3 duplicates;
//  fork line 11 gpt-5-codex: 1,956 in, 12,544 cached, 500 out → 2,445 + 1,568 + 5,000 = 9,013
// Total 16,000 + 5,947 + 15,578 + 9,013 = 46,538 millionths → $0.046538.
const DIR = fixture('usage', 'codex');
const TOTALS = {
  records: 4,
  requests: 4,
  inputTokens: 8000 + 1564 + 1736 + 1956,
  cacheReadTokens: 7936 + 11_264 + 12_544,
  cacheWriteTokens: 0,
  outputTokens: 600 + 300 + 1200 + 500,
  reasoningTokens: 448 + 64 + 1024 + 256,
  unpricedRequests: 0,
  reportedCostUsd: null,
};

const { run } = useTempDb();

describe('llmcost on a Codex sessions directory', () => {
  it('detects the rollouts, differences the running totals, dedupes the fork and prices by hand', () => {
    const doc = run(['audit', DIR, '--format', 'json']);
    expect(
      doc.ingest.map((f: { file: string; format: string; added: number; duplicates: number; skipped: number; failed: number }) => [
        f.file.slice(DIR.length + 1),
        f.format,
        f.added,
        f.duplicates,
        f.skipped,
        f.failed,
      ]),
    ).toEqual([
      ['2025/10/02/rollout-2025-10-02T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl', 'codex', 3, 0, 1, 0],
      ['2025/10/03/rollout-2025-10-03T15-20-00-0199a6c7-d8e9-7f0a-9b1c-2d3e4f5a6b7c.jsonl', 'codex', 1, 3, 0, 0],
    ]);
    expect(doc.totals).toMatchObject(TOTALS);
    expect(doc.totals.costUsd).toBeCloseTo(0.046538, 12);
    expect(doc.skipped).toEqual([
      {
        file: expect.stringContaining('rollout-2025-10-02'),
        line: 18,
        reason: 'payload.info.total_token_usage.input_tokens is not a number (a text of 3 characters)',
      },
    ]);
  });

  it('ingests the directory idempotently: a second run adds nothing', () => {
    const first = run(['ingest', DIR, '--json']);
    expect(first.totals).toEqual({ added: 4, duplicates: 3, skipped: 1, failed: 0 });
    expect(first.files.map((f: { format: string }) => f.format)).toEqual(['codex', 'codex']);
    const again = run(['ingest', DIR, '--json']);
    expect(again.totals.added).toBe(0);
    expect(run(['audit', '--format', 'json']).totals).toMatchObject(TOTALS);
  });
});
