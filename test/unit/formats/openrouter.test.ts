import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { openrouterActivityCsvAdapter, openrouterGenerationAdapter } from '../../../src/ingest/formats/openrouter.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// Fixtures, laid out after OpenRouter's documented GET /api/v1/generation answer and the activity export:
//  openrouter/generations.jsonl   one generation per line, bare or as the {"data": …} answer:
//    1 {data} openai/gpt-4o, native prompt 2,400 (1,024 cached) out 350; tokens_prompt 2,391 is the normalized count
//    2 bare anthropic/claude-sonnet-4.5, native prompt 12,000 (10,000 cached) out 800 (300 reasoning)
//    3 {data} google/gemini-2.5-flash, cancelled mid-stream after 5,000 in / 120 out (billed $0.0018)
//    4 {data} openai/gpt-4o-mini BYOK: total_cost $0.0000135 is OpenRouter's fee, native 1,000 / 200
//    5 line 1 again, saved bare (a second lookup of the same generation)
//    6 {data} native counts null, only the normalized tokens_prompt/tokens_completion
//    7 a failed lookup: {"error": {"code": 404, "message": "Generation not found"}}
//    8 {data} finish_reason "error", no tokens, no cost
//    9 an OpenRouter chat completion (usage accounting) for anthropic/claude-haiku-4.5:
//      prompt_tokens 25,612 = 12 plain + 25,600 written to the cache, out 200, cost $0.033012
//   10 {data} openai/o4-mini, native prompt 3,000 (1,024 cached) out 2,000 (1,500 reasoning)
//  openrouter/generations.json    a JSON array of two {data} answers: line 2 again, and openai/gpt-4.1
//  openrouter-csv/activity.csv    the activity export with its real 24-column header; generation ids shared
//    with the JSON lines where the request is the same:
//    2 gpt-4o (= jsonl 1)  3 claude-4.5-sonnet (= jsonl 2)  4 gemini-2.5-flash cancelled (= jsonl 3)
//    5 deepseek/deepseek-chat, variant "free"  6 gpt-4o-mini BYOK (= jsonl 4)  7 finish "error", no tokens
//    8 tokens_prompt "n/a"  9 o4-mini (= jsonl 10)  10 tokens_cached 200 > tokens_prompt 100
const text = (...parts: string[]): string => readFileSync(fixture('usage', ...parts), 'utf8');
const jsonLines = (): unknown[] =>
  text('openrouter', 'generations.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
const csvRows = (): unknown[] => parseCsv(text('openrouter-csv', 'activity.csv'), { columns: true, trim: true }) as unknown[];

const detected = (content: string): string => {
  const container = sniffContainer(content);
  if (container === 'empty') throw new Error('empty sample');
  return chooseAdapter(sampleFor(container, content, container === 'json' ? JSON.parse(content) : undefined), 'sample').name;
};

const generation = (extra: Record<string, unknown> = {}) => ({
  id: 'gen-1',
  created_at: '2025-10-02T14:03:11.482+00:00',
  model: 'openai/gpt-4o',
  total_cost: 0.001,
  tokens_prompt: 90,
  tokens_completion: 9,
  native_tokens_prompt: 100,
  native_tokens_completion: 10,
  native_tokens_cached: 0,
  native_tokens_reasoning: 0,
  ...extra,
});

describe('openrouter adapter (generation records)', () => {
  it('prices from the native counts: prompt minus its cached part, completion with its reasoning', () => {
    const { records } = runAdapter(openrouterGenerationAdapter, jsonLines());
    const byLine = new Map(records.map((r) => [r.line, r]));
    // Line 1: input 2,400 − 1,024 = 1,376; the normalized tokens_prompt 2,391 is not used.
    expect(byLine.get(1)).toMatchObject({
      id: 'gen-1759413791-Xk2pQ8vR4sT6uW1yZ3aB',
      ts: Date.parse('2025-10-02T14:03:11.482Z'),
      provider: 'openrouter',
      model: 'openai/gpt-4o',
      inputTokens: 1376,
      cacheReadTokens: 1024,
      outputTokens: 350,
      reasoningTokens: 0,
      requests: 1,
      reportedCostUsd: 0.00822,
      user: 'u-42',
      tags: [],
    });
    // Line 2: 12,000 − 10,000 = 2,000 plain input; the 300 reasoning tokens stay inside the 800 output.
    expect(byLine.get(2)).toMatchObject({
      model: 'anthropic/claude-sonnet-4.5',
      inputTokens: 2000,
      cacheReadTokens: 10_000,
      outputTokens: 800,
      reasoningTokens: 300,
      reportedCostUsd: 0.021,
    });
    // Line 10: 3,000 − 1,024 = 1,976.
    expect(byLine.get(10)).toMatchObject({
      model: 'openai/o4-mini',
      inputTokens: 1976,
      cacheReadTokens: 1024,
      outputTokens: 2000,
      reasoningTokens: 1500,
      reportedCostUsd: 0.0112552,
    });
  });

  it('keeps cancelled generations (they bill what they used) and BYOK ones, tagged', () => {
    const { records } = runAdapter(openrouterGenerationAdapter, jsonLines());
    const byLine = new Map(records.map((r) => [r.line, r]));
    expect(byLine.get(3)).toMatchObject({ inputTokens: 5000, outputTokens: 120, reportedCostUsd: 0.0018, tags: ['cancelled'] });
    expect(byLine.get(4)).toMatchObject({ model: 'openai/gpt-4o-mini', inputTokens: 1000, outputTokens: 200, reportedCostUsd: 0.0000135, tags: ['byok'] });
  });

  it('reads an OpenRouter chat completion: cache writes come out of prompt_tokens, usage.cost is the reported cost', () => {
    const { records } = runAdapter(openrouterGenerationAdapter, jsonLines());
    // 25,612 − 0 cached − 25,600 written = 12 plain input.
    expect(records.find((r) => r.line === 9)).toMatchObject({
      id: 'gen-1759416300-Hj8kL0zX2cV4bN6mQ8wE',
      ts: 1759416300_000,
      provider: 'openrouter',
      model: 'anthropic/claude-haiku-4.5',
      inputTokens: 12,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 25_600,
      cacheWrite1hTokens: 0,
      outputTokens: 200,
      reportedCostUsd: 0.033012,
    });
  });

  it('emits a re-fetched generation under the same id, and skips or fails the lines it cannot use, saying why', () => {
    const { records, skipped, failed } = runAdapter(openrouterGenerationAdapter, jsonLines());
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 9, 10]);
    expect(records[4]!.id).toBe(records[0]!.id);
    expect(skipped).toEqual([
      { line: 6, reason: 'no native token counts (native_tokens_prompt, native_tokens_completion are null)' },
      { line: 7, reason: 'API error response instead of a generation record (404)' },
    ]);
    expect(failed).toEqual([{ line: 8, reason: 'generation ended with an error and used no tokens' }]);
    // Lines 1, 2, 3, 4, 5 (= 1), 9, 10.
    expect(totals(records)).toMatchObject({
      records: 7,
      requests: 7,
      input: 1376 + 2000 + 5000 + 1000 + 1376 + 12 + 1976,
      cacheRead: 1024 + 10_000 + 1024 + 1024,
      cacheWrite5m: 25_600,
      output: 350 + 800 + 120 + 200 + 350 + 200 + 2000,
      reasoning: 300 + 1500,
    });
  });

  it('reads the items of a JSON array file the same way', () => {
    const { records } = runAdapter(openrouterGenerationAdapter, JSON.parse(text('openrouter', 'generations.json')) as unknown[]);
    // Item 2: 4,000 − 2,048 = 1,952.
    expect(records.map((r) => [r.id, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.user])).toEqual([
      ['gen-1759414012-Lm9nB2vC5xZ8qW3eR7tY', 'anthropic/claude-sonnet-4.5', 2000, 10_000, 800, null],
      ['gen-1759490000-Wc3vB5nM7qA9sD1fG3hJ', 'openai/gpt-4.1', 1952, 2048, 500, 'u-7'],
    ]);
  });

  it('refuses counts that contradict each other or are not numbers, and records without a time', () => {
    const { records, skipped } = runAdapter(openrouterGenerationAdapter, [
      { data: generation({ native_tokens_cached: 150 }) },
      { data: generation({ native_tokens_prompt: 'many' }) },
      { data: generation({ created_at: 'soon' }) },
      { data: generation({ created_at: undefined }) },
      { data: generation({ native_tokens_completion: null, native_tokens_prompt: 40, service_tier: 'flex' }) },
      {
        id: 'gen-2',
        object: 'chat.completion',
        created: 1759416300,
        model: 'anthropic/claude-haiku-4.5',
        usage: { prompt_tokens: 10, completion_tokens: 1, cost: 0.0001, prompt_tokens_details: { cached_tokens: 4, cache_write_tokens: 8 } },
      },
      { hello: 'world' },
    ]);
    expect(skipped).toEqual([
      { line: 1, reason: 'native_tokens_cached (150) is more than native_tokens_prompt (100), which includes it' },
      { line: 2, reason: 'native_tokens_prompt is not a number (a text of 4 characters)' },
      { line: 3, reason: 'created_at is not a date/time (a text of 4 characters)' },
      { line: 4, reason: 'no created_at in the generation record' },
      { line: 6, reason: 'usage.prompt_tokens_details.cache_write_tokens (8) is more than the uncached part of usage.prompt_tokens (6)' },
      { line: 7, reason: 'no OpenRouter generation record (bare or under "data") or OpenRouter chat completion found' },
    ]);
    // A missing completion count with a prompt count is a request that produced nothing.
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ line: 5, inputTokens: 40, outputTokens: 0, serviceTier: 'flex' });
  });

  it('keeps a generation that ended with an error but used tokens, tagged, and takes attribution from an envelope', () => {
    const { records, failed } = runAdapter(openrouterGenerationAdapter, [
      { logged_at: '2025-10-02T15:00:00Z', project: 'search', response: { data: generation({ finish_reason: 'error', native_tokens_completion: 0 }) } },
    ]);
    expect(failed).toEqual([]);
    expect(records[0]).toMatchObject({
      id: 'gen-1',
      project: 'search',
      inputTokens: 100,
      outputTokens: 0,
      tags: ['error'],
      ts: Date.parse('2025-10-02T14:03:11.482Z'),
    });
  });
});

describe('openrouter-csv adapter (activity export)', () => {
  it('maps the export by header name: tokens_prompt includes tokens_cached, tokens_completion includes tokens_reasoning', () => {
    const { records } = runAdapter(openrouterActivityCsvAdapter, csvRows());
    // runAdapter numbers rows from 1: row n is file line n + 1.
    const byRow = new Map(records.map((r) => [r.line, r]));
    expect(byRow.get(1)).toMatchObject({
      id: 'gen-1759413791-Xk2pQ8vR4sT6uW1yZ3aB',
      ts: Date.parse('2025-10-02T14:03:11.482Z'),
      provider: 'openrouter',
      model: 'openai/gpt-4o-2024-08-06',
      inputTokens: 2400 - 1024,
      cacheReadTokens: 1024,
      outputTokens: 350,
      reportedCostUsd: 0.00822,
      user: 'u-42',
      apiKey: 'prod-backend',
      feature: 'Acme Support',
      tags: [],
    });
    expect(byRow.get(2)).toMatchObject({
      model: 'anthropic/claude-4.5-sonnet-20250929',
      inputTokens: 2000,
      cacheReadTokens: 10_000,
      outputTokens: 800,
      reasoningTokens: 300,
      user: null,
    });
    expect(byRow.get(3)).toMatchObject({
      model: 'google/gemini-2.5-flash',
      inputTokens: 5000,
      outputTokens: 120,
      reportedCostUsd: 0.0018,
      tags: ['cancelled'],
    });
    // A free variant is named like OpenRouter's request slug, so it is not priced at the paid model's rates.
    expect(byRow.get(4)).toMatchObject({ model: 'deepseek/deepseek-chat:free', inputTokens: 900, outputTokens: 150, reportedCostUsd: 0, feature: null });
    // byok_usage_inference > 0 marks a BYOK request; cost_total is OpenRouter's fee.
    expect(byRow.get(5)).toMatchObject({ model: 'openai/gpt-4o-mini-2024-07-18', reportedCostUsd: 0.0000135, tags: ['byok'] });
    expect(byRow.get(8)).toMatchObject({
      model: 'openai/o4-mini-2025-04-16',
      inputTokens: 3000 - 1024,
      cacheReadTokens: 1024,
      outputTokens: 2000,
      reasoningTokens: 1500,
    });
  });

  it('fails the errored row, skips the unusable ones, and sums what is left', () => {
    const { records, skipped, failed } = runAdapter(openrouterActivityCsvAdapter, csvRows());
    expect(failed).toEqual([{ line: 6, reason: 'generation ended with an error and used no tokens' }]);
    expect(skipped).toEqual([
      { line: 7, reason: 'tokens_prompt is not a number (a text of 3 characters)' },
      { line: 9, reason: 'tokens_cached (200) is more than tokens_prompt (100), which includes it' },
    ]);
    expect(totals(records)).toMatchObject({
      records: 6,
      requests: 6,
      input: 1376 + 2000 + 5000 + 900 + 1000 + 1976,
      cacheRead: 1024 + 10_000 + 1024,
      output: 350 + 800 + 120 + 150 + 200 + 2000,
      reasoning: 300 + 1500,
    });
    // 0.00822 + 0.021 + 0.0018 + 0 + 0.0000135 + 0.0112552
    expect(totals(records).reportedCostUsd).toBeCloseTo(0.0422887, 10);
  });

  it('reads headers case-insensitively and names what is missing', () => {
    const { records, skipped } = runAdapter(openrouterActivityCsvAdapter, [
      {
        Generation_ID: 'gen-9',
        ' Created_At': '2025-10-02 14:03:11',
        Cost_Total: '0.1',
        Tokens_Prompt: '10',
        Tokens_Completion: '1',
        Model_Permaslug: 'openai/gpt-4o',
        Variant: 'Standard',
      },
      { generation_id: 'gen-10', created_at: '2025-10-02 14:03:11', tokens_prompt: '10', tokens_completion: '1', model_permaslug: '' },
      { generation_id: 'gen-11', created_at: '', tokens_prompt: '10', tokens_completion: '1', model_permaslug: 'openai/gpt-4o' },
      { generation_id: 'gen-12', created_at: '2025-10-02 14:03:11', tokens_prompt: '', tokens_completion: '', model_permaslug: 'openai/gpt-4o' },
    ]);
    expect(records[0]).toMatchObject({ id: 'gen-9', model: 'openai/gpt-4o', inputTokens: 10, outputTokens: 1, reportedCostUsd: 0.1 });
    expect(skipped.map((s) => s.reason)).toEqual(['no model_permaslug', 'no created_at', 'no token counts (tokens_prompt, tokens_completion are empty)']);
  });
});

describe('openrouter detection', () => {
  it('recognizes the generation dump, the JSON array and the activity export', () => {
    expect(detected(text('openrouter', 'generations.jsonl'))).toBe('openrouter');
    expect(detected(text('openrouter', 'generations.json'))).toBe('openrouter');
    expect(detected(text('openrouter-csv', 'activity.csv'))).toBe('openrouter-csv');
  });

  it('takes OpenRouter chat completions from the OpenAI adapter, but not plain OpenAI ones', () => {
    const completion = (id: string, usage: Record<string, unknown>) =>
      JSON.stringify({ id, object: 'chat.completion', created: 1759416300, model: 'openai/gpt-4o', choices: [], usage });
    expect(detected(completion('gen-1759416300-a', { prompt_tokens: 10, completion_tokens: 1, cost: 0.00004 }) + '\n')).toBe('openrouter');
    expect(detected(completion('chatcmpl-1', { prompt_tokens: 10, completion_tokens: 1 }) + '\n')).toBe('openai');
  });

  it("leaves near misses alone: another router's generation record, and the daily /activity rollup as CSV", () => {
    // OrcaRouter answers /v1/generation with a similar record, but without native counts.
    const orca = JSON.stringify({
      data: {
        id: '20260810120000-abc123',
        model: 'openai/gpt-4o',
        created_at: 1786360000,
        tokens_prompt: 1100,
        tokens_completion: 420,
        total_cost: 0.00123,
        cost_currency: 'USD',
      },
    });
    expect(openrouterGenerationAdapter.detect(sampleFor('jsonl', orca + '\n'))).toBe(0);
    const rollup =
      'date,model,model_permaslug,endpoint_id,provider_name,usage,byok_usage_inference,requests,prompt_tokens,completion_tokens,reasoning_tokens\n';
    expect(openrouterActivityCsvAdapter.detect(sampleFor('csv', rollup))).toBe(0);
    expect(detected(rollup)).not.toBe('openrouter-csv');
    expect(openrouterActivityCsvAdapter.detect({ container: 'jsonl', values: [] })).toBe(0);
    expect(openrouterGenerationAdapter.detect({ container: 'csv', header: ['generation_id'] })).toBe(0);
  });
});
