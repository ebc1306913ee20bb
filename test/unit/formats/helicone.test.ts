import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { heliconeAdapter } from '../../../src/ingest/formats/helicone.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// Fixtures (fixtures/usage/helicone/), request records with the fields of Helicone's HeliconeRequest (the
// answer of POST /v1/request/query-clickhouse, which `npx @helicone/export` writes one a line). Helicone stores
// its own split: prompt_tokens is the uncached prompt (Anthropic's input_tokens; OpenAI's prompt_tokens minus
// cached_tokens), cache reads and writes apart, and (since its usage processors) reasoning_tokens apart from
// completion_tokens.
//  requests.jsonl
//    1 OPENAI gpt-4o-mini: prompt 464, cache read 1,536, completion 200, ClickHouse time without zone,
//      properties Feature/Project/Environment, cost $0.0003048
//    2 ANTHROPIC claude-sonnet-4-5: prompt 50, read 20,000, written 3,000, completion 800, properties App and
//      Helicone-Session-Id, cost $0.0294
//    3 OPENAI o3 (Responses API): prompt 3,000, read 2,000, completion 500 + reasoning_tokens 2,500, cost $0.031
//    4 status 429 with the OpenAI error body → failed      5 served from Helicone's cache (cache_reference_id
//      names request 1): no tokens, cost 0      6 line 1 again      7 status 500 → failed
//    8 status 200 with null token counts (a stream logged without usage) → skipped
//  query-response.json  a saved answer of the older POST /v1/request/query: {data, error}, costUSD,
//    request_model/response_model and no cache columns:
//    1 gpt-4o (response_model gpt-4o-2024-08-06) prompt 1,000 completion 125, properties project_id and user
//    2 gpt-4o-mini prompt 2,000 completion 400, properties Team and Feature, request_user_id user-3
const text = (name: string): string => readFileSync(fixture('usage', 'helicone', name), 'utf8');
const lines = (): unknown[] =>
  text('requests.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
const answer = (): unknown => JSON.parse(text('query-response.json'));

const detected = (content: string): string => {
  const container = sniffContainer(content);
  if (container === 'empty') throw new Error('empty sample');
  return chooseAdapter(sampleFor(container, content, container === 'json' ? JSON.parse(content) : undefined), 'sample').name;
};

const request = (extra: Record<string, unknown> = {}) => ({
  request_id: 'req-1',
  request_created_at: '2025-06-02T09:15:00.000Z',
  response_status: 200,
  provider: 'OPENAI',
  model: 'gpt-4o',
  prompt_tokens: 10,
  completion_tokens: 2,
  ...extra,
});

describe('helicone adapter', () => {
  it("takes Helicone's uncached prompt_tokens as plain input, cache reads and writes apart, reasoning added to output", () => {
    const { records } = runAdapter(heliconeAdapter, lines());
    expect(
      records.map((r) => [
        r.line,
        r.id,
        r.provider,
        r.model,
        r.inputTokens,
        r.cacheReadTokens,
        r.cacheWrite5mTokens,
        r.outputTokens,
        r.reasoningTokens,
        r.reportedCostUsd,
      ]),
    ).toEqual([
      [1, 'helicone:9b6a7f0e-3c2d-4e1f-8a9b-0c1d2e3f4a01', 'openai', 'gpt-4o-mini', 464, 1536, 0, 200, 0, 0.0003048],
      [2, 'helicone:9b6a7f0e-3c2d-4e1f-8a9b-0c1d2e3f4a02', 'anthropic', 'claude-sonnet-4-5-20250929', 50, 20000, 3000, 800, 0, 0.0294],
      // completion 500 + reasoning 2,500 = 3,000 billed output
      [3, 'helicone:9b6a7f0e-3c2d-4e1f-8a9b-0c1d2e3f4a03', 'openai', 'o3', 3000, 2000, 0, 3000, 2500, 0.031],
      [5, 'helicone:9b6a7f0e-3c2d-4e1f-8a9b-0c1d2e3f4a05', 'openai', 'gpt-4o-mini', 0, 0, 0, 0, 0, 0],
      [6, 'helicone:9b6a7f0e-3c2d-4e1f-8a9b-0c1d2e3f4a01', 'openai', 'gpt-4o-mini', 464, 1536, 0, 200, 0, 0.0003048],
    ]);
    // input 464 + 50 + 3,000 + 0 + 464 = 3,978; read 1,536 + 20,000 + 2,000 + 1,536 = 25,072; output 200 + 800 + 3,000 + 200 = 4,200
    expect(totals(records)).toMatchObject({
      records: 5,
      requests: 5,
      input: 3978,
      cacheRead: 25072,
      cacheWrite5m: 3000,
      cacheWrite1h: 0,
      output: 4200,
      reasoning: 2500,
    });
  });

  it('reads times with or without a zone as UTC', () => {
    const { records } = runAdapter(heliconeAdapter, lines());
    expect(records[0]!.ts).toBe(Date.UTC(2025, 5, 2, 9, 15));
    expect(records[1]!.ts).toBe(Date.UTC(2025, 5, 2, 10, 1, 30, 250));
  });

  it('maps user and custom properties to project, feature and tags', () => {
    const { records } = runAdapter(heliconeAdapter, lines());
    expect(records[0]).toMatchObject({ user: 'user-7', feature: 'search', project: 'acme-web', tags: ['Environment:prod'], requests: 1 });
    expect(records[1]).toMatchObject({ user: 'user-42', feature: 'support-bot', project: null, tags: ['Helicone-Session-Id:sess-3a1f'] });
  });

  it("records Helicone's own cache hits as requests that bill nothing, tagged", () => {
    const { records } = runAdapter(heliconeAdapter, lines());
    expect(records[3]).toMatchObject({ requests: 1, reportedCostUsd: 0, tags: ['helicone-cache-hit', 'Environment:prod'] });
  });

  it('lists non-2xx requests as failed and skips records without token counts', () => {
    const { failed, skipped } = runAdapter(heliconeAdapter, lines());
    // The status only: the provider's error message is free text and can quote the prompt (issue 14 B).
    expect(failed).toEqual([
      { line: 4, reason: 'response_status 429' },
      { line: 7, reason: 'response_status 500' },
    ]);
    expect(skipped).toEqual([{ line: 8, reason: 'no token counts (prompt_tokens and completion_tokens are null)' }]);
  });

  it('reads a saved query answer: records numbered as items of data, costUSD, response_model, user from properties', () => {
    const { records, skipped, failed } = runAdapter(heliconeAdapter, [answer()]);
    expect(
      records.map((r) => [r.line, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.reportedCostUsd, r.user, r.project, r.feature, r.tags]),
    ).toEqual([
      [1, 'gpt-4o-2024-08-06', 1000, 0, 125, 0.00375, 'ops-bot', 'internal-tools', null, []],
      [2, 'gpt-4o-mini-2024-07-18', 2000, 0, 400, 0.00054, 'user-3', 'growth', 'email-draft', []],
    ]);
    expect([skipped, failed]).toEqual([[], []]);
  });

  it('skips unusable records, saying why', () => {
    const { records, skipped } = runAdapter(heliconeAdapter, [
      request({ prompt_tokens: 'ten' }),
      request({ prompt_tokens: -1, completion_tokens: -1 }),
      request({ model: null, request_model: null }),
      request({ request_created_at: 'soon' }),
      request({ response_status: 'OK' }),
      request({ cost: 'n/a' }),
      { request_id: 'r-1', timestamp: '2025-06-02T09:15:00Z' },
      'a line',
    ]);
    expect(records).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'prompt_tokens is not a number (a text of 3 characters)',
      'prompt_tokens is negative (-1)',
      'no model (model, response_model or request_model)',
      'request_created_at is not a date/time (a text of 4 characters)',
      'response_status is not a status code (a text of 2 characters)',
      'cost is not an amount (a text of 3 characters)',
      'not a Helicone request record (request_id, request_created_at, response_status)',
      'not a JSON object',
    ]);
  });
});

describe('helicone detection', () => {
  it('recognizes the JSONL export, a JSON array and a saved query answer', () => {
    expect(detected(text('requests.jsonl'))).toBe('helicone');
    expect(detected(JSON.stringify(lines()))).toBe('helicone');
    expect(detected(text('query-response.json'))).toBe('helicone');
  });

  it('wins over the OpenAI adapter when the export includes the response bodies', () => {
    const body = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1748855700,
      model: 'gpt-4o',
      choices: [],
      usage: { prompt_tokens: 10, completion_tokens: 2 },
    };
    const line = JSON.stringify(request({ response_body: body, response: body }));
    expect(detected(`${line}\n${line}\n`)).toBe('helicone');
  });

  it('leaves near misses to other formats: a gateway log with a request_id, a LiteLLM spend log', () => {
    const gateway = { request_id: 'gw-1', timestamp: '2025-06-02T09:15:00Z', model: 'gpt-4o', prompt_tokens: 10, completion_tokens: 2 };
    expect(heliconeAdapter.detect({ container: 'jsonl', values: [gateway, gateway] })).toBe(0);
    expect(detected(`${JSON.stringify(gateway)}\n`)).toBe('generic-jsonl');
    const spendLog = {
      request_id: 'chatcmpl-1',
      call_type: 'acompletion',
      spend: 0.001,
      startTime: '2025-06-02T09:15:00Z',
      model: 'gpt-4o',
      prompt_tokens: 10,
      completion_tokens: 2,
    };
    expect(heliconeAdapter.detect({ container: 'jsonl', values: [spendLog] })).toBe(0);
  });
});
