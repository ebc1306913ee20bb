import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// The fixtures are described line by line in test/unit/formats/openrouter.test.ts. Prices are the bundled
// catalog's (USD per 1M tokens); OpenRouter slugs resolve through the catalog's openrouter aliases.
const GENERATIONS = fixture('usage', 'openrouter', 'generations.jsonl');
const GENERATIONS_ARRAY = fixture('usage', 'openrouter', 'generations.json');
const ACTIVITY = fixture('usage', 'openrouter-csv', 'activity.csv');

const { run } = useTempDb();

describe('openrouter generation records end to end', () => {
  it('detects the format, stores exact totals, and prices every line from the catalog', () => {
    const doc = run(['audit', GENERATIONS, '--format', 'json']);
    expect(doc.ingest).toEqual([
      { file: GENERATIONS, format: 'openrouter', added: 6, duplicates: 1, skipped: 2, failed: 1, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    // Priced line by line:
    //  1 gpt-4o ($2.50 in / $1.25 cached / $10 out): 1,376×2.5 + 1,024×1.25 + 350×10 = 8,220
    //  2 claude-sonnet-4-5 ($3 / $0.30 read / $15): 2,000×3 + 10,000×0.3 + 800×15 = 21,000
    //  3 gemini-2.5-flash ($0.30 / $2.50), cancelled: 5,000×0.3 + 120×2.5 = 1,800
    //  4 gpt-4o-mini ($0.15 / $0.60), BYOK: 1,000×0.15 + 200×0.6 = 270
    //  9 claude-haiku-4-5 ($1 / $1.25 5m write / $5): 12×1 + 25,600×1.25 + 200×5 = 33,012
    // 10 o4-mini ($1.10 / $0.275 cached / $4.40): 1,976×1.1 + 1,024×0.275 + 2,000×4.4 = 11,255.2
    // Total 75,557.2 millionths of a dollar.
    expect(doc.totals).toMatchObject({
      records: 6,
      requests: 6,
      inputTokens: 1376 + 2000 + 5000 + 1000 + 12 + 1976,
      cacheReadTokens: 1024 + 10_000 + 1024,
      cacheWriteTokens: 25_600,
      cacheWrite5mTokens: 25_600,
      cacheWrite1hTokens: 0,
      outputTokens: 350 + 800 + 120 + 200 + 200 + 2000,
      reasoningTokens: 300 + 1500,
      unpricedRecords: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.0755572, 9);
    // total_cost / usage.cost as OpenRouter states them: 0.00822 + 0.021 + 0.0018 + 0.0000135 + 0.033012 + 0.0112552
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.0753007, 9);
    expect(doc.skippedTotal).toBe(2);
    expect(doc.failedTotal).toBe(1);
  });

  it('is idempotent, and a generation saved again in a JSON array file is not counted twice', () => {
    run(['ingest', GENERATIONS, '--json']);
    const again = run(['ingest', GENERATIONS, '--json']);
    expect(again.totals).toMatchObject({ added: 0 });
    const array = run(['ingest', GENERATIONS_ARRAY, '--json']);
    // Item 1 repeats jsonl line 2; item 2 is new.
    expect(array.files[0]).toMatchObject({ format: 'openrouter', added: 1, duplicates: 1, skipped: 0, failed: 0 });
    // gpt-4.1 ($2 / $0.50 cached / $8): 1,952×2 + 2,048×0.5 + 500×8 = 8,928 → 0.0755572 + 0.008928
    expect(run(['audit', '--format', 'json']).totals.costUsd).toBeCloseTo(0.0844852, 9);
  });
});

describe('openrouter activity export end to end', () => {
  it('detects the CSV, stores exact totals, prices the dated Claude permaslug, and leaves free variants unpriced', () => {
    const doc = run(['audit', ACTIVITY, '--format', 'json']);
    expect(doc.ingest).toEqual([
      { file: ACTIVITY, format: 'openrouter-csv', added: 6, duplicates: 0, skipped: 2, failed: 1, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 6,
      requests: 6,
      inputTokens: 1376 + 2000 + 5000 + 900 + 1000 + 1976,
      cacheReadTokens: 1024 + 10_000 + 1024,
      cacheWriteTokens: 0,
      outputTokens: 350 + 800 + 120 + 150 + 200 + 2000,
      reasoningTokens: 300 + 1500,
      unpricedRecords: 1,
    });
    // Priced: gpt-4o-2024-08-06 8,220 + gemini-2.5-flash 1,800 + gpt-4o-mini-2024-07-18 270 + o4-mini-2025-04-16
    // 11,255.2 (same arithmetic as the generation records) = 21,545.2 millionths; plus anthropic/claude-4.5-sonnet-20250929
    // (the catalog's alias of claude-sonnet-4-5: $3 in, $0.30 read, $15 out): 2,000×3 + 10,000×0.3 + 800×15 = 21,000.
    expect(doc.totals.costUsd).toBeCloseTo(0.0425452, 9);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.0422887, 9);
    expect(doc.unpriced.map((u: { model: string }) => u.model).sort()).toEqual(['deepseek/deepseek-chat:free']);
  });

  it('dedupes a generation held by both the API dump and the export, and re-ingests nothing', () => {
    run(['ingest', GENERATIONS, '--json']);
    const csv = run(['ingest', ACTIVITY, '--json']);
    // Rows 2, 3, 4, 6 and 9 are jsonl lines 1, 2, 3, 4 and 10; only the free deepseek row is new.
    expect(csv.files[0]).toMatchObject({ format: 'openrouter-csv', added: 1, duplicates: 5, skipped: 2, failed: 1 });
    expect(run(['ingest', ACTIVITY, '--json']).totals).toMatchObject({ added: 0 });
    const doc = run(['audit', '--format', 'json']);
    expect(doc.totals).toMatchObject({ records: 7, requests: 7, inputTokens: 11_364 + 900, outputTokens: 3670 + 150 });
  });
});
