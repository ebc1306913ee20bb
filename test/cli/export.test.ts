import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, llmcost, useTempDb } from '../helpers/cli.js';

const t = useTempDb();
const { auditJson } = t;
const FILES = [
  fixture('usage', 'sample.jsonl'),
  fixture('usage', 'litellm-spend', 'spend-logs.json'),
  fixture('usage', 'claude-code'),
  fixture('usage', 'openai-usage'),
];

function exportOut(args: string[]): string {
  const r = llmcost(['--db', t.db, 'export', ...args]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('llmcost export', () => {
  it('writes every record as JSON lines with the documented columns, summing to the audit totals', () => {
    const doc = auditJson(FILES);
    const rows = exportOut(['--format', 'jsonl'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(doc.totals.records);
    expect(Object.keys(rows[0])).toEqual([
      'id',
      'scope',
      'ts',
      'provider',
      'model',
      'model_id',
      'input_tokens',
      'cache_read_tokens',
      'cache_write_5m_tokens',
      'cache_write_1h_tokens',
      'output_tokens',
      'reasoning_tokens',
      'requests',
      'batch',
      'service_tier',
      'long_context',
      'reported_cost_usd',
      'cost_usd',
      'project',
      'user',
      'api_key',
      'feature',
      'tags',
      'replay',
      'source_format',
    ]);
    const sum = (k: string) => rows.reduce((n, r) => n + (r[k] ?? 0), 0);
    expect(sum('input_tokens')).toBe(doc.totals.inputTokens);
    expect(sum('output_tokens')).toBe(doc.totals.outputTokens);
    expect(sum('requests')).toBe(doc.totals.requests);
    expect(sum('cost_usd')).toBeCloseTo(doc.totals.costUsd, 9);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(r.ts) && Array.isArray(r.tags))).toBe(true);
  });

  it('writes CSV with a header, empty fields for nulls and tags as a JSON array; --since limits the rows', () => {
    auditJson(FILES);
    const csv = exportOut(['--format', 'csv']).trim().split('\n');
    expect(csv[0]!.split(',')).toContain('cache_write_1h_tokens');
    const all = exportOut(['--format', 'jsonl']).trim().split('\n').length;
    expect(csv.length - 1).toBe(all);
    const since = exportOut(['--format', 'jsonl', '--since', '2025-06-01'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(since.length).toBeGreaterThan(0);
    expect(since.length).toBeLessThan(all);
    expect(since.every((r) => r.ts >= '2025-06-01')).toBe(true);
  });

  it('writes Parquet (typed columns, tags as a list) that reads back to the same records; rollups sum to the same totals', async () => {
    const doc = auditJson(FILES);
    const file = join(t.dir, 'records.parquet');
    exportOut(['--format', 'parquet', '-o', file]);
    const { parquetReadObjects, parquetMetadataAsync } = await import('hyparquet');
    const b = readFileSync(file);
    const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
    const rows = (await parquetReadObjects({ file: ab })) as Record<string, unknown>[];
    const jsonl = exportOut(['--format', 'jsonl'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(jsonl.length);
    for (const [i, r] of rows.entries()) {
      const j = jsonl[i];
      expect({
        ...r,
        ts: (r['ts'] as Date).toISOString(),
        input_tokens: Number(r['input_tokens']),
        output_tokens: Number(r['output_tokens']),
        requests: r['requests'] === null ? null : Number(r['requests']),
      }).toMatchObject({
        id: j.id,
        ts: j.ts,
        model: j.model,
        input_tokens: j.input_tokens,
        output_tokens: j.output_tokens,
        requests: j.requests,
        tags: j.tags,
        cost_usd: j.cost_usd,
        batch: j.batch,
      });
    }
    const meta = await parquetMetadataAsync(ab);
    expect(meta.key_value_metadata).toContainEqual({ key: 'llmcost.export_schema', value: 'records/1' });
    const rollups = exportOut(['--rollups', '--format', 'jsonl'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rollups.reduce((n, r) => n + r.input_tokens, 0)).toBe(doc.totals.inputTokens);
    expect(rollups.reduce((n, r) => n + r.records, 0)).toBe(doc.totals.records);
    expect(rollups.reduce((n, r) => n + r.cost_usd, 0)).toBeCloseTo(doc.totals.costUsd, 9);
    expect(rollups.every((r) => Date.parse(r.bucket_start) % 900_000 === 0)).toBe(true);
  });

  it('refuses Parquet on stdout', () => {
    auditJson(FILES);
    const r = llmcost(['--db', t.db, 'export', '--format', 'parquet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/name it with -o FILE/);
  });
});
