import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DetectSample } from '../../../src/ingest/adapter.js';
import { chooseAdapter, documentValues, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { openaiCostsAdapter, openaiUsageAdapter } from '../../../src/ingest/formats/openai-usage.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// Fixtures, built from the documented Usage and Costs API pages
// {object: "page", data: [{object: "bucket", start_time, end_time, results}], has_more, next_page}:
//
// openai-usage/completions-page.json — one page, daily buckets, group_by model, batch, project_id:
//   2025-06-02  gpt-4o-mini-2024-07-18  proj_support   in 120,000 (40,000 cached)  out 15,000  300 requests
//               gpt-4o-2024-08-06       proj_support   in  50,000 (0 cached)       out  8,000   40 requests, batch
//               gpt-4o-2024-08-06       proj_research  in  20,000 (5,000 cached)   out  2,000   10 requests
//   2025-06-03  (empty bucket)
//   2025-06-04  o4-mini-2025-04-16      proj_research  in  30,000 (10,000 cached)  out 12,000   25 requests
// openai-usage/completions-pages.jsonl — two pages as JSON lines, hourly buckets, group_by model, service_tier,
// with the newer breakdown fields (input_uncached_tokens, input_cache_write_tokens):
//   2025-06-04 09:00  gpt-4.1-mini-2025-04-14 default   in 9,000 = 6,000 uncached + 3,000 cached          out 1,200  12 req
//                     gpt-4.1-mini-2025-04-14 priority  in 4,000 = 4,000 uncached                         out   500   5 req
//   2025-06-04 10:00  (empty bucket)
//   2025-06-04 11:00  gpt-4.1-mini-2025-04-14 default   in 2,500 = 1,000 uncached + 1,000 cached + 500 written  out 100  2 req
// openai-usage/completions-pages-array.json — the same two pages as one JSON array.
// openai-costs/costs-page.json — one page, group_by line_item, project_id:
//   2025-06-02  0.12 "gpt-4o-mini-2024-07-18, input" · "0.09" (a string) "…, output" · 0.003 "…, cached input" (proj_support)
//               0.0625 "gpt-4o-2024-08-06, input" · 0.025 "web search tool calls" (proj_research)
//   2025-06-03  (empty bucket)
//   2025-06-04  0.4 "o4-mini-2025-04-16, output" (proj_research)
// openai-costs/costs-pages.jsonl — two pages, not grouped: 1.50 on 2025-06-02, 0.75 on 2025-06-03, an empty 2025-06-04.
const read = (dir: string, name: string): string => readFileSync(fixture('usage', dir, name), 'utf8');
const values = (dir: string, name: string): unknown[] => {
  const text = read(dir, name);
  return sniffContainer(text) === 'json'
    ? documentValues(JSON.parse(text))
    : text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l));
};
const sample = (text: string): DetectSample => {
  const container = sniffContainer(text);
  if (container === 'empty') throw new Error('empty sample');
  return sampleFor(container, text, container === 'json' ? JSON.parse(text) : undefined);
};
const detected = (dir: string, name: string): string => chooseAdapter(sample(read(dir, name)), name).name;

const DAY = 86_400;
const result = (extra: Record<string, unknown> = {}) => ({
  object: 'organization.usage.completions.result',
  input_tokens: 1000,
  input_cached_tokens: 200,
  output_tokens: 50,
  num_model_requests: 4,
  model: 'gpt-4o',
  project_id: null,
  user_id: null,
  api_key_id: null,
  batch: null,
  service_tier: null,
  ...extra,
});
const bucket = (results: unknown[], start: unknown = 1748822400) => ({ object: 'bucket', start_time: start, end_time: 1748822400 + DAY, results });
const page = (...buckets: unknown[]) => ({ object: 'page', data: buckets, has_more: false, next_page: null });
const cost = (amount: unknown, lineItem: unknown = null, extra: Record<string, unknown> = {}) => ({
  object: 'organization.costs.result',
  amount,
  line_item: lineItem,
  project_id: null,
  ...extra,
});

describe('openai-usage adapter', () => {
  it('makes one record per result: input_tokens minus the cached part, requests from num_model_requests, time from the bucket start', () => {
    const { records, skipped, failed } = runAdapter(openaiUsageAdapter, values('openai-usage', 'completions-page.json'));
    expect(skipped).toEqual([]);
    expect(failed).toEqual([]);
    expect(records.map((r) => [r.ts, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.requests, r.batch, r.project])).toEqual([
      // 120,000 − 40,000 = 80,000
      [1748822400_000, 'gpt-4o-mini-2024-07-18', 80_000, 40_000, 15_000, 300, false, 'proj_support'],
      [1748822400_000, 'gpt-4o-2024-08-06', 50_000, 0, 8_000, 40, true, 'proj_support'],
      // 20,000 − 5,000 = 15,000
      [1748822400_000, 'gpt-4o-2024-08-06', 15_000, 5_000, 2_000, 10, false, 'proj_research'],
      // the empty 2025-06-03 bucket gives nothing; 30,000 − 10,000 = 20,000
      [1748995200_000, 'o4-mini-2025-04-16', 20_000, 10_000, 12_000, 25, false, 'proj_research'],
    ]);
    expect(records[0]).toMatchObject({
      id: 'openai-usage:1748822400:1748908800:gpt-4o-mini-2024-07-18:proj_support:::false:',
      provider: 'openai',
      user: null,
      apiKey: null,
      serviceTier: null,
      reportedCostUsd: null,
      line: 1,
    });
    // 80,000 + 50,000 + 15,000 + 20,000 = 165,000; 40,000 + 5,000 + 10,000 = 55,000;
    // 15,000 + 8,000 + 2,000 + 12,000 = 37,000; 300 + 40 + 10 + 25 = 375 requests
    expect(totals(records)).toMatchObject({ records: 4, requests: 375, input: 165_000, cacheRead: 55_000, cacheWrite5m: 0, output: 37_000, reasoning: 0 });
  });

  it('reads JSON lines of pages and a JSON array of pages alike, with the same ids', () => {
    const fromLines = runAdapter(openaiUsageAdapter, values('openai-usage', 'completions-pages.jsonl'));
    const fromArray = runAdapter(openaiUsageAdapter, values('openai-usage', 'completions-pages-array.json'));
    expect(fromLines.skipped).toEqual([]);
    expect(
      fromLines.records.map((r) => [r.line, r.ts, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.outputTokens, r.requests, r.serviceTier]),
    ).toEqual([
      // input_uncached_tokens agrees with input_tokens − cached − written: 9,000 − 3,000 − 0 = 6,000
      [1, 1749027600_000, 6000, 3000, 0, 1200, 12, 'default'],
      [1, 1749027600_000, 4000, 0, 0, 500, 5, 'priority'],
      // 2,500 − 1,000 cached − 500 written = 1,000
      [2, 1749034800_000, 1000, 1000, 500, 100, 2, 'default'],
    ]);
    expect(fromArray.records.map((r) => r.id)).toEqual(fromLines.records.map((r) => r.id));
    expect(fromLines.records[1]!.id).toBe('openai-usage:1749027600:1749031200:gpt-4.1-mini-2025-04-14:::::priority');
    // 6,000 + 4,000 + 1,000 = 11,000; 3,000 + 1,000 = 4,000 cached; 500 written; 1,200 + 500 + 100 = 1,800; 12 + 5 + 2 = 19
    expect(totals(fromArray.records)).toMatchObject({ records: 3, requests: 19, input: 11_000, cacheRead: 4000, cacheWrite5m: 500, output: 1800 });
  });

  it('reads a bare bucket, results without "object", numeric strings, and keeps attribution', () => {
    const { records, skipped } = runAdapter(openaiUsageAdapter, [
      bucket([{ ...result({ user_id: 'user-abc', api_key_id: 'key_xyz', service_tier: 'flex', batch: false, input_tokens: '1000' }), object: undefined }]),
    ]);
    expect(skipped).toEqual([]);
    expect(records[0]).toMatchObject({
      id: 'openai-usage:1748822400:1748908800:gpt-4o::user-abc:key_xyz:false:flex',
      inputTokens: 800,
      cacheReadTokens: 200,
      user: 'user-abc',
      apiKey: 'key_xyz',
      serviceTier: 'flex',
    });
  });

  it('does not add audio tokens on top of input_tokens/output_tokens (the documented totals include them)', () => {
    const { records } = runAdapter(openaiUsageAdapter, [page(bucket([result({ input_audio_tokens: 300, output_audio_tokens: 40 })]))]);
    expect(records[0]).toMatchObject({ inputTokens: 800, cacheReadTokens: 200, outputTokens: 50 });
  });

  it('skips each unusable result or bucket on its own, naming it by its path, and reads the rest of the page', () => {
    const { records, skipped } = runAdapter(openaiUsageAdapter, [
      page(
        bucket([
          result({ model: null }),
          result({ input_uncached_tokens: 700 }),
          result({ input_cached_tokens: 2000 }),
          result({ output_tokens: 'many' }),
          { object: 'organization.usage.embeddings.result', input_tokens: 5, num_model_requests: 1, model: 'text-embedding-3-small' },
          'x',
          result({ model: 'gpt-4o-mini' }),
        ]),
        bucket([result()], null),
        { object: 'bucket', start_time: 1748822400 },
        bucket([]),
      ),
      { object: 'list', data: 'nope' },
      [page()],
    ]);
    expect(records.map((r) => r.model)).toEqual(['gpt-4o-mini']);
    expect(skipped).toEqual([
      { line: 1, reason: 'data[0].results[0].model is null: fetch the usage grouped by model (group_by=model) so it can be priced' },
      { line: 1, reason: 'data[0].results[1]: input_uncached_tokens (700) disagrees with input_tokens − input_cached_tokens − input_cache_write_tokens (800)' },
      { line: 1, reason: 'data[0].results[2]: input_cached_tokens (2000) and input_cache_write_tokens (0) exceed input_tokens (1000)' },
      { line: 1, reason: 'data[0].results[3].output_tokens is not a number (a text of 4 characters)' },
      { line: 1, reason: 'data[0].results[4] is not organization.usage.completions.result (organization.usage.embeddings.result)' },
      { line: 1, reason: 'data[0].results[5] is not an object' },
      { line: 1, reason: 'data[1].start_time is not a time (null)' },
      { line: 1, reason: 'data[2] is not a bucket with a "results" list' },
      { line: 2, reason: 'not an OpenAI usage or costs page (no "data" list of buckets) nor a bucket (no "results" list)' },
      { line: 3, reason: 'not a JSON object' },
    ]);
  });
});

describe('openai-costs adapter', () => {
  it('makes a cost-only record per result: no tokens, requests 0, the amount as reported cost, the model from "<model>, <kind>"', () => {
    const { records, skipped } = runAdapter(openaiCostsAdapter, values('openai-costs', 'costs-page.json'));
    expect(skipped).toEqual([]);
    expect(records.map((r) => [r.ts, r.model, r.reportedCostUsd, r.project])).toEqual([
      [1748822400_000, 'gpt-4o-mini-2024-07-18', 0.12, 'proj_support'],
      [1748822400_000, 'gpt-4o-mini-2024-07-18', 0.09, 'proj_support'],
      [1748822400_000, 'gpt-4o-mini-2024-07-18', 0.003, 'proj_support'],
      [1748822400_000, 'gpt-4o-2024-08-06', 0.0625, 'proj_research'],
      // not of the "<model>, <kind>" form: the line item as it is
      [1748822400_000, 'web search tool calls', 0.025, 'proj_research'],
      [1748995200_000, 'o4-mini-2025-04-16', 0.4, 'proj_research'],
    ]);
    expect(records[0]).toMatchObject({ id: 'openai-costs:1748822400:1748908800:gpt-4o-mini-2024-07-18, input:proj_support:', provider: 'openai', requests: 0 });
    // 0.12 + 0.09 + 0.003 + 0.0625 + 0.025 + 0.4 = 0.7005
    const t = totals(records);
    expect(t).toMatchObject({ records: 6, requests: 0, input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0 });
    expect(t.reportedCostUsd).toBeCloseTo(0.7005, 10);
  });

  it('labels results not grouped by line item, one record per bucket', () => {
    const { records } = runAdapter(openaiCostsAdapter, values('openai-costs', 'costs-pages.jsonl'));
    expect(records.map((r) => [r.line, r.ts, r.model, r.reportedCostUsd, r.id])).toEqual([
      [1, 1748822400_000, 'openai costs (all line items)', 1.5, 'openai-costs:1748822400:1748908800:::'],
      [2, 1748908800_000, 'openai costs (all line items)', 0.75, 'openai-costs:1748908800:1748995200:::'],
    ]);
  });

  it('keeps a non-USD amount out of the reported USD cost, and skips results without a usable amount', () => {
    const { records, skipped } = runAdapter(openaiCostsAdapter, [
      page(
        bucket([
          cost({ value: 3, currency: 'eur' }, 'gpt-4o, input'),
          cost({ value: '0.5' }, 'gpt-4o, output', { api_key_id: 'key_abc' }),
          cost({ value: 'n/a', currency: 'usd' }),
          cost(null),
          result(),
          cost({ value: 1, currency: 'usd' }, 'odd item,'),
        ]),
      ),
    ]);
    expect(records.map((r) => [r.model, r.reportedCostUsd, r.apiKey])).toEqual([
      ['gpt-4o', null, null],
      // no currency: the API only states USD
      ['gpt-4o', 0.5, 'key_abc'],
      ['odd item,', 1, null],
    ]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'data[0].results[2].amount.value is not an amount (a text of 3 characters)',
      'data[0].results[3].amount.value is missing',
      'data[0].results[4] is not organization.costs.result (organization.usage.completions.result)',
    ]);
  });
});

describe('openai-usage and openai-costs detection', () => {
  it('recognizes each fixture as its own API, whether one page, an array of pages or JSON lines of pages', () => {
    expect(detected('openai-usage', 'completions-page.json')).toBe('openai-usage');
    expect(detected('openai-usage', 'completions-pages.jsonl')).toBe('openai-usage');
    expect(detected('openai-usage', 'completions-pages-array.json')).toBe('openai-usage');
    expect(detected('openai-costs', 'costs-page.json')).toBe('openai-costs');
    expect(detected('openai-costs', 'costs-pages.jsonl')).toBe('openai-costs');
  });

  it('gives a file of nothing but empty buckets to the usage adapter (it reads as zero records)', () => {
    const empty: DetectSample = { container: 'json', values: [page(bucket([]))] };
    expect(openaiUsageAdapter.detect(empty)).toBe(1);
    expect(openaiCostsAdapter.detect(empty)).toBe(0);
    // With results of its kind anywhere in the sample, empty pages count toward it.
    const costs: DetectSample = { container: 'jsonl', values: [page(bucket([])), page(bucket([cost({ value: 1, currency: 'usd' })]))] };
    expect(openaiCostsAdapter.detect(costs)).toBe(40);
    expect(openaiUsageAdapter.detect(costs)).toBe(0);
  });

  it('does not claim near misses: other Usage API endpoints, or an Anthropic usage report', () => {
    const embeddings: DetectSample = {
      container: 'json',
      values: [page(bucket([{ object: 'organization.usage.embeddings.result', input_tokens: 5, num_model_requests: 1 }]))],
    };
    const anthropic: DetectSample = {
      container: 'json',
      values: [
        {
          data: [
            {
              starting_at: '2025-06-02T00:00:00Z',
              ending_at: '2025-06-03T00:00:00Z',
              results: [{ uncached_input_tokens: 5, output_tokens: 1, model: 'claude-sonnet-4-5' }],
            },
          ],
          has_more: false,
          next_page: null,
        },
      ],
    };
    for (const s of [embeddings, anthropic]) {
      expect(openaiUsageAdapter.detect(s)).toBe(0);
      expect(openaiCostsAdapter.detect(s)).toBe(0);
    }
    expect(openaiCostsAdapter.detect(sample(read('openai-usage', 'completions-page.json')))).toBe(0);
    expect(openaiUsageAdapter.detect(sample(read('openai-costs', 'costs-page.json')))).toBe(0);
  });
});
