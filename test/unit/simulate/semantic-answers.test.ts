import { describe, expect, it } from 'vitest';
import { simulateSections } from '../../../src/report/simulate-sections.js';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { at, run } from './helpers.js';

// Requests with the answers they got, as response hashes ('A', 'B', 'C' stand for three different answers).
const ask = (mm: number, promptText: string, responseHash: string | null): HistoryRecord => ({
  ts: at(0, 9, mm),
  model: 'gpt-4o',
  provider: 'openai',
  feature: 'faq',
  input: 1000,
  output: 100,
  promptText,
  responseHash,
});

describe('semantic cache: answers that would differ', () => {
  const history = [
    ask(0, 'How do I reset my password?', 'A'), // miss: cached with answer A
    ask(1, 'how do i reset my password?', 'A'), // exact once normalized: served A, got A
    ask(2, 'How do I reset my password please', 'B'), // Jaccard 5/6 ≈ 0.83 with the first: served A, got B
    ask(3, 'What is the refund policy?', null), // miss: cached without an answer
    ask(4, 'what is the refund policy?', 'C'), // hit on an entry with no answer: not comparable
  ];

  it('counts, per threshold, the hits whose own and cached answers are both known, and how many differ', () => {
    const sc = run(history, 'semanticCache: {threshold: 0.8, sweep: [1, 0.9]}').semanticCache!;
    // Answers known for requests 1, 2, 3 and 5 of the 5 that went through the cache.
    expect(sc.answeredRequests).toBe(4);
    // At 1 and 0.9: hits 2 and 5; only 2 is comparable, and its answer is the cached one: 0 of 1.
    // At 0.8: request 3 hits too, and was served A instead of its own B: 1 of 2 comparable hits differ.
    expect(sc.sweep.map((s) => [s.threshold, s.hits, s.comparableHits, s.differingHits, s.differingShare])).toEqual([
      [1, 2, 1, 0, 0],
      [0.9, 2, 1, 0, 0],
      [0.8, 3, 2, 1, 0.5],
    ]);
    expect(sc.answers).toEqual({ comparableHits: 2, differingHits: 1, differingShare: 0.5 });
    const section = simulateSections(run(history, 'semanticCache: {threshold: 0.8, sweep: [1, 0.9]}'), 'text').sections.find((s) =>
      s.title.startsWith('Semantic cache'),
    )!;
    expect(section.header.at(-1)).toBe('Answers differ');
    expect(section.rows.map((r) => r.at(-1))).toEqual(['0.0% of 1', '0.0% of 1', '50.0% of 2']);
    expect(section.notes).toContain(
      "Answers would differ: 50.0% of 2 comparable hits at the scenario threshold (hits where both the request's own answer and the cached one were fingerprinted; 4 requests carried an answer).",
    );
  });

  it('says so when no response was fingerprinted, without the column', () => {
    const doc = run(
      history.map((r) => ({ ...r, responseHash: null })),
      'semanticCache: {threshold: 0.8}',
    );
    expect(doc.semanticCache).toMatchObject({ answeredRequests: 0, answers: { comparableHits: 0, differingHits: 0, differingShare: null } });
    const section = simulateSections(doc, 'text').sections.find((s) => s.title.startsWith('Semantic cache'))!;
    expect(section.header).not.toContain('Answers differ');
    expect(section.notes).toContain('Answers would differ: no responses fingerprinted (none of these requests came from a source that logs the response).');
  });
});
