import { describe, expect, it } from 'vitest';
import { chooseAdapter, sniffContainer } from '../../src/ingest/detect.js';
import { anthropicAdapter } from '../../src/ingest/formats/anthropic.js';
import { apiLogAdapter } from '../../src/ingest/formats/api-log.js';
import { genericCsvAdapter, genericJsonlAdapter } from '../../src/ingest/formats/generic.js';
import { openaiAdapter } from '../../src/ingest/formats/openai.js';
import { redactApiKey, redactRecord } from '../../src/ingest/redact.js';
import { runAdapter } from '../helpers/adapters.js';

const chat = (id: string, usage: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  object: 'chat.completion',
  created: 1748855700,
  model: 'gpt-4o',
  choices: [],
  usage,
  ...extra,
});

describe('openai adapter', () => {
  it('splits prompt_tokens into plain input and cached input, keeping reasoning inside output', () => {
    const { records } = runAdapter(openaiAdapter, [
      chat('chatcmpl-1', {
        prompt_tokens: 2000,
        completion_tokens: 700,
        prompt_tokens_details: { cached_tokens: 1536 },
        completion_tokens_details: { reasoning_tokens: 500 },
      }),
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      id: 'chatcmpl-1',
      ts: 1748855700_000,
      provider: 'openai',
      model: 'gpt-4o',
      inputTokens: 464,
      cacheReadTokens: 1536,
      outputTokens: 700,
      reasoningTokens: 500,
      requests: 1,
    });
  });

  it('splits cache writes out of the prompt too: input = prompt − cached − cache_write (Chat Completions and Responses)', () => {
    const { records, skipped } = runAdapter(openaiAdapter, [
      // 10,000 prompt = 3,000 plain + 2,000 cached + 5,000 written.
      chat(
        'chatcmpl-w',
        { prompt_tokens: 10000, completion_tokens: 1000, prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 5000 } },
        { model: 'gpt-5.6' },
      ),
      {
        id: 'resp_w',
        object: 'response',
        created_at: 1748876400,
        model: 'gpt-5.6',
        usage: { input_tokens: 8000, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 8000 }, output_tokens: 10 },
      },
      // 6 written but only 10 − 8 = 2 uncached: the counts contradict each other.
      chat('chatcmpl-bad', { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 8, cache_write_tokens: 6 } }),
    ]);
    expect(records.map((r) => [r.id, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens, r.outputTokens])).toEqual([
      ['chatcmpl-w', 3000, 2000, 5000, 0, 1000],
      ['resp_w', 0, 0, 8000, 0, 10],
    ]);
    expect(skipped).toEqual([
      { line: 3, reason: 'usage.prompt_tokens_details.cache_write_tokens (6) is more than the uncached part of usage.prompt_tokens (2)' },
    ]);
  });

  it('reads Responses API objects, bare or inside a response.completed stream event', () => {
    const response = {
      id: 'resp_1',
      object: 'response',
      created_at: 1748876400,
      model: 'o3',
      usage: { input_tokens: 5000, input_tokens_details: { cached_tokens: 2000 }, output_tokens: 3000, output_tokens_details: { reasoning_tokens: 2500 } },
      service_tier: 'flex',
    };
    const { records } = runAdapter(openaiAdapter, [response, { type: 'response.completed', sequence_number: 9, response: { ...response, id: 'resp_2' } }]);
    expect(records.map((r) => [r.id, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.reasoningTokens, r.serviceTier])).toEqual([
      ['resp_1', 3000, 2000, 3000, 2500, 'flex'],
      ['resp_2', 3000, 2000, 3000, 2500, 'flex'],
    ]);
  });

  it('takes timestamp, attribution and batch from an envelope, and the provider id over the envelope id', () => {
    const { records } = runAdapter(openaiAdapter, [
      {
        request_id: 'gw-1',
        logged_at: '2025-06-02T09:15:00+02:00',
        metadata: { user: 'u1', feature: 'faq', tags: 'a, b' },
        project: 'p',
        batch: true,
        response: chat('chatcmpl-9', { prompt_tokens: 10, completion_tokens: 1 }),
      },
      {
        request_id: 'gw-2',
        timestamp: '2025-06-02T10:00:00Z',
        body: { object: 'chat.completion', model: 'gpt-4o', usage: { prompt_tokens: 5, completion_tokens: 1 } },
      },
    ]);
    expect(records[0]).toMatchObject({ id: 'chatcmpl-9', user: 'u1', feature: 'faq', project: 'p', tags: ['a', 'b'], batch: true });
    // The provider's own `created` wins over the envelope's time.
    expect(records[0]!.ts).toBe(1748855700_000);
    expect(records[1]).toMatchObject({ id: 'local:gw-2', ts: Date.parse('2025-06-02T10:00:00Z') });
  });

  it('skips lines without usage, streamed chunks without usage and wrong types, saying why', () => {
    const { records, skipped } = runAdapter(openaiAdapter, [
      chat('a', null),
      { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [], usage: null },
      chat('b', { prompt_tokens: 'ten', completion_tokens: 1 }),
      chat('d', { prompt_tokens: -5, completion_tokens: 1 }),
      { timestamp: '2025-01-01', response: { error: { type: 'rate_limit_error', message: 'slow down' } } },
      [1, 2],
      { object: 'chat.completion', usage: { prompt_tokens: 1, completion_tokens: 1 } },
    ]);
    expect(records).toHaveLength(0);
    expect(skipped.map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(skipped[0]!.reason).toMatch(/no usage/);
    expect(skipped[1]!.reason).toMatch(/stream chunk without usage/);
    expect(skipped[2]!.reason).toMatch(/usage.prompt_tokens is not a number/);
    expect(skipped[3]!.reason).toMatch(/usage.prompt_tokens is negative/);
    expect(skipped[4]!.reason).toMatch(/^API error response without usage \(rate_limit_error\)$/);
    expect(skipped[5]!.reason).toBe('not a JSON object');
    expect(skipped[6]!.reason).toMatch(/no model/);
  });

  it('skips a record that has no timestamp anywhere', () => {
    const { skipped } = runAdapter(openaiAdapter, [{ object: 'chat.completion', model: 'gpt-4o', usage: { prompt_tokens: 1, completion_tokens: 1 } }]);
    expect(skipped[0]!.reason).toMatch(/no timestamp/);
  });
});

describe('anthropic adapter', () => {
  const msg = (usage: unknown, extra: Record<string, unknown> = {}) => ({
    timestamp: '2025-06-03T08:00:00Z',
    response: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], usage, ...extra },
  });

  it('keeps input_tokens as plain input (it excludes cache) and splits 5-minute and 1-hour writes', () => {
    const { records } = runAdapter(anthropicAdapter, [
      msg({
        input_tokens: 50,
        cache_creation_input_tokens: 4000,
        cache_read_input_tokens: 20000,
        cache_creation: { ephemeral_5m_input_tokens: 3000, ephemeral_1h_input_tokens: 1000 },
        output_tokens: 800,
      }),
    ]);
    expect(records[0]).toMatchObject({
      id: 'msg_1',
      provider: 'anthropic',
      inputTokens: 50,
      cacheReadTokens: 20000,
      cacheWrite5mTokens: 3000,
      cacheWrite1hTokens: 1000,
      outputTokens: 800,
    });
  });

  it('counts all cache writes as 5-minute writes when the split is absent, and reads the batch tier', () => {
    const { records } = runAdapter(anthropicAdapter, [msg({ input_tokens: 10, cache_creation_input_tokens: 1500, output_tokens: 4, service_tier: 'batch' })]);
    expect(records[0]).toMatchObject({ cacheWrite5mTokens: 1500, cacheWrite1hTokens: 0, batch: true });
  });

  it('keeps usage.speed apart from the service tier (a fast request can also be a priority one)', () => {
    const { records } = runAdapter(anthropicAdapter, [
      msg({ input_tokens: 10, output_tokens: 4, service_tier: 'priority', speed: 'fast' }),
      msg({ input_tokens: 10, output_tokens: 4 }),
    ]);
    expect(records.map((r) => [r.serviceTier, r.speed])).toEqual([
      ['priority', 'fast'],
      [null, null],
    ]);
  });

  it('skips a bare message without an envelope timestamp (Messages API objects carry none)', () => {
    const { skipped } = runAdapter(anthropicAdapter, [
      { id: 'msg_2', type: 'message', model: 'claude-haiku-4-5', usage: { input_tokens: 1, output_tokens: 1 } },
    ]);
    expect(skipped[0]!.reason).toMatch(/no timestamp/);
  });
});

describe('generic layout', () => {
  it('reads input_tokens as plain input, and derives it from prompt_tokens minus the cached part', () => {
    const { records, skipped } = runAdapter(genericCsvAdapter, [
      {
        timestamp: '2025-01-02T03:04:05Z',
        model: 'gpt-4o',
        input_tokens: '100',
        cached_tokens: '50',
        output_tokens: '3.0',
        requests: '2',
        tags: 'x;y',
        cost_usd: '0.01',
      },
      { Timestamp: '2025-01-02', Model: 'gpt-4o', 'Prompt Tokens': '1000', 'Cached Tokens': '200', 'Output Tokens': '10' },
      { timestamp: '2025-01-02', model: 'gpt-4o', prompt_tokens: '10', cached_tokens: '20' },
      { timestamp: 'yesterday', model: 'gpt-4o', input_tokens: '1' },
      { timestamp: '2025-01-02', model: '', input_tokens: '1' },
    ]);
    expect(records.map((r) => [r.inputTokens, r.cacheReadTokens, r.outputTokens, r.requests])).toEqual([
      [100, 50, 3, 2],
      [800, 200, 10, 1],
    ]);
    expect(records[0]).toMatchObject({ tags: ['x', 'y'], reportedCostUsd: 0.01, id: '' });
    expect(skipped.map((s) => s.line)).toEqual([3, 4, 5]);
    expect(skipped[0]!.reason).toMatch(/smaller than its cached part/);
    expect(skipped[1]!.reason).toMatch(/not a date/);
    expect(skipped[2]!.reason).toBe('no model');
  });

  it('uses the row id when there is one', () => {
    const { records } = runAdapter(genericJsonlAdapter, [{ request_id: 'r-1', ts: 1735787045, model: 'gpt-4o', output_tokens: 5 }]);
    expect(records[0]).toMatchObject({ id: 'local:r-1', ts: 1735787045_000, outputTokens: 5 });
  });
});

describe('detection', () => {
  const openaiLine = chat('chatcmpl-1', { prompt_tokens: 1, completion_tokens: 1 });
  const anthropicLine = {
    timestamp: '2025-01-01',
    response: { id: 'msg_1', type: 'message', model: 'claude-haiku-4-5', usage: { input_tokens: 1, output_tokens: 1 } },
  };

  it('tells JSON lines, JSON documents and CSV apart from the first line', () => {
    expect(sniffContainer('{"a":1}\n{"a":2}\n')).toBe('jsonl');
    expect(sniffContainer('\uFEFF[{"a":1}]')).toBe('json');
    expect(sniffContainer('{\n  "data": []\n}\n')).toBe('json');
    expect(sniffContainer('timestamp,model\n')).toBe('csv');
    expect(sniffContainer('\n  \n')).toBe('empty');
  });

  it('picks the adapter whose shape the sampled lines have', () => {
    expect(chooseAdapter({ container: 'jsonl', values: [openaiLine, openaiLine] }, 'f').name).toBe('openai');
    expect(chooseAdapter({ container: 'jsonl', values: [anthropicLine] }, 'f').name).toBe('anthropic');
    expect(chooseAdapter({ container: 'jsonl', values: [openaiLine, anthropicLine] }, 'f').name).toBe(apiLogAdapter.name);
    expect(chooseAdapter({ container: 'jsonl', values: [{ ts: 1, model: 'm', input_tokens: 1 }] }, 'f').name).toBe('generic-jsonl');
    expect(chooseAdapter({ container: 'csv', header: ['timestamp', 'model', 'input_tokens', 'output_tokens'] }, 'f').name).toBe('generic-csv');
  });

  it('refuses near misses with a sentence that says what was looked for', () => {
    expect(() => chooseAdapter({ container: 'csv', header: ['date', 'amount', 'currency'] }, 'bill.csv')).toThrow(
      /bill.csv: unrecognized format: found a CSV whose header \(date, amount, currency\).*looked for openai-usage-csv, azure-cost, openrouter-csv, litellm-spend-csv, generic-csv.*--input-format/,
    );
    expect(() => chooseAdapter({ container: 'jsonl', values: [{ name: 'x', tokens: 3 }] }, 'x.jsonl')).toThrow(
      /unrecognized format.*looked for openai, anthropic, api-log, openai-batch, .*claude-code, codex, .*generic-jsonl\./,
    );
  });
});

describe('redactApiKey', () => {
  const HASHED = /#[0-9a-f]{8}$/;
  it('keeps the kind, the last four characters of a long key and a stable hash; key ids and names as they are', () => {
    const proj = redactApiKey('sk-proj-abcdefghijklmnopqrstuvwxyz1234')!;
    expect(proj).toMatch(/^sk-proj-…1234#[0-9a-f]{8}$/);
    expect(redactApiKey('sk-proj-abcdefghijklmnopqrstuvwxyz1234')).toBe(proj);
    // Same prefix and ending, another key: another hash.
    expect(redactApiKey('sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ1234')).not.toBe(proj);
    expect(redactApiKey('sk-ant-api03-abcdefghijklmnopqrstuvwxyzWXYZ')).toMatch(/^sk-ant-api03-…WXYZ#[0-9a-f]{8}$/);
    expect(redactApiKey('key_abc123')).toBe('key_abc123');
    expect(redactApiKey('apikey_01Rj2N8SVvo6BePZj99NhmiT')).toBe('apikey_01Rj2N8SVvo6BePZj99NhmiT');
    expect(redactApiKey('arn:aws:iam::123456789012:user/ci')).toBe('arn:aws:iam::123456789012:user/ci');
    expect(redactApiKey('prod backend')).toBe('prod backend');
    expect(redactApiKey(null)).toBeNull();
  });

  it('redacts every shape of credential: Bearer, GitHub tokens, short keys, long random tokens (issue 14 B)', () => {
    const bare = redactApiKey('sk-abcdefghijklmnopqrstuvwxyz0123')!;
    expect(redactApiKey('Bearer sk-abcdefghijklmnopqrstuvwxyz0123')).toBe(bare);
    expect(redactApiKey('bearer: sk-abcdefghijklmnopqrstuvwxyz0123')).toBe(bare);
    expect(redactApiKey('ghp_abcdefghijklmnopqrstuvwxyz012345')).toMatch(/^ghp_…2345#/);
    expect(redactApiKey('github_pat_11ABCDEFG0123456789_abcdefghijklmnop')).toMatch(/^github_pat_…mnop#/);
    // A short key keeps no characters of its own.
    expect(redactApiKey('sk-short1')).toMatch(/^sk-…#[0-9a-f]{8}$/);
    expect(redactApiKey('Bearer abc')).toMatch(/^…#[0-9a-f]{8}$/);
    expect(redactApiKey('0123456789abcdef0123456789abcdef')).toMatch(/^…cdef#[0-9a-f]{8}$/);
    expect(redactApiKey('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).toMatch(HASHED);
    expect(redactApiKey('AKIAIOSFODNN7EXAMPLE')).toMatch(/^AKIA…#/);
    // Never redacted twice.
    expect(redactApiKey(bare)).toBe(bare);
    for (const key of ['Bearer sk-abcdefghijklmnopqrstuvwxyz0123', 'ghp_abcdefghijklmnopqrstuvwxyz012345', 'sk-short1']) {
      expect(redactApiKey(key)).not.toContain(key.replace(/^Bearer /, '').slice(3, -4));
    }
  });

  it('redacts a credential pasted into user, project, feature or tags, and leaves names alone', () => {
    const r = {
      apiKey: null,
      user: 'alice Bearer abcdefghijklmnop',
      project: 'proj sk-abcdefghijkl',
      feature: 'risk-assessment',
      tags: ['ghp_abcdefghijklmnopqrstuvwxyz012345', 'beta'],
    };
    redactRecord(r);
    expect(r.user).toMatch(/^alice …mnop#|^alice …#/);
    expect(r.project).toMatch(/^proj sk-…#[0-9a-f]{8}$/);
    expect(r.feature).toBe('risk-assessment');
    expect(r.tags[0]).toMatch(/^ghp_…2345#/);
    expect(r.tags[1]).toBe('beta');
  });
});

describe('format names in --help', () => {
  it('lists every adapter, in detection order', async () => {
    const { INPUT_FORMATS } = await import('../../src/commands/input-formats.js');
    const { ADAPTERS } = await import('../../src/ingest/formats/index.js');
    expect(INPUT_FORMATS).toBe(ADAPTERS.map((a) => a.name).join(', '));
  });
});

describe('container sniffing', () => {
  it('tells JSON lines with a broken first line from a pretty-printed document', async () => {
    const { sniffContainer } = await import('../../src/ingest/detect.js');
    expect(sniffContainer('{"id": "a", "usa\n{"id":"b"}\n{"id":"c"}\n')).toBe('jsonl');
    expect(sniffContainer('[\n  {"a": 1},\n  {"b": 2}\n]\n')).toBe('json');
    expect(sniffContainer('{\n  "data": [\n    {"a": 1}\n  ]\n}\n')).toBe('json');
    expect(sniffContainer('{"broken": "zzz\n{"broken": "zzz\n')).toBe('json');
    expect(sniffContainer('{"broken": "zzz\n{"broken": "zzz\n', true)).toBe('jsonl');
  });
});
