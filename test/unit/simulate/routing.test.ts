import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { at, run, µ } from './helpers.js';

const classify = (k: number, input = 500): HistoryRecord => ({ ts: at(0, 10, k), model: 'gpt-4o', provider: 'openai', feature: 'classify', input, output: 20 });
const chat = (k: number): HistoryRecord => ({ ts: at(0, 11, k), model: 'gpt-4o', provider: 'openai', feature: 'chat', input: 2000, output: 1000 });

describe('routing', () => {
  it('sends matching requests to the target model, output scaled by the rule ratio, and leaves the rest', () => {
    // gpt-4o $2.50 in / $10 out; gpt-4o-mini $0.15 / $0.60.
    // classify (4 × 500 in, 20 out): 500 × 2.5 + 20 × 10 = 1,450 µ$ each → 5,800 µ$.
    // One classify request of 5,000 in is above the rule's range: 5,000 × 2.5 + 200 = 12,700 µ$, unchanged.
    // chat (2 × 2,000 in, 1,000 out): 5,000 + 10,000 = 15,000 µ$ each → 30,000 µ$, unchanged.
    // On gpt-4o-mini with outputRatio 1.5: 500 × 0.15 + 30 × 0.6 = 75 + 18 = 93 µ$ each → 372 µ$.
    const doc = run(
      [classify(0), classify(1), classify(2), classify(3), classify(4, 5000), chat(0), chat(1)],
      `
routing:
  rules:
    - name: short classify
      match: {feature: classify, inputTokens: {max: 4000}}
      to: gpt-4o-mini
      outputRatio: 1.5
`,
    );
    expect(doc.baseline.costUsd).toBeCloseTo(µ(5800 + 12_700 + 30_000), 12);
    expect(doc.projected.costUsd).toBeCloseTo(µ(372 + 12_700 + 30_000), 12);
    expect(doc.savings.usd).toBeCloseTo(µ(5800 - 372), 12);
    expect(doc.routing).toEqual([expect.objectContaining({ rule: 'short classify', kind: 'route', target: 'gpt-4o-mini', requests: 4 })]);
    expect(doc.routing[0]!.savingsUsd).toBeCloseTo(µ(5428), 12);
    const byFeature = Object.fromEntries(doc.groups.rows.map((g) => [g.key, g.savingsUsd]));
    expect(byFeature['classify']).toBeCloseTo(µ(5428), 12);
    expect(byFeature['chat']).toBe(0);
    // One day of history: the month is 30 × the day.
    expect(doc.scope.spanDays).toBe(1);
    expect(doc.savings.monthlyUsd).toBeCloseTo(µ(5428 * 30), 12);
  });

  it('takes the first matching rule, matches models by glob, tag, user and project, and output ranges', () => {
    const recs: HistoryRecord[] = [
      { ts: at(0, 9, 0), model: 'gpt-4o-2024-08-06', provider: 'openai', feature: 'a', tags: ['offline'], user: 'u1', project: 'p1', input: 1000, output: 100 },
      { ts: at(0, 9, 1), model: 'gpt-4o', provider: 'openai', feature: 'b', user: 'u2', project: 'p1', input: 1000, output: 5000 },
    ];
    // Row 1 (a dated alias of gpt-4o) matches rule 1 by glob and tag; row 2 fails rule 2's output range
    // (5,000 > 300) and rule 1's tag, so it stays on gpt-4o.
    // Row 1 on gpt-4o-mini: 1,000 × 0.15 + 100 × 0.6 = 210 µ$ instead of 2,500 + 1,000 = 3,500 µ$.
    const doc = run(
      recs,
      `
routing:
  - match: {model: "gpt-4o*", tag: offline, user: u1, project: p1}
    to: gpt-4o-mini
  - match: {model: gpt-4o, outputTokens: {max: 300}}
    to: gpt-4.1-nano
`,
    );
    expect(doc.routing.map((r) => r.requests)).toEqual([1, 0]);
    expect(doc.savings.usd).toBeCloseTo(µ(3500 - 210), 12);
  });

  it('matches requests without a feature as "(none)", as audit names them', () => {
    // The request without a feature moves: 1,000 × 0.15 + 100 × 0.6 = 210 µ$ instead of 3,500; "chat" stays.
    const recs: HistoryRecord[] = [
      { ts: at(0, 9, 0), model: 'gpt-4o', provider: 'openai', input: 1000, output: 100 },
      { ts: at(0, 9, 1), model: 'gpt-4o', provider: 'openai', feature: 'chat', input: 1000, output: 100 },
    ];
    const doc = run(recs, 'routing: [{match: {model: gpt-4o, feature: "(none)"}, to: gpt-4o-mini}]');
    expect(doc.routing[0]!.requests).toBe(1);
    expect(doc.groups.rows.map((g) => [g.key, g.savingsUsd])).toEqual([
      ['(none)', expect.closeTo(µ(3290), 12)],
      ['chat', 0],
    ]);
  });

  it('prices a cascade as the cheap call for all plus the strong call for the escalated share, with its break-even rate', () => {
    // claude-sonnet-4-5 $3 / $15; claude-haiku-4-5 $1 / $5. Every request: 1,000 in, 200 out.
    // Sonnet: 3,000 + 3,000 = 6,000 µ$; Haiku: 1,000 + 1,000 = 2,000 µ$.
    // support: 4 requests at rate 0.25 → the 4th escalates: 4 × 2,000 + 6,000 = 14,000 µ$ against 24,000.
    // legal: 2 requests at rate 1 → both escalate: 2 × (2,000 + 6,000) = 16,000 µ$ against 12,000 (a loss).
    // Break-even: (baseline − cheap) / strong = (36,000 − 12,000) / 36,000 = 2/3 overall, and 2/3 per feature.
    const rec = (feature: string, k: number): HistoryRecord => ({
      ts: at(0, 12, k),
      model: 'claude-sonnet-4-5',
      provider: 'anthropic',
      feature,
      input: 1000,
      output: 200,
    });
    const doc = run(
      [0, 1, 2, 3].map((k) => rec('support', k)).concat([rec('legal', 10), rec('legal', 11)]),
      `
routing:
  rules:
    - name: haiku first
      match: {model: claude-sonnet-4-5}
      cascade: {first: claude-haiku-4-5, escalate: {default: 0.25, legal: 1}}
`,
    );
    const c = doc.routing[0]!;
    expect(c.kind).toBe('cascade');
    expect(c.target).toBe('claude-haiku-4-5 → own model');
    expect(c.baselineUsd).toBeCloseTo(µ(36_000), 12);
    expect(c.projectedUsd).toBeCloseTo(µ(14_000 + 16_000), 12);
    expect(c.cascade!.escalated).toBe(3);
    expect(c.cascade!.escalationRate).toBeCloseTo(3 / 6, 12);
    expect(c.cascade!.firstUsd).toBeCloseTo(µ(12_000), 12);
    expect(c.cascade!.strongUsd).toBeCloseTo(µ(36_000), 12);
    expect(c.cascade!.breakEvenRate).toBeCloseTo(2 / 3, 12);
    const legal = c.cascade!.byFeature.find((f) => f.feature === 'legal')!;
    expect(legal).toMatchObject({ rate: 1, requests: 2, escalated: 2 });
    expect(legal.breakEvenRate).toBeCloseTo(2 / 3, 12);
    const byFeature = Object.fromEntries(doc.groups.rows.map((g) => [g.key, g.savingsUsd]));
    expect(byFeature['support']).toBeCloseTo(µ(10_000), 12);
    expect(byFeature['legal']).toBeCloseTo(µ(-4000), 12);
  });

  it('prices a cascade at its expected value, not at a whole number of escalated requests', () => {
    // claude-sonnet-4-5 → claude-haiku-4-5 first, escalate 0.5, three requests of 1,000 in / 200 out:
    // Haiku 2,000 µ$, Sonnet 6,000 µ$ each. Expected value: 3 × (2,000 + 0.5 × 6,000) = 15,000 µ$, with
    // 1.5 requests expected to escalate. Before: floor(0.5 × 3) = 1 whole request, 3 × 2,000 + 6,000 = 12,000 µ$.
    const recs = [0, 1, 2].map(
      (k): HistoryRecord => ({ ts: at(0, 12, k), model: 'claude-sonnet-4-5', provider: 'anthropic', feature: 'support', input: 1000, output: 200 }),
    );
    const doc = run(recs, 'routing: [{match: {feature: support}, cascade: {first: claude-haiku-4-5, escalate: 0.5}}]');
    expect(doc.projected.costUsd).toBeCloseTo(µ(15_000), 12);
    expect(doc.routing[0]!.cascade!.escalated).toBeCloseTo(1.5, 12);
    expect(doc.savings.usd).toBeCloseTo(µ(18_000 - 15_000), 12);
    // A single request at rate 0.2 pays 2,000 + 0.2 × 6,000 = 3,200 µ$ (before: 2,000, no request escalated).
    const one = run([recs[0]!], 'routing: [{match: {feature: support}, cascade: {first: claude-haiku-4-5, escalate: 0.2}}]');
    expect(one.projected.costUsd).toBeCloseTo(µ(3200), 12);
  });

  it('escalates to a named stronger model and scales output on both models that are not the request own', () => {
    // gpt-4o-mini request, 1,000 in / 100 out, cascade gpt-4.1-nano → gpt-4o, escalate 0.5, outputRatio 2.
    // Baseline mini: 150 + 60 = 210 µ$. gpt-4.1-nano ($0.10 / $0.40): 100 + 200 × 0.4 = 180 µ$.
    // gpt-4o: 2,500 + 200 × 10 = 4,500 µ$. Two requests: the 2nd escalates → 2 × 180 + 4,500 = 4,860 µ$.
    const recs: HistoryRecord[] = [0, 1].map((k) => ({ ts: at(0, 8, k), model: 'gpt-4o-mini', provider: 'openai', input: 1000, output: 100 }));
    const doc = run(
      recs,
      `
routing:
  - match: {model: gpt-4o-mini}
    cascade: {first: gpt-4.1-nano, then: gpt-4o, escalate: 0.5}
    outputRatio: 2
`,
    );
    expect(doc.projected.costUsd).toBeCloseTo(µ(4860), 12);
    expect(doc.routing[0]!.cascade!.breakEvenRate).toBeCloseTo((420 - 360) / 9000, 12);
  });
});

describe("routing recomputes the cache split under the target model's caching rules", () => {
  // Sonnet ($3 in, $0.30 read, $3.75 5-minute write, $15 out) requests with a recorded cache split.
  const sonnet = (k: number, split: Partial<HistoryRecord>): HistoryRecord => ({
    ts: at(0, 9, k),
    model: 'claude-sonnet-4-5',
    provider: 'anthropic',
    feature: 'rag',
    input: 500,
    output: 100,
    ...split,
  });
  const route = (to: string) => `routing: [{match: {feature: rag}, to: ${to}}]`;

  it('to OpenAI: writes become plain input (no write premium) and reads count in 128-token steps', () => {
    // A write of 2,000 and a read of 2,000. On gpt-4o ($2.50 in, $1.25 cached, $10 out):
    //  the write is a miss, 2,500 × 2.5 + 100 × 10 = 7,250 µ$;
    //  the read is 1,920 tokens (15 × 128) cached and 580 plain: 580 × 2.5 + 1,920 × 1.25 + 1,000 = 4,850 µ$.
    // Before, the source split was kept: the read was 2,000 cached, 500 × 2.5 + 2,000 × 1.25 + 1,000 = 4,750 µ$.
    const doc = run([sonnet(0, { cacheWrite5m: 2000 }), sonnet(1, { cacheRead: 2000 })], route('gpt-4o'));
    // Baseline 500 × 3 + 2,000 × 3.75 + 1,500 = 10,500 and 1,500 + 600 + 1,500 = 3,600 µ$.
    expect(doc.baseline.costUsd).toBeCloseTo(µ(14_100), 12);
    expect(doc.projected.costUsd).toBeCloseTo(µ(7250 + 4850), 12);
  });

  it('to a model with a larger minimum: a prefix under it is not cached there', () => {
    // claude-haiku-4-5 caches nothing under 4,096 tokens: the 2,000-token read is plain input,
    // 2,500 × $1 + 100 × $5 = 3,000 µ$. Before: 500 × 1 + 2,000 × 0.1 + 500 = 1,200 µ$.
    const doc = run([sonnet(0, { cacheRead: 2000 })], route('claude-haiku-4-5'));
    expect(doc.projected.costUsd).toBeCloseTo(µ(3000), 12);
  });

  it("to an explicit cache: writes stay writes at the target's write rate", () => {
    // claude-sonnet-4-5 request with a 5,000-token write and 500 plain, to claude-haiku-4-5 (minimum 4,096):
    // 500 × $1 + 5,000 × $1.25 + 100 × $5 = 500 + 6,250 + 500 = 7,250 µ$.
    const doc = run([sonnet(0, { cacheWrite5m: 5000 })], route('claude-haiku-4-5'));
    expect(doc.projected.costUsd).toBeCloseTo(µ(7250), 12);
  });

  it('to a Gemini model without implicit caching (2.0): nothing is read from cache', () => {
    // gemini-2.0-flash ($0.10 in, $0.025 cached, $0.40 out): 2,500 × 0.1 + 100 × 0.4 = 290 µ$.
    // Before: 500 × 0.1 + 2,000 × 0.025 + 40 = 140 µ$.
    const doc = run([sonnet(0, { cacheRead: 2000 })], route('gemini-2.0-flash'));
    expect(doc.projected.costUsd).toBeCloseTo(µ(290), 12);
    // gemini-2.5-flash caches from 2,048 tokens: a 3,000-token read stays a read,
    // 500 × 0.3 + 3,000 × 0.03 + 100 × 2.5 = 150 + 90 + 250 = 490 µ$.
    const flash = run([sonnet(0, { cacheRead: 3000 })], route('gemini-2.5-flash'));
    expect(flash.projected.costUsd).toBeCloseTo(µ(490), 12);
  });
});
