import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { at, run, µ } from './helpers.js';

describe('combined scenario: the documented order and the attribution of savings', () => {
  // faq on gpt-4o ($2.50 / $10), the same question twice (prompt text stored), 500 in / 300 out:
  //   4,250 µ$ each (1,250 + 3,000).
  // support on claude-sonnet-4-5 ($3 in, $3.75 5-min write, $0.30 read, $15 out; batch half of each),
  //   2,500 in / 100 out at 10:00 and 10:02: 9,000 µ$ each (7,500 + 1,500).
  // Baseline 2 × 4,250 + 2 × 9,000 = 26,500 µ$.
  const records: HistoryRecord[] = [
    { ts: at(0, 9, 0), model: 'gpt-4o', provider: 'openai', feature: 'faq', input: 500, output: 300, promptText: 'How do I reset my password?' },
    { ts: at(0, 9, 1), model: 'gpt-4o', provider: 'openai', feature: 'faq', input: 500, output: 300, promptText: 'how do I reset my  password?' },
    { ts: at(0, 10, 0), model: 'claude-sonnet-4-5', provider: 'anthropic', feature: 'support', input: 2500, output: 100 },
    { ts: at(0, 10, 2), model: 'claude-sonnet-4-5', provider: 'anthropic', feature: 'support', input: 2500, output: 100 },
  ];
  const yaml = `
semanticCache: {threshold: 1}
routing: [{match: {feature: faq}, to: gpt-4o-mini}]
caps: [{match: {feature: faq, model: gpt-4o-mini}, maxTokens: 100}]
caching: {groups: [{match: {feature: support}, prefixTokens: 2000, ttl: 5m}]}
batch: [{match: {feature: support}}]
`;

  it('applies semantic cache, routing, caps, prompt caching and batch in that order', () => {
    const doc = run(records, yaml);
    // 1. Semantic cache: the second faq (same text once normalized) is answered from the cache: −4,250.
    // 2. Routing: the first faq on gpt-4o-mini: 500 × 0.15 + 300 × 0.6 = 255 µ$: −3,995.
    // 3. Cap (on gpt-4o-mini, so only after routing): 100 out: 75 + 60 = 135 µ$: −120.
    // 4. Prompt caching, 5 minutes, prefix 2,000: write 1,500 + 7,500 + 1,500 = 10,500; hit 1,500 + 600 +
    //    1,500 = 3,600 → 14,100 instead of 18,000: −3,900.
    // 5. Batch on the cached calls, cache reads and writes at the batch discount: write 750 + 3,750 + 750 =
    //    5,250; hit 750 + 300 + 750 = 1,800 → 7,050: −7,050.
    const saved = Object.fromEntries(doc.levers.map((l) => [l.lever, l.savingsUsd]));
    expect(saved['semanticCache']).toBeCloseTo(µ(4250), 12);
    expect(saved['routing']).toBeCloseTo(µ(3995), 12);
    expect(saved['caps']).toBeCloseTo(µ(120), 12);
    expect(saved['promptCaching']).toBeCloseTo(µ(3900), 12);
    expect(saved['batch']).toBeCloseTo(µ(7050), 12);
    expect(doc.baseline.costUsd).toBeCloseTo(µ(26_500), 12);
    expect(doc.projected.costUsd).toBeCloseTo(µ(135 + 7050), 12);
    expect(doc.savings.usd).toBeCloseTo(µ(19_315), 12);
    expect(doc.savings.percent).toBeCloseTo((19_315 / 26_500) * 100, 10);
  });

  it('attributes each lever alone too, and the overlap between them', () => {
    const doc = run(records, yaml);
    // Alone: semantic 4,250; routing both faq: 2 × (4,250 − 255) = 7,990; the cap matches gpt-4o-mini only,
    // which nothing uses without routing: 0; caching 3,900; batch without caching: 18,000 / 2 = 9,000.
    const alone = Object.fromEntries(doc.levers.map((l) => [l.lever, l.aloneSavingsUsd]));
    expect(alone['semanticCache']).toBeCloseTo(µ(4250), 12);
    expect(alone['routing']).toBeCloseTo(µ(7990), 12);
    expect(alone['caps']).toBe(0);
    expect(alone['promptCaching']).toBeCloseTo(µ(3900), 12);
    expect(alone['batch']).toBeCloseTo(µ(9000), 12);
    // 25,140 alone in all against 19,315 combined: 5,825 µ$ of overlap.
    expect(doc.interactionUsd).toBeCloseTo(µ(5825), 12);
    const faq = doc.groups.rows.find((g) => g.key === 'faq')!;
    expect(faq.byLever.semanticCache).toBeCloseTo(µ(4250), 12);
    expect(faq.byLever.promptCaching).toBe(0);
    expect(faq.projectedUsd).toBeCloseTo(µ(135), 12);
  });

  it('caches only the traffic left on a model after routing', () => {
    // rag on gpt-4o, 3,000-token prompts, prefix 1,100 (1,024 cached): a miss 7,500 µ$, a hit 1,976 × 2.5 +
    // 1,024 × 1.25 = 6,220 µ$; on gpt-4o-mini 3,000 × 0.15 = 450 µ$. Requests at 09:00 (u1), 09:04 (u2),
    // 09:08 (u1), 09:12 (u2).
    // Caching alone: miss, hit, hit, hit → 7,500 + 3 × 6,220 = 26,160 instead of 30,000: −3,840.
    // Routing u2 to gpt-4o-mini first leaves gpt-4o 09:00 and 09:08, 8 minutes apart: two misses, caching saves 0.
    const recs = [0, 4, 8, 12].map(
      (m, k): HistoryRecord => ({
        ts: at(0, 9, m),
        model: 'gpt-4o',
        provider: 'openai',
        feature: 'rag',
        user: k % 2 === 0 ? 'u1' : 'u2',
        input: 3000,
        output: 0,
      }),
    );
    const doc = run(
      recs,
      `
routing: [{match: {user: u2}, to: gpt-4o-mini}]
caching: {groups: [{match: {model: gpt-4o, feature: rag}, prefixTokens: 1100}]}
`,
    );
    const lever = Object.fromEntries(doc.levers.map((l) => [l.lever, l]));
    expect(lever['promptCaching']!.aloneSavingsUsd).toBeCloseTo(µ(3840), 12);
    expect(lever['promptCaching']!.savingsUsd).toBe(0);
    expect(lever['routing']!.savingsUsd).toBeCloseTo(µ(2 * (7500 - 450)), 12);
  });
});
