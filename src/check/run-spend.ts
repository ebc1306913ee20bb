import type { DB } from '../db/open.js';
import type { SpendBudget } from './budget-types.js';
import { explicitWindow, periodWindow } from './period.js';
import { projectionClock } from './projection.js';
import type { BudgetResult, Location } from './result-types.js';
import { needsRecords, spendResult, tallySpend, type SpendPlan } from './spend.js';
import { historyRange, spendRows } from './spend-source.js';

export interface SpendRunOptions {
  tz: string;
  now: number;
  since?: string;
  until?: string;
  location: (b: SpendBudget) => Location | null;
}

/**
 * Evaluates spend budgets over the stored history: those scoped by model and provider only from the
 * rollups, the others in one pass over the records. Returns the results and whether the history is empty.
 */
export function runSpendBudgets(db: DB, budgets: SpendBudget[], o: SpendRunOptions): { results: BudgetResult[]; emptyHistory: boolean } {
  const history = historyRange(db);
  const explicit = o.since !== undefined || o.until !== undefined;
  const plans: SpendPlan[] = budgets.map((budget) => {
    const window = explicit ? explicitWindow(o.since, o.until, o.tz, o.now) : periodWindow(budget.period, o.tz, o.now);
    return { budget, window, explicit, clock: projectionClock(window, o.now, history, o.tz), location: o.location(budget) };
  });
  const tallies = new Map<SpendPlan, ReturnType<typeof tallySpend>[number]>();
  for (const source of ['rollups', 'records'] as const) {
    const group = plans.filter((p) => needsRecords(p.budget) === (source === 'records'));
    if (group.length === 0) continue;
    // One read covering every plan of the group: its windows and the rate windows before them.
    const starts = group.map((p) => (p.window.fromMs === null ? null : Math.min(p.window.fromMs, p.clock.rateFromMs)));
    const fromMs = starts.includes(null) ? null : Math.min(...(starts as number[]));
    const toMs = Math.max(...group.map((p) => p.window.toMs));
    const provider = group.some((p) => p.budget.per === 'provider' || p.budget.scope.provider !== undefined);
    const result = tallySpend(group, spendRows(db, { fromMs, toMs }, source, provider));
    group.forEach((p, i) => {
      tallies.set(p, result[i]!);
    });
  }
  return { results: plans.map((p) => spendResult(p, tallies.get(p)!)), emptyHistory: history.lastMs === null };
}
