import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { at, run, µ } from './helpers.js';

const chat = (k: number, output: number, feature = 'chat'): HistoryRecord => ({
  ts: at(0, 9, k),
  model: 'gpt-4o',
  provider: 'openai',
  feature,
  input: 100,
  output,
});

describe('max_tokens caps', () => {
  it('cuts output above the cap and reports the share of requests that would have been truncated, per group', () => {
    // chat outputs 100, 500, 1,200, 3,000 under a cap of 1,000: two are cut (50%), removing 200 + 2,000 =
    // 2,200 output tokens × $10 = 22,000 µ$. summary outputs 900 and 2,000: one cut (50%), 1,000 × $10.
    const doc = run(
      [chat(0, 100), chat(1, 500), chat(2, 1200), chat(3, 3000), chat(4, 900, 'summary'), chat(5, 2000, 'summary')],
      `
caps:
  - match: {model: gpt-4o}
    maxTokens: 1000
`,
    );
    const cap = doc.caps[0]!;
    expect(cap).toMatchObject({ maxTokens: 1000, requests: 6, truncated: 3, outputTokensRemoved: 3200, approximate: false });
    expect(cap.truncatedShare).toBeCloseTo(0.5, 12);
    expect(cap.savingsUsd).toBeCloseTo(µ(32_000), 12);
    const chatGroup = cap.byGroup.find((g) => g.key === 'chat')!;
    expect(chatGroup).toMatchObject({ requests: 4, truncated: 2 });
    expect(chatGroup.savingsUsd).toBeCloseTo(µ(22_000), 12);
    expect(cap.byGroup.find((g) => g.key === 'summary')!.truncatedShare).toBeCloseTo(0.5, 12);
  });

  it('applies after routing, to the output the target model is expected to write', () => {
    // Routed to gpt-4o-mini with outputRatio 2: outputs become 200, 1,000, 2,400, 6,000. A cap of 1,000 on
    // gpt-4o-mini cuts the last two (1,000 is not above it): 1,400 + 5,000 = 6,400 tokens × $0.60 = 3,840 µ$.
    const doc = run(
      [chat(0, 100), chat(1, 500), chat(2, 1200), chat(3, 3000)],
      `
routing:
  - match: {model: gpt-4o}
    to: gpt-4o-mini
    outputRatio: 2
caps:
  - match: {model: gpt-4o-mini}
    maxTokens: 1000
`,
    );
    expect(doc.caps[0]).toMatchObject({ requests: 4, truncated: 2, outputTokensRemoved: 6400 });
    expect(doc.levers.find((l) => l.lever === 'caps')!.savingsUsd).toBeCloseTo(µ(3840), 12);
  });

  it('caps a pre-aggregated bucket on its mean output per request and says it is approximate', () => {
    // 10 requests with 15,000 output in all: 1,500 each on average, capped at 1,000 → 5,000 tokens × $10.
    const doc = run(
      [{ ts: at(0, 0, 0), model: 'gpt-4o', provider: 'openai', feature: 'chat', input: 1000, output: 15_000, requests: 10 }],
      'caps: [{maxTokens: 1000}]',
    );
    expect(doc.caps[0]).toMatchObject({ requests: 10, truncated: 10, approximate: true });
    expect(doc.caps[0]!.savingsUsd).toBeCloseTo(µ(50_000), 12);
  });
});

describe('batch', () => {
  it('moves the chosen features to batch pricing, cache reads at the batch discount', () => {
    // claude-sonnet-4-5: 100 in × $3 + 10,000 cache read × $0.30 + 100 out × $15 = 300 + 3,000 + 1,500 = 4,800 µ$.
    // Batch ($1.50 in, $7.50 out, cache reads at half: $0.15): 150 + 1,500 + 750 = 2,400 µ$.
    // The second request was already sent as a batch: it is counted, not moved again.
    const rec = (k: number, batch: boolean): HistoryRecord => ({
      ts: at(0, 2, k),
      model: 'claude-sonnet-4-5',
      provider: 'anthropic',
      feature: 'nightly',
      input: 100,
      cacheRead: 10_000,
      output: 100,
      batch,
    });
    const doc = run([rec(0, false), rec(1, true), { ...rec(2, false), feature: 'chat' }], 'batch: [{match: {feature: nightly}}]');
    expect(doc.batch[0]).toMatchObject({ requests: 2, moved: 1, alreadyBatch: 1 });
    expect(doc.batch[0]!.savingsUsd).toBeCloseTo(µ(2400), 12);
    expect(doc.baseline.costUsd).toBeCloseTo(µ(4800 + 2400 + 4800), 12);
  });

  it('moves an even share of matching traffic', () => {
    // Share 0.5 of 4 gpt-4o requests (1,000 in, 100 out: 2,500 + 1,000 = 3,500 µ$; batch 1,250 + 500 = 1,750 µ$):
    // the 2nd and 4th move → 2 × 1,750 µ$ saved.
    const recs = [0, 1, 2, 3].map(
      (k): HistoryRecord => ({ ts: at(0, 3, k), model: 'gpt-4o', provider: 'openai', tags: ['offline'], input: 1000, output: 100 }),
    );
    const doc = run(recs, 'batch: [{match: {tag: offline}, share: 0.5}]');
    expect(doc.batch[0]).toMatchObject({ requests: 4, moved: 2 });
    expect(doc.savings.usd).toBeCloseTo(µ(3500), 12);
  });
});
