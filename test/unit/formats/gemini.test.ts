import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../../src/usage/record.js';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { geminiAdapter } from '../../../src/ingest/formats/gemini.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

const API = fixture('usage', 'gemini', 'gemini-api.jsonl');
const VERTEX = fixture('usage', 'gemini', 'vertex.jsonl');

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

const response = (id: string, usage: Record<string, unknown> | undefined, finished = true) => ({
  candidates: [{ content: { parts: [{ text: 'x' }], role: 'model' }, ...(finished ? { finishReason: 'STOP' } : {}) }],
  ...(usage ? { usageMetadata: usage } : {}),
  modelVersion: 'gemini-2.5-flash',
  responseId: id,
});
const logged = (ts: string, inner: unknown) => ({ timestamp: ts, response: inner });

describe('gemini adapter on fixtures/usage/gemini/gemini-api.jsonl (Gemini API responses in a logging envelope)', () => {
  // Line by line:
  //  1 flash, prompt 1,200, candidates 300                           → input 1,200, output 300
  //  2 pro, prompt 10,000 of which 6,000 cached; 800 + 1,200 thoughts → input 4,000, cache 6,000, output 2,000 (1,200 reasoning)
  //  3-5 one stream (same responseId), usage grows 0 → 40 → 120      → one record from line 5: input 500, output 120
  //  6 flash, prompt 2,000 + 250 tool-use prompt; 150 + 100 thoughts → input 2,250, output 250 (100 reasoning)
  //  7 Python SDK snake_case dump, flash-lite, 3,000 of which 1,000 cached, 200 out → input 2,000, cache 1,000, output 200
  //  8 429 RESOURCE_EXHAUSTED error body                             → failed
  //  9 finished (SAFETY) without usageMetadata                       → skipped
  // 10 line 1 logged again (same responseId)                         → emitted again; the store counts it as a duplicate
  // 11 bare Gemini API response: no timestamp anywhere               → skipped
  // 12 promptTokenCount "lots"                                       → skipped
  const out = runAdapter(geminiAdapter, lines(API));

  it('normalizes every billable response, collapsing the stream to its last chunk', () => {
    expect(out.records.map((r) => [r.line, r.id, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.reasoningTokens])).toEqual([
      [1, 'gemini:gF09aKq2LfGxnvgPq7WAiQc', 'gemini-2.5-flash', 1200, 0, 300, 0],
      [2, 'gemini:tF49aMLdBsWnvdIP4Y6xqAE', 'gemini-2.5-pro', 4000, 6000, 2000, 1200],
      [5, 'gemini:sT59aA7pK8O1nvgP0tS3sQ4', 'gemini-2.5-flash', 500, 0, 120, 0],
      [6, 'gemini:kG69aOzYF9Gfvr0P_Nq2kAs', 'gemini-2.5-flash', 2250, 0, 250, 100],
      [7, 'gemini:pY79aJ3sMpO0nvgPpcrn6Qw', 'gemini-2.5-flash-lite', 2000, 1000, 200, 0],
      [10, 'gemini:gF09aKq2LfGxnvgPq7WAiQc', 'gemini-2.5-flash', 1200, 0, 300, 0],
    ]);
    // Without the repeated line 10: input 1,200 + 4,000 + 500 + 2,250 + 2,000 = 9,950; cache 6,000 + 1,000;
    // output 300 + 2,000 + 120 + 250 + 200 = 2,870; reasoning 1,200 + 100.
    expect(totals(out.records.slice(0, 5))).toMatchObject({
      records: 5,
      requests: 5,
      input: 9950,
      cacheRead: 7000,
      cacheWrite5m: 0,
      output: 2870,
      reasoning: 1300,
    });
  });

  it('takes time and attribution from the envelope, provider google, and leaves long context to the pricer', () => {
    const [first, , stream] = out.records;
    expect(first).toMatchObject({
      ts: Date.parse('2025-06-02T09:00:00Z'),
      provider: 'google',
      user: 'ana',
      feature: 'search',
      requests: 1,
      longContext: null,
      batch: false,
    });
    // The kept chunk is the last one, so the stream's time is its last line's.
    expect(stream).toMatchObject({ ts: Date.parse('2025-06-02T09:10:02Z'), user: 'ben' });
  });

  it('fails the logged error and skips unusable lines, saying why', () => {
    expect(out.failed).toEqual([{ line: 8, reason: 'request failed (429 RESOURCE_EXHAUSTED)' }]);
    expect(out.skipped).toEqual([
      { line: 9, reason: 'no usageMetadata in the response' },
      { line: 11, reason: expect.stringMatching(/^no timestamp: a Gemini API response has none/) },
      { line: 12, reason: 'usageMetadata.promptTokenCount is not a number (a text of 4 characters)' },
    ]);
  });
});

describe('gemini adapter on fixtures/usage/gemini/vertex.jsonl (Vertex AI responses)', () => {
  // 1 bare Vertex response with createTime; pro, 250,000 prompt, 1,000 + 500 thoughts → input 250,000, output 1,500
  // 2 envelope names the model by Vertex resource path; 8,000 of which 4,000 cached, 500 out
  // 3-4 a Vertex stream: only the last chunk carries usage (1,000 in, 200 + 300 thoughts); chunk 3 is passed over
  // 5 finished chunk without usage → skipped
  const out = runAdapter(geminiAdapter, lines(VERTEX));

  it('reads createTime, strips the resource path and marks such records vertex_ai', () => {
    expect(out.records.map((r) => [r.line, r.provider, r.model, r.ts, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.reasoningTokens])).toEqual([
      [1, 'google', 'gemini-2.5-pro', Date.parse('2025-06-03T10:00:00.123Z'), 250_000, 0, 1500, 500],
      [2, 'vertex_ai', 'gemini-2.5-flash', Date.parse('2025-06-03T10:04:59.500Z'), 4000, 4000, 500, 0],
      [4, 'google', 'gemini-2.5-pro', Date.parse('2025-06-03T10:10:00Z'), 1000, 0, 500, 300],
    ]);
    expect(out.records[1]).toMatchObject({ project: 'acme-prod', id: 'gemini:xG0-aJ6FA8K-m9IP9ZaQ4Ak' });
    // The >200k prompt of line 1 is priced at the long-context tier by the pricer, from the prompt size.
    expect(out.records[0]!.longContext).toBeNull();
    expect(out.skipped).toEqual([{ line: 5, reason: 'no usageMetadata in the response' }]);
    expect(out.failed).toEqual([]);
  });

  it('keeps a bare model id from modelVersion but still takes vertex_ai from the envelope path', () => {
    const { records } = runAdapter(geminiAdapter, [
      { timestamp: '2025-06-03T11:00:00Z', model: 'publishers/google/models/gemini-2.5-pro', response: response('v-9', { promptTokenCount: 10 }) },
      { timestamp: '2025-06-03T11:00:00Z', provider: 'vertex_ai', response: response('v-10', { promptTokenCount: 10 }) },
    ]);
    expect(records.map((r) => [r.provider, r.model])).toEqual([
      ['vertex_ai', 'gemini-2.5-flash'],
      ['vertex_ai', 'gemini-2.5-flash'],
    ]);
  });
});

describe('gemini stream collapsing', () => {
  it('keeps the largest usage per responseId across interleaved streams, emitting each at its final chunk', () => {
    const { records } = runAdapter(geminiAdapter, [
      logged('2025-06-02T10:00:00Z', response('a', { promptTokenCount: 100, candidatesTokenCount: 5 }, false)),
      logged('2025-06-02T10:00:00Z', response('b', { promptTokenCount: 700, candidatesTokenCount: 1 }, false)),
      logged('2025-06-02T10:00:01Z', response('a', { promptTokenCount: 100, candidatesTokenCount: 60 }, false)),
      logged('2025-06-02T10:00:02Z', response('b', { promptTokenCount: 700, candidatesTokenCount: 30 }, true)),
      // A stream whose last logged chunk is not its largest: the largest is kept.
      logged('2025-06-02T10:00:03Z', response('a', { promptTokenCount: 100, candidatesTokenCount: 2 }, false)),
    ]);
    // b finishes first (line 4); a never finishes and is emitted at the end of the file with its largest usage (line 3).
    expect(records.map((r) => [r.id, r.line, r.inputTokens, r.outputTokens])).toEqual([
      ['gemini:b', 4, 700, 30],
      ['gemini:a', 3, 100, 60],
    ]);
  });

  it('holds a bounded number of open streams, emitting the oldest when too many are open', () => {
    const emitted: UsageRecord[] = [];
    const parser = geminiAdapter.open({ record: (r) => emitted.push(r), skip() {}, fail() {} });
    for (let i = 0; i < 256; i++) parser.push(logged('2025-06-02T10:00:00Z', response(`s${i}`, { promptTokenCount: 1 }, false)), i + 1);
    expect(emitted).toHaveLength(0);
    parser.push(logged('2025-06-02T10:00:00Z', response('s256', { promptTokenCount: 1 }, false)), 257);
    expect(emitted.map((r) => r.id)).toEqual(['gemini:s0']);
    parser.finish();
    expect(emitted).toHaveLength(257);
  });

  it('emits a response without a responseId at once, and clamps a cached count above the prompt', () => {
    const { records } = runAdapter(geminiAdapter, [
      logged('2025-06-02T10:00:00Z', {
        candidates: [{ finishReason: 'STOP' }],
        modelVersion: 'gemini-2.5-flash',
        usageMetadata: { promptTokenCount: 50, cachedContentTokenCount: 80, candidatesTokenCount: 5 },
      }),
    ]);
    expect(records[0]).toMatchObject({ id: '', inputTokens: 0, cacheReadTokens: 50, outputTokens: 5 });
  });
});

describe('gemini detection', () => {
  it('recognizes both fixtures', () => {
    expect(detected(readFileSync(API, 'utf8'))).toBe('gemini');
    expect(detected(readFileSync(VERTEX, 'utf8'))).toBe('gemini');
    expect(geminiAdapter.detect(sampleFor('jsonl', readFileSync(API, 'utf8')))).toBe(20 * 11);
  });

  it('does not claim countTokens responses or OpenAI completions', () => {
    const countTokens = '{"totalTokens":31,"cachedContentTokenCount":0,"promptTokensDetails":[{"modality":"TEXT","tokenCount":31}]}\n';
    expect(geminiAdapter.detect(sampleFor('jsonl', countTokens.repeat(3)))).toBe(0);
    const openai =
      '{"id":"chatcmpl-1","object":"chat.completion","created":1748855700,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1}}\n';
    expect(geminiAdapter.detect(sampleFor('jsonl', openai))).toBe(0);
  });
});
