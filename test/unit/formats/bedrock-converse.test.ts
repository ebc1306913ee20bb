import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { bedrockConverseAdapter } from '../../../src/ingest/formats/bedrock.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

const LOG = fixture('usage', 'bedrock-converse', 'converse.jsonl');

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

function detected(head: string): string {
  const container = sniffContainer(head);
  if (container === 'empty') throw new Error('empty sample');
  return chooseAdapter(sampleFor(container, head), 'sample').name;
}

const converse = (usage: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  output: { message: { role: 'assistant', content: [{ text: 'x' }] } },
  stopReason: 'end_turn',
  usage,
  metrics: { latencyMs: 100 },
  ...extra,
});

describe('bedrock-converse adapter on fixtures/usage/bedrock-converse/converse.jsonl', () => {
  // usage.inputTokens excludes the cache reads and writes. Line by line:
  //  1 envelope (timestamp, modelId, user) around a Converse response: 3,000 in, 600 out
  //  2 boto3 dump (ResponseMetadata: RequestId, HTTP date) with the model beside it: 50 in, 8,000 read, 2,000 written, 250 out
  //  3-6 ConverseStream content events: no usage by design, passed over
  //  7 the stream's metadata event: 1,200 in, 90 out (id from the envelope's request_id)
  //  8 boto3 ClientError response (ThrottlingException) → failed
  //  9 a response with no model anywhere → skipped
  // 10 400 in, 30,000 read, 6,000 written with the 1-hour TTL (cacheDetails), 1,000 out; attribution in metadata
  // 11 line 2 again (same RequestId) → the same id; the store counts it as a duplicate
  const out = runAdapter(bedrockConverseAdapter, lines(LOG));

  it('reads responses and stream metadata events, splitting cache writes by TTL', () => {
    expect(
      out.records.map((r) => [r.line, r.id, r.model, r.ts, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens, r.outputTokens]),
    ).toEqual([
      [1, '', 'anthropic.claude-sonnet-4-5-20250929-v1:0', Date.parse('2025-06-05T12:00:00Z'), 3000, 0, 0, 0, 600],
      [
        2,
        'bedrock:5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        Date.parse('2025-06-05T12:05:00Z'),
        50,
        8000,
        2000,
        0,
        250,
      ],
      [7, 'local:cs-7f3a', 'anthropic.claude-haiku-4-5-20251001-v1:0', Date.parse('2025-06-05T12:10:02Z'), 1200, 0, 0, 0, 90],
      [10, '', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', Date.parse('2025-06-05T12:30:00Z'), 400, 30_000, 0, 6000, 1000],
      [
        11,
        'bedrock:5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        Date.parse('2025-06-05T12:05:00Z'),
        50,
        8000,
        2000,
        0,
        250,
      ],
    ]);
    // Unique records (1, 2, 7, 10): input 3,000 + 50 + 1,200 + 400 = 4,650; read 8,000 + 30,000 = 38,000;
    // written 2,000 (5m) + 6,000 (1h); output 600 + 250 + 90 + 1,000 = 1,940.
    expect(totals(out.records.slice(0, 4))).toMatchObject({
      records: 4,
      requests: 4,
      input: 4650,
      cacheRead: 38_000,
      cacheWrite5m: 2000,
      cacheWrite1h: 6000,
      output: 1940,
      reasoning: 0,
    });
  });

  it('takes provider bedrock and the envelope attribution', () => {
    expect(out.records[0]).toMatchObject({ provider: 'bedrock', user: 'bob', feature: 'drafts', requests: 1 });
    expect(out.records[3]).toMatchObject({ user: 'dana', project: 'research', tags: ['long-doc'] });
  });

  it('fails the logged error and skips the response without a model', () => {
    expect(out.failed).toEqual([{ line: 8, reason: 'request failed (ThrottlingException)' }]);
    expect(out.skipped).toEqual([{ line: 9, reason: 'no model: a Converse response has none, so the envelope must give one (model, modelId)' }]);
  });

  it('reads Nova native bodies, the response service tier, and skips what it cannot use', () => {
    const { records, skipped, failed } = runAdapter(bedrockConverseAdapter, [
      {
        timestamp: '2025-06-05T13:00:00Z',
        model: 'amazon.nova-lite-v1:0',
        body: converse({ inputTokens: 10, outputTokens: 2, cacheReadInputTokenCount: 90, cacheWriteInputTokenCount: 5 }, { serviceTier: { type: 'flex' } }),
      },
      { timestamp: '2025-06-05T13:00:00Z', modelId: 'm', response: converse({ inputTokens: -1, outputTokens: 2 }) },
      { modelId: 'm', response: converse({ inputTokens: 1, outputTokens: 2 }) },
      { timestamp: '2025-06-05T13:00:00Z', modelId: 'm', error: { name: 'ValidationException', message: 'bad input' } },
      {
        timestamp: '2025-06-05T13:00:00Z',
        modelId: 'm',
        response: { $metadata: { httpStatusCode: 200, requestId: 'js-1' }, ...converse({ inputTokens: 3, outputTokens: 4 }) },
      },
      { something: 'else' },
    ]);
    expect(records.map((r) => [r.model, r.id, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.outputTokens, r.serviceTier])).toEqual([
      ['amazon.nova-lite-v1:0', '', 10, 90, 5, 2, 'flex'],
      ['m', 'bedrock:js-1', 3, 0, 0, 4, null],
    ]);
    expect(skipped.map((s) => [s.line, s.reason])).toEqual([
      [2, 'usage.inputTokens is negative (-1)'],
      [3, expect.stringMatching(/^no timestamp: a Converse response has none/)],
      [6, 'no Converse response or ConverseStream metadata event found (bare, or under "response"/"body")'],
    ]);
    expect(failed).toEqual([{ line: 4, reason: 'request failed (ValidationException)' }]);
  });
});

describe('bedrock-converse detection', () => {
  it('recognizes the fixture, and a ConverseStream log where most lines are content events', () => {
    expect(detected(readFileSync(LOG, 'utf8'))).toBe('bedrock-converse');
    const stream =
      lines(LOG)
        .slice(2, 7)
        .map((v) => JSON.stringify(v))
        .join('\n') + '\n';
    expect(detected(stream)).toBe('bedrock-converse');
    expect(bedrockConverseAdapter.detect(sampleFor('jsonl', readFileSync(LOG, 'utf8')))).toBe(20 * 10);
  });

  it('recognizes a long stream whose metadata event lies beyond the sample', () => {
    const deltas = '{"contentBlockDelta":{"delta":{"text":"a"},"contentBlockIndex":0}}\n'.repeat(25);
    expect(detected(deltas)).toBe('bedrock-converse');
    expect(runAdapter(bedrockConverseAdapter, lines(LOG).slice(3, 5))).toEqual({ records: [], skipped: [], failed: [] });
  });

  it('does not claim invocation logs (whose bodies hold Converse responses) or Anthropic stream events', () => {
    expect(bedrockConverseAdapter.detect(sampleFor('jsonl', readFileSync(fixture('usage', 'bedrock', 'invocations.jsonl'), 'utf8')))).toBe(0);
    const anthropicStream =
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}\n{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}\n';
    expect(bedrockConverseAdapter.detect(sampleFor('jsonl', anthropicStream))).toBe(0);
  });
});
