import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fixture, llmcost, tempDir } from '../../helpers/cli.js';

// fixtures/simulate/embeddings/: an API log (api-log.jsonl) of six gpt-4o requests, 1,000 prompt and 100
// completion tokens each, on 2025-06-02 (one day, so a 30-day month is 30 × the period):
// $2.50 / 1M in + $10 / 1M out = 2,500 + 1,000 = 3,500 µ$ a request. chatcmpl-e1…e5 are feature "support"
// at 09:00…09:04, chatcmpl-e7 feature "billing" at 09:06. app.jsonl (a generic log, the app's own id
// "req-6", so stored bare and scoped to its source) adds one more support request at 09:05.
// embeddings.jsonl gives 3-dimensional vectors whose cosines are plain to see:
//   e1 [1,0,0]; e2 [0.96,0.28,0] (cos e1 = 0.96); e3 [0,1,0] (cos e1 = 0, cos e2 = 0.28);
//   e4 [0.6,0.8,0] (cos e1 = 0.6, e2 = 0.576 + 0.224 = 0.8, e3 = 0.8); req-6 [2,0,0] (the direction of e1:
//   cos 1); e7 [1,0,0] but in billing (its own cache); e5 has no line (no embedding), and line 7 names
//   chatcmpl-gone, which is no request.
// A hit is not stored (the cache answered), so in replay order, per threshold t:
//   t = 1:    req-6 hits e1                                  → 1 hit
//   t ≥ 0.85: e2 hits e1 (0.96); e4 meets e1 0.6 and e3 0.8 (e2 was not stored) → misses; req-6 hits → 2
//   t ≤ 0.8:  e2, then e4 on e3 (exactly 0.8), then req-6   → 3 hits
// Eligible: e1, e2, e3, e4, req-6, e7 = 6; e5 had no embedding.
const µ = (n: number) => n / 1e6;
type Doc = any;
const DIR = fixture('simulate', 'embeddings');
const LOG = `${DIR}/api-log.jsonl`;
const APP = `${DIR}/app.jsonl`;
const EMBEDDINGS = `${DIR}/embeddings.jsonl`;

describe('llmcost simulate --embeddings (built CLI)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = `${dir}/u.db`;
  });
  afterEach(() => cleanup());
  const sim = (...args: string[]) => llmcost(['--db', db, 'simulate', ...args]);
  const json = (...args: string[]): Doc => {
    const r = sim(...args, '--format', 'json');
    expect(r.stderr).toBe(`llmcost: database ${db}\n`);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  it('compares the vectors by cosine per feature, at each threshold of the sweep, and says what it used', () => {
    const doc = json(LOG, APP, '--semantic-cache', 'threshold=0.9', '--embeddings', EMBEDDINGS);
    const sc = doc.semanticCache;
    expect(sc).toMatchObject({ available: true, threshold: 0.9, eligibleRequests: 6, hits: 2 });
    expect(sc.similarity).toBe('embedding cosine similarity from fixtures/simulate/embeddings/embeddings.jsonl');
    expect(sc.embeddings).toEqual({
      file: 'fixtures/simulate/embeddings/embeddings.jsonl',
      dimensions: 3,
      idsInFile: 7,
      matchedRequests: 6,
      withoutEmbedding: 1,
      unmatchedIds: 1,
      firstUnmatchedLine: 7,
      ambiguousIds: 0,
      firstAmbiguousLine: null,
    });
    expect(sc.sweep.map((s: Doc) => [s.threshold, s.hits])).toEqual([
      [1, 1],
      [0.95, 2],
      [0.9, 2],
      [0.85, 2],
      [0.8, 3],
      [0.7, 3],
    ]);
    // Two hits at 0.9: 2 × 3,500 µ$ = $0.007 of a baseline of 7 × 3,500 µ$ = $0.0245; × 30 a month = $0.21.
    expect(doc.baseline.costUsd).toBeCloseTo(µ(7 * 3500), 12);
    expect(sc.savingsUsd).toBeCloseTo(µ(2 * 3500), 12);
    expect(doc.savings.monthlyUsd).toBeCloseTo(µ(2 * 3500) * 30, 12);
    expect(sc.sweep[4].savingsUsd).toBeCloseTo(µ(3 * 3500), 12);
    expect(doc.notAvailable).toEqual([]);

    const table = sim(LOG, APP, '--semantic-cache', 'threshold=0.9', '--embeddings', EMBEDDINGS);
    expect(table.code).toBe(0);
    const text = table.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      'Similarity: embedding cosine similarity from fixtures/simulate/embeddings/embeddings.jsonl (3 dimensions; the threshold is a cosine).',
    );
    expect(text).toContain('1 request had no embedding: not cached.');
    expect(text).toContain('1 id in fixtures/simulate/embeddings/embeddings.jsonl matches no request in scope (the first on line 7).');
  });

  it('labels the lexical similarity when no embeddings are given', () => {
    const doc = json(LOG, APP, '--semantic-cache', 'threshold=0.9');
    expect(doc.semanticCache.similarity).toBe('lexical similarity (MinHash of word pairs)');
    expect(doc.semanticCache.embeddings).toBeNull();
    // The same requests without vectors: e1 and e7 repeat one question, but in two features; no other prompt
    // repeats or shares 90% of its word pairs, so no hit.
    expect(doc.semanticCache.hits).toBe(0);
  });

  it("takes the file from the scenario's semanticCache, relative to the scenario file", () => {
    const scenarios = `${dir}/scenarios`;
    mkdirSync(scenarios);
    writeFileSync(`${scenarios}/embeddings.jsonl`, '{"id": "chatcmpl-e1", "embedding": [1, 0]}\n{"id": "chatcmpl-e2", "embedding": [0.96, 0.28]}\n');
    writeFileSync(`${scenarios}/cache.yaml`, 'semanticCache:\n  threshold: 0.95\n  sweep: [1]\n  embeddings: embeddings.jsonl\n');
    const doc = json(LOG, '--scenario', `${scenarios}/cache.yaml`);
    // e2 hits e1 at 0.96 ≥ 0.95; e3, e4, e5 and e7 have no vector.
    expect(doc.semanticCache).toMatchObject({ threshold: 0.95, eligibleRequests: 2, hits: 1 });
    expect(doc.semanticCache.embeddings).toMatchObject({ file: `${scenarios}/embeddings.jsonl`, withoutEmbedding: 4 });
    expect(doc.semanticCache.sweep.map((s: Doc) => [s.threshold, s.hits])).toEqual([
      [1, 0],
      [0.95, 1],
    ]);
  });

  it('matches the id in the user\'s own log and the id llmcost stores ("litellm:" in front)', () => {
    // LiteLLM request ids without a provider's shape are stored as litellm:lite-1, litellm:lite-2; the file
    // names one bare and one as stored. Same direction ([1,0] and [3,0]): the second hits at threshold 1,
    // saving its 3,500 µ$ (gpt-4o, 1,000 in, 100 out).
    const doc = json(`${DIR}/litellm.jsonl`, '--semantic-cache', 'threshold=1', '--embeddings', `${DIR}/litellm-embeddings.jsonl`);
    expect(doc.semanticCache).toMatchObject({ eligibleRequests: 2, hits: 1 });
    expect(doc.semanticCache.embeddings).toMatchObject({ matchedRequests: 2, unmatchedIds: 0 });
    expect(doc.semanticCache.savingsUsd).toBeCloseTo(µ(3500), 12);
  });

  it("compares the served answer with the request's own on an embedding hit", () => {
    // Two logged answers that differ; the vectors are 0.96 apart, so the second request hits the first at 0.9
    // and would have been served the first one's answer: 1 comparable hit, 1 differing.
    const log = `${dir}/answers.jsonl`;
    const line = (k: number, answer: string) =>
      JSON.stringify({
        timestamp: `2025-06-02T09:0${k}:00Z`,
        feature: 'support',
        request: { model: 'gpt-4o', messages: [{ role: 'user', content: `question ${k}` }] },
        response: {
          id: `chatcmpl-a${k}`,
          object: 'chat.completion',
          created: 1748854800 + k * 60,
          model: 'gpt-4o',
          choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1000, completion_tokens: 100 },
        },
      });
    writeFileSync(log, `${line(1, 'Open Settings, then Security.')}\n${line(2, 'We cannot help with that.')}\n`);
    writeFileSync(`${dir}/a.jsonl`, '{"id": "chatcmpl-a1", "embedding": [1, 0]}\n{"id": "chatcmpl-a2", "embedding": [0.96, 0.28]}\n');
    const doc = json(log, '--semantic-cache', 'threshold=0.9', '--embeddings', `${dir}/a.jsonl`);
    expect(doc.semanticCache).toMatchObject({ hits: 1, answeredRequests: 2, answers: { comparableHits: 1, differingHits: 1, differingShare: 1 } });
  });

  it('gives no vector to an id two requests in scope share, and says so', () => {
    // A second app logs its own request "req-6" too: two sources, two requests, one id in the file.
    const other = `${dir}/other-app.jsonl`;
    writeFileSync(
      other,
      '{"id": "req-6", "timestamp": "2025-06-02T11:00:00Z", "model": "gpt-4o", "input_tokens": 1000, "output_tokens": 100, "feature": "support"}\n',
    );
    const doc = json(LOG, APP, other, '--semantic-cache', 'threshold=1', '--embeddings', EMBEDDINGS);
    // Without req-6's vector nothing repeats e1's direction in support: no hit at 1.
    expect(doc.semanticCache).toMatchObject({ hits: 0, eligibleRequests: 5 });
    expect(doc.semanticCache.embeddings).toMatchObject({ ambiguousIds: 1, firstAmbiguousLine: 5, withoutEmbedding: 3, matchedRequests: 5 });
  });
});

describe('llmcost simulate --embeddings: mistakes get one sentence with file and line (exit 2)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(() => cleanup());
  const attempt = (lines: string) => {
    writeFileSync(`${dir}/e.jsonl`, lines);
    const r = llmcost(['--db', `${dir}/u.db`, 'simulate', LOG, '--semantic-cache', '--embeddings', `${dir}/e.jsonl`]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    return r.stderr;
  };
  const good = '{"id": "chatcmpl-e1", "embedding": [1, 0, 0]}\n';

  it('a line that is not JSON', () => {
    expect(attempt(`${good}{"id": "chatcmpl-e2", "embedding": [1, 0,\n`)).toBe(
      `llmcost: ${dir}/e.jsonl:2: is not JSON (cut off before the value ends): each line must be {"id": "<request id>", "embedding": [numbers]}.\n`,
    );
  });

  it('a vector of another dimension', () => {
    expect(attempt(`${good}\n{"id": "chatcmpl-e2", "embedding": [1, 0]}\n`)).toBe(
      `llmcost: ${dir}/e.jsonl:3: "embedding" has 2 numbers where line 1 has 3: every vector must come from the same model.\n`,
    );
  });

  it('a NaN, written as Python writes it or as null', () => {
    expect(attempt(`${good}{"id": "chatcmpl-e2", "embedding": [1, NaN, 0]}\n`)).toBe(
      `llmcost: ${dir}/e.jsonl:2: holds NaN or Infinity, which are not numbers in JSON: leave out the request, or write its vector again.\n`,
    );
    expect(attempt(`${good}{"id": "chatcmpl-e2", "embedding": [1, null, 0]}\n`)).toBe(`llmcost: ${dir}/e.jsonl:2: "embedding"[1] is null, not a number.\n`);
  });

  it('a duplicate id, and two ids of one request', () => {
    expect(attempt(`${good}{"id": "chatcmpl-e2", "embedding": [0, 1, 0]}\n${good}`)).toBe(
      `llmcost: ${dir}/e.jsonl:3: id "chatcmpl-e1" was given on line 1 already: give each request one embedding.\n`,
    );
    // lite-1 is stored as litellm:lite-1: both lines name the one request.
    writeFileSync(`${dir}/two.jsonl`, '{"id": "lite-1", "embedding": [1, 0]}\n{"id": "litellm:lite-1", "embedding": [0, 1]}\n');
    const r = llmcost(['--db', `${dir}/u.db`, 'simulate', `${DIR}/litellm.jsonl`, '--semantic-cache', '--embeddings', `${dir}/two.jsonl`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`llmcost: ${dir}/two.jsonl:2: id "litellm:lite-1" names the same request as line 1 ("lite-1"): give each request one embedding.\n`);
  });

  it('a zero vector, a missing id, a vector under another name, an empty file', () => {
    expect(attempt('{"id": "chatcmpl-e1", "embedding": [0, 0, 0]}\n')).toBe(
      `llmcost: ${dir}/e.jsonl:1: "embedding" is all zeros: a zero vector has no direction to compare.\n`,
    );
    expect(attempt('{"embedding": [1, 0, 0]}\n')).toBe(
      `llmcost: ${dir}/e.jsonl:1: has no "id" (a request id as a string): each line must be {"id": "<request id>", "embedding": [numbers]}.\n`,
    );
    expect(attempt('{"id": "chatcmpl-e1", "vector": [1, 0, 0]}\n')).toBe(
      `llmcost: ${dir}/e.jsonl:1: has no "embedding" (a list of numbers), only "vector": name it "embedding": each line must be {"id": "<request id>", "embedding": [numbers]}.\n`,
    );
    expect(attempt('\n\n')).toBe(
      `llmcost: ${dir}/e.jsonl: holds no embeddings: each line must be {"id": "<request id>", "embedding": [numbers]}, one per request.\n`,
    );
  });

  it('--embeddings without a semantic cache, and a missing file', () => {
    const r = llmcost(['--db', `${dir}/u.db`, 'simulate', LOG, '--cap', 'max-tokens=50', '--embeddings', EMBEDDINGS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'llmcost: --embeddings needs a semantic cache to compare requests in: add --semantic-cache (e.g. --semantic-cache "threshold=0.9"), or a semanticCache section to the scenario file.\n',
    );
    const missing = llmcost(['--db', `${dir}/u.db`, 'simulate', LOG, '--semantic-cache', '--embeddings', `${dir}/nope.jsonl`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `llmcost: Embeddings file ${dir}/nope.jsonl does not exist: check the --embeddings path (or the scenario's semanticCache.embeddings).\n`,
    );
  });
});
