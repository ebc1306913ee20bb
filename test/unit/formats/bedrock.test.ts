import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { bedrockInvocationLogAdapter } from '../../../src/ingest/formats/bedrock.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

const LOG = fixture('usage', 'bedrock', 'invocations.jsonl');

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

const PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0';

describe('bedrock invocation log adapter on fixtures/usage/bedrock/invocations.jsonl', () => {
  // inputTokenCount excludes the cache reads and writes (counted apart). Line by line:
  // 1 Converse on an inference-profile ARN: 1,500 in, 20,000 read, 3,000 written (no body: all 5-minute), 800 out
  // 2 InvokeModel haiku 4.5: 2,000 in, 400 out; requestMetadata names the user and tags
  // 3 Converse with the response body logged: 5,000 written, of which cacheDetails says 4,000 with the 1-hour TTL
  // 4 errorCode ThrottlingException → failed
  // 5 Titan embedding: 12 in, no output count → a record with 0 output
  // 6 line 1 again (same requestId) → the same id; the store counts it as a duplicate
  // 7 inputTokenCount "n/a" → skipped
  const out = runAdapter(bedrockInvocationLogAdapter, lines(LOG));

  it('copies token counts without subtracting the cache, and splits cache writes by TTL where the body says', () => {
    expect(
      out.records.map((r) => [r.line, r.id, r.model, r.inputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens, r.outputTokens]),
    ).toEqual([
      [1, 'bedrock:3f8e1a52-6c1d-4b7e-9a0f-2d5c8e7b1a01', PROFILE, 1500, 20_000, 3000, 0, 800],
      [2, 'bedrock:7b2d9c44-0e3f-4a61-8d25-5f9a1c3e7b02', 'anthropic.claude-haiku-4-5-20251001-v1:0', 2000, 0, 0, 0, 400],
      [3, 'bedrock:c1a7e0d9-5b84-4f3a-b6e2-8d0f4a9c2e03', 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 100, 0, 1000, 4000, 300],
      [5, 'bedrock:0d6c3b8a-2f1e-4d9c-8b7a-6e5f4d3c2b05', 'amazon.titan-embed-text-v2:0', 12, 0, 0, 0, 0],
      [6, 'bedrock:3f8e1a52-6c1d-4b7e-9a0f-2d5c8e7b1a01', PROFILE, 1500, 20_000, 3000, 0, 800],
    ]);
    // Unique records (1, 2, 3, 5): input 1,500 + 2,000 + 100 + 12 = 3,612; read 20,000; written 3,000 + 1,000 (5m) and 4,000 (1h);
    // output 800 + 400 + 300 = 1,500.
    expect(totals(out.records.slice(0, 4))).toMatchObject({
      records: 4,
      requests: 4,
      input: 3612,
      cacheRead: 20_000,
      cacheWrite5m: 4000,
      cacheWrite1h: 4000,
      output: 1500,
      reasoning: 0,
    });
  });

  it('attributes each record to its caller ARN and requestMetadata', () => {
    expect(out.records[0]).toMatchObject({
      ts: Date.parse('2025-06-04T08:00:00Z'),
      provider: 'bedrock',
      apiKey: 'arn:aws:sts::123456789012:assumed-role/support-bot/i-0a1b2c3d',
      user: 'support-bot/i-0a1b2c3d',
      project: 'helpdesk',
      feature: 'triage',
      tags: [],
      requests: 1,
      batch: false,
    });
    // A user named in requestMetadata wins over the ARN's name.
    expect(out.records[1]).toMatchObject({ apiKey: 'arn:aws:iam::123456789012:user/alice', user: 'alice@example.com', project: null, tags: ['beta', 'eu'] });
    expect(out.records[3]).toMatchObject({ user: 'indexer' });
  });

  it('fails records with an errorCode and skips unusable ones, saying why', () => {
    expect(out.failed).toEqual([{ line: 4, reason: 'request failed (ThrottlingException)' }]);
    expect(out.skipped).toEqual([{ line: 7, reason: 'input.inputTokenCount is not a number (a text of 3 characters)' }]);
  });

  it('skips records without time, model or token counts, and lines of another kind', () => {
    const base = {
      schemaType: 'ModelInvocationLog',
      schemaVersion: '1.0',
      accountId: '1',
      requestId: 'r',
      modelId: 'm',
      timestamp: '2025-06-04T08:00:00Z',
      input: { inputTokenCount: 1 },
      output: {},
    };
    const { records, skipped } = runAdapter(bedrockInvocationLogAdapter, [
      { ...base, timestamp: undefined },
      { ...base, timestamp: 'yesterday' },
      { ...base, modelId: undefined },
      { ...base, input: {}, output: {} },
      { hello: 'world' },
      'text',
      {
        ...base,
        input: { inputTokenCount: 5 },
        output: { outputTokenCount: 1, outputBodyJson: { usage: { cache_creation: { ephemeral_1h_input_tokens: 7 } } } },
      },
    ]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'no timestamp',
      'timestamp is not a date/time (a text of 9 characters)',
      'no modelId',
      'no token counts (input.inputTokenCount, output.outputTokenCount)',
      'not a Bedrock ModelInvocationLog record (schemaType, modelId, input)',
      'not a JSON object',
    ]);
    // An Anthropic InvokeModel body's 1-hour writes are taken only up to the logged write count (0 here).
    expect(records[0]).toMatchObject({ inputTokens: 5, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 });
  });
});

describe('bedrock invocation log detection', () => {
  it('recognizes the fixture, also without the schema fields', () => {
    expect(detected(readFileSync(LOG, 'utf8'))).toBe('bedrock');
    const bare =
      '{"timestamp":"2025-06-04T08:00:00Z","accountId":"123456789012","requestId":"r1","modelId":"amazon.nova-micro-v1:0","input":{"inputTokenCount":1},"output":{"outputTokenCount":8}}\n';
    expect(detected(bare)).toBe('bedrock');
  });

  it('does not claim Converse responses or a CloudWatch metrics export', () => {
    expect(bedrockInvocationLogAdapter.detect(sampleFor('jsonl', readFileSync(fixture('usage', 'bedrock-converse', 'converse.jsonl'), 'utf8')))).toBe(0);
    const metrics =
      '{"Namespace":"AWS/Bedrock","MetricName":"InputTokenCount","Dimensions":[{"Name":"ModelId","Value":"amazon.nova-micro-v1:0"}],"Timestamp":"2025-06-04T08:00:00Z","Sum":1200}\n';
    expect(bedrockInvocationLogAdapter.detect(sampleFor('jsonl', metrics))).toBe(0);
  });
});
