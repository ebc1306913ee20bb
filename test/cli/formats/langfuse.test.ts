import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/langfuse/observations.jsonl (test/unit/formats/langfuse.test.ts describes each line): 7 distinct
// generations, line 8 repeats line 1, line 6 failed (level ERROR), lines 7 and 12 skipped, the SPAN and EVENT
// passed over. Priced by hand from the bundled catalog (USD per 1M tokens):
//  1 gpt-4o-2024-08-06 (gpt-4o $2.50 / $1.25 cached / $10): 464×2.5 + 1,536×1.25 + 200×10 = 1,160 + 1,920 + 2,000 = 5,080
//  2 o3-mini ($1.10 / $4.40): 1,200×1.1 + (300 + 1,500)×4.4 = 1,320 + 7,920 = 9,240
//  3 claude-sonnet-4-5 ($3 / $0.30 read / $3.75 5m write / $15): 50×3 + 20,000×0.3 + 4,000×3.75 + 800×15 = 33,150
//  9 gpt-4o-mini ($0.15 / $0.60): 900×0.15 + 120×0.6 = 207
// 10 gemini-2.5-flash ($0.30 / $0.03 cached / $2.50): 1,000×0.3 + 4,000×0.03 + (300 + 700)×2.5 = 2,920
// 11 text-embedding-3-small: not in the catalog, unpriced
// 13 claude-haiku-4-5 ($1 / $1.25 5m / $2 1h / $5): 2,000×1 + 1,000×1.25 + 500×2 + 400×5 = 6,250
// Total 5,080 + 9,240 + 33,150 + 207 + 2,920 + 6,250 = 56,847 millionths = $0.056847.
// Reported (costDetails.total, else calculatedTotalCost): 0.00508 + 0.00924 + 0.03315 + 0.000207 + 0.004
// + 0.00001624 + 0.005875 = $0.05756824.
const OBSERVATIONS = fixture('usage', 'langfuse', 'observations.jsonl');
const PAGE = fixture('usage', 'langfuse', 'observations-page.json');

const tmp = useTempDb();
const { run } = tmp;

describe('langfuse through the CLI', () => {
  it('detects the JSONL export and reports exact totals, reported cost, failed and skipped lines', () => {
    const doc = run(['audit', OBSERVATIONS, '--format', 'json']);
    expect(doc.ingest).toEqual([
      { file: OBSERVATIONS, format: 'langfuse', added: 7, duplicates: 1, skipped: 2, failed: 1, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 7,
      requests: 7,
      // 464 + 1,200 + 50 + 900 + 1,000 + 812 + 2,000
      inputTokens: 6426,
      // 1,536 + 20,000 + 4,000
      cacheReadTokens: 25536,
      // 4,000 + 1,000 (5m) + 500 (1h)
      cacheWriteTokens: 5500,
      cacheWrite5mTokens: 5000,
      cacheWrite1hTokens: 500,
      // 200 + 1,800 + 800 + 120 + 1,000 + 0 + 400
      outputTokens: 4320,
      reasoningTokens: 2200,
      unpricedRequests: 1,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.056847, 12);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.05756824, 12);
    expect(doc.failed).toEqual([{ file: OBSERVATIONS, line: 6, reason: 'level ERROR' }]);
    expect(doc.skipped.map((s: { line: number }) => s.line)).toEqual([7, 12]);
  });

  it('shows where Langfuse priced a record differently: the Gemini cache counted twice', () => {
    const doc = run(['audit', OBSERVATIONS, '--format', 'json']);
    const gemini = doc.reconciliation.lines.find((l: { model: string }) => l.model === 'gemini-2.5-flash');
    // Langfuse: 5,000×0.3 + 300×2.5 + 700×2.5 = 4,000 → $0.004; llmcost $0.00292 (above)
    expect(gemini.reportedCostUsd).toBeCloseTo(0.004, 12);
    expect(gemini.computedCostUsd).toBeCloseTo(0.00292, 12);
  });

  it('re-ingests without double counting, by file and by observation id', () => {
    run(['ingest', OBSERVATIONS, '--json']);
    const again = run(['ingest', OBSERVATIONS, '--json']);
    expect(again.totals).toMatchObject({ added: 0 });
    expect(again.files[0].alreadyIngested).toBe(true);
    // The same observations in another file (a second export): every one is a duplicate.
    const copy = join(tmp.dir, 'export-2.jsonl');
    writeFileSync(copy, `${readFileSync(OBSERVATIONS, 'utf8')}\n`);
    const second = run(['ingest', copy, '--json']);
    expect(second.files[0]).toMatchObject({ format: 'langfuse', added: 0, duplicates: 8, skipped: 2, failed: 1, alreadyIngested: false });
  });

  it('reads a saved API page', () => {
    const doc = run(['audit', PAGE, '--format', 'json']);
    expect(doc.ingest[0]).toMatchObject({ format: 'langfuse', added: 2, skipped: 0, failed: 0 });
    // gpt-4.1-mini ($0.40 / $0.10 cached / $1.60): 1,800×0.4 + 6,400×0.1 + 350×1.6 = 720 + 640 + 560 = 1,920;
    // 120×0.4 + 30×1.6 = 48 + 48 = 96; total 2,016 millionths
    expect(doc.totals).toMatchObject({ inputTokens: 1920, cacheReadTokens: 6400, outputTokens: 380, requests: 2 });
    expect(doc.totals.costUsd).toBeCloseTo(0.002016, 12);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.00192 + 0.000096, 12);
  });
});
