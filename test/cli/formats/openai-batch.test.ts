import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, llmcost, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/openai-batch/ (described in test/unit/formats/openai-batch.test.ts). Batch pricing from the
// bundled catalog (`llmcost catalog show …`, USD per 1M tokens):
//  gpt-4o-mini batch: input $0.075, output $0.30 (published); cache read 50% of $0.075 = $0.0375
//   output.jsonl  176×0.075 + 1,024×0.0375 + 150×0.3 = 13.2 + 38.4 + 45  =  96.6
//                 800×0.075 + 60×0.3                 = 60 + 18           =  78
//                 452×0.075 + 2,048×0.0375 + 400×0.3 = 33.9 + 76.8 + 120 = 230.7
//                 total 405.3 millionths → $0.0004053
//  o4-mini batch: no published batch rates, so 50% of $1.10 / $0.275 cached / $4.40 = $0.55 / $0.1375 / $2.20
//   responses-output.jsonl  2,000×0.55 + 1,000×0.1375 + 2,500×2.2 = 1,100 + 137.5 + 5,500 = 6,737.5
//                           500×0.55 + 300×2.2                     = 275 + 660             =   935
//                           total 7,672.5 millionths → $0.0076725
const OUTPUT = fixture('usage', 'openai-batch', 'output.jsonl');
const RESPONSES = fixture('usage', 'openai-batch', 'responses-output.jsonl');
const ERRORS = fixture('usage', 'openai-batch', 'errors.jsonl');

const tmp = useTempDb();
const { auditJson, ingestJson } = tmp;

describe('openai-batch end to end', () => {
  it('detects a batch output file and prices every line at batch rates', () => {
    const doc = auditJson([OUTPUT]);
    expect(doc.ingest).toEqual([
      { file: OUTPUT, format: 'openai-batch', added: 3, duplicates: 0, skipped: 0, failed: 0, conflicts: 0, replaced: 0, alreadyIngested: false },
    ]);
    expect(doc.totals).toMatchObject({
      records: 3,
      requests: 3,
      inputTokens: 176 + 800 + 452,
      cacheReadTokens: 1024 + 2048,
      cacheWriteTokens: 0,
      outputTokens: 150 + 60 + 400,
      reasoningTokens: 0,
      reportedCostUsd: null,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.0004053, 12);
  });

  it('is idempotent: ingesting the same output again adds nothing', () => {
    expect(ingestJson(OUTPUT).totals).toEqual({ added: 3, duplicates: 0, skipped: 0, failed: 0 });
    const again = ingestJson(OUTPUT);
    expect(again.totals.added).toBe(0);
    expect(auditJson([]).totals.requests).toBe(3);
  });

  it('dedupes a batch completion against the same completion in an API log (same openai:<id>)', () => {
    ingestJson(OUTPUT);
    const first = JSON.parse(readFileSync(OUTPUT, 'utf8').split('\n')[0]!) as { response: { body: unknown } };
    const log = join(tmp.dir, 'api-log.jsonl');
    writeFileSync(log, `${JSON.stringify({ timestamp: '2025-06-03T08:00:00Z', response: first.response.body })}\n`);
    const r = ingestJson(log);
    expect(r.files[0]).toMatchObject({ format: 'openai', added: 0, duplicates: 1 });
    expect(auditJson([]).totals.requests).toBe(3);
  });

  it('reads Responses API bodies with reasoning inside output', () => {
    const doc = auditJson([RESPONSES]);
    expect(doc.ingest[0]).toMatchObject({ format: 'openai-batch', added: 2, skipped: 0, failed: 0 });
    expect(doc.totals).toMatchObject({
      records: 2,
      requests: 2,
      inputTokens: 2000 + 500,
      cacheReadTokens: 1000,
      cacheWriteTokens: 0,
      outputTokens: 2500 + 300,
      reasoningTokens: 2000 + 128,
      reportedCostUsd: null,
    });
    expect(doc.totals.costUsd).toBeCloseTo(0.0076725, 12);
  });

  it('counts the error file as failed requests, not skipped lines, and lists why', () => {
    const doc = auditJson([ERRORS]);
    expect(doc.ingest[0]).toMatchObject({ format: 'openai-batch', added: 0, skipped: 0, failed: 4 });
    expect(doc.totals).toMatchObject({ records: 0, requests: 0, costUsd: 0 });
    expect(doc.failedTotal).toBe(4);
    expect(doc.failed.map((f: { line: number; reason: string }) => [f.line, f.reason.slice(0, 40)])).toEqual([
      [1, 'request failed: batch_expired'],
      [2, 'request failed: batch_expired'],
      [3, 'request failed with HTTP 400 (string_abo'],
      [4, 'request failed with HTTP 500 (server_err'],
    ]);
    // --strict does not stop on failed requests: they are not bad input.
    const strict = llmcost(['--db', join(tmp.dir, 'strict.db'), 'ingest', '--strict', ERRORS, '--json']);
    expect(strict.code).toBe(0);
    expect(JSON.parse(strict.stdout).totals).toEqual({ added: 0, duplicates: 0, skipped: 0, failed: 4 });
  });
});
