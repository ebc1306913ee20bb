import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { openaiBatchAdapter } from '../../../src/ingest/formats/openai-batch.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// Fixtures (fixtures/usage/openai-batch/), built from the documented batch output line
// {id, custom_id, response: {status_code, request_id, body}, error}:
//  output.jsonl            3 × /v1/chat/completions, gpt-4o-mini-2024-07-18, all 200:
//                          prompt 1,200 (1,024 cached) out 150 · prompt 800 out 60 · prompt 2,500 (2,048 cached) out 400
//  responses-output.jsonl  2 × /v1/responses, o4-mini-2025-04-16:
//                          input 3,000 (1,000 cached) out 2,500 (2,000 reasoning) · input 500 out 300 (128 reasoning)
//  errors.jsonl            the error file: 2 × batch_expired (response null), 1 × HTTP 400, 1 × HTTP 500
const lines = (name: string): unknown[] =>
  readFileSync(fixture('usage', 'openai-batch', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));

const detected = (text: string): string => {
  const container = sniffContainer(text);
  if (container === 'empty') throw new Error('empty sample');
  return chooseAdapter(sampleFor(container, text, container === 'json' ? JSON.parse(text) : undefined), 'sample').name;
};

const chatBody = (extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-X1',
  object: 'chat.completion',
  created: 1748937600,
  model: 'gpt-4o-mini',
  choices: [],
  usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
  ...extra,
});
const line = (body: unknown, status: unknown = 200, extra: Record<string, unknown> = {}) => ({
  id: 'batch_req_1',
  custom_id: 'c-1',
  response: { status_code: status, request_id: 'req_1', body },
  error: null,
  ...extra,
});

describe('openai-batch adapter', () => {
  it('reads chat completion bodies at batch pricing, splitting cached input off prompt_tokens', () => {
    const { records, skipped, failed } = runAdapter(openaiBatchAdapter, lines('output.jsonl'));
    expect(skipped).toEqual([]);
    expect(failed).toEqual([]);
    expect(records.map((r) => [r.id, r.ts, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.batch, r.requests])).toEqual([
      // 1,200 − 1,024 = 176 plain input
      ['chatcmpl-BeT4xKq1', 1748937600_000, 'gpt-4o-mini-2024-07-18', 176, 1024, 150, true, 1],
      ['chatcmpl-BeT4xKq2', 1748937605_000, 'gpt-4o-mini-2024-07-18', 800, 0, 60, true, 1],
      // 2,500 − 2,048 = 452
      ['chatcmpl-BeT4xKq3', 1748937611_000, 'gpt-4o-mini-2024-07-18', 452, 2048, 400, true, 1],
    ]);
    expect(records[0]).toMatchObject({ provider: 'openai', serviceTier: 'default' });
    // 176 + 800 + 452 = 1,428 input; 1,024 + 2,048 = 3,072 cached; 150 + 60 + 400 = 610 output
    expect(totals(records)).toMatchObject({ records: 3, requests: 3, input: 1428, cacheRead: 3072, output: 610, reasoning: 0 });
  });

  it('reads Responses API bodies, with reasoning inside output and created_at as the time', () => {
    const { records } = runAdapter(openaiBatchAdapter, lines('responses-output.jsonl'));
    expect(records.map((r) => [r.id, r.ts, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.reasoningTokens, r.batch])).toEqual([
      // 3,000 − 1,000 = 2,000 plain input
      ['resp_6841a0f0e1d28190a1b2c3d4e5f60718', 1749024000_000, 2000, 1000, 2500, 2000, true],
      ['resp_6841a0f0e1d28190a1b2c3d4e5f60719', 1749024003_000, 500, 0, 300, 128, true],
    ]);
  });

  it('counts every line of the error file as failed, with the error code or HTTP status as the reason', () => {
    const { records, skipped, failed } = runAdapter(openaiBatchAdapter, lines('errors.jsonl'));
    expect(records).toEqual([]);
    expect(skipped).toEqual([]);
    expect(failed.map((f) => f.line)).toEqual([1, 2, 3, 4]);
    // Codes only: an error message is free text and can quote the prompt (issue 14 B).
    expect(failed[0]!.reason).toBe('request failed: batch_expired');
    expect(failed[2]!.reason).toBe('request failed with HTTP 400 (string_above_max_length invalid_request_error)');
    // No code: the error type names it.
    expect(failed[3]!.reason).toBe('request failed with HTTP 500 (server_error)');
  });

  it('counts a 2xx body without usage as failed, and skips lines that are not usable input', () => {
    const { records, skipped, failed } = runAdapter(openaiBatchAdapter, [
      line({ id: 'modr-1', model: 'omni-moderation-latest', results: [] }),
      line(chatBody(), 'two hundred'),
      line(chatBody({ usage: { prompt_tokens: 'ten', completion_tokens: 1 } })),
      { id: 'batch_req_2', custom_id: 'c-2', response: null, error: null },
      line(null),
      [1, 2],
      line(chatBody({ model: undefined })),
    ]);
    expect(records).toEqual([]);
    expect(failed).toEqual([{ line: 1, reason: 'response body has no usage' }]);
    expect(skipped).toEqual([
      { line: 2, reason: 'response.status_code is not a number (a text of 11 characters)' },
      { line: 3, reason: 'usage.prompt_tokens is not a number (a text of 3 characters)' },
      { line: 4, reason: 'no response object and no error' },
      { line: 5, reason: 'response.body is not an object' },
      { line: 6, reason: 'not a JSON object' },
      { line: 7, reason: 'response.body: no model in the response or its envelope' },
    ]);
  });

  it('skips an embeddings body: it has no id and no time, and the batch line has none either', () => {
    const { records, skipped } = runAdapter(openaiBatchAdapter, [
      line({ object: 'list', data: [], model: 'text-embedding-3-small', usage: { prompt_tokens: 8, total_tokens: 8 } }),
    ]);
    expect(records).toEqual([]);
    expect(skipped[0]!.reason).toMatch(/^no timestamp: the response body has no created time/);
  });

  it('falls back to the batch request id when the body has no id of its own', () => {
    const { records } = runAdapter(openaiBatchAdapter, [line(chatBody({ id: undefined }))]);
    expect(records[0]).toMatchObject({ id: 'openai-batch:batch_req_1', inputTokens: 10, outputTokens: 2, batch: true });
  });

  it('treats an error with a 200 status as failed: the error field wins', () => {
    const { records, failed } = runAdapter(openaiBatchAdapter, [line(chatBody(), 200, { error: { code: 'internal_error', message: 'boom' } })]);
    expect(records).toEqual([]);
    expect(failed).toEqual([{ line: 1, reason: 'request failed: internal_error' }]);
  });
});

describe('openai-batch detection', () => {
  it('recognizes output and error files over the openai adapter that also sees response.body', () => {
    for (const name of ['output.jsonl', 'responses-output.jsonl', 'errors.jsonl']) {
      expect(detected(readFileSync(fixture('usage', 'openai-batch', name), 'utf8'))).toBe('openai-batch');
    }
  });

  it('does not claim a batch INPUT file (custom_id with a request body, no response)', () => {
    const input = JSON.stringify({
      custom_id: 'ticket-1001',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(openaiBatchAdapter.detect({ container: 'jsonl', values: [JSON.parse(input)] })).toBe(0);
  });

  it('leaves plain OpenAI API logs to the openai adapter', () => {
    const log = JSON.stringify({ request_id: 'req_1', response: chatBody() });
    expect(openaiBatchAdapter.detect({ container: 'jsonl', values: [JSON.parse(log)] })).toBe(0);
    expect(detected(`${log}\n`)).toBe('openai');
  });
});
