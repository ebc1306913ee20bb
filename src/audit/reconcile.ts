import type { ReconcileRow } from '../db/queries.js';

/** One line of "reported vs computed": where a source states its own cost, set beside ours. */
export interface ReconcileLine {
  source: string;
  model: string;
  modelId: string | null;
  records: number;
  reportedCostUsd: number;
  /** Our cost of the records that have tokens and a catalog price (null when there are none). */
  computedCostUsd: number | null;
  /** What the source reported for those same records, so the difference compares like with like. */
  comparedReportedUsd: number | null;
  /** computed − reported over the compared records; positive: our prices say more than the source billed. */
  differenceUsd: number | null;
  /** differenceUsd relative to the compared reported cost (null when that is 0). */
  differenceRatio: number | null;
  unpricedRecords: number;
  /** Billing lines with a cost and no tokens: nothing to compute them from. */
  costOnlyRecords: number;
}

export interface Reconciliation {
  lines: ReconcileLine[];
  reportedCostUsd: number;
  computedCostUsd: number;
  comparedReportedUsd: number;
  differenceUsd: number;
}

/** Pure: turns the per-source, per-model sums into lines, the largest absolute difference first. */
export function buildReconciliation(rows: ReconcileRow[]): Reconciliation {
  const lines = rows.map((r): ReconcileLine => {
    const compared = r.comparable > 0;
    const difference = compared ? r.computed - r.comparableReported : null;
    return {
      source: r.source,
      model: r.model,
      modelId: r.modelId,
      records: r.records,
      reportedCostUsd: r.reported,
      computedCostUsd: compared ? r.computed : null,
      comparedReportedUsd: compared ? r.comparableReported : null,
      differenceUsd: difference,
      differenceRatio: difference !== null && r.comparableReported !== 0 ? difference / r.comparableReported : null,
      unpricedRecords: r.unpriced,
      costOnlyRecords: r.costOnly,
    };
  });
  lines.sort(
    (a, b) =>
      Math.abs(b.differenceUsd ?? 0) - Math.abs(a.differenceUsd ?? 0) ||
      b.reportedCostUsd - a.reportedCostUsd ||
      a.source.localeCompare(b.source) ||
      a.model.localeCompare(b.model),
  );
  const sum = (f: (l: ReconcileLine) => number | null) => lines.reduce((n, l) => n + (f(l) ?? 0), 0);
  return {
    lines,
    reportedCostUsd: sum((l) => l.reportedCostUsd),
    computedCostUsd: sum((l) => l.computedCostUsd),
    comparedReportedUsd: sum((l) => l.comparedReportedUsd),
    differenceUsd: sum((l) => l.differenceUsd),
  };
}
