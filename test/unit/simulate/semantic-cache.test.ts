import { describe, expect, it } from 'vitest';
import { NOT_STORED } from '../../../src/simulate/document.js';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { jaccard, normalizePrompt, shingles } from '../../../src/util/similarity.js';
import { at, run, µ } from './helpers.js';

// Every request: gpt-4o, 1,000 in / 100 out = 2,500 + 1,000 = 3,500 µ$.
const ask = (day: number, hh: number, mm: number, promptText: string, feature = 'faq'): HistoryRecord => ({
  ts: at(day, hh, mm),
  model: 'gpt-4o',
  provider: 'openai',
  feature,
  input: 1000,
  output: 100,
  promptText,
});

describe('lexical similarity', () => {
  it('normalizes case, width and white space, and compares word pairs exactly', () => {
    expect(normalizePrompt('  How do I\n reset  my PASSWORD? ')).toBe('how do i reset my password?');
    // {how do, do i, i reset, reset my, my password} against the same plus {password please}: 5 / 6.
    expect(jaccard(shingles('how do i reset my password'), shingles('how do i reset my password please'))).toBeCloseTo(5 / 6, 12);
    expect(jaccard(shingles('a b c'), shingles('x y z'))).toBe(0);
  });
});

describe('semantic cache', () => {
  const history = [
    ask(0, 9, 0, 'How do I reset my password?'),
    ask(0, 9, 5, 'how do i reset my password?'), // exact once normalized
    ask(0, 9, 10, 'How do I reset my password please'), // Jaccard 5/6 ≈ 0.83 with the first
    ask(0, 9, 15, 'What is the refund policy?'),
    ask(0, 9, 20, 'How do I reset my password?', 'billing'), // another feature: its own cache
  ];

  it('answers normalized repeats and similar prompts from the cache, by threshold, as an estimate', () => {
    const doc = run(history, 'semanticCache: {threshold: 0.8, sweep: [1, 0.9]}');
    const sc = doc.semanticCache!;
    expect(sc).toMatchObject({ available: true, estimate: true, threshold: 0.8, eligibleRequests: 5, hits: 2 });
    expect(sc.hitRate).toBeCloseTo(2 / 5, 12);
    expect(sc.savingsUsd).toBeCloseTo(µ(2 * 3500), 12);
    // Sweep: at 1 and 0.9 only the exact repeat hits; at 0.8 the near-duplicate too.
    expect(sc.sweep.map((s) => [s.threshold, s.hits])).toEqual([
      [1, 1],
      [0.9, 1],
      [0.8, 2],
    ]);
    expect(sc.sweep[0]!.savingsUsd).toBeCloseTo(µ(3500), 12);
  });

  it('forgets entries after the TTL and beyond the capacity (least recently used first)', () => {
    // TTL 1 hour: the same question 2 hours later misses.
    const late = run([ask(0, 9, 0, 'same question'), ask(0, 11, 0, 'same question')], 'semanticCache: {threshold: 1, ttl: 1h}');
    expect(late.semanticCache!.hits).toBe(0);
    // Capacity 1: A, B (evicts A), A misses, A hits.
    const small = run(
      [ask(0, 9, 0, 'question a'), ask(0, 9, 1, 'question b'), ask(0, 9, 2, 'question a'), ask(0, 9, 3, 'question a')],
      'semanticCache: {threshold: 1, capacity: 1}',
    );
    expect(small.semanticCache!.hits).toBe(1);
  });

  it('matches whole-prompt fingerprints exactly when no text is stored', () => {
    const recs: HistoryRecord[] = [0, 1, 2].map((m) => ({
      ts: at(0, 9, m),
      model: 'gpt-4o',
      provider: 'openai',
      feature: 'faq',
      input: 1000,
      output: 100,
      promptHash: m < 2 ? 'h1' : 'h2',
    }));
    const doc = run(recs, 'semanticCache: {threshold: 0.8}');
    expect(doc.semanticCache).toMatchObject({ available: true, hits: 1, eligibleRequests: 3 });
  });

  it('says plainly that it cannot run on a history without prompt text or fingerprints', () => {
    const doc = run([{ ts: at(0, 9, 0), model: 'gpt-4o', provider: 'openai', input: 1000, output: 100 }], 'semanticCache: {threshold: 0.9}');
    expect(doc.semanticCache).toMatchObject({ available: false, reason: NOT_STORED, hits: 0, sweep: [] });
    expect(doc.notAvailable).toEqual([{ what: 'semantic cache', reason: 'not available: no prompt text or fingerprints stored' }]);
    expect(doc.savings.usd).toBe(0);
  });

  it('routes on a regular expression over the stored prompt text', () => {
    // "Classify" prompts move to gpt-4o-mini: 150 + 60 = 210 µ$ instead of 3,500.
    const doc = run(
      [ask(0, 9, 0, 'Classify this ticket: refund'), ask(0, 9, 1, 'Write a long answer')],
      "routing: [{match: {promptRegex: '^Classify'}, to: gpt-4o-mini}]",
    );
    expect(doc.routing[0]!.requests).toBe(1);
    expect(doc.savings.usd).toBeCloseTo(µ(3500 - 210), 12);
    expect(doc.notAvailable).toEqual([]);
  });
});
