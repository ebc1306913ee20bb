import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../src/simulate/history.js';
import { applySettings, initialSettings, recompute } from '../../../src/simulate/settings.js';
import type { SimulateOptions } from '../../../src/simulate/simulate.js';
import { at, catalog, engine, history, scenario, µ } from './helpers.js';

const options: SimulateOptions = {
  engine: engine(),
  resamples: 100,
  seed: 1,
  alone: true,
  sweep: true,
  scope: { files: null, since: null, until: null, tz: 'UTC', where: [] },
  catalog: { snapshot: catalog.snapshot, layers: catalog.layers },
};

describe('interactive settings', () => {
  // 4 support requests on claude-sonnet-4-5 (1,000 in / 200 out: 6,000 µ$), one day; cascade to Haiku
  // (2,000 µ$) escalating 25%, and batch of everything.
  const recs: HistoryRecord[] = [0, 1, 2, 3].map((k) => ({
    ts: at(0, 12, k),
    model: 'claude-sonnet-4-5',
    provider: 'anthropic',
    feature: 'support',
    input: 1000,
    output: 200,
  }));
  const s = scenario(`
routing: [{match: {feature: support}, cascade: {first: claude-haiku-4-5, escalate: 0.25}}]
batch: [{}]
`);
  const h = history(recs);

  it('starts from the scenario as given', () => {
    const v = initialSettings(s);
    expect(v.levers).toEqual({ semanticCache: false, routing: true, caps: false, promptCaching: false, batch: true });
    expect(applySettings(s, v)).toEqual(s);
  });

  it('re-runs the projection when a lever is switched off or a rate is changed', () => {
    const v = initialSettings(s);
    // As given: 4 × 2,000 + 1 × 6,000 = 14,000 µ$, batched at half: 7,000 µ$ a day → 210,000 µ$ a month.
    expect(recompute(h, s, options, v).projectedMonthlyUsd).toBeCloseTo(µ(210_000), 12);
    // Batch off: 14,000 µ$ a day → 420,000 µ$ a month.
    expect(recompute(h, s, options, { ...v, levers: { ...v.levers, batch: false } }).projectedMonthlyUsd).toBeCloseTo(µ(420_000), 12);
    // Escalate half: 4 × 2,000 + 2 × 6,000 = 20,000, batched 10,000 µ$ a day. Break-even stays 2/3.
    const half = recompute(h, s, options, { ...v, escalation: 0.5 });
    expect(half.projectedMonthlyUsd).toBeCloseTo(µ(300_000), 12);
    expect(half.breakEvenRate).toBeCloseTo(2 / 3, 12);
    expect(half.escalationRate).toBe(0.5);
    // A batch share of 0 moves nothing: back to 14,000 µ$ a day.
    const rows = recompute(h, s, options, { ...v, batchShare: 0 });
    expect(rows.projectedMonthlyUsd).toBeCloseTo(µ(420_000), 12);
    expect(rows.levers.find((l) => l.lever === 'batch')!.monthlySavingsUsd).toBe(0);
  });
});
