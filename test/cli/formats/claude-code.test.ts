import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/claude-code/ is a small ~/.claude/projects tree (see test/unit/formats/claude-code.test.ts).
// Records by hand, priced from the bundled catalog (USD per 1M tokens; `llmcost catalog show MODEL`):
//  claude-sonnet-4-5-20250929 ($3 in, $0.30 cache read, $3.75 5m write, $6 1h write, $15 out):
//   msg_01HcA1 (3 streamed lines → 1): 4×3 + 12,000×0.3 + 2,000×3.75 + 412×15 = 12 + 3,600 + 7,500 + 6,180 = 17,292
//   msg_01HcA2: 6×3 + 14,000×0.3 + 500×3.75 + 1,000×6 + 230×15 = 18 + 4,200 + 1,875 + 6,000 + 3,450 = 15,543
//   msg_01HcB1 (resumed session): 10×3 + 15,000×0.3 + 800×3.75 + 95×15 = 30 + 4,500 + 3,000 + 1,425 = 8,955
//   the resumed file repeats msg_01HcA1 and msg_01HcA2 → 2 duplicates; its API error (529) → 1 failed
//  claude-3-7-sonnet-20250219 (same rates), older version with costUSD:
//   msg_01TlC1: 1,200×3 + 3,000×3.75 + 300×15 = 3,600 + 11,250 + 4,500 = 19,350 (costUSD 0.01935)
//   msg_01TlC4: 500×3 + 4,200×0.3 + 400×15 = 1,500 + 1,260 + 6,000 = 8,760 (costUSD 0.00876)
//   two broken assistant lines → 2 skipped
// Total 17,292 + 15,543 + 8,955 + 19,350 + 8,760 = 69,900 millionths → $0.0699; reported $0.02811.
const DIR = fixture('usage', 'claude-code');
const TOTALS = {
  records: 5,
  requests: 5,
  inputTokens: 4 + 6 + 10 + 1200 + 500,
  cacheReadTokens: 12_000 + 14_000 + 15_000 + 4200,
  cacheWriteTokens: 2000 + 1500 + 800 + 3000,
  cacheWrite5mTokens: 2000 + 500 + 800 + 3000,
  cacheWrite1hTokens: 1000,
  outputTokens: 412 + 230 + 95 + 300 + 400,
  reasoningTokens: 0,
  unpricedRequests: 0,
};

const { run } = useTempDb();

describe('llmcost on a Claude Code projects directory', () => {
  it('detects every session file, collapses streamed lines, dedupes the resumed session and prices by hand', () => {
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
      ['-Users-dev-acme-api/3f9b2c1e-7a4d-4e2b-9c1a-5d6e7f8a9b0c.jsonl', 'claude-code', 2, 0, 0, 0],
      ['-Users-dev-acme-api/7c2e5a90-1b3d-4f6e-8a2c-9d0e1f2a3b4c.jsonl', 'claude-code', 1, 2, 0, 1],
      ['-Users-dev-tools/c4d5e6f7-0a1b-4c2d-8e3f-5a6b7c8d9e0f.jsonl', 'claude-code', 2, 0, 2, 0],
    ]);
    expect(doc.totals).toMatchObject(TOTALS);
    expect(doc.totals.costUsd).toBeCloseTo(0.0699, 12);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.01935 + 0.00876, 12);
    expect(doc.skippedTotal).toBe(2);
  });

  it('ingests the directory idempotently: a second run adds nothing', () => {
    const first = run(['ingest', DIR, '--json']);
    expect(first.totals).toEqual({ added: 5, duplicates: 2, skipped: 2, failed: 1 });
    expect(first.files.map((f: { format: string }) => f.format)).toEqual(['claude-code', 'claude-code', 'claude-code']);
    const again = run(['ingest', DIR, '--json']);
    expect(again.totals.added).toBe(0);
    expect(again.files.every((f: { alreadyIngested: boolean }) => f.alreadyIngested)).toBe(true);
    expect(run(['audit', '--format', 'json']).totals).toMatchObject(TOTALS);
  });
});
