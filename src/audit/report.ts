import type { ApproximateRow, TimeModelRow, TopRow } from '../db/queries.js';
import type { UsageSums } from '../usage/rollup.js';
import { addTokens, cacheWriteTokens, type TokenCounts } from '../usage/tokens.js';
import { localDay } from '../util/time.js';

export interface Sums extends TokenCounts {
  records: number;
  requests: number;
  /** Cache writes of either lifetime. */
  cacheWriteTokens: number;
  costUsd: number;
  unpricedRequests: number;
  /** Records whose model the catalog could not price (all of them: the cost is unknown, not $0). */
  unpricedRecords: number;
  /** Records from sources that give no request count (counted in `records`, not in `requests`). */
  recordsWithoutRequestCount: number;
  /** Cost the sources themselves stated, where they do (null: none did). */
  reportedCostUsd: number | null;
  /** Records the catalog could price only at the nearest published rates, and their part of `costUsd`. */
  approximateRecords: number;
  approximateCostUsd: number;
}

export interface BreakdownRow extends Sums {
  key: string;
  /** Share of the scope's computed cost, 0..1. */
  share: number;
  costPerRequestUsd: number | null;
}

export interface ModelRow extends BreakdownRow {
  model: string;
  provider: string | null;
  modelId: string | null;
}

export interface TopRequest {
  id: string;
  ts: string;
  model: string;
  provider: string | null;
  requests: number | null;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Priced at the nearest published rates: the catalog lacks the exact ones for this request. */
  approximate: boolean;
  project: string | null;
  user: string | null;
  feature: string | null;
}

export interface UnpricedModel {
  model: string;
  provider: string | null;
  requests: number;
  records: number;
}

export type AuditTotals = Sums;

export interface AuditReport {
  totals: AuditTotals;
  byModel: ModelRow[];
  byDay: BreakdownRow[];
  top: TopRequest[];
  unpriced: UnpricedModel[];
}

export function emptySums(): Sums {
  return {
    records: 0,
    requests: 0,
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
    unpricedRecords: 0,
    recordsWithoutRequestCount: 0,
    reportedCostUsd: null,
    approximateRecords: 0,
    approximateCostUsd: 0,
  };
}

function add(into: Sums, row: UsageSums): void {
  into.records += row.records;
  into.requests += row.requests;
  addTokens(into, row);
  into.cacheWriteTokens += cacheWriteTokens(row);
  into.costUsd += row.cost;
  into.unpricedRequests += row.unpricedRequests;
  into.unpricedRecords += row.unpricedRecords;
  into.recordsWithoutRequestCount += row.unknownRequests;
  if (row.reportedCost !== null) into.reportedCostUsd = (into.reportedCostUsd ?? 0) + row.reportedCost;
}

function finishRows(groups: Map<string, Sums>, totalCost: number): BreakdownRow[] {
  return [...groups.entries()].map(([key, s]) => ({
    key,
    ...s,
    share: totalCost > 0 ? s.costUsd / totalCost : 0,
    costPerRequestUsd: s.requests > 0 ? s.costUsd / s.requests : null,
  }));
}

const byCostDesc = (a: BreakdownRow, b: BreakdownRow) => b.costUsd - a.costUsd || b.requests - a.requests || a.key.localeCompare(b.key);
const byKey = (a: BreakdownRow, b: BreakdownRow) => a.key.localeCompare(b.key);

/** Maps a grouped row's period (UTC day, or 15-minute bucket start) to the calendar day in `tz`. */
export function periodDay(tz: string): (period: string | number) => string {
  const cache = new Map<number, string>();
  return (period) => {
    if (typeof period === 'string') return period;
    let d = cache.get(period);
    if (d === undefined) {
      d = localDay(period, tz);
      cache.set(period, d);
    }
    return d;
  };
}

function groupFold<T extends UsageSums>(rows: T[], keyOf: (r: T) => string): Map<string, Sums> {
  const groups = new Map<string, Sums>();
  for (const r of rows) {
    const k = keyOf(r);
    let s = groups.get(k);
    if (!s) groups.set(k, (s = emptySums()));
    add(s, r);
  }
  return groups;
}

export interface ReportInput {
  rows: TimeModelRow[];
  tz: string;
  top: TopRow[];
  /** Records priced approximately, per period and model (their sums are already in `rows`). */
  approximate?: ApproximateRow[];
}

function addApproximate(into: Sums, row: ApproximateRow): void {
  into.approximateRecords += row.records;
  into.approximateCostUsd += row.cost;
}

/** Builds the audit report from the grouped scan. Pure: no I/O. */
export function buildAuditReport(input: ReportInput): AuditReport {
  const dayOf = periodDay(input.tz);
  const totals: AuditTotals = emptySums();
  for (const r of input.rows) add(totals, r);
  const total = totals.costUsd;
  for (const a of input.approximate ?? []) addApproximate(totals, a);

  const modelInfo = new Map<string, { model: string; provider: string | null; modelId: string | null }>();
  const modelKey = (r: TimeModelRow) => {
    const k = `${r.model}\u0000${r.provider ?? ''}`;
    if (!modelInfo.has(k)) modelInfo.set(k, { model: r.model, provider: r.provider, modelId: r.modelId });
    return k;
  };
  const byModel: ModelRow[] = finishRows(groupFold(input.rows, modelKey), total)
    .map((row) => {
      const info = modelInfo.get(row.key)!;
      return { ...row, key: info.model, ...info };
    })
    .sort(byCostDesc);
  const byDay = finishRows(
    groupFold(input.rows, (r) => dayOf(r.period)),
    total,
  ).sort(byKey);
  for (const a of input.approximate ?? []) {
    const model = byModel.find((m) => m.model === a.model && m.provider === a.provider);
    if (model) addApproximate(model, a);
    const day = byDay.find((d) => d.key === dayOf(a.period));
    if (day) addApproximate(day, a);
  }

  const unpricedMap = new Map<string, UnpricedModel>();
  for (const r of input.rows) {
    if (r.unpricedRecords === 0) continue;
    const k = `${r.model}\u0000${r.provider ?? ''}`;
    const u = unpricedMap.get(k) ?? { model: r.model, provider: r.provider, requests: 0, records: 0 };
    u.requests += r.unpricedRequests;
    u.records += r.unpricedRecords;
    unpricedMap.set(k, u);
  }

  return {
    totals,
    byModel,
    byDay,
    top: input.top.map((t) => ({
      id: t.id,
      ts: new Date(t.ts).toISOString(),
      model: t.model,
      provider: t.provider,
      requests: t.requests,
      inputTokens: t.inputTokens,
      cacheReadTokens: t.cacheReadTokens,
      cacheWriteTokens: t.cacheWriteTokens,
      outputTokens: t.outputTokens,
      reasoningTokens: t.reasoningTokens,
      costUsd: t.cost,
      approximate: t.approximate === 1,
      project: t.project,
      user: t.user,
      feature: t.feature,
    })),
    unpriced: [...unpricedMap.values()].sort((a, b) => b.requests - a.requests || a.model.localeCompare(b.model)),
  };
}
