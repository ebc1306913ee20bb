import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llmcost, useTempDb } from '../helpers/cli.js';

// Three requests of one API log, priced by hand from the bundled catalog (USD per 1M tokens):
//  1 claude-opus-4-6, usage.speed "fast": Opus 4.6 × 6 (fast mode) = $30 in / $3 read / $37.50 5m write / $150 out:
//    10,000×30 + 50,000×3 + 2,000×37.5 + 1,000×150 = 675,000 → $0.675
//  2 gpt-5.5, service_tier "priority", 300,000 prompt tokens > 272k: the catalog has no priority rates above
//    272k, so the standard long-context ones stand in (LiteLLM precedence) and the cost is approximate:
//    300,000×10 + 1,000×45 = 3,045,000 → $3.045
//  3 gpt-5.5 standard: 1,000×5 + 100×30 = 8,000 → $0.008
// Total 3,728,000 millionths → $3.728, of which $3.045 (one record) approximate.
const LOG = [
  {
    timestamp: '2026-03-01T10:00:00Z',
    response: {
      id: 'msg_fast',
      type: 'message',
      model: 'claude-opus-4-6',
      usage: { input_tokens: 10_000, cache_read_input_tokens: 50_000, cache_creation_input_tokens: 2000, output_tokens: 1000, speed: 'fast' },
    },
  },
  {
    id: 'resp_priority',
    object: 'response',
    created_at: 1772359200,
    model: 'gpt-5.5',
    service_tier: 'priority',
    usage: { input_tokens: 300_000, output_tokens: 1000 },
  },
  { id: 'resp_plain', object: 'response', created_at: 1772359200, model: 'gpt-5.5', usage: { input_tokens: 1000, output_tokens: 100 } },
];

describe('fast mode and approximate costs through the database and every audit format', () => {
  const t = useTempDb();
  const write = () => {
    const file = join(t.dir, 'api.jsonl');
    writeFileSync(file, `${LOG.map((l) => JSON.stringify(l)).join('\n')}\n`);
    return file;
  };

  for (const worker of ['0', '1']) {
    it(`stores speed and the approximate mark, and reports them (parse worker ${worker === '1' ? 'on' : 'off'})`, () => {
      const file = write();
      const r = llmcost(['--db', t.db, 'audit', file, '--format', 'json'], { env: { LLMCOST_PARSE_WORKER: worker } });
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.totals).toMatchObject({ records: 3, costUsd: 3.728, approximateRecords: 1, approximateCostUsd: 3.045 });
      const top = doc.top.map((x: { id: string; costUsd: number; approximate: boolean }) => [x.id, x.costUsd, x.approximate]);
      expect(top).toEqual([
        ['resp_priority', 3.045, true],
        ['msg_fast', 0.675, false],
        ['resp_plain', 0.008, false],
      ]);
      const gpt = doc.byModel.find((m: { model: string }) => m.model === 'gpt-5.5');
      expect(gpt).toMatchObject({ costUsd: 3.053, approximateRecords: 1, approximateCostUsd: 3.045 });
      expect(doc.groupBy.rows.find((g: { key: string }) => g.key === 'gpt-5.5')).toMatchObject({ approximateRecords: 1 });
    });
  }

  it('marks approximate costs in the table, Markdown and CSV reports', () => {
    const file = write();
    t.ingestJson(file);
    const table = llmcost(['--db', t.db, 'audit']).stdout;
    expect(table).toMatch(/≈ \$3\.05 of the cost \(1 record\) is approximate/);
    expect(table).toMatch(/gpt-5\.5\s.*≈\$3\.05/);
    const md = llmcost(['--db', t.db, 'audit', '--format', 'markdown']).stdout;
    expect(md).toContain('> ≈ $3.05 of the cost (1 record) is approximate');
    expect(md).toMatch(/\| resp_priority \| gpt-5\.5 \|.*≈\$3\.05 \|/);
    const csv = llmcost(['--db', t.db, 'audit', '--format', 'csv']).stdout.trim().split('\n');
    const header = csv[0]!.split(',');
    const row = csv.find((l) => l.startsWith('gpt-5.5,'))!.split(',');
    expect(row[header.indexOf('approximate_records')]).toBe('1');
    expect(row[header.indexOf('approximate_cost_usd')]).toBe('3.045');
  });

  it('keeps the mark when stored costs are priced again under another catalog', () => {
    const file = write();
    t.ingestJson(file);
    // A config price layer changes the catalog fingerprint, so every stored record is priced again.
    writeFileSync(join(t.dir, 'llmcost.config.yaml'), 'prices:\n  acme-model: {provider: acme, input: 1, output: 2}\n');
    const r = llmcost(['--db', t.db, 'audit', '--format', 'json'], { cwd: t.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.catalog.layers).toHaveLength(2);
    expect(doc.totals).toMatchObject({ costUsd: 3.728, approximateRecords: 1 });
  });
});

describe('dated rates through the database', () => {
  const t = useTempDb();

  it('prices stored records at the rates in force at their time, at ingest and when priced again', () => {
    // deepseek-v4-pro, 100,000 in + 10,000 out, through DeepSeek's OpenAI-format API:
    //  2026-08-10 (flat $0.435 / $0.87): 43,500 + 8,700 = 52,200 → $0.0522
    //  2026-08-20 (peak $1.32 / $3.96): 132,000 + 39,600 = 171,600 → $0.1716
    const line = (id: string, created: number) =>
      JSON.stringify({ id, object: 'chat.completion', created, model: 'deepseek-v4-pro', usage: { prompt_tokens: 100_000, completion_tokens: 10_000 } });
    const file = join(t.dir, 'deepseek.jsonl');
    writeFileSync(file, `${line('a', Date.parse('2026-08-10T12:00:00Z') / 1000)}\n${line('b', Date.parse('2026-08-20T12:00:00Z') / 1000)}\n`);
    const byDay = (doc: { byDay: { key: string; costUsd: number }[] }) => doc.byDay.map((d) => [d.key, d.costUsd]);
    const expected = [
      ['2026-08-10', 0.0522],
      ['2026-08-20', 0.1716],
    ];
    expect(byDay(t.auditJson([file]))).toEqual(expected);
    writeFileSync(join(t.dir, 'llmcost.config.yaml'), 'prices:\n  acme-model: {provider: acme, input: 1, output: 2}\n');
    const again = llmcost(['--db', t.db, 'audit', '--format', 'json'], { cwd: t.dir });
    expect(again.stderr).toMatch(/repriced 2 stored records/);
    expect(byDay(JSON.parse(again.stdout))).toEqual(expected);
  });
});
