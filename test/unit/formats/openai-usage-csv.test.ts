import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { openaiUsageCsvAdapter } from '../../../src/ingest/formats/openai-usage-csv.js';
import { openaiUsageAdapter } from '../../../src/ingest/formats/openai-usage.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// fixtures/usage/openai-usage-csv/, daily buckets as the dashboard exports them (counts written "3.0"):
//  completions_usage_2025-06-02_2025-06-04.csv, rows 1..9 (file lines 2..10):
//   1 2025-06-02 gpt-4o-2024-08-06 proj_A user-1 key_1: 3 requests, input 5,000 of which 4,000 cached, output 1,000
//   2 2025-06-02 gpt-4o-mini-2024-07-18 proj_A user-2 key_2: 12 requests, input 20,000, output 3,000
//   3 2025-06-02 gpt-4o-2024-08-06 proj_B (no user) key_3, batch True: 2 requests, input 10,000, output 2,000
//   4 2025-06-02 o3-2025-04-16 proj_B user-3 key_3, service_tier flex: 5 requests, input 8,000 of which 2,000 cached, output 6,000
//   5 2025-06-03 a bucket without results: only its four time columns are filled → no record, not a skip
//   6 2025-06-04 input_tokens "12.5" → skipped
//   7 2025-06-04 input_cached_tokens 200 > input_tokens 100 → skipped
//   8 2025-06-04 no model → skipped
//   9 2025-06-04 ft:gpt-4o-mini-2024-07-18:acme::9xYz: 1 request, input 1,500, output 500 (a fine-tune: priced at the catalog's fine-tuned rates of its base)
//  completions_usage_2025-06-02_2025-06-02.csv: the same day in another column order with an extra
//   input_image_tokens column; rows 1 and 2 are rows 1 and 4 above again, row 3 is new (gpt-4.1-mini, proj_C).
//  empty_completions_usage_2025-07-01_2025-07-02.csv: a period without usage, exported with the time columns only.
const WIDE = fixture('usage', 'openai-usage-csv', 'completions_usage_2025-06-02_2025-06-04.csv');
const ONE_DAY = fixture('usage', 'openai-usage-csv', 'completions_usage_2025-06-02_2025-06-02.csv');
const EMPTY = fixture('usage', 'openai-usage-csv', 'empty_completions_usage_2025-07-01_2025-07-02.csv');
const DAY1 = 1748822400; // 2025-06-02T00:00:00Z
const DAY2 = 1748908800;

/** CSV rows as the ingest pipeline hands them to an adapter: objects keyed by the header, values trimmed. */
function rows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string>[];
}

function detectedFormat(path: string): string {
  const head = readFileSync(path, 'utf8');
  expect(sniffContainer(head)).toBe('csv');
  return chooseAdapter(sampleFor('csv', head), path).name;
}

const row = (o: Record<string, string>) => ({
  start_time: String(DAY1),
  end_time: String(DAY2),
  start_time_iso: '2025-06-02T00:00:00+00:00',
  end_time_iso: '2025-06-03T00:00:00+00:00',
  project_id: 'proj_A',
  num_model_requests: '1.0',
  user_id: 'user-1',
  api_key_id: 'key_1',
  model: 'gpt-4o-2024-08-06',
  batch: 'False',
  service_tier: 'default',
  input_tokens: '100.0',
  output_tokens: '10.0',
  input_cached_tokens: '0.0',
  input_uncached_tokens: '100.0',
  ...o,
});

describe('openai-usage-csv adapter', () => {
  it('reads each row as a bucket: input_tokens minus its cached part is plain input, ts is the bucket start', () => {
    const { records, skipped, failed } = runAdapter(openaiUsageCsvAdapter, rows(WIDE));
    expect(failed).toEqual([]);
    expect(records.map((r) => [r.line, r.model, r.requests, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.batch, r.serviceTier])).toEqual([
      [1, 'gpt-4o-2024-08-06', 3, 5000 - 4000, 4000, 1000, false, 'default'],
      [2, 'gpt-4o-mini-2024-07-18', 12, 20_000, 0, 3000, false, 'default'],
      [3, 'gpt-4o-2024-08-06', 2, 10_000, 0, 2000, true, 'default'],
      [4, 'o3-2025-04-16', 5, 8000 - 2000, 2000, 6000, false, 'flex'],
      [9, 'ft:gpt-4o-mini-2024-07-18:acme::9xYz', 1, 1500, 0, 500, false, 'default'],
    ]);
    expect(records[0]).toMatchObject({
      id: `openai-usage:${DAY1}:${DAY2}:gpt-4o-2024-08-06:proj_A:user-1:key_1:false:default`,
      ts: DAY1 * 1000,
      provider: 'openai',
      project: 'proj_A',
      user: 'user-1',
      apiKey: 'key_1',
      reasoningTokens: 0,
      cacheWrite5mTokens: 0,
      reportedCostUsd: null,
    });
    // A column the export left empty is not part of the attribution.
    expect(records[2]).toMatchObject({ user: null, id: `openai-usage:${DAY1}:${DAY2}:gpt-4o-2024-08-06:proj_B::key_3:true:default` });
    // requests 3+12+2+5+1 = 23; input 1,000+20,000+10,000+6,000+1,500 = 38,500; cached 4,000+2,000 = 6,000;
    // output 1,000+3,000+2,000+6,000+500 = 12,500.
    expect(totals(records)).toMatchObject({ records: 5, requests: 23, input: 38_500, cacheRead: 6000, output: 12_500, reasoning: 0, reportedCostUsd: 0 });
    // Row 5 is an empty bucket: neither a record nor a skip.
    expect(skipped).toEqual([
      { line: 6, reason: 'input_tokens is not a whole number (12.5)' },
      { line: 7, reason: 'input_cached_tokens (200) exceeds input_tokens (100)' },
      { line: 8, reason: 'no model: export the usage grouped by model so it can be priced' },
    ]);
  });

  it('maps columns by name, whatever their order, ignores extra columns, and gives a bucket the same id in every export', () => {
    const wide = runAdapter(openaiUsageCsvAdapter, rows(WIDE)).records;
    const { records, skipped } = runAdapter(openaiUsageCsvAdapter, rows(ONE_DAY));
    expect(skipped).toEqual([]);
    expect(records.map((r) => r.id)).toEqual([
      wide[0]!.id,
      wide[3]!.id,
      `openai-usage:${DAY1}:${DAY2}:gpt-4.1-mini-2025-04-14:proj_C:user-4:key_4:false:default`,
    ]);
    // gpt-4.1-mini: input 3,000 of which 1,000 cached, output 500, 4 requests.
    expect(records[2]).toMatchObject({ inputTokens: 2000, cacheReadTokens: 1000, outputTokens: 500, requests: 4 });
    expect(records[0]).toMatchObject({ inputTokens: 1000, cacheReadTokens: 4000, outputTokens: 1000, requests: 3 });
  });

  it('keys a bucket exactly as the Usage API JSON adapter does, so one bucket in both exports counts once', () => {
    const page = {
      object: 'page',
      data: [
        {
          object: 'bucket',
          start_time: DAY1,
          end_time: DAY2,
          results: [
            {
              object: 'organization.usage.completions.result',
              input_tokens: 5000,
              output_tokens: 1000,
              input_cached_tokens: 4000,
              num_model_requests: 3,
              project_id: 'proj_A',
              user_id: 'user-1',
              api_key_id: 'key_1',
              model: 'gpt-4o-2024-08-06',
              batch: false,
              service_tier: 'default',
            },
          ],
        },
      ],
    };
    const json = runAdapter(openaiUsageAdapter, [page]).records;
    const csv = runAdapter(openaiUsageCsvAdapter, rows(WIDE)).records;
    expect(json).toHaveLength(1);
    expect(csv[0]).toMatchObject({ id: json[0]!.id, ts: json[0]!.ts, inputTokens: json[0]!.inputTokens, cacheReadTokens: json[0]!.cacheReadTokens });
  });

  it('takes the ISO start when the epoch column is empty, and reads cache writes where the export has them', () => {
    const { records } = runAdapter(openaiUsageCsvAdapter, [
      row({ start_time: '', end_time: '' }),
      // input 1,000 = 600 plain + 300 cached + 100 written to the cache.
      row({ input_tokens: '1000.0', input_cached_tokens: '300.0', input_cache_write_tokens: '100.0', input_uncached_tokens: '600.0' }),
    ]);
    expect(records[0]).toMatchObject({ ts: DAY1 * 1000, id: `openai-usage:${DAY1}:${DAY2}:gpt-4o-2024-08-06:proj_A:user-1:key_1:false:default` });
    expect(records[1]).toMatchObject({ inputTokens: 600, cacheReadTokens: 300, cacheWrite5mTokens: 100 });
  });

  it('skips rows whose figures do not add up or cannot be read, saying which column', () => {
    const { records, skipped } = runAdapter(openaiUsageCsvAdapter, [
      row({ input_uncached_tokens: '90.0' }),
      row({ start_time: 'yesterday' }),
      row({ start_time: '', start_time_iso: '' }),
      row({ num_model_requests: '-1.0' }),
      row({ batch: 'maybe' }),
      row({ input_tokens: '', output_tokens: '' }),
      'not a row',
    ]);
    expect(records).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'input_uncached_tokens (90) disagrees with input_tokens − input_cached_tokens − input_cache_write_tokens (100)',
      'start_time is not a time (a text of 9 characters)',
      'no start_time',
      'num_model_requests is negative (-1)',
      'batch is not true or false (a text of 5 characters)',
      'no input_tokens or output_tokens',
      'not a CSV row',
    ]);
  });

  it('is detected from its header, and only from its header', () => {
    expect(detectedFormat(WIDE)).toBe('openai-usage-csv');
    expect(detectedFormat(ONE_DAY)).toBe('openai-usage-csv');
    // An export of a period without usage has only the time columns: claimed weakly, read as nothing.
    expect(detectedFormat(EMPTY)).toBe('openai-usage-csv');
    expect(runAdapter(openaiUsageCsvAdapter, rows(EMPTY))).toEqual({ records: [], skipped: [], failed: [] });
    // Near misses: the dashboard's cost export, an embeddings usage export (no output_tokens), llmcost's
    // generic layout, and the time columns with anything else.
    const detect = (header: string[]) => openaiUsageCsvAdapter.detect({ container: 'csv', header });
    expect(detect(['start_time', 'end_time', 'start_time_iso', 'end_time_iso', 'amount_value', 'amount_currency', 'line_item', 'project_id'])).toBe(0);
    expect(
      detect(['start_time', 'end_time', 'start_time_iso', 'end_time_iso', 'project_id', 'num_model_requests', 'api_key_id', 'model', 'input_tokens']),
    ).toBe(0);
    expect(detect(['timestamp', 'provider', 'model', 'input_tokens', 'cached_tokens', 'output_tokens', 'requests', 'project'])).toBe(0);
    expect(detect(['start_time', 'end_time', 'start_time_iso', 'end_time_iso', 'notes'])).toBe(0);
    expect(detectedFormat(fixture('usage', 'generic.csv'))).not.toBe('openai-usage-csv');
    // Headers compare case-insensitively and trimmed.
    expect(detect([' Start_Time', 'NUM_MODEL_REQUESTS ', 'Input_Tokens', 'output_tokens'])).toBe(300);
  });
});
