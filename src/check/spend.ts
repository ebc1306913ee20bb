import { NONE } from '../usage/group-keys.js';
import { rowTags, S, type ScanRow } from '../usage/scan-row.js';
import { usd } from '../util/numbers.js';
import { periodLabel, type SpendAttribute, type SpendBudget } from './budget-types.js';
import { judge, levelValue } from './levels.js';
import type { SpendWindow } from './period.js';
import { project, type ProjectionClock } from './projection.js';
import type { BudgetResult, Check, Location } from './result-types.js';
import { summarize } from './summarize.js';

/** A spend budget with the time it covers, resolved against "now" and the history. */
export interface SpendPlan {
  budget: SpendBudget;
  window: SpendWindow;
  /** True when --since/--until replaced the budget's own period. */
  explicit: boolean;
  clock: ProjectionClock;
  location: Location | null;
}

/** Whether a spend budget needs per-record attributes (the rollups only know model and provider). */
export function needsRecords(b: SpendBudget): boolean {
  const attrs: SpendAttribute[] = [...(Object.keys(b.scope) as SpendAttribute[]), ...(b.per ? [b.per] : [])];
  return attrs.some((a) => a !== 'model' && a !== 'provider');
}

/** A model's key: its catalog id when it resolved (so dated snapshots count with their model), else as written. */
const modelKey = (r: ScanRow) => r[S.modelId] ?? r[S.model];

function attribute(r: ScanRow, a: SpendAttribute): string[] {
  switch (a) {
    case 'model':
      return [modelKey(r)];
    case 'provider':
      return [r[S.provider] ?? NONE];
    case 'project':
      return [r[S.project] ?? NONE];
    case 'feature':
      return [r[S.feature] ?? NONE];
    case 'user':
      return [r[S.user] ?? NONE];
    case 'tag': {
      const tags = rowTags(r);
      return tags.length > 0 ? tags : [NONE];
    }
  }
}

/** Every scope attribute must match; a model matches by the name written in the log or by its catalog id. */
function scopeMatcher(b: SpendBudget): (r: ScanRow) => boolean {
  const tests = Object.entries(b.scope).map(([attr, values]) => {
    const wanted = new Set(values.map((v) => v.toLowerCase()));
    if (attr === 'model') return (r: ScanRow) => wanted.has(r[S.model].toLowerCase()) || wanted.has((r[S.modelId] ?? '').toLowerCase());
    return (r: ScanRow) => attribute(r, attr as SpendAttribute).some((v) => wanted.has(v.toLowerCase()));
  });
  return (r) => tests.every((t) => t(r));
}

interface Tally {
  spent: number;
  rateSpend: number;
  requests: number;
  unpricedRequests: number;
}

/** Sums each plan's spend (per group when `per` is set) and its rate-window spend, in one pass over the rows. */
export function tallySpend(plans: SpendPlan[], rows: Iterable<ScanRow>): Map<string, Tally>[] {
  const tallies = plans.map(() => new Map<string, Tally>());
  const matchers = plans.map((p) => scopeMatcher(p.budget));
  for (const r of rows) {
    const ts = r[S.ts];
    for (const [i, p] of plans.entries()) {
      const inWindow = (p.window.fromMs === null || ts >= p.window.fromMs) && ts < p.window.toMs;
      const inRate = ts >= p.clock.rateFromMs && ts < p.clock.asOfMs;
      if ((!inWindow && !inRate) || !matchers[i]!(r)) continue;
      const keys = p.budget.per ? attribute(r, p.budget.per) : [''];
      const requests = r[S.requests] ?? 1;
      for (const key of keys) {
        const map = tallies[i]!;
        let t = map.get(key);
        if (!t) map.set(key, (t = { spent: 0, rateSpend: 0, requests: 0, unpricedRequests: 0 }));
        if (inWindow) {
          t.spent += r[S.cost] ?? 0;
          t.requests += requests;
          if (r[S.cost] === null) t.unpricedRequests += requests;
        }
        if (inRate) t.rateSpend += r[S.cost] ?? 0;
      }
    }
  }
  return tallies;
}

function describeScope(b: SpendBudget): string {
  const parts = Object.entries(b.scope).map(([k, v]) => `${k} ${v.join(' or ')}`);
  return parts.length > 0 ? parts.join(', ') : 'all spend';
}

function describeWindow(p: SpendPlan): string {
  const { first, last } = p.window;
  const days = first === null ? `up to ${last}` : first === last ? first : `${first} to ${last}`;
  if (p.explicit) return first === null ? days : `from ${days}`;
  const unit = p.budget.period.unit;
  const name =
    unit === 'day'
      ? 'today'
      : unit === 'week'
        ? 'this week'
        : unit === 'month'
          ? 'this month'
          : `in the last ${periodLabel(p.budget.period).slice(0, -1)} days`;
  return `${name} (${days})`;
}

function spendCheck(p: SpendPlan, subject: string, t: Tally): Check {
  const { projected, ratePerDay } = project(t.spent, t.rateSpend, p.clock);
  const value = p.budget.projected ? projected : t.spent;
  const v = judge(p.budget, value);
  const level = (which: 'warn' | 'fail') => {
    const l = p.budget[which];
    return l ? `the ${which} level of ${usd(levelValue(l) as number)}` : '';
  };
  const verdict = v.status === 'pass' ? 'within its levels' : `over ${level(v.status as 'warn' | 'fail')}`;
  const open = p.clock.remainingDays > 0;
  const unpriced = t.unpricedRequests > 0 ? ` (${t.unpricedRequests} unpriced requests not counted)` : '';
  const message = p.budget.projected
    ? `${subject}: projected ${usd(projected)} by ${p.window.last}, ${verdict}; ${usd(t.spent)} spent ${describeWindow(p)}${unpriced}.`
    : `${subject}: ${usd(t.spent)} spent ${describeWindow(p)}, ${verdict}${open ? `; projected ${usd(projected)} by ${p.window.last}` : ''}${unpriced}.`;
  return {
    subject,
    status: v.status,
    value,
    percent: null,
    broke: v.broke,
    overBy: v.overBy,
    message,
    location: p.location,
    detail: {
      type: 'spend',
      spentUsd: t.spent,
      projectedUsd: projected,
      rateUsdPerDay: ratePerDay,
      requests: t.requests,
      unpricedRequests: t.unpricedRequests,
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A spend budget's result from its tallies: one check for the scope, or one per group (costliest first). */
export function spendResult(p: SpendPlan, tally: Map<string, Tally>): BudgetResult {
  const b = p.budget;
  const empty: Tally = { spent: 0, rateSpend: 0, requests: 0, unpricedRequests: 0 };
  const checks = b.per
    ? [...tally.entries()].sort((x, y) => y[1].spent - x[1].spent || (x[0] < y[0] ? -1 : 1)).map(([key, t]) => spendCheck(p, `${b.per} ${key}`, t))
    : [spendCheck(p, describeScope(b), tally.get('') ?? empty)];
  return {
    name: b.name,
    kind: 'spend',
    metric: b.projected ? 'projectedUsd' : 'usd',
    unit: 'usd',
    ...summarize(checks, b.per ? `no ${b.per} had spend ${describeWindow(p)}` : ''),
    warn: b.warn ? levelValue(b.warn) : null,
    fail: b.fail ? levelValue(b.fail) : null,
    location: p.location,
    checks,
    spend: {
      period: p.explicit ? 'explicit' : periodLabel(b.period),
      first: p.window.first,
      last: p.window.last,
      scope: b.scope,
      per: b.per,
      projected: b.projected,
      projection: { asOf: iso(p.clock.asOfMs), rateFrom: iso(p.clock.rateFromMs), rateDays: p.clock.rateDays, remainingDays: p.clock.remainingDays },
    },
  };
}
