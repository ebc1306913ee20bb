import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../helpers/cli.js';

// Expected figures for fixtures/usage/sample.jsonl, worked out by hand from the bundled catalog's published
// rates (USD per 1M tokens). Line by line:
//  1 gpt-4o-2024-08-06 (alias of gpt-4o $2.50/$1.25 cached/$10): 176×2.5 + 1,024×1.25 + 300×10 = 4,720
//  2 gpt-4o-mini ($0.15/$0.60): 800×0.15 + 200×0.6 = 240
//  3 o3-2025-04-16 (o3 $2/$0.50 cached/$8), Responses API: 3,000×2 + 2,000×0.5 + 3,000×8 = 31,000
//  4 claude-sonnet-4-5-20250929 ($3/$0.30 read/$3.75 5m/$6 1h/$15): 50×3 + 20,000×0.3 + 3,000×3.75 + 1,000×6 + 800×15 = 35,400
//  5 claude-haiku-4-5 ($1/$1.25 5m write/$5): 2,000×1 + 1,500×1.25 + 400×5 = 5,875
//  6 malformed JSON → skipped
//  7 ft:gpt-4o-mini-2024-07-18:acme::9xYz → the catalog's fine-tuned gpt-4o-mini-2024-07-18 ($0.30/$1.20):
//    500×0.3 + 50×1.2 = 210
//  8 same chatcmpl-A1 as line 1 → duplicate
//  9 claude-sonnet-4-5, prompt 150,000 + 60,000 cached = 210,000 > 200k → long-context $6/$0.60/$22.50:
//    150,000×6 + 60,000×0.6 + 2,000×22.5 = 981,000
// 10 API error without usage → skipped
// 11 gpt-4o batch ($1.25/$5): 10,000×1.25 + 1,000×5 = 17,500
// 12 gpt-4o-mini priority ($0.25/$1): 1,000×0.25 + 100×1 = 350
// Total 1,076,295 millionths of a dollar = $1.076295.
const SAMPLE = fixture('usage', 'sample.jsonl');
const SAMPLE_TOTALS = {
  records: 9,
  requests: 9,
  inputTokens: 176 + 800 + 3000 + 50 + 2000 + 500 + 150_000 + 10_000 + 1000,
  cacheReadTokens: 1024 + 2000 + 20_000 + 60_000,
  cacheWriteTokens: 4000 + 1500,
  cacheWrite5mTokens: 3000 + 1500,
  cacheWrite1hTokens: 1000,
  outputTokens: 300 + 200 + 3000 + 800 + 400 + 50 + 2000 + 1000 + 100,
  reasoningTokens: 2500,
  costUsd: 1.076295,
  unpricedRequests: 0,
  unpricedRecords: 0,
};

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

describe('llmcost audit on the bundled sample', () => {
  it('reports exact totals, breakdowns, the costliest requests, unpriced models and skipped lines', () => {
    const doc = auditJson([SAMPLE]);
    expect(doc.totals).toMatchObject(SAMPLE_TOTALS);
    expect(doc.ingest).toEqual([
      { file: SAMPLE, format: 'api-log', added: 9, duplicates: 1, skipped: 2, failed: 0, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.byDay.map((d: { key: string; costUsd: number; requests: number }) => [d.key, d.requests, d.costUsd])).toEqual([
      ['2025-06-02', 3, 0.03596],
      ['2025-06-03', 3, 0.041485],
      ['2025-06-04', 3, 0.99885],
    ]);
    const sonnet = doc.byModel.find((m: { model: string }) => m.model === 'claude-sonnet-4-5');
    expect(sonnet).toMatchObject({ modelId: 'claude-sonnet-4-5', provider: 'anthropic', requests: 1, costUsd: 0.981 });
    expect(doc.byModel[0].model).toBe('claude-sonnet-4-5');
    expect(doc.byModel.find((m: { model: string }) => m.model === 'gpt-4o-mini')).toMatchObject({ requests: 2, costUsd: 0.00059 });
    expect(doc.top.map((t: { id: string; costUsd: number }) => [t.id, t.costUsd])).toEqual([
      ['msg_C3', 0.981],
      ['msg_C1', 0.0354],
      ['resp_B1', 0.031],
      ['chatcmpl-A5', 0.0175],
      ['msg_C2', 0.005875],
      ['chatcmpl-A1', 0.00472],
      ['chatcmpl-A6', 0.00035],
      ['chatcmpl-A2', 0.00024],
      ['chatcmpl-A4', 0.00021],
    ]);
    expect(doc.unpriced).toEqual([]);
    expect(doc.skippedTotal).toBe(2);
    expect(doc.skipped).toEqual([
      { file: SAMPLE, line: 6, reason: expect.stringMatching(/^malformed JSON/) },
      { file: SAMPLE, line: 10, reason: 'API error response without usage (rate_limit_error)' },
    ]);
  });

  it('lists skipped lines as file:line: reason once, in the report (not again on stderr)', () => {
    const r = llmcost(['--db', db, 'audit', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${SAMPLE}:6: malformed JSON`);
    expect(r.stdout).toContain(`${SAMPLE}:10: API error response without usage`);
    expect(r.stderr).not.toContain(`${SAMPLE}:6:`);
  });

  it('prints the same table as the stored expected output', () => {
    const r = llmcost(['--db', db, 'audit', 'fixtures/usage/sample.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(fixture('expected', 'sample-audit.txt'), 'utf8'));
    // Every table fits 80 columns; the skipped-line list at the end names files, which can be any length.
    const tables = r.stdout.slice(0, r.stdout.indexOf('Skipped lines'));
    for (const line of tables.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('is idempotent: the same file again adds nothing and reports the same figures', () => {
    auditJson([SAMPLE]);
    const again = auditJson([SAMPLE]);
    expect(again.ingest[0]).toMatchObject({ added: 0, duplicates: 10, alreadyIngested: true, skipped: 2 });
    expect(again.totals).toMatchObject(SAMPLE_TOTALS);
    expect(again.skipped).toHaveLength(2);
    expect(auditJson([]).totals).toMatchObject(SAMPLE_TOTALS);
  });

  it('never double counts a request held by two files, and reports each file on its own records', () => {
    auditJson([SAMPLE]);
    const lines = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
    // The second file repeats lines 1 and 2 (same request ids) and adds one new request:
    // gpt-4o-mini 1,000 in × 0.15 + 1,000 out × 0.6 = 750 → $0.00075
    const extra = JSON.stringify({
      timestamp: '2025-06-05T00:00:00Z',
      response: { id: 'chatcmpl-NEW', object: 'chat.completion', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 1000 } },
    });
    const second = join(dir, 'second.jsonl');
    writeFileSync(second, [lines[1], lines[0], extra].join('\n') + '\n');
    const doc = auditJson([second]);
    expect(doc.ingest[0]).toMatchObject({ added: 1, duplicates: 2 });
    // This file's own records: lines 1 and 2 of the sample (4,720 + 240) and the new one (750).
    expect(doc.totals.requests).toBe(3);
    expect(doc.totals.costUsd).toBeCloseTo(0.00571, 12);
    const whole = auditJson([]);
    expect(whole.totals.requests).toBe(10);
    expect(whole.totals.costUsd).toBeCloseTo(1.077045, 12);
  });

  it('keeps identical id-less lines as separate requests, and dedupes them against another copy of the same source', () => {
    const doc = auditJson([fixture('usage', 'generic.jsonl'), '--source', 'app']);
    // 3 lines (2 identical), each gpt-4o: 2,000×2.5 + 1,000×1.25 + 200×10 = 8,250 → 3 × $0.00825
    expect(doc.totals.requests).toBe(3);
    expect(doc.totals.costUsd).toBeCloseTo(0.02475, 12);
    const copy = join(dir, 'copy.jsonl');
    copyFileSync(fixture('usage', 'generic.jsonl'), copy);
    writeFileSync(copy, readFileSync(copy, 'utf8') + '\n'); // different bytes, same requests
    // Rows without ids are scoped to their source: the copy is the same source only when labelled so.
    const again = auditJson([copy, '--source', 'app']);
    expect(again.ingest[0]).toMatchObject({ added: 0, duplicates: 3 });
    expect(again.totals.requests).toBe(3);
    expect(auditJson([]).totals.requests).toBe(3);
  });

  it('reads the generic CSV layout: "500.0" counts, request counts, skipped rows', () => {
    const doc = auditJson([fixture('usage', 'generic.csv')]);
    // gpt-4o-mini: 10,000×0.15 + 2,000×0.075 + 1,000×0.6 = 2,250; claude-haiku-4-5: 4,000×1 + 8,000×0.1 + 1,000×1.25 + 500×5 = 8,550
    expect(doc.totals).toMatchObject({ records: 2, requests: 7, inputTokens: 14000, cacheReadTokens: 10000, cacheWriteTokens: 1000, outputTokens: 1500 });
    expect(doc.totals.costUsd).toBeCloseTo(0.0108, 12);
    expect(doc.byModel.find((m: { model: string }) => m.model === 'gpt-4o-mini').costPerRequestUsd).toBeCloseTo(0.00045, 12);
    expect(doc.skipped).toEqual([{ file: fixture('usage', 'generic.csv'), line: 4, reason: 'no model' }]);
  });

  it('restricts to --since/--until days, inclusive', () => {
    const doc = auditJson([SAMPLE, '--since', '2025-06-03', '--until', '2025-06-03']);
    expect(doc.totals.requests).toBe(3);
    expect(doc.totals.costUsd).toBeCloseTo(0.041485, 12);
    expect(doc.byDay.map((d: { key: string }) => d.key)).toEqual(['2025-06-03']);
  });

  it('draws day boundaries in --tz', () => {
    // In Los Angeles (UTC-7 in June) the batch request at 2025-06-04T02:00Z falls on June 3rd.
    const doc = auditJson([SAMPLE, '--tz', 'America/Los_Angeles']);
    expect(doc.byDay.map((d: { key: string; requests: number; costUsd: number }) => [d.key, d.requests, d.costUsd])).toEqual([
      ['2025-06-02', 3, 0.03596],
      ['2025-06-03', 4, 0.058985],
      ['2025-06-04', 2, 0.98135],
    ]);
    const only = auditJson([SAMPLE, '--tz', 'America/Los_Angeles', '--since', '2025-06-04']);
    expect(only.totals.requests).toBe(2);
  });

  it('groups by feature, project, user, tag, week and month', () => {
    const byFeature = auditJson([SAMPLE, '--group-by', 'feature']).groupBy;
    expect(byFeature.key).toBe('feature');
    const f = Object.fromEntries(byFeature.rows.map((r: { key: string; requests: number; costUsd: number }) => [r.key, [r.requests, r.costUsd]]));
    expect(f).toEqual({
      'code-review': [2, 1.0164],
      '(none)': [1, 0.031],
      'nightly-eval': [1, 0.0175],
      summarize: [1, 0.005875],
      'support-bot': [2, 0.00507],
      // Lines 2 (240) and 7, the fine-tune (210).
      'classify-ticket': [2, 0.00045],
    });
    const tags = auditJson([SAMPLE, '--group-by', 'tag']).groupBy.rows.map((r: { key: string; costUsd: number }) => [r.key, r.costUsd]);
    expect(tags).toEqual([
      ['(none)', 1.075945],
      ['beta', 0.00035],
      ['eu', 0.00035],
    ]);
    expect(auditJson([SAMPLE, '--group-by', 'week']).groupBy.rows.map((r: { key: string }) => r.key)).toEqual(['2025-W23']);
    expect(auditJson([SAMPLE, '--group-by', 'month']).groupBy.rows[0]).toMatchObject({ key: '2025-06', requests: 9 });
    const projects = auditJson([SAMPLE, '--group-by', 'project']).groupBy.rows;
    expect(projects[0]).toMatchObject({ key: 'devtools', requests: 3, costUsd: 1.022275 });
  });

  it('writes CSV and Markdown', () => {
    const csv = llmcost(['--db', db, 'audit', SAMPLE, '--format', 'csv']).stdout.trimEnd().split('\n');
    expect(csv[0]).toBe(
      'model,requests,input_tokens,cache_read_tokens,cache_write_5m_tokens,cache_write_1h_tokens,output_tokens,reasoning_tokens,cost_usd,share,unpriced_requests,reported_cost_usd,cost_per_request_usd,output_input_ratio,prompt_p50,prompt_p95,prompt_p99,output_p50,output_p95,output_p99,approximate_records,approximate_cost_usd',
    );
    // Cost per request 0.981 (one request), output/prompt 2,000 / 210,000 = 0.009524, and the one request's sizes as every percentile.
    expect(csv[1]).toBe('claude-sonnet-4-5,1,150000,60000,0,0,2000,0,0.981,0.91146,0,,0.981,0.009524,210000,210000,210000,2000,2000,2000,0,0');
    expect(csv).toHaveLength(1 + 8);
    const md = llmcost(['--db', db, 'audit', SAMPLE, '--format', 'markdown']).stdout;
    expect(md).toContain('## llmcost audit');
    expect(md).toContain('| 9 | 167,526 | 83,024 | 5,500 | 7,850 | 2,500 | $1.08 | 0 |');
    // The fine-tune of line 7 is priced at the catalog's fine-tuned rates: nothing is unpriced.
    expect(md).not.toContain('### Unpriced models');
  });

  it('reports zero records for an empty file', () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const doc = auditJson([empty]);
    expect(doc.ingest[0]).toMatchObject({ format: 'empty', added: 0 });
    expect(doc.totals).toMatchObject({ requests: 0, costUsd: 0 });
  });
});
