/** Robust statistics for spike detection: median and median absolute deviation (MAD). */

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface SpikeRule {
  /** How many earlier points form the baseline. */
  window: number;
  /** A point is judged only once this many earlier points exist. */
  minHistory: number;
  /** Robust z-score at or above which a point is a spike. */
  z: number;
  /** The baseline's spread is taken as at least this fraction of its median, so ±5% noise never flags. */
  minRelativeSpread: number;
  /** And the excess over the baseline median must reach this much (absolute, in the series' unit). */
  minExcess: number;
}

export interface Spike {
  index: number;
  value: number;
  baseline: number;
  excess: number;
  z: number;
}

/**
 * Points that rise far above their own recent history: z = (x − median) / (1.4826 · MAD) over the previous
 * `window` points, the MAD floored at `minRelativeSpread` × median (a flat history has MAD 0).
 */
export function findSpikes(series: number[], rule: SpikeRule): Spike[] {
  const spikes: Spike[] = [];
  for (let i = rule.minHistory; i < series.length; i++) {
    const history = series.slice(Math.max(0, i - rule.window), i);
    const m = median(history);
    const mad = median(history.map((v) => Math.abs(v - m)));
    const spread = Math.max(1.4826 * mad, rule.minRelativeSpread * m, 1e-12);
    const x = series[i]!;
    const z = (x - m) / spread;
    if (z >= rule.z && x - m >= rule.minExcess) spikes.push({ index: i, value: x, baseline: m, excess: x - m, z });
  }
  return spikes;
}
