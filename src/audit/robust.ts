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
  /** And only when at least this many of the window's points are active (above zero): a typical level needs more than one run. */
  minActive: number;
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
 * Points that rise far above their own recent history: z = (x − median) / (1.4826 · MAD) over the active
 * (non-zero) points among the previous `window` points, the MAD floored at `minRelativeSpread` × median (a
 * flat history has MAD 0). Idle points are not part of the level: a job that runs every Monday, or every
 * third day, is compared with its own runs, not with the idle days between them (whose median is zero, so
 * that every run would stand infinitely far above it).
 */
export function findSpikes(series: number[], rule: SpikeRule): Spike[] {
  const spikes: Spike[] = [];
  for (let i = rule.minHistory; i < series.length; i++) {
    const x = series[i]!;
    if (x <= 0) continue;
    const history = series.slice(Math.max(0, i - rule.window), i).filter((v) => v > 0);
    if (history.length < rule.minActive) continue;
    const m = median(history);
    const mad = median(history.map((v) => Math.abs(v - m)));
    const spread = Math.max(1.4826 * mad, rule.minRelativeSpread * m, 1e-12);
    const z = (x - m) / spread;
    if (z >= rule.z && x - m >= rule.minExcess) spikes.push({ index: i, value: x, baseline: m, excess: x - m, z });
  }
  return spikes;
}
