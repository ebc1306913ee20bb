import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { litellmSpendAdapter, litellmSpendCsvAdapter } from '../../../src/ingest/formats/litellm-spend.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// Fixtures (fixtures/usage/litellm-spend/), LiteLLM_SpendLogs rows with the columns of LiteLLM's schema.prisma
// and the metadata LiteLLM's spend tracking writes (usage_object, additional_usage_values, user_api_key_alias,
// user_api_key_team_alias, status, error_information):
//  spend-logs.json   a /spend/logs API answer (JSON array), one row per line:
//    1 gpt-4o-mini, prompt 2,000 (1,024 cached) out 300, no zone on startTime, tags [prod, search]
//    2 claude-sonnet-4-5 (current LiteLLM): prompt 23,050 = 50 + 20,000 read + 3,000 written (2,000 5m + 1,000 1h),
//      out 800 (200 reasoning)
//    3 LiteLLM response-cache hit of row 1 (cache_hit "True", spend 0, the cached answer's 2,000/300 logged)
//    4 failed request (status "failure", error_information 429 RateLimitError)
//    5 Bedrock Claude 3.5 Haiku from an older LiteLLM whose prompt_tokens left cache writes out:
//      prompt 5,040 = 40 + 5,000 read; 8,000 written (only in additional_usage_values)
//    6 row 1 again (same request_id)
//    7 prompt_tokens "many"
//  spend-logs.jsonl  a database export, one row_to_json per line:
//    1 o4-mini Responses API call: prompt 1,500 (500 cached) out 2,000 (1,500 reasoning), details under the
//      Responses names (input_tokens_details, output_tokens_details) in additional_usage_values
//    2 gemini-2.5-flash on vertex_ai prompt 10,000 (4,000 cached) out 600 (400 reasoning)
//    3 metadata as JSON text, no user but end_user, no key alias, tags as JSON text   4 startTime "yesterday"
//    5 no status column, metadata.status "failure"
//  spend-logs.csv    psql \copy of the table with a header; metadata and request_tags are JSON text, times "+00":
//    1 claude-sonnet-4-5 prompt 31,200 (30,000 read, 0 written) out 500   2 cache hit   3 failed (500)
//    4 gpt-4o-mini prompt 800 out 200, metadata "{}"   5 spend "n/a"
const text = (name: string): string => readFileSync(fixture('usage', 'litellm-spend', name), 'utf8');
const jsonRows = (): unknown[] => JSON.parse(text('spend-logs.json')) as unknown[];
const jsonlRows = (): unknown[] =>
  text('spend-logs.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
const csvRows = (): unknown[] => parseCsv(text('spend-logs.csv'), { columns: true, trim: true }) as unknown[];

const detected = (content: string): string => {
  const container = sniffContainer(content);
  if (container === 'empty') throw new Error('empty sample');
  return chooseAdapter(sampleFor(container, content, container === 'json' ? JSON.parse(content) : undefined), 'sample').name;
};

const row = (extra: Record<string, unknown> = {}) => ({
  request_id: 'req-1',
  call_type: 'acompletion',
  api_key: '88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b',
  spend: 0.001,
  prompt_tokens: 100,
  completion_tokens: 10,
  startTime: '2025-06-02T09:15:00Z',
  model: 'gpt-4o-mini',
  custom_llm_provider: 'openai',
  metadata: {},
  cache_hit: 'False',
  request_tags: [],
  ...extra,
});

describe('litellm-spend adapter (JSON)', () => {
  it('splits prompt_tokens into plain input, cache reads and writes, and keeps the reported spend', () => {
    const { records } = runAdapter(litellmSpendAdapter, jsonRows());
    expect(
      records.map((r) => [
        r.line,
        r.id,
        r.model,
        r.provider,
        r.inputTokens,
        r.cacheReadTokens,
        r.cacheWrite5mTokens,
        r.cacheWrite1hTokens,
        r.outputTokens,
        r.reasoningTokens,
        r.reportedCostUsd,
      ]),
    ).toEqual([
      // 2,000 − 1,024 cached = 976
      [1, 'chatcmpl-Bf3kQ2xLL1', 'gpt-4o-mini', 'openai', 976, 1024, 0, 0, 300, 0, 0.0004032],
      // 23,050 − 20,000 − 3,000 = 50; the 3,000 written split 2,000 5m / 1,000 1h
      [2, 'chatcmpl-7c2b9e51-aa0e-4b7a-9a3e-5d1f0e2c4b11', 'claude-sonnet-4-5-20250929', 'anthropic', 50, 20000, 2000, 1000, 800, 200, 0.03165],
      [3, 'litellm:chatcmpl-Bf3kQ2xLL1_cache_hit1748855800.512', 'gpt-4o-mini', 'openai', 0, 0, 0, 0, 0, 0, 0],
      // 5,040 < 5,000 + 8,000: the writes were never inside prompt_tokens, so input = 5,040 − 5,000 = 40
      [5, 'msg_bdrk_01XyZ8k3QpLm', 'bedrock/anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock', 40, 5000, 8000, 0, 250, 0, 0.009432],
      [6, 'chatcmpl-Bf3kQ2xLL1', 'gpt-4o-mini', 'openai', 976, 1024, 0, 0, 300, 0, 0.0004032],
    ]);
    // 976 + 50 + 40 + 976 = 2,042 input; 1,024 + 20,000 + 5,000 + 1,024 = 27,048 read; 300 + 800 + 250 + 300 = 1,650 out
    expect(totals(records)).toMatchObject({
      records: 5,
      requests: 5,
      input: 2042,
      cacheRead: 27048,
      cacheWrite5m: 10000,
      cacheWrite1h: 1000,
      output: 1650,
      reasoning: 200,
    });
  });

  it('reads startTime with or without a zone as UTC', () => {
    const { records } = runAdapter(litellmSpendAdapter, jsonRows());
    expect(records[0]!.ts).toBe(Date.UTC(2025, 5, 2, 9, 15, 0, 123));
    expect(records[1]!.ts).toBe(Date.UTC(2025, 5, 2, 10, 40, 12, 4));
  });

  it('attributes rows to user, team alias, key alias and request tags', () => {
    const { records } = runAdapter(litellmSpendAdapter, jsonRows());
    expect(records[0]).toMatchObject({
      user: 'user-ana',
      project: 'search',
      apiKey: 'ci-bot',
      tags: ['prod', 'search'],
      feature: null,
      batch: false,
      requests: 1,
    });
    // No user: the end user; no team; tags given as JSON text.
    expect(records[3]).toMatchObject({ user: 'customer-42', project: null, apiKey: 'ci-bot', tags: ['nightly'] });
  });

  it("records LiteLLM's own cache hits as requests that bill no tokens, tagged", () => {
    const { records } = runAdapter(litellmSpendAdapter, jsonRows());
    expect(records[2]).toMatchObject({ requests: 1, reportedCostUsd: 0, tags: ['prod', 'search', 'litellm-cache-hit'] });
  });

  it('lists failed requests apart from skipped lines', () => {
    const { failed, skipped } = runAdapter(litellmSpendAdapter, jsonRows());
    expect(failed).toEqual([{ line: 4, reason: 'LiteLLM logged a failed request (429 RateLimitError)' }]);
    expect(skipped).toEqual([{ line: 7, reason: 'prompt_tokens is not a number (a text of 4 characters)' }]);
  });

  it('reads a database export: metadata as JSON text, status only in metadata, the hashed key when no alias', () => {
    const { records, skipped, failed } = runAdapter(litellmSpendAdapter, jsonlRows());
    expect(records.map((r) => [r.model, r.provider, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.reasoningTokens])).toEqual([
      // 1,500 − 500 cached = 1,000
      ['o4-mini', 'openai', 1000, 500, 2000, 1500],
      // 10,000 − 4,000 cached = 6,000
      ['gemini-2.5-flash', 'vertex_ai', 6000, 4000, 600, 400],
      ['gpt-4o-mini', 'openai', 100, 0, 20, 0],
    ]);
    expect(records[2]).toMatchObject({
      user: 'customer-7',
      project: null,
      apiKey: 'a73dc2e4b8b59b1f9a0b2f5d1c3e7f60a2d6c4b8e0f1a3c5d7e9b1a3c5d7e9f2',
      tags: ['support', 'tier-1'],
    });
    expect(skipped).toEqual([{ line: 4, reason: 'startTime is not a date/time (a text of 9 characters)' }]);
    expect(failed).toEqual([{ line: 5, reason: 'LiteLLM logged a failed request (408 Timeout)' }]);
  });

  it('reads the rows of a saved /spend/logs/ui page, numbered as items of data', () => {
    const page = { data: jsonRows().slice(0, 2), total: 2, page: 1, page_size: 50, total_pages: 1 };
    const { records } = runAdapter(litellmSpendAdapter, [page]);
    expect(records.map((r) => [r.line, r.inputTokens])).toEqual([
      [1, 976],
      [2, 50],
    ]);
  });

  it('marks batch retrievals as batch usage with an unknown request count', () => {
    const { records } = runAdapter(litellmSpendAdapter, [
      row({ call_type: 'aretrieve_batch', model: '', model_group: '', metadata: { batch_models: ['gpt-4o-mini'] } }),
    ]);
    expect(records[0]).toMatchObject({ model: 'gpt-4o-mini', batch: true, requests: null, inputTokens: 100 });
  });

  it('skips rows whose numbers contradict each other or are missing, saying why', () => {
    const { records, skipped } = runAdapter(litellmSpendAdapter, [
      row({ metadata: { usage_object: { prompt_tokens_details: { cached_tokens: 500 } } } }),
      row({
        prompt_tokens: 100,
        metadata: { usage_object: { prompt_tokens_details: { cached_tokens: 50, cache_creation_tokens: 80 }, cache_creation_input_tokens: 80 } },
      }),
      row({ metadata: '{not json' }),
      row({ request_id: '' }),
      row({ model: '', model_group: null }),
      row({ startTime: undefined }),
      'a line',
    ]);
    expect(records).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'prompt_tokens (100) is smaller than its cache reads (500)',
      // cache_creation_tokens among the details: this LiteLLM counts writes inside prompt_tokens, so 50 + 80 > 100 cannot be
      'prompt_tokens (100) is smaller than its cache reads and writes (50 + 80)',
      'metadata is not valid JSON (a text of 9 characters)',
      'no request_id',
      'no model (model and model_group are empty)',
      'no startTime',
      'not a JSON object',
    ]);
  });
});

describe('litellm-spend-csv adapter', () => {
  it('reads a table export with JSON text columns and Postgres "+00" times', () => {
    const { records, skipped, failed } = runAdapter(litellmSpendCsvAdapter, csvRows());
    expect(records.map((r) => [r.id, r.ts, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.outputTokens, r.reportedCostUsd, r.tags])).toEqual([
      // 31,200 − 30,000 read − 0 written = 1,200
      ['chatcmpl-5e6f7a8b-csv1', Date.UTC(2025, 5, 4, 8, 30, 0, 250), 1200, 30000, 0, 500, 0.0201, ['prod']],
      ['litellm:chatcmpl-Bf5csv2_cache_hit1749026000.1', Date.UTC(2025, 5, 4, 8, 33, 20, 100), 0, 0, 0, 0, 0, ['litellm-cache-hit']],
      ['chatcmpl-Bf5csv4', Date.UTC(2025, 5, 4, 9, 0, 0), 800, 0, 0, 200, 0.00024, []],
    ]);
    expect(records[0]).toMatchObject({ user: 'user-ben', project: 'search', apiKey: 'agents-prod', provider: 'anthropic' });
    // metadata "{}": no alias, so the team id and the hashed key.
    expect(records[2]).toMatchObject({ project: 'team-9f2c', apiKey: '88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b' });
    expect(failed).toEqual([{ line: 3, reason: 'LiteLLM logged a failed request (500 InternalServerError)' }]);
    expect(skipped).toEqual([{ line: 5, reason: 'spend is not an amount (a text of 3 characters)' }]);
  });
});

describe('litellm-spend detection', () => {
  it('recognizes the JSON array, the JSON lines and the CSV export', () => {
    expect(detected(text('spend-logs.json'))).toBe('litellm-spend');
    expect(detected(text('spend-logs.jsonl'))).toBe('litellm-spend');
    expect(detected(text('spend-logs.csv'))).toBe('litellm-spend-csv');
    expect(detected(JSON.stringify({ data: jsonRows(), total: 7, page: 1, page_size: 50, total_pages: 1 }))).toBe('litellm-spend');
    expect(detected('Request_ID , Call_Type,Spend,STARTTIME,model\n')).toBe('litellm-spend-csv');
  });

  it('wins over the OpenAI adapter when rows store the provider response', () => {
    const response = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1748855700,
      model: 'gpt-4o-mini',
      choices: [],
      usage: { prompt_tokens: 100, completion_tokens: 10 },
    };
    const line = JSON.stringify(row({ response }));
    expect(detected(`${line}\n${line}\n`)).toBe('litellm-spend');
  });

  it('leaves near misses to other formats: a daily spend table, a generic log', () => {
    // LiteLLM_DailyUserSpend rows have spend and tokens but no request_id, call_type or startTime.
    const daily = 'user_id,date,api_key,model,model_group,custom_llm_provider,prompt_tokens,completion_tokens,spend,api_requests\n';
    expect(litellmSpendCsvAdapter.detect({ container: 'csv', header: daily.trim().split(',') })).toBe(0);
    const generic = { request_id: 'r1', timestamp: '2025-06-02T09:15:00Z', model: 'gpt-4o', prompt_tokens: 10, output_tokens: 2, cost_usd: 0.01 };
    expect(litellmSpendAdapter.detect({ container: 'jsonl', values: [generic, generic] })).toBe(0);
    expect(detected(`${JSON.stringify(generic)}\n`)).toBe('generic-jsonl');
  });
});
