import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/helicone/requests.jsonl (test/unit/formats/helicone.test.ts describes each line): 4 distinct
// requests, line 6 repeats line 1, lines 4 (429) and 7 (500) failed, line 8 skipped. Priced by hand from the
// bundled catalog (USD per 1M tokens):
//  1 gpt-4o-mini ($0.15 / $0.075 cached / $0.60): 464×0.15 + 1,536×0.075 + 200×0.6 = 69.6 + 115.2 + 120 = 304.8
//  2 claude-sonnet-4-5 ($3 / $0.30 read / $3.75 5m write / $15): 50×3 + 20,000×0.3 + 3,000×3.75 + 800×15 = 29,400
//  3 o3 ($2 / $0.50 cached / $8): 3,000×2 + 2,000×0.5 + (500 + 2,500)×8 = 6,000 + 1,000 + 24,000 = 31,000
//  5 a Helicone cache hit of line 1: no tokens, $0
// Total 60,704.8 millionths = $0.0607048, which is also what Helicone reported (0.0003048 + 0.0294 + 0.031 + 0).
const REQUESTS = fixture('usage', 'helicone', 'requests.jsonl');
const ANSWER = fixture('usage', 'helicone', 'query-response.json');

const tmp = useTempDb();
const { run } = tmp;

describe('helicone through the CLI', () => {
  it('detects the JSONL export and reports exact totals, reported cost, failed and skipped lines', () => {
    const doc = run(['audit', REQUESTS, '--format', 'json']);
    expect(doc.ingest).toEqual([
      { file: REQUESTS, format: 'helicone', added: 4, duplicates: 1, skipped: 1, failed: 2, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 4,
      requests: 4,
      // 464 + 50 + 3,000 + 0
      inputTokens: 3514,
      // 1,536 + 20,000 + 2,000
      cacheReadTokens: 23536,
      cacheWriteTokens: 3000,
      cacheWrite5mTokens: 3000,
      // 200 + 800 + 3,000
      outputTokens: 4000,
      reasoningTokens: 2500,
      unpricedRequests: 0,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.0607048, 12);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.0607048, 12);
    expect(doc.failed.map((f: { line: number; reason: string }) => [f.line, f.reason.slice(0, 20)])).toEqual([
      [4, 'response_status 429'],
      [7, 'response_status 500'],
    ]);
    expect(doc.skipped).toEqual([{ file: REQUESTS, line: 8, reason: 'no token counts (prompt_tokens and completion_tokens are null)' }]);
  });

  it('groups by the feature named in a custom property', () => {
    const doc = run(['audit', REQUESTS, '--format', 'json', '--group-by', 'feature']);
    const rows: { key: string; requests: number; costUsd: number }[] = doc.groupBy.rows;
    // search: line 1 and its cache hit (line 5); support-bot from the App property
    expect(rows.map((r) => [r.key, r.requests])).toEqual([
      ['planner', 1],
      ['support-bot', 1],
      ['search', 2],
    ]);
    [0.031, 0.0294, 0.0003048].forEach((cost, i) => {
      expect(rows[i]!.costUsd).toBeCloseTo(cost, 12);
    });
  });

  it('re-ingests without double counting, by file and by request id', () => {
    run(['ingest', REQUESTS, '--json']);
    const again = run(['ingest', REQUESTS, '--json']);
    expect(again.totals).toMatchObject({ added: 0 });
    const copy = join(tmp.dir, 'export-2.jsonl');
    writeFileSync(copy, `${readFileSync(REQUESTS, 'utf8')}\n`);
    const second = run(['ingest', copy, '--json']);
    expect(second.files[0]).toMatchObject({ format: 'helicone', added: 0, duplicates: 5, skipped: 1, failed: 2 });
  });

  it('reads a saved query answer', () => {
    const doc = run(['audit', ANSWER, '--format', 'json']);
    expect(doc.ingest[0]).toMatchObject({ format: 'helicone', added: 2, skipped: 0, failed: 0 });
    // gpt-4o-2024-08-06 (gpt-4o): 1,000×2.5 + 125×10 = 3,750; gpt-4o-mini-2024-07-18: 2,000×0.15 + 400×0.6 = 540
    expect(doc.totals).toMatchObject({ inputTokens: 3000, outputTokens: 525, requests: 2 });
    expect(doc.totals.costUsd).toBeCloseTo(0.00429, 12);
    expect(doc.totals.reportedCostUsd).toBeCloseTo(0.00429, 12);
  });
});
