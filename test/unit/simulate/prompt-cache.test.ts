import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { at, run, µ } from './helpers.js';

/** A 2,500-token prompt of the support feature on claude-sonnet-4-5 at 10:mm:ss. */
const sonnet = (mm: number, ss = 0): HistoryRecord => ({
  ts: at(0, 10, mm, ss),
  model: 'claude-sonnet-4-5',
  provider: 'anthropic',
  feature: 'support',
  input: 2500,
  output: 0,
});
const TIMES: [number, number][] = [
  [0, 0],
  [4, 0],
  [8, 30],
  [14, 0],
  [19, 0],
];

describe('prompt caching (Anthropic: explicit writes, TTL refreshed on each hit)', () => {
  // claude-sonnet-4-5: input $3, 5-minute write $3.75 (1.25×), 1-hour write $6 (2×), read $0.30 (0.1×).
  // Declared prefix 2,000 of a 2,500 prompt. A write: 500 × 3 + 2,000 × 3.75 = 9,000 µ$ (1-hour: 500 × 3 +
  // 2,000 × 6 = 13,500 µ$); a hit: 500 × 3 + 2,000 × 0.3 = 2,100 µ$. Uncached: 2,500 × 3 = 7,500 µ$.
  // Requests at 10:00, 10:04, 10:08:30, 10:14, 10:19:
  //  5 minutes: write; hit (4 min); hit (4.5 min after the last use: the TTL was refreshed at 10:04, while
  //  8.5 min after the write); 10:14 is 5.5 min after the last use → expired, write; 10:19 exactly 5 min → hit.
  it('expires after the TTL from the last use, and refreshes on every hit', () => {
    const doc = run(
      TIMES.map(([m, s]) => sonnet(m, s)),
      'caching: {groups: [{match: {feature: support}, prefixTokens: 2000, ttl: 5m}]}',
    );
    expect(doc.caching).toEqual([
      expect.objectContaining({
        model: 'claude-sonnet-4-5',
        style: 'explicit',
        ttl: '5m',
        ttlChosen: '5m',
        requests: 5,
        hits: 3,
        writes: 2,
        readTokens: 6000,
        writeTokens: 4000,
      }),
    ]);
    expect(doc.projected.costUsd).toBeCloseTo(µ(2 * 9000 + 3 * 2100), 12);
    expect(doc.caching[0]!.savingsUsd).toBeCloseTo(µ(5 * 7500 - 24_300), 12);
  });

  it('picks the cheaper TTL per group from the real gaps ("auto")', () => {
    // 5 minutes: 24,300 µ$. 1 hour: one write and four hits: 13,500 + 4 × 2,100 = 21,900 µ$ → 1 hour.
    const doc = run(
      TIMES.map(([m, s]) => sonnet(m, s)),
      'caching: {groups: [{match: {feature: support}, prefixTokens: 2000}]}',
    );
    const c = doc.caching[0]!;
    expect(c).toMatchObject({ ttl: 'auto', ttlChosen: '1h', hits: 4, writes: 1 });
    expect(c.costAt5mUsd).toBeCloseTo(µ(24_300), 12);
    expect(c.costAt1hUsd).toBeCloseTo(µ(21_900), 12);
    expect(doc.projected.costUsd).toBeCloseTo(µ(21_900), 12);
  });

  it('keeps 5 minutes when the gaps are short', () => {
    // 10:00, 10:01, 10:02: 5 minutes = 9,000 + 2 × 2,100 = 13,200 µ$; 1 hour = 13,500 + 4,200 = 17,700 µ$.
    const doc = run([sonnet(0), sonnet(1), sonnet(2)], 'caching: {groups: [{match: {feature: support}, prefixTokens: 2000}]}');
    expect(doc.caching[0]).toMatchObject({ ttlChosen: '5m', hits: 2, writes: 1 });
    expect(doc.projected.costUsd).toBeCloseTo(µ(13_200), 12);
  });

  it('caches nothing below the model minimum (claude-haiku-4-5: 4,096 tokens)', () => {
    const recs = [0, 1].map(
      (m): HistoryRecord => ({ ts: at(0, 10, m), model: 'claude-haiku-4-5', provider: 'anthropic', feature: 'support', input: 5000, output: 0 }),
    );
    const doc = run(recs, 'caching: {groups: [{match: {feature: support}, prefixTokens: 3000}]}');
    expect(doc.caching[0]).toMatchObject({ minTokens: 4096, uncacheable: 2, hits: 0, writes: 0 });
    expect(doc.savings.usd).toBe(0);
  });

  it('replaces the recorded cache split of the group with the replay', () => {
    // Recorded: 500 input + 2,000 written (5 min) at 10:00 and 10:30 (the second write was never read).
    // Replayed with a 1-hour TTL: write at 10:00 (13,500 µ$), hit at 10:30 (2,100 µ$).
    const rec = (mm: number): HistoryRecord => ({ ...sonnet(mm), input: 500, cacheWrite5m: 2000 });
    const doc = run([rec(0), rec(30)], 'caching: {groups: [{match: {feature: support}, prefixTokens: 2000, ttl: 1h}]}');
    expect(doc.baseline.costUsd).toBeCloseTo(µ(2 * 9000), 12);
    expect(doc.projected.costUsd).toBeCloseTo(µ(13_500 + 2100), 12);
  });
});

describe('prompt caching (OpenAI: automatic, 1,024-token minimum, 128-token increments)', () => {
  // gpt-4o: input $2.50, cached input $1.25, no write premium. Prompts of 3,000 tokens at 09:00, 09:01, 09:02.
  const recs = [0, 1, 2].map((m): HistoryRecord => ({ ts: at(0, 9, m), model: 'gpt-4o', provider: 'openai', feature: 'rag', input: 3000, output: 0 }));
  const scenario = (prefix: number) => `caching: {groups: [{match: {feature: rag}, prefixTokens: ${prefix}}]}`;

  it('caches nothing when the 128-token-aligned prefix is under 1,024 tokens', () => {
    // A 1,000-token prefix is 896 tokens in 128-token steps: below the minimum.
    const doc = run(recs, scenario(1000));
    expect(doc.caching[0]).toMatchObject({ style: 'automatic', minTokens: 1024, uncacheable: 3, hits: 0 });
    expect(doc.savings.usd).toBe(0);
  });

  it('counts cached tokens in 128-token steps of the prefix, the first request a free miss', () => {
    // Prefix 1,100 → 1,024 cached (8 × 128): a hit costs 1,976 × 2.5 + 1,024 × 1.25 = 4,940 + 1,280 = 6,220 µ$.
    const at1024 = run(recs, scenario(1100));
    expect(at1024.caching[0]).toMatchObject({ hits: 2, writes: 0, readTokens: 2048 });
    expect(at1024.projected.costUsd).toBeCloseTo(µ(7500 + 2 * 6220), 12);
    // Prefix 1,500 → 1,408 cached (11 × 128): 1,592 × 2.5 + 1,408 × 1.25 = 3,980 + 1,760 = 5,740 µ$.
    const at1408 = run(recs, scenario(1500));
    expect(at1408.caching[0]).toMatchObject({ hits: 2, readTokens: 2816 });
    expect(at1408.projected.costUsd).toBeCloseTo(µ(7500 + 2 * 5740), 12);
  });

  it('keeps the entry alive while requests keep coming, and loses it after the idle TTL', () => {
    // 09:00 miss, 09:04 hit, 09:12 miss (8 minutes idle > 5), 09:16 hit.
    const spaced = [0, 4, 12, 16].map((m): HistoryRecord => ({ ts: at(0, 9, m), model: 'gpt-4o', provider: 'openai', feature: 'rag', input: 3000, output: 0 }));
    const doc = run(spaced, scenario(1100));
    expect(doc.caching[0]).toMatchObject({ ttlChosen: '5m', hits: 2, requests: 4 });
    // With a 10-minute TTL (e.g. a busy period), 09:12 is a hit too.
    const longer = run(spaced, 'caching: {groups: [{match: {feature: rag}, prefixTokens: 1100, ttl: 10m}]}');
    expect(longer.caching[0]).toMatchObject({ ttlChosen: '10m', hits: 3 });
  });
});

describe("prompt caching (Gemini: implicit, 2.5 and newer, with Google's minimum per model)", () => {
  const qa = (model: string, input: number) =>
    [0, 1].map((m): HistoryRecord => ({ ts: at(0, 9, m), model, provider: 'google', feature: 'qa', input, output: 0 }));

  it('reads the whole prefix at the cached rate, with no write cost', () => {
    // gemini-2.5-flash: $0.30 in, $0.03 cached. Prompt 3,000, prefix 2,500 (over the documented 2,048):
    // miss 3,000 × 0.3 = 900 µ$; hit = 500 × 0.3 + 2,500 × 0.03 = 150 + 75 = 225 µ$.
    const doc = run(qa('gemini-2.5-flash', 3000), 'caching: {groups: [{match: {feature: qa}, prefixTokens: 2500}]}');
    expect(doc.caching[0]).toMatchObject({ style: 'implicit', minTokens: 2048, hits: 1, writes: 0 });
    expect(doc.projected.costUsd).toBeCloseTo(µ(900 + 225), 12);
  });

  it('caches nothing under the documented minimum (2,048 for Gemini 2.5, 4,096 for Gemini 3 and newer)', () => {
    // A 1,500-token prefix on gemini-2.5-flash: under 2,048, both requests pay 2,000 × 0.3 = 600 µ$. Before:
    // the 1,024 default let the second read it, 500 × 0.3 + 1,500 × 0.03 = 195 µ$.
    const flash = run(qa('gemini-2.5-flash', 2000), 'caching: {groups: [{match: {feature: qa}, prefixTokens: 1500}]}');
    expect(flash.caching[0]).toMatchObject({ style: 'implicit', minTokens: 2048, uncacheable: 2, hits: 0 });
    expect(flash.savings.usd).toBe(0);
    // gemini-3.5-flash ($1.50 in): a 3,000-token prefix is under its 4,096.
    const three = run(qa('gemini-3.5-flash', 5000), 'caching: {groups: [{match: {feature: qa}, prefixTokens: 3000}]}');
    expect(three.caching[0]).toMatchObject({ style: 'implicit', minTokens: 4096, uncacheable: 2 });
  });

  it('gives Gemini 2.0 no implicit caching, which Google documents only for 2.5 and newer', () => {
    // gemini-2.0-flash: before, replayed as implicit with a hit at the cached rate; now not replayed.
    const doc = run(qa('gemini-2.0-flash', 3000), 'caching: {groups: [{name: qa, match: {feature: qa}, prefixTokens: 2500}]}');
    expect(doc.caching[0]).toMatchObject({ style: null, notReplayed: 2, hits: 0 });
    expect(doc.savings.usd).toBe(0);
    expect(doc.notAvailable).toEqual([{ what: 'caching group "qa" on gemini-2.0-flash', reason: expect.stringContaining('Gemini 2.5 and newer only') }]);
  });
});

describe('prompt caching with prefixes measured from fingerprints', () => {
  it('keeps one cache per prefix fingerprint, of the fingerprinted length', () => {
    // gpt-4o, 3,000-token prompts. Prefix A: 1,100 tokens → 1,024 cached, a hit costs 6,220 µ$ (see above).
    // Prefix B: 2,000 tokens → 1,920 cached (15 × 128): 1,080 × 2.5 + 1,920 × 1.25 = 2,700 + 2,400 = 5,100 µ$.
    // 09:00 A miss, 09:01 B miss, 09:02 A hit, 09:03 B hit; 09:04 has no fingerprint: not replayed.
    const rec = (m: number, prefixHash: string | null, prefixTokens: number | null): HistoryRecord => ({
      ts: at(0, 9, m),
      model: 'gpt-4o',
      provider: 'openai',
      feature: 'rag',
      input: 3000,
      output: 0,
      prefixHash,
      prefixTokens,
    });
    const doc = run(
      [rec(0, 'A', 1100), rec(1, 'B', 2000), rec(2, 'A', 1100), rec(3, 'B', 2000), rec(4, null, null)],
      'caching: {groups: [{match: {feature: rag}, prefixTokens: measured}]}',
    );
    expect(doc.caching[0]).toMatchObject({ requests: 4, hits: 2, notReplayed: 1, readTokens: 1024 + 1920 });
    expect(doc.projected.costUsd).toBeCloseTo(µ(3 * 7500 + 6220 + 5100), 12);
    expect(doc.notAvailable).toEqual([]);
  });

  it('says a measured prefix is not available on a history without fingerprints', () => {
    const doc = run(
      [{ ts: at(0, 9, 0), model: 'gpt-4o', provider: 'openai', feature: 'rag', input: 3000, output: 0 }],
      'caching: {groups: [{name: rag, match: {feature: rag}, prefixTokens: measured}]}',
    );
    expect(doc.notAvailable).toEqual([
      { what: 'caching group "rag" (measured prefix)', reason: 'not available: no prompt text or fingerprints stored; declare prefixTokens instead' },
    ]);
    expect(doc.savings.usd).toBe(0);
  });
});
