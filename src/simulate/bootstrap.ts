/** Seeded pseudo-random numbers in [0, 1) (mulberry32): the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Range {
  p10: number;
  p50: number;
  p90: number;
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p% of them at or below it. */
export function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

export interface MonthlyRanges {
  baseline: Range;
  scenario: Range;
  savings: Range;
}

/**
 * The spread of a 30-day month, by bootstrap over days: `resamples` times, as many days as the history has
 * are drawn with replacement, and 30 × their mean is one possible month. Baseline and scenario are drawn
 * on the same days, so their difference keeps the pairing. P10/P50/P90 of the draws are reported.
 */
export function bootstrapMonthly(baseline: Float64Array, scenario: Float64Array, resamples: number, seed: number): MonthlyRanges {
  const days = baseline.length;
  const rand = mulberry32(seed);
  const b = new Float64Array(resamples);
  const s = new Float64Array(resamples);
  const d = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sb = 0;
    let ss = 0;
    for (let k = 0; k < days; k++) {
      const day = Math.floor(rand() * days);
      sb += baseline[day]!;
      ss += scenario[day]!;
    }
    b[r] = (30 * sb) / days;
    s[r] = (30 * ss) / days;
    d[r] = (30 * (sb - ss)) / days;
  }
  const range = (v: Float64Array): Range => {
    v.sort();
    return { p10: nearestRank(v, 10), p50: nearestRank(v, 50), p90: nearestRank(v, 90) };
  };
  return { baseline: range(b), scenario: range(s), savings: range(d) };
}
