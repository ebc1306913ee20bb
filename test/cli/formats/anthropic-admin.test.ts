import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../../helpers/cli.js';

// Fixtures are described in test/unit/formats/anthropic-admin.test.ts. Rates from the bundled catalog
// (`llmcost catalog show …`, USD per 1M tokens: input / cache read / 5m write / 1h write / output).
//  usage-report-page.json
//   sonnet-4-5 standard 0-200k ($3 / $0.30 / $3.75 / $6 / $15):
//     120,000×3 + 300,000×0.3 + 20,000×3.75 + 4,000×6 + 18,000×15 = 360,000 + 90,000 + 75,000 + 24,000 + 270,000 = 819,000
//   sonnet-4-5 batch 0-200k (published batch $1.50 / $7.50):  400,000×1.5 + 60,000×7.5 = 600,000 + 450,000 = 1,050,000
//   sonnet-4-5 200k-1M, long-context rates ($6 / $0.60 / … / $22.50):
//     500,000×6 + 250,000×0.6 + 5,000×22.5 = 3,000,000 + 150,000 + 112,500 = 3,262,500
//   haiku-4-5 priority (no priority rates in the catalog: standard $1 / $0.10 / $1.25 / $2 / $5):
//     50,000×1 + 40,000×0.1 + 10,000×1.25 + 8,000×5 = 50,000 + 4,000 + 12,500 + 40,000 = 106,500
//   total 5,238,000 millionths → $5.238 (2025-06-02 alone: 819,000 + 1,050,000 + 3,262,500 → $5.1315,
//   which is what the cost report fixture bills for those rows: 513.15 cents)
//  usage-report-pages.jsonl (not grouped by context window: standard rates whatever the bucket's sum)
//   opus-4-6 ($5 / $0.50 / $6.25 / $10 / $25):  2,000×5 + 6,000×0.5 + 1,000×6.25 + 1,500×25 = 10,000 + 3,000 + 6,250 + 37,500 = 56,750
//   haiku-4-5:                                   3,000×1 + 2,000×2 + 400×5                   =  3,000 + 4,000 + 2,000         =  9,000
//   opus-4-6:                                    1,000×5 + 4,000×0.5 + 500×10 + 700×25      =  5,000 + 2,000 + 5,000 + 17,500 = 29,500
//   total 95,250 millionths → $0.09525
const PAGE = fixture('usage', 'anthropic-usage', 'usage-report-page.json');
const PAGES = fixture('usage', 'anthropic-usage', 'usage-report-pages.jsonl');
const PAGES_ARRAY = fixture('usage', 'anthropic-usage', 'usage-report-pages-array.json');
const COSTS = fixture('usage', 'anthropic-cost', 'cost-report-page.json');
const COSTS_PAGES = fixture('usage', 'anthropic-cost', 'cost-report-pages.jsonl');

let dir: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'usage.db');
});
afterEach(() => cleanup());

function auditJson(args: string[]) {
  const r = llmcost(['--db', db, 'audit', ...args, '--format', 'json']);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function ingestJson(file: string) {
  const r = llmcost(['--db', db, 'ingest', file, '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('anthropic-usage end to end', () => {
  it('reads a saved usage report page: one record per result, long-context and batch rates from the groups, empty buckets ignored', () => {
    const doc = auditJson([PAGE]);
    expect(doc.ingest).toEqual([
      { file: PAGE, format: 'anthropic-usage', added: 4, duplicates: 0, skipped: 0, failed: 0, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 4,
      // the report has no request count
      requests: 0,
      recordsWithoutRequestCount: 4,
      inputTokens: 120_000 + 400_000 + 500_000 + 50_000,
      cacheReadTokens: 300_000 + 250_000 + 40_000,
      cacheWriteTokens: 20_000 + 4000 + 10_000,
      cacheWrite5mTokens: 20_000 + 10_000,
      cacheWrite1hTokens: 4000,
      outputTokens: 18_000 + 60_000 + 5000 + 8000,
      reasoningTokens: 0,
      reportedCostUsd: null,
      unpricedRecords: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(5.238, 12);
    const days = doc.byDay.map((d: { key: string; costUsd: number }) => [d.key, d.costUsd]);
    expect(days.map((d: [string, number]) => d[0])).toEqual(['2025-06-02', '2025-06-04']);
    expect(days[0][1]).toBeCloseTo(5.1315, 12);
    expect(days[1][1]).toBeCloseTo(0.1065, 12);
    expect(ingestJson(PAGE).totals.added).toBe(0);
  });

  it('reads JSON lines of pages, and the same pages as a JSON array are all duplicates', () => {
    const doc = auditJson([PAGES]);
    expect(doc.ingest[0]).toMatchObject({ format: 'anthropic-usage', added: 3, duplicates: 0, skipped: 0, failed: 0 });
    expect(doc.totals).toMatchObject({
      records: 3,
      requests: 0,
      inputTokens: 2000 + 3000 + 1000,
      cacheReadTokens: 6000 + 4000,
      cacheWriteTokens: 1000 + 2000 + 500,
      outputTokens: 1500 + 400 + 700,
      reasoningTokens: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.09525, 12);
    const array = ingestJson(PAGES_ARRAY);
    expect(array.files[0]).toMatchObject({ format: 'anthropic-usage', added: 0, duplicates: 3 });
    expect(ingestJson(PAGES).totals.added).toBe(0);
    expect(auditJson([]).totals.outputTokens).toBe(2600);
  });
});

describe('anthropic-cost end to end', () => {
  it('feeds the reported-cost side only: no tokens, $0 computed, cents read as dollars', () => {
    const doc = auditJson([COSTS]);
    expect(doc.ingest).toEqual([
      { file: COSTS, format: 'anthropic-cost', added: 12, duplicates: 0, skipped: 0, failed: 0, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 12,
      requests: 0,
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      costUsd: 0,
      unpricedRecords: 0,
    });
    // 36 + 27 + 9 + 7.5 + 2.4 + 60 + 45 + 3 + 300 + 15 + 11.25 + 5.123 = 521.273 cents
    expect(doc.totals.reportedCostUsd).toBeCloseTo(5.21273, 12);
    const line = (model: string) => doc.reconciliation.lines.find((l: { model: string }) => l.model === model);
    // the ten token lines: 513.15 cents, the same as llmcost computes from the usage report for that day
    expect(line('claude-sonnet-4-5-20250929')).toMatchObject({
      source: 'anthropic-cost',
      modelId: 'claude-sonnet-4-5',
      records: 10,
      costOnlyRecords: 10,
      computedCostUsd: null,
    });
    expect(line('claude-sonnet-4-5-20250929').reportedCostUsd).toBeCloseTo(5.1315, 12);
    expect(line('Web Search Usage').reportedCostUsd).toBeCloseTo(0.03, 12);
    expect(line('Code Execution Usage').reportedCostUsd).toBeCloseTo(0.05123, 12);
    expect(ingestJson(COSTS).totals.added).toBe(0);
  });

  it('reads JSON lines of ungrouped cost pages', () => {
    const doc = auditJson([COSTS_PAGES]);
    expect(doc.ingest[0]).toMatchObject({ format: 'anthropic-cost', added: 2, skipped: 0, failed: 0 });
    // 521.273 + 48.7 = 569.973 cents
    expect(doc.totals.reportedCostUsd).toBeCloseTo(5.69973, 12);
    expect(doc.totals.costUsd).toBe(0);
  });
});
