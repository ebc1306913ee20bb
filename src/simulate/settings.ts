import type { Range } from './bootstrap.js';
import type { SimulationDocument } from './document.js';
import type { History } from './history.js';
import { LEVER_LABELS, LEVERS, leverEnabled, onlyLevers, type Lever, type Scenario } from './scenario.js';
import { simulate, type SimulateOptions } from './simulate.js';

/** What the interactive view lets the user change, over the scenario as given. */
export interface ViewSettings {
  /** Levers switched on (only levers the scenario has can be on). */
  levers: Record<Lever, boolean>;
  /** One escalation rate for every cascade (null: the scenario's own rates). */
  escalation: number | null;
  /** The semantic cache's similarity threshold (null: the scenario's). */
  semanticThreshold: number | null;
  /** Output ratio of every routing rule (null: the scenario's). */
  outputRatio: number | null;
  /** Share of matching traffic every batch rule moves (null: the scenario's). */
  batchShare: number | null;
}

/** The figures the interactive view shows for one setting. */
export interface ViewSummary {
  spanDays: number;
  baselineMonthlyUsd: number;
  projectedMonthlyUsd: number;
  savingsMonthlyUsd: number;
  savingsPercent: number | null;
  savingsRange: Range | null;
  levers: { lever: Lever; label: string; inScenario: boolean; available: boolean; monthlySavingsUsd: number }[];
  /** Whether the scenario as given has a cascade (its rate can be adjusted even while routing is off). */
  hasCascade: boolean;
  /** Of the first cascade rule, when routing is on and has one. */
  breakEvenRate: number | null;
  escalationRate: number | null;
  semanticHitRate: number | null;
  truncatedShare: number | null;
  /** What the semantic cache's threshold is a bound on: the cosine of embeddings, or lexical overlap. */
  semanticMeasure: 'cosine' | 'word-pair Jaccard' | null;
  /** The values in effect (the scenario's, or the settings'), where the scenario has the lever. */
  semanticThreshold: number | null;
  outputRatio: number | null;
  batchShare: number | null;
}

export function initialSettings(s: Scenario): ViewSettings {
  return {
    levers: Object.fromEntries(LEVERS.map((l) => [l, leverEnabled(s, l)])) as Record<Lever, boolean>,
    escalation: null,
    semanticThreshold: null,
    outputRatio: null,
    batchShare: null,
  };
}

/** The scenario the settings describe. */
export function applySettings(s: Scenario, v: ViewSettings): Scenario {
  const kept = onlyLevers(
    s,
    LEVERS.filter((l) => v.levers[l]),
  );
  return {
    ...kept,
    routing: kept.routing.map((r) => ({
      ...r,
      ...(v.outputRatio !== null ? { outputRatio: v.outputRatio } : {}),
      ...(r.cascade && v.escalation !== null ? { cascade: { ...r.cascade, escalate: { default: v.escalation, byFeature: {} } } } : {}),
    })),
    semanticCache:
      kept.semanticCache && v.semanticThreshold !== null
        ? { ...kept.semanticCache, threshold: v.semanticThreshold, sweep: [v.semanticThreshold] }
        : kept.semanticCache,
    batch: v.batchShare !== null ? kept.batch.map((b) => ({ ...b, share: v.batchShare! })) : kept.batch,
  };
}

/** The view's figures from a full document. */
export function summarize(doc: SimulationDocument, original: Scenario): ViewSummary {
  const cascade = doc.routing.find((r) => r.cascade)?.cascade ?? null;
  const capped = doc.caps.reduce((n, c) => n + c.requests, 0);
  return {
    spanDays: doc.scope.spanDays,
    baselineMonthlyUsd: doc.baseline.monthlyUsd,
    projectedMonthlyUsd: doc.projected.monthlyUsd,
    savingsMonthlyUsd: doc.savings.monthlyUsd,
    savingsPercent: doc.savings.percent,
    savingsRange: doc.savings.monthlyRange,
    levers: doc.levers.map((l) => ({
      lever: l.lever,
      label: LEVER_LABELS[l.lever],
      inScenario: leverEnabled(original, l.lever),
      available: l.lever !== 'semanticCache' || doc.semanticCache === null || doc.semanticCache.available,
      monthlySavingsUsd: l.monthlySavingsUsd,
    })),
    hasCascade: original.routing.some((r) => r.cascade !== null),
    breakEvenRate: cascade?.breakEvenRate ?? null,
    escalationRate: cascade?.escalationRate ?? null,
    semanticHitRate: doc.semanticCache?.hitRate ?? null,
    semanticMeasure: doc.semanticCache === null ? null : doc.semanticCache.embeddings !== null ? 'cosine' : 'word-pair Jaccard',
    truncatedShare: capped > 0 ? doc.caps.reduce((n, c) => n + c.truncated, 0) / capped : null,
    semanticThreshold: doc.scenario.semanticCache?.threshold ?? original.semanticCache?.threshold ?? null,
    outputRatio: doc.scenario.routing[0]?.outputRatio ?? original.routing[0]?.outputRatio ?? null,
    batchShare: doc.scenario.batch[0]?.share ?? original.batch[0]?.share ?? null,
  };
}

/** Re-runs the scenario under the settings: the combined replay and the bootstrap, no per-lever or sweep runs. */
export function recompute(h: History, original: Scenario, options: SimulateOptions, v: ViewSettings): ViewSummary {
  return summarize(simulate(h, applySettings(original, v), { ...options, alone: false, sweep: false }), original);
}
