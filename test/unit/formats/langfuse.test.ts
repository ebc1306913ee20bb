import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { langfuseAdapter } from '../../../src/ingest/formats/langfuse.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// Fixtures (fixtures/usage/langfuse/), observations with the fields of Langfuse's public API (Observation /
// ObservationsView) and the usageDetails keys Langfuse's integrations write. Langfuse's `input` is what is
// left after its integrations move each prompt detail (cached_tokens, audio_tokens ...) to its own
// `input_<name>` key, and `output` what is left after moving reasoning to `output_reasoning_tokens`.
//  observations.jsonl  the UI's JSONL export, one observation a line:
//    1 OpenAI integration, gpt-4o-2024-08-06: input 464 (after 1,536 input_cached_tokens), output 200, cost $0.00508
//    2 o3-mini: input 1,200, output 300 + output_reasoning_tokens 1,500, cost $0.00924
//    3 LangChain + Anthropic, claude-sonnet-4-5: input 50, input_cache_read 20,000, input_cache_creation 4,000,
//      output 800, cost $0.03315, metadata.ls_provider "anthropic"
//    4 SPAN, 5 EVENT: not requests, passed over without a word
//    6 level ERROR (429 from OpenAI) → failed      7 usageDetails {} and an all-zero legacy usage → skipped
//    8 line 1 again (same observation id)
//    9 an older export: no usageDetails, promptTokens 900 / completionTokens 120, calculatedTotalCost "0.000207"
//   10 Gemini's own counts as usage types: promptTokenCount 5,000 (4,000 of them cachedContentTokenCount),
//      candidatesTokenCount 300, thoughtsTokenCount 700; cost $0.004 (Langfuse priced the cache twice)
//   11 EMBEDDING text-embedding-3-small, input 812     12 no model → skipped
//   13 LangChain + raw Anthropic usage, claude-haiku-4-5: input 2,000, output 400, cache_creation_input_tokens
//      1,500 beside its split cache_creation_ephemeral_5m/1h_input_tokens 1,000 / 500; cost $0.005875
//  observations-page.json  a GET /api/public/observations page: a SPAN, a gpt-4.1-mini generation with
//    input_cached_tokens 6,400, and one whose costDetails is {} but calculatedTotalCost 0.000096
const text = (name: string): string => readFileSync(fixture('usage', 'langfuse', name), 'utf8');
const lines = (): unknown[] =>
  text('observations.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
const page = (): unknown => JSON.parse(text('observations-page.json'));

const detected = (content: string): string => {
  const container = sniffContainer(content);
  if (container === 'empty') throw new Error('empty sample');
  return chooseAdapter(sampleFor(container, content, container === 'json' ? JSON.parse(content) : undefined), 'sample').name;
};

const generation = (extra: Record<string, unknown> = {}) => ({
  id: 'obs-1',
  traceId: 'trace-1',
  type: 'GENERATION',
  name: 'answer',
  startTime: '2025-06-02T09:15:00.000Z',
  model: 'gpt-4o',
  level: 'DEFAULT',
  ...extra,
});

describe('langfuse adapter', () => {
  it('keeps cached, cache-written and reasoning tokens out of input, and reasoning inside output', () => {
    const { records } = runAdapter(langfuseAdapter, lines());
    expect(
      records.map((r) => [
        r.line,
        r.id,
        r.model,
        r.inputTokens,
        r.cacheReadTokens,
        r.cacheWrite5mTokens,
        r.cacheWrite1hTokens,
        r.outputTokens,
        r.reasoningTokens,
        r.reportedCostUsd,
      ]),
    ).toEqual([
      [1, 'langfuse:3f1c9a7e2b4d4e01', 'gpt-4o-2024-08-06', 464, 1536, 0, 0, 200, 0, 0.00508],
      // output 300 + output_reasoning_tokens 1,500 = 1,800 billed output
      [2, 'langfuse:3f1c9a7e2b4d4e02', 'o3-mini', 1200, 0, 0, 0, 1800, 1500, 0.00924],
      [3, 'langfuse:5b8e0d2c71a34f10', 'claude-sonnet-4-5-20250929', 50, 20000, 4000, 0, 800, 0, 0.03315],
      [8, 'langfuse:3f1c9a7e2b4d4e01', 'gpt-4o-2024-08-06', 464, 1536, 0, 0, 200, 0, 0.00508],
      [9, 'langfuse:e51b0c66f2d84a07', 'gpt-4o-mini', 900, 0, 0, 0, 120, 0, 0.000207],
      // promptTokenCount includes the cache: 5,000 − 4,000 = 1,000; output 300 + 700 thoughts = 1,000
      [10, 'langfuse:91d4f0a3c8b24e55', 'gemini-2.5-flash', 1000, 4000, 0, 0, 1000, 700, 0.004],
      [11, 'langfuse:6a2f8c1d9e0b4a66', 'text-embedding-3-small', 812, 0, 0, 0, 0, 0, 0.00001624],
      // the 1,500 aggregate repeats the 1,000 + 500 split: nothing more is written
      [13, 'langfuse:8c3b5e7a0d1f4b77', 'claude-haiku-4-5-20251001', 2000, 0, 1000, 500, 400, 0, 0.005875],
    ]);
    // input 464 + 1,200 + 50 + 464 + 900 + 1,000 + 812 + 2,000 = 6,890; read 1,536 + 20,000 + 1,536 + 4,000 = 27,072;
    // output 200 + 1,800 + 800 + 200 + 120 + 1,000 + 0 + 400 = 4,520; reasoning 1,500 + 700 = 2,200
    expect(totals(records)).toMatchObject({
      records: 8,
      requests: 8,
      input: 6890,
      cacheRead: 27072,
      cacheWrite5m: 5000,
      cacheWrite1h: 500,
      output: 4520,
      reasoning: 2200,
    });
  });

  it('passes over spans and events, lists the failed generation and skips those without usage or model', () => {
    const { failed, skipped } = runAdapter(langfuseAdapter, lines());
    // statusMessage is cut at 80 characters.
    expect(failed).toEqual([{ line: 6, reason: 'level ERROR' }]);
    expect(skipped).toEqual([
      { line: 7, reason: 'no usage (usageDetails is empty, usage and promptTokens/completionTokens are absent or zero)' },
      { line: 12, reason: 'no model (model or providedModelName)' },
    ]);
  });

  it('attributes a generation to its trace, name, user, environment and version; the provider only when the record names one', () => {
    const { records } = runAdapter(langfuseAdapter, lines());
    expect(records[0]).toMatchObject({ ts: Date.UTC(2025, 5, 2, 9, 15), feature: 'chat-answer', user: 'user-42', provider: null, project: null, requests: 1 });
    expect(records[0]!.tags).toEqual(['trace:4bf92f3577b34da6a3ce929d0e0e4736', 'environment:production', 'version:v3']);
    expect(records[2]).toMatchObject({ provider: 'anthropic', user: 'user-7', feature: 'ChatAnthropic' });
    expect(records[5]).toMatchObject({ provider: 'google', tags: ['trace:2c6a8e1f0b9d4d3a8c7e5f1a2b3c4d5e', 'environment:staging'] });
  });

  it('reads a saved API page, numbering observations as items of data', () => {
    const { records, skipped, failed } = runAdapter(langfuseAdapter, [page()]);
    expect(records.map((r) => [r.line, r.id, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.reportedCostUsd, r.serviceTier, r.tags])).toEqual([
      [2, 'langfuse:d2e4f6a8b0c24e82', 'gpt-4.1-mini', 1800, 6400, 350, 0.00192, 'default', ['trace:f1e2d3c4b5a64978a1b2c3d4e5f60718', 'environment:default']],
      // costDetails {}: the deprecated calculatedTotalCost
      [3, 'langfuse:d2e4f6a8b0c24e83', 'gpt-4.1-mini', 120, 0, 30, 0.000096, null, ['trace:f1e2d3c4b5a64978a1b2c3d4e5f60718', 'environment:default']],
    ]);
    expect(skipped).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('reads v2 observations: providedModelName, userId, projectId, trace tags, and costDetails parts without a total', () => {
    const { records } = runAdapter(langfuseAdapter, [
      generation({
        model: undefined,
        providedModelName: 'gpt-4o',
        userId: 'u1',
        projectId: 'proj-a',
        tags: ['beta'],
        usageDetails: { input: 10, output: 2 },
        costDetails: { input: 0.000025, output: '0.00002' },
      }),
    ]);
    expect(records[0]).toMatchObject({ model: 'gpt-4o', user: 'u1', project: 'proj-a', tags: ['trace:trace-1', 'beta'], inputTokens: 10, outputTokens: 2 });
    expect(records[0]!.reportedCostUsd).toBeCloseTo(0.000045, 12);
  });

  it('splits every spelling of cache reads and writes, and ignores totals, priority repeats and request counts', () => {
    const { records } = runAdapter(langfuseAdapter, [
      // LangChain standard details: input_cache_read / input_cache_creation, output_reasoning; a priority-tier repeat of the input
      generation({
        usageDetails: { input: 100, input_cache_read: 900, input_cache_creation: 50, input_priority: 1050, output: 40, output_reasoning: 60, total: 1150 },
      }),
      // Anthropic TTL split under Langfuse's own price keys, web searches counted as requests
      generation({
        id: 'obs-2',
        usageDetails: {
          input: 5,
          input_cache_creation_5m: 300,
          input_cache_creation_1h: 200,
          cache_read_input_tokens: 1000,
          output: 7,
          web_search_requests: 2,
        },
      }),
      // a raw OpenAI usage dict whose prompt_tokens includes its cached part
      generation({ id: 'obs-3', usageDetails: { prompt_tokens: 2000, cached_tokens: 1500, completion_tokens: 300 } }),
    ]);
    expect(records.map((r) => [r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens, r.outputTokens, r.reasoningTokens])).toEqual([
      [100, 900, 50, 0, 100, 60],
      [5, 1000, 300, 200, 7, 0],
      // 2,000 − 1,500 = 500
      [500, 1500, 0, 0, 300, 0],
    ]);
  });

  it('takes the service tier from modelParameters and skips non-token units, contradictions and bad numbers, saying why', () => {
    const { records, skipped } = runAdapter(langfuseAdapter, [
      generation({ modelParameters: { service_tier: 'flex' }, usageDetails: { input: 1, output: 1 } }),
      generation({ usage: { input: 1200, output: 0, unit: 'CHARACTERS' } }),
      generation({ usageDetails: { total: 500 } }),
      generation({ usageDetails: { prompt_tokens: 100, cached_tokens: 400 } }),
      generation({ usageDetails: { input: -3 } }),
      generation({ usageDetails: { input: 1 }, costDetails: { total: 'free' } }),
      generation({ startTime: 'yesterday', usageDetails: { input: 1 } }),
      { id: 'x', name: 'not an observation' },
      [1, 2],
    ]);
    expect(records.map((r) => r.serviceTier)).toEqual(['flex']);
    expect(skipped.map((s) => s.reason)).toEqual([
      'usage.unit is not tokens (CHARACTERS)',
      'usageDetails has no input or output token counts (only a total, or no token keys)',
      'usageDetails cache reads (400) are more than the prompt count that includes them (100)',
      'usageDetails.input is negative (-3)',
      'costDetails.total is not an amount (a text of 4 characters)',
      'startTime is not a date/time (a text of 9 characters)',
      'not a Langfuse observation (id, type, traceId, startTime)',
      'not a JSON object',
    ]);
  });
});

describe('langfuse detection', () => {
  it('recognizes the JSONL export, a saved API page and an empty page', () => {
    expect(detected(text('observations.jsonl'))).toBe('langfuse');
    expect(detected(text('observations-page.json'))).toBe('langfuse');
    expect(detected(JSON.stringify(lines()))).toBe('langfuse');
    expect(detected('{"data": [], "meta": {"page": 1, "limit": 50, "totalItems": 0, "totalPages": 0}}')).toBe('langfuse');
  });

  it('leaves near misses alone: a traces page, a generic log, OpenAI responses', () => {
    // GET /api/public/traces: the same page shape, but traces have no type, traceId or startTime.
    const traces = {
      data: [{ id: 't1', timestamp: '2025-06-02T09:15:00Z', name: 'chat', userId: 'u1', totalCost: 0.01, latency: 1.2, observations: ['o1'] }],
      meta: { page: 1, limit: 50, totalItems: 1, totalPages: 1 },
    };
    expect(langfuseAdapter.detect({ container: 'json', values: [traces] })).toBe(0);
    const generic = { timestamp: '2025-06-02T09:15:00Z', model: 'gpt-4o', input_tokens: 10, output_tokens: 2 };
    expect(langfuseAdapter.detect({ container: 'jsonl', values: [generic, generic] })).toBe(0);
    expect(detected(`${JSON.stringify(generic)}\n`)).toBe('generic-jsonl');
    const chat = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1748855700,
      model: 'gpt-4o',
      choices: [],
      usage: { prompt_tokens: 10, completion_tokens: 2 },
    };
    expect(detected(`${JSON.stringify(chat)}\n`)).toBe('openai');
  });
});
