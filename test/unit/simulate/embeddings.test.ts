import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEmbeddingsFile } from '../../../src/simulate/embeddings-file.js';
import { idsOf, type RequestEmbeddings } from '../../../src/simulate/embeddings-match.js';
import { embeddingKeys, mostDiffering, sameSideChance, type VectorKey } from '../../../src/simulate/embeddings-similarity.js';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { SemanticCache, type Similarity } from '../../../src/simulate/semantic-cache.js';
import { at, run as runScenario, µ } from './helpers.js';

/** Embeddings given to rows by hand: row i gets vectors[i] (null: none), normalized as the file reader does. */
function embeddingsOf(vectors: (number[] | null)[]): RequestEmbeddings {
  const dimensions = vectors.find((v) => v !== null)!.length;
  const packed = new Float32Array(vectors.length * dimensions);
  const vectorOf = new Int32Array(vectors.length).fill(-1);
  vectors.forEach((v, i) => {
    if (!v) return;
    const norm = Math.hypot(...v);
    v.forEach((x, d) => {
      packed[i * dimensions + d] = x / norm;
    });
    vectorOf[i] = i;
  });
  const matched = vectors.filter((v) => v !== null).length;
  return {
    file: 'e.jsonl',
    dimensions,
    vectors: packed,
    vectorOf,
    idsInFile: matched,
    matchedRequests: matched,
    unmatchedIds: 0,
    firstUnmatchedLine: null,
    ambiguousIds: 0,
    firstAmbiguousLine: null,
  };
}

// Every request: gpt-4o, 1,000 in / 100 out = 2,500 + 1,000 = 3,500 µ$.
const ask = (day: number, hh: number, mm: number, feature = 'faq'): HistoryRecord => ({
  ts: at(day, hh, mm),
  model: 'gpt-4o',
  provider: 'openai',
  feature,
  input: 1000,
  output: 100,
});

function run(records: HistoryRecord[], vectors: (number[] | null)[], yaml: string) {
  return runScenario(records, yaml, 'feature', { embeddings: embeddingsOf(vectors) });
}

describe('the cosine semantic cache', () => {
  it('hits at or above the threshold as a cosine, one cache per feature', () => {
    // [1,0,0] · [0.96,0.28,0] = 0.96; [0,1,0] is orthogonal to the first and 0.28 from the second.
    const doc = run(
      [ask(0, 9, 0), ask(0, 9, 1), ask(0, 9, 2), ask(0, 9, 3, 'billing')],
      [
        [1, 0, 0],
        [0.96, 0.28, 0],
        [0, 1, 0],
        [1, 0, 0],
      ],
      'semanticCache: {threshold: 0.96, sweep: [1, 0.97], embeddings: e.jsonl}',
    );
    const sc = doc.semanticCache!;
    expect(sc).toMatchObject({ available: true, threshold: 0.96, eligibleRequests: 4, hits: 1 });
    // At exactly 0.96 the second hits (the vectors are 32-bit floats: a cosine written as 0.96 is not lost to rounding).
    expect(sc.sweep.map((s) => [s.threshold, s.hits])).toEqual([
      [1, 0],
      [0.97, 0],
      [0.96, 1],
    ]);
    expect(sc.savingsUsd).toBeCloseTo(µ(3500), 12);
    expect(doc.notAvailable).toEqual([]);
    expect(doc.assumptions.some((a) => a.includes('cosine-similar'))).toBe(true);
  });

  it('forgets entries after the TTL and beyond the capacity, and leaves requests without a vector uncached', () => {
    // TTL 1 hour: the same vector 2 hours later misses.
    const late = run(
      [ask(0, 9, 0), ask(0, 11, 0)],
      [
        [1, 2],
        [1, 2],
      ],
      'semanticCache: {threshold: 1, ttl: 1h, embeddings: e.jsonl}',
    );
    expect(late.semanticCache!.hits).toBe(0);
    // Capacity 1: A, B (evicts A), A misses (evicts B), A hits. The third request has no vector.
    const small = run(
      [ask(0, 9, 0), ask(0, 9, 1), ask(0, 9, 2), ask(0, 9, 3), ask(0, 9, 4)],
      [[1, 0], [0, 1], [1, 0], [2, 0], null],
      'semanticCache: {threshold: 0.99, capacity: 1, embeddings: e.jsonl}',
    );
    expect(small.semanticCache).toMatchObject({ hits: 1, eligibleRequests: 4 });
    expect(small.semanticCache!.embeddings).toMatchObject({ withoutEmbedding: 1, dimensions: 2 });
  });

  it('finds what an exact scan finds, on thousands of clustered vectors (the bands lose about 1 pair in 200 at the threshold)', () => {
    // 4,000 requests in 40 topics of 64 dimensions, 2 features, each a topic plus noise of its own size (0.1 to
    // 0.5 of the topic's): pairs in one topic spread from about 0.8 to 0.99, so many lie near each threshold. The exact cache files every entry under one band (its scope) and
    // so compares each request with every live entry; the hit counts must agree to within 1%.
    const n = 4000;
    const dim = 64;
    let seed = 1;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const topics = Array.from({ length: 40 }, () => Array.from({ length: dim }, gauss));
    const vectors = Array.from({ length: n }, () => {
      const topic = topics[Math.floor(random() * topics.length)]!;
      const noise = 0.1 + 0.4 * random();
      return topic.map((x) => x + noise * gauss());
    });
    const e = embeddingsOf(vectors);
    const keys = embeddingKeys(e);
    const rowKeys = Array.from({ length: n }, (_, i) => keys.key(i, (i % 2) + 1)!);
    const cosine = (a: VectorKey, b: VectorKey) => {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += e.vectors[a.slot * dim + d]! * e.vectors[b.slot * dim + d]!;
      return dot;
    };
    for (const threshold of [0.95, 0.9, 0.8]) {
      const exact: Similarity<VectorKey> = {
        bands: (k) => [k.scope],
        similar: (a, b) => cosine(a, b) >= threshold - 1e-6,
      };
      const banded = new SemanticCache(keys.at(threshold), 86_400_000, 1000);
      const scanned = new SemanticCache(exact, 86_400_000, 1000);
      let hitsBanded = 0;
      let hitsScanned = 0;
      for (let i = 0; i < n; i++) {
        const key = rowKeys[i]!;
        if (banded.lookup(key, i * 1000)) hitsBanded++;
        if (scanned.lookup(key, i * 1000)) hitsScanned++;
      }
      expect(hitsScanned).toBeGreaterThan(n / 10);
      expect(Math.abs(hitsBanded - hitsScanned)).toBeLessThanOrEqual(hitsScanned / 100);
    }
  });

  it('sizes the bands and the bit-count filter from the chance that two vectors lie on one side of a hyperplane', () => {
    // 1 − arccos(c)/π: orthogonal vectors agree on half the hyperplanes, identical ones on all.
    expect(sameSideChance(0)).toBeCloseTo(0.5, 12);
    expect(sameSideChance(1)).toBe(1);
    // At cosine 0 a pair lies across half of the 128 hyperplanes: 64, + 4 standard deviations, 4 × √(128 × ½ × ½) = 22.6 → 86.
    expect(mostDiffering(0)).toBe(86);
  });
});

describe('request ids an embeddings line may give', () => {
  it('the stored id, and the id without the namespace an adapter put in front', () => {
    expect(idsOf('chatcmpl-A1')).toEqual({ exact: 'chatcmpl-A1', aliases: [] });
    expect(idsOf('litellm:abc-1')).toEqual({ exact: 'litellm:abc-1', aliases: ['abc-1'] });
    expect(idsOf('claude-code:request:req_1')).toEqual({ exact: 'claude-code:request:req_1', aliases: ['request:req_1', 'req_1'] });
  });
});

describe('the embeddings file', () => {
  it('keeps unit vectors, takes whole-number ids, passes over blank lines and other keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-emb-'));
    try {
      const file = join(dir, 'e.jsonl');
      writeFileSync(file, '\ufeff{"id": "a", "embedding": [3, 4], "text": "hello"}\n\n{"id": 7, "embedding": [0, -2]}\r\n');
      const f = readEmbeddingsFile(file);
      expect(f.ids).toEqual(['a', '7']);
      expect([...f.lines]).toEqual([1, 3]);
      expect(f.dimensions).toBe(2);
      // [3,4] / 5 and [0,-2] / 2.
      expect([...f.vectors].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.6, 0.8, 0, -1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
