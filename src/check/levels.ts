import type { Level } from './budget-types.js';
import type { LevelValue, Status } from './result-types.js';

export interface Verdict {
  status: Status;
  broke: LevelValue | null;
  /** measured ÷ level of the broken level; null when it passes or the level is 0. */
  overBy: number | null;
}

/** The figure a level is compared with: the amount, or for a percent level the percent change (null: not applicable). */
function measured(level: Level, value: number | null, percent: number | null): number | null {
  return level.percent ? percent : value;
}

function breaks(level: Level | null, value: number | null, percent: number | null): boolean {
  if (level === null) return false;
  const m = measured(level, value, percent);
  // A level is broken when the figure is above it: spending exactly the budget passes.
  return m !== null && m > level.value;
}

export function levelValue(level: Level): LevelValue {
  return level.percent ? `${level.value}%` : level.value;
}

/** Fail before warn: the worst level a figure breaks. */
export function judge(levels: { warn: Level | null; fail: Level | null }, value: number | null, percent: number | null = null): Verdict {
  for (const [status, level] of [
    ['fail', levels.fail],
    ['warn', levels.warn],
  ] as const) {
    if (level && breaks(level, value, percent)) {
      const m = measured(level, value, percent) as number;
      return { status, broke: levelValue(level), overBy: level.value > 0 ? m / level.value : null };
    }
  }
  return { status: 'pass', broke: null, overBy: null };
}

const RANK: Record<Status, number> = { skipped: 0, pass: 1, warn: 2, fail: 3 };

export function worst(statuses: Status[]): Status {
  return statuses.reduce<Status>((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass');
}
