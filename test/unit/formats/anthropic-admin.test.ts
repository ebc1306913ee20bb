import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DetectSample } from '../../../src/ingest/adapter.js';
import { chooseAdapter, documentValues, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { anthropicCostReportAdapter, anthropicUsageReportAdapter } from '../../../src/ingest/formats/anthropic-admin.js';
import { openaiCostsAdapter, openaiUsageAdapter } from '../../../src/ingest/formats/openai-usage.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// Fixtures, built from the documented Admin API pages {data: [{starting_at, ending_at, results}], has_more, next_page}
// (no `object` tags; usage results have uncached_input_tokens, cache_creation.{ephemeral_5m,1h}_input_tokens,
// cache_read_input_tokens, output_tokens, server_tool_use; cost results have amount in cents as a string + currency):
//
// anthropic-usage/usage-report-page.json — one page, daily buckets, grouped by model, workspace_id, api_key_id,
// service_tier, context_window (account_id, service_account_id, inference_geo present and null):
//   2025-06-02  claude-sonnet-4-5-20250929  wrkspc_01Support  standard 0-200k   uncached 120,000  5m 20,000  1h 4,000  read 300,000  out 18,000  (3 web searches)
//               claude-sonnet-4-5-20250929  wrkspc_01Support  batch    0-200k   uncached 400,000                        read       0  out 60,000
//               claude-sonnet-4-5-20250929  wrkspc_01Research standard 200k-1M  uncached 500,000                        read 250,000  out  5,000
//   2025-06-03  (empty bucket)
//   2025-06-04  claude-haiku-4-5-20251001   default workspace priority 0-200k  uncached  50,000  5m 10,000           read  40,000  out  8,000
// anthropic-usage/usage-report-pages.jsonl — two pages as JSON lines, hourly buckets, grouped by model only (older
// field set: no account_id / inference_geo), the first page with has_more and a next_page token:
//   2025-06-04 09:00  claude-opus-4-6            uncached 2,000  5m 1,000           read 6,000  out 1,500
//                     claude-haiku-4-5-20251001  uncached 3,000           1h 2,000  read     0  out   400
//   2025-06-04 10:00  (empty bucket)
//   2025-06-04 11:00  claude-opus-4-6            uncached 1,000           1h   500  read 4,000  out   700
// anthropic-usage/usage-report-pages-array.json — the same two pages as one JSON array.
// anthropic-cost/cost-report-page.json — one page grouped by workspace_id and description, the cost of the usage
// page's 2025-06-02 sonnet rows line by line (amounts in cents), plus web search and code execution:
//   wrkspc_01Support   "36.00" input · "27.00" output · "9.00" cache read · "7.5" 5m write · "2.4" 1h write (standard)
//                      "60.00" input · "45.00" output (batch) · "3.00" Web Search Usage
//   wrkspc_01Research  "300.00" input · "15.00" cache read · "11.25" output (200k-1M) · "5.123" Code Execution Usage
//   2025-06-03 (empty bucket)
// anthropic-cost/cost-report-pages.jsonl — two ungrouped pages: "521.273" on 2025-06-02, an empty 2025-06-03, "48.7" on 2025-06-04.
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

const usage = (extra: Record<string, unknown> = {}) => ({
  uncached_input_tokens: 1000,
  cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 100 },
  cache_read_input_tokens: 200,
  output_tokens: 50,
  server_tool_use: { web_search_requests: 0 },
  api_key_id: null,
  workspace_id: null,
  model: 'claude-sonnet-4-5',
  service_tier: null,
  context_window: null,
  ...extra,
});
const cost = (amount: unknown, extra: Record<string, unknown> = {}) => ({
  currency: 'USD',
  amount,
  workspace_id: null,
  description: null,
  cost_type: null,
  model: null,
  token_type: null,
  ...extra,
});
const bucket = (results: unknown[], start: unknown = '2025-06-02T00:00:00Z') => ({ starting_at: start, ending_at: '2025-06-03T00:00:00Z', results });
const page = (...buckets: unknown[]) => ({ data: buckets, has_more: false, next_page: null });
const JUNE_2 = Date.UTC(2025, 5, 2);
const JUNE_4 = Date.UTC(2025, 5, 4);
const HOUR = 3_600_000;

describe('anthropic-usage adapter', () => {
  it('makes one record per result: uncached input as plain input, 5m/1h writes apart, no request count, time from starting_at', () => {
    const { records, skipped, failed } = runAdapter(anthropicUsageReportAdapter, values('anthropic-usage', 'usage-report-page.json'));
    expect(skipped).toEqual([]);
    expect(failed).toEqual([]);
    expect(
      records.map((r) => [r.ts, r.model, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens, r.outputTokens, r.requests]),
    ).toEqual([
      [JUNE_2, 'claude-sonnet-4-5-20250929', 120_000, 300_000, 20_000, 4000, 18_000, null],
      [JUNE_2, 'claude-sonnet-4-5-20250929', 400_000, 0, 0, 0, 60_000, null],
      [JUNE_2, 'claude-sonnet-4-5-20250929', 500_000, 250_000, 0, 0, 5000, null],
      // the empty 2025-06-03 bucket gives nothing
      [JUNE_4, 'claude-haiku-4-5-20251001', 50_000, 40_000, 10_000, 0, 8000, null],
    ]);
    // standard → default tier; batch → the batch flag (no tier); 0-200k / 200k-1M → long context false / true
    expect(records.map((r) => [r.batch, r.serviceTier, r.longContext, r.project, r.apiKey])).toEqual([
      [false, 'default', false, 'wrkspc_01Support', 'apikey_01Support'],
      [true, null, false, 'wrkspc_01Support', 'apikey_01Batch'],
      [false, 'default', true, 'wrkspc_01Research', 'apikey_01Research'],
      // the default workspace and Console usage have null ids
      [false, 'priority', false, null, null],
    ]);
    expect(records[0]).toMatchObject({
      id: 'anthropic-usage:2025-06-02T00:00:00.000Z:2025-06-03T00:00:00.000Z:claude-sonnet-4-5-20250929:wrkspc_01Support:apikey_01Support:::standard:0-200k::',
      provider: 'anthropic',
      user: null,
      reportedCostUsd: null,
      reasoningTokens: 0,
      tags: [],
      line: 1,
    });
    // 120,000 + 400,000 + 500,000 + 50,000 = 1,070,000; reads 300,000 + 250,000 + 40,000 = 590,000;
    // 5m 20,000 + 10,000 = 30,000; 1h 4,000; out 18,000 + 60,000 + 5,000 + 8,000 = 91,000; requests unknown (0 summed)
    expect(totals(records)).toMatchObject({
      records: 4,
      requests: 0,
      input: 1_070_000,
      cacheRead: 590_000,
      cacheWrite5m: 30_000,
      cacheWrite1h: 4000,
      output: 91_000,
      reasoning: 0,
    });
  });

  it('reads JSON lines of pages and a JSON array of pages alike, with the same ids; ungrouped fields mean standard rates', () => {
    const fromLines = runAdapter(anthropicUsageReportAdapter, values('anthropic-usage', 'usage-report-pages.jsonl'));
    const fromArray = runAdapter(anthropicUsageReportAdapter, values('anthropic-usage', 'usage-report-pages-array.json'));
    expect(fromLines.skipped).toEqual([]);
    expect(
      fromLines.records.map((r) => [r.line, r.ts, r.model, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens, r.outputTokens]),
    ).toEqual([
      [1, JUNE_4 + 9 * HOUR, 'claude-opus-4-6', 2000, 6000, 1000, 0, 1500],
      [1, JUNE_4 + 9 * HOUR, 'claude-haiku-4-5-20251001', 3000, 0, 0, 2000, 400],
      // the empty 10:00 bucket gives nothing
      [2, JUNE_4 + 11 * HOUR, 'claude-opus-4-6', 1000, 4000, 0, 500, 700],
    ]);
    // Not grouped by context window: a bucket's sum is not one request, so it never takes long-context rates.
    expect(fromLines.records.map((r) => [r.longContext, r.serviceTier, r.batch, r.requests])).toEqual([
      [false, null, false, null],
      [false, null, false, null],
      [false, null, false, null],
    ]);
    expect(fromArray.records.map((r) => r.id)).toEqual(fromLines.records.map((r) => r.id));
    expect(fromLines.records[2]!.id).toBe('anthropic-usage:2025-06-04T11:00:00.000Z:2025-06-04T12:00:00.000Z:claude-opus-4-6::::::::');
    // 2,000 + 3,000 + 1,000 = 6,000; reads 6,000 + 4,000 = 10,000; 5m 1,000; 1h 2,000 + 500 = 2,500; out 1,500 + 400 + 700 = 2,600
    expect(totals(fromArray.records)).toMatchObject({ records: 3, input: 6000, cacheRead: 10_000, cacheWrite5m: 1000, cacheWrite1h: 2500, output: 2600 });
  });

  it('reads a bare bucket and numeric strings, keeps the caller, speed and the other dimensions, and keys on every group', () => {
    const { records, skipped } = runAdapter(anthropicUsageReportAdapter, [
      bucket([
        usage({ uncached_input_tokens: '1000', account_id: 'user_01Ab', inference_geo: 'us', speed: 'fast', service_tier: 'flex' }),
        usage({ service_account_id: 'svac_01Cd', cache_creation: null, inference_geo: 'not_available' }),
      ]),
    ]);
    expect(skipped).toEqual([]);
    expect(records[0]).toMatchObject({
      id: 'anthropic-usage:2025-06-02T00:00:00.000Z:2025-06-03T00:00:00.000Z:claude-sonnet-4-5:::user_01Ab::flex::us:fast',
      inputTokens: 1000,
      cacheWrite5mTokens: 100,
      user: 'user_01Ab',
      serviceTier: 'flex',
      speed: 'fast',
      tags: ['inference_geo:us', 'speed:fast'],
    });
    expect(records[1]).toMatchObject({ user: 'svac_01Cd', cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, speed: null, tags: ['inference_geo:not_available'] });
  });

  it('gives the same bucket the same id however precisely its times are written', () => {
    const a = runAdapter(anthropicUsageReportAdapter, [page(bucket([usage()], '2025-06-02T00:00:00Z'))]);
    const b = runAdapter(anthropicUsageReportAdapter, [page(bucket([usage()], '2025-06-02T00:00:00.000000+00:00'))]);
    expect(b.records[0]!.id).toBe(a.records[0]!.id);
  });

  it('skips each unusable result or bucket on its own, naming it by its path, and reads the rest of the page', () => {
    const { records, skipped, failed } = runAdapter(anthropicUsageReportAdapter, [
      page(
        bucket([
          usage({ model: null }),
          usage({ output_tokens: 'many' }),
          usage({ cache_creation: 5 }),
          usage({ context_window: '1M-2M' }),
          { model: 'claude-sonnet-4-5', cache_read_input_tokens: 5 },
          'x',
          usage({ model: 'claude-haiku-4-5' }),
        ]),
        bucket([usage()], null),
        { starting_at: '2025-06-02T00:00:00Z' },
        bucket([]),
      ),
      { type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' } },
      { data: 'nope' },
      [page()],
    ]);
    expect(failed).toEqual([]);
    expect(records.map((r) => r.model)).toEqual(['claude-haiku-4-5']);
    expect(skipped).toEqual([
      { line: 1, reason: 'data[0].results[0].model is null: fetch the report grouped by model (group_by[]=model) so it can be priced' },
      { line: 1, reason: 'data[0].results[1].output_tokens is not a number (a text of 4 characters)' },
      { line: 1, reason: 'data[0].results[2].cache_creation is not an object' },
      { line: 1, reason: 'data[0].results[3].context_window is not "0-200k" or "200k-1M" (a text of 5 characters)' },
      { line: 1, reason: 'data[0].results[4] has no uncached_input_tokens or output_tokens' },
      { line: 1, reason: 'data[0].results[5] is not an object' },
      { line: 1, reason: 'data[1].starting_at is not a time (null)' },
      { line: 1, reason: 'data[2] is not a bucket with a "results" list' },
      { line: 2, reason: 'an API error response, not a report page (rate_limit_error)' },
      { line: 3, reason: 'not an Anthropic usage or cost report page (no "data" list of buckets) nor a bucket (no "results" list)' },
      { line: 4, reason: 'not a JSON object' },
    ]);
  });
});

describe('anthropic-cost adapter', () => {
  it('makes a cost-only record per result: no tokens, requests 0, cents as dollars, the model when given, else the description', () => {
    const { records, skipped } = runAdapter(anthropicCostReportAdapter, values('anthropic-cost', 'cost-report-page.json'));
    expect(skipped).toEqual([]);
    const S = 'claude-sonnet-4-5-20250929';
    expect(records.map((r) => [r.model, r.project, r.batch, r.longContext])).toEqual([
      [S, 'wrkspc_01Support', false, false],
      [S, 'wrkspc_01Support', false, false],
      [S, 'wrkspc_01Support', false, false],
      [S, 'wrkspc_01Support', false, false],
      [S, 'wrkspc_01Support', false, false],
      [S, 'wrkspc_01Support', true, false],
      [S, 'wrkspc_01Support', true, false],
      // not a token cost: labelled by its description
      ['Web Search Usage', 'wrkspc_01Support', false, null],
      [S, 'wrkspc_01Research', false, true],
      [S, 'wrkspc_01Research', false, true],
      [S, 'wrkspc_01Research', false, true],
      ['Code Execution Usage', 'wrkspc_01Research', false, null],
    ]);
    // cents / 100: "36.00" → $0.36 … "3.00" → $0.03, "5.123" → $0.05123
    const dollars = [0.36, 0.27, 0.09, 0.075, 0.024, 0.6, 0.45, 0.03, 3, 0.15, 0.1125, 0.05123];
    records.forEach((r, i) => {
      expect(r.reportedCostUsd).toBeCloseTo(dollars[i]!, 12);
    });
    expect(records.every((r) => r.ts === JUNE_2 && r.provider === 'anthropic' && r.requests === 0)).toBe(true);
    expect(records[0]).toMatchObject({
      id: `anthropic-cost:2025-06-02T00:00:00.000Z:2025-06-03T00:00:00.000Z:wrkspc_01Support:Claude Sonnet 4.5 Usage - Input Tokens:tokens:${S}:uncached_input_tokens:standard:0-200k::`,
      serviceTier: 'default',
    });
    // The batch line differs from the standard one only in its service tier, which keeps their ids apart.
    expect(new Set(records.map((r) => r.id)).size).toBe(12);
    // 36 + 27 + 9 + 7.5 + 2.4 + 60 + 45 + 3 + 300 + 15 + 11.25 + 5.123 = 521.273 cents = $5.21273
    const t = totals(records);
    expect(t).toMatchObject({ records: 12, requests: 0, input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0 });
    expect(t.reportedCostUsd).toBeCloseTo(5.21273, 10);
  });

  it('labels results not grouped by description, one record per bucket', () => {
    const { records, skipped } = runAdapter(anthropicCostReportAdapter, values('anthropic-cost', 'cost-report-pages.jsonl'));
    expect(skipped).toEqual([]);
    expect(records.map((r) => [r.line, r.ts, r.model, r.id])).toEqual([
      [1, JUNE_2, 'anthropic costs (all items)', 'anthropic-cost:2025-06-02T00:00:00.000Z:2025-06-03T00:00:00.000Z:::::::::'],
      [2, JUNE_4, 'anthropic costs (all items)', 'anthropic-cost:2025-06-04T00:00:00.000Z:2025-06-05T00:00:00.000Z:::::::::'],
    ]);
    // "521.273" and "48.7" cents
    expect(records[0]!.reportedCostUsd).toBeCloseTo(5.21273, 12);
    expect(records[1]!.reportedCostUsd).toBeCloseTo(0.487, 12);
  });

  it('keeps a non-USD amount out of the reported USD cost, reads numbers and credits, and skips results without a usable amount', () => {
    const { records, skipped } = runAdapter(anthropicCostReportAdapter, [
      page(
        bucket([
          cost('250', { currency: 'EUR', model: 'claude-haiku-4-5', cost_type: 'tokens' }),
          cost(12.5, { description: 'Claude Haiku 4.5 Usage - Output Tokens', cost_type: 'tokens' }),
          cost('-40.00', { description: 'Credit' }),
          cost('n/a'),
          cost(null),
          usage(),
          cost('1', { cost_type: 'session_usage' }),
        ]),
      ),
    ]);
    expect(records.map((r) => [r.model, r.reportedCostUsd])).toEqual([
      ['claude-haiku-4-5', null],
      // no model: the description
      ['Claude Haiku 4.5 Usage - Output Tokens', 0.125],
      ['Credit', -0.4],
      // a non-token cost without a description: its cost type
      ['session_usage', 0.01],
    ]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'data[0].results[3].amount is not an amount (a text of 3 characters)',
      'data[0].results[4].amount is missing',
      'data[0].results[5].amount is missing',
    ]);
  });
});

describe('anthropic-usage and anthropic-cost detection', () => {
  it('recognizes each fixture as its own report, whether one page, an array of pages or JSON lines of pages', () => {
    expect(detected('anthropic-usage', 'usage-report-page.json')).toBe('anthropic-usage');
    expect(detected('anthropic-usage', 'usage-report-pages.jsonl')).toBe('anthropic-usage');
    expect(detected('anthropic-usage', 'usage-report-pages-array.json')).toBe('anthropic-usage');
    expect(detected('anthropic-cost', 'cost-report-page.json')).toBe('anthropic-cost');
    expect(detected('anthropic-cost', 'cost-report-pages.jsonl')).toBe('anthropic-cost');
  });

  it('gives a file of nothing but empty buckets to the usage adapter (it reads as zero records)', () => {
    const empty: DetectSample = { container: 'json', values: [page(bucket([]))] };
    expect(anthropicUsageReportAdapter.detect(empty)).toBe(1);
    expect(anthropicCostReportAdapter.detect(empty)).toBe(0);
    // With results of its kind anywhere in the sample, empty pages count toward it.
    const costs: DetectSample = { container: 'jsonl', values: [page(bucket([])), page(bucket([cost('1')]))] };
    expect(anthropicCostReportAdapter.detect(costs)).toBe(40);
    expect(anthropicUsageReportAdapter.detect(costs)).toBe(0);
  });

  it('does not claim near misses: OpenAI usage and costs pages, a Claude Code analytics report, a Messages API log', () => {
    const openaiUsage: DetectSample = {
      container: 'json',
      values: [
        {
          object: 'page',
          data: [
            {
              object: 'bucket',
              start_time: 1748822400,
              end_time: 1748908800,
              results: [{ object: 'organization.usage.completions.result', input_tokens: 5, output_tokens: 1, num_model_requests: 1 }],
            },
          ],
        },
      ],
    };
    const openaiCosts: DetectSample = {
      container: 'json',
      values: [
        {
          object: 'page',
          data: [
            {
              object: 'bucket',
              start_time: 1748822400,
              end_time: 1748908800,
              results: [{ object: 'organization.costs.result', amount: { value: 0.5, currency: 'usd' } }],
            },
          ],
        },
      ],
    };
    const claudeCode: DetectSample = {
      container: 'json',
      values: [
        {
          data: [
            {
              date: '2025-06-02T00:00:00Z',
              actor: { type: 'user_actor', email_address: 'a@example.com' },
              model_breakdown: [{ model: 'claude-sonnet-4-5', tokens: { input: 5, output: 1, cache_read: 0, cache_creation: 0 } }],
            },
          ],
          has_more: false,
          next_page: null,
        },
      ],
    };
    const messagesLog: DetectSample = {
      container: 'jsonl',
      values: [
        {
          timestamp: '2025-06-02T10:00:00Z',
          response: { id: 'msg_01', type: 'message', model: 'claude-sonnet-4-5', usage: { input_tokens: 5, output_tokens: 1, cache_read_input_tokens: 0 } },
        },
      ],
    };
    for (const s of [openaiUsage, openaiCosts, claudeCode, messagesLog]) {
      expect(anthropicUsageReportAdapter.detect(s)).toBe(0);
      expect(anthropicCostReportAdapter.detect(s)).toBe(0);
    }
    expect(anthropicCostReportAdapter.detect(sample(read('anthropic-usage', 'usage-report-page.json')))).toBe(0);
    expect(anthropicUsageReportAdapter.detect(sample(read('anthropic-cost', 'cost-report-page.json')))).toBe(0);
    // and the OpenAI organization adapters leave the Anthropic reports alone
    for (const [dir, name] of [
      ['anthropic-usage', 'usage-report-pages.jsonl'],
      ['anthropic-cost', 'cost-report-page.json'],
    ] as const) {
      expect(openaiUsageAdapter.detect(sample(read(dir, name)))).toBe(0);
      expect(openaiCostsAdapter.detect(sample(read(dir, name)))).toBe(0);
    }
  });
});
