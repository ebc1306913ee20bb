import { describe, expect, it } from 'vitest';
import { AnomalyAnalysis } from '../../src/audit/anomalies.js';
import { scanRow } from '../helpers/scan-row.js';

/** 2025-06-02 (a Monday) + `day` days, at 03:00 UTC. */
const day = (d: number) => Date.UTC(2025, 5, 2 + d, 3);

function spikes(costs: [number, number][]) {
  const a = new AnomalyAnalysis('UTC');
  for (const [d, cost] of costs) a.add(scanRow({ ts: day(d), feature: 'report', cost }));
  return a.finish().dailySpikes;
}

describe('daily spikes of periodic jobs', () => {
  it('never flags a steady job that runs every Monday', () => {
    // $1 on 8 Mondays (days 0, 7, …, 49), nothing in between. Before: each Monday from the second on was
    // compared with a 14-day window of mostly idle days (median $0, MAD $0): z = $1 / 1e-12, flagged 7 times
    // per grouping (model and feature), 14 spikes in all. Now each is compared with the Mondays before it
    // (median $1): z = 0.
    const runs: [number, number][] = [0, 1, 2, 3, 4, 5, 6, 7].map((w) => [7 * w, 1]);
    expect(spikes(runs)).toEqual([]);
  });

  it('never flags a steady job that runs every third day', () => {
    // $2 on days 0, 3, …, 45: a window holds 4 or 5 runs of $2 and 9 or 10 idle days (median $0 before).
    const runs: [number, number][] = Array.from({ length: 16 }, (_, k) => [3 * k, 2]);
    expect(spikes(runs)).toEqual([]);
  });

  it('flags a run far above the runs before it', () => {
    // Mondays at $1, the sixth (day 35) at $5: the 14 days before it hold the Mondays of days 21 and 28
    // (median $1, MAD 0, spread floored at 10% of $1 = $0.10): z = (5 − 1) / 0.1 = 40, excess $4.
    // The Mondays after it see [$5, $1] (median $3) or [$1, $5]: z ≤ 0 for a $1 run.
    const runs: [number, number][] = [0, 1, 2, 3, 4, 5, 6, 7].map((w) => [7 * w, w === 5 ? 5 : 1]);
    const found = spikes(runs);
    expect(found.map((s) => `${s.groupBy}:${s.period}`)).toEqual(['model:2025-07-07', 'feature:2025-07-07']);
    expect(found[0]).toMatchObject({ costUsd: 5, baselineUsd: 1, excessUsd: 4 });
    expect(found[0]!.z).toBeCloseTo(40, 9);
  });
});

describe('hourly spikes and usage-export buckets', () => {
  it('leaves buckets out of the hours: their timestamp is the start of the day they sum, not a time of day', () => {
    // gpt-4o at $0.10 every hour for three days, and each day a usage-export bucket of 500 requests and $5
    // stamped 00:00. Before: the 00:00 hours of June 3 and 4 read $5.10 against a typical $0.10 and were
    // flagged (2 hourly spikes). Now the hours hold the per-request traffic only: a flat $0.10, no spike.
    const a = new AnomalyAnalysis('UTC');
    for (let h = 0; h < 72; h++) a.add(scanRow({ ts: Date.UTC(2025, 5, 2, h, 30), cost: 0.1 }));
    for (let d = 0; d < 3; d++) a.add(scanRow({ ts: Date.UTC(2025, 5, 2 + d), requests: 500, cost: 5 }));
    const found = a.finish();
    expect(found.hourlySpikes).toEqual([]);
    expect(found.dailySpikes).toEqual([]);
  });
});
