import type { ModelPrice } from '../catalog/types.js';
import { AnomalyAnalysis, type Anomalies, type DailySeries } from './anomalies.js';
import { GroupAccumulator, type GroupRow } from './breakdown.js';
import { CacheAnalysis, type CacheEfficiency } from './cache-efficiency.js';
import { combinedKeys, isTimeKey, keyReader, type GroupKey } from '../usage/group-keys.js';
import { OpportunityAnalysis, type OpportunityOptions, type OpportunityReport } from './opportunities.js';
import { rowPrompt, S, type ScanRow } from '../usage/scan-row.js';

export interface Outlier {
  /** The record's id (filled in by the caller from `rid`). */
  id: string;
  rid: number;
  ts: string;
  model: string;
  promptTokens: number;
  outputTokens: number;
  /** The model's P99 prompt (or output) the request stands far above. */
  groupP99: number;
  measure: 'prompt' | 'output';
  costUsd: number | null;
}

export interface Analysis {
  groupBy: { keys: GroupKey[]; rows: GroupRow[] };
  cache: CacheEfficiency;
  anomalies: Anomalies & { outliers: Outlier[] };
  opportunities: OpportunityReport;
  /** Daily cost per top model, for charts. */
  daily: DailySeries;
}

export interface AnalysisInput {
  tz: string;
  groupBy: GroupKey[];
  priceOf: (modelId: string) => ModelPrice | undefined;
  opportunities: OpportunityOptions;
}

/** "Far above" the P99: at least this many times it, in groups of at least OUTLIER_MIN_REQUESTS. */
const OUTLIER_FACTOR = 3;
const OUTLIER_MIN_REQUESTS = 100;
const KEEP_LARGEST = 5;

/** The largest single-request rows of one model, kept while scanning. */
class Largest {
  readonly rows: ScanRow[] = [];
  constructor(private readonly measure: (r: ScanRow) => number) {}
  add(r: ScanRow): void {
    if (this.rows.length < KEEP_LARGEST) {
      this.rows.push(r);
      this.rows.sort((a, b) => this.measure(b) - this.measure(a));
    } else if (this.measure(r) > this.measure(this.rows[KEEP_LARGEST - 1]!)) {
      this.rows[KEEP_LARGEST - 1] = r;
      this.rows.sort((a, b) => this.measure(b) - this.measure(a));
    }
  }
}

/**
 * The audit's analyses in one pass over the records: the breakdown with percentiles, cache efficiency,
 * anomalies and opportunities. Pure: it reads rows and catalog entries, nothing else.
 */
export function analyze(rows: Iterable<ScanRow>, input: AnalysisInput, totalCost: number): Analysis {
  const groups = new GroupAccumulator(combinedKeys(input.groupBy.map((k) => keyReader(k, input.tz))));
  const byModel = input.groupBy.length === 1 && input.groupBy[0] === 'model' ? groups : new GroupAccumulator((r) => [r[S.model]]);
  const cache = new CacheAnalysis(input.priceOf);
  const anomalies = new AnomalyAnalysis(input.tz);
  const opportunities = new OpportunityAnalysis(input.tz, input.priceOf, input.opportunities);
  const largestPrompt = new Map<string, Largest>();
  const largestOutput = new Map<string, Largest>();
  for (const r of rows) {
    groups.add(r);
    if (byModel !== groups) byModel.add(r);
    cache.add(r);
    anomalies.add(r);
    opportunities.add(r);
    if (r[S.requests] === 1) {
      const m = r[S.model];
      if (!largestPrompt.has(m)) largestPrompt.set(m, new Largest(rowPrompt));
      if (!largestOutput.has(m)) largestOutput.set(m, new Largest((x) => x[S.outputTokens]));
      largestPrompt.get(m)!.add(r);
      largestOutput.get(m)!.add(r);
    }
  }

  const outliers: Outlier[] = [];
  for (const [measure, largest] of [
    ['prompt', largestPrompt],
    ['output', largestOutput],
  ] as const) {
    for (const [model, l] of largest) {
      const d = byModel.distributions(model);
      const dist = measure === 'prompt' ? d?.prompt : d?.output;
      if (!dist || dist.count < OUTLIER_MIN_REQUESTS) continue;
      const p99 = dist.quantile(99) ?? 0;
      for (const r of l.rows) {
        const v = measure === 'prompt' ? rowPrompt(r) : r[S.outputTokens];
        if (p99 > 0 && v >= OUTLIER_FACTOR * p99) {
          outliers.push({
            id: '',
            rid: r[S.rid],
            ts: new Date(r[S.ts]).toISOString(),
            model,
            promptTokens: rowPrompt(r),
            outputTokens: r[S.outputTokens],
            groupP99: p99,
            measure,
            costUsd: r[S.cost],
          });
        }
      }
    }
  }
  outliers.sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0) || a.rid - b.rid);

  const timeFirst = input.groupBy.length === 1 && isTimeKey(input.groupBy[0]!);
  const rowsOut = groups
    .rows(totalCost)
    .sort((a, b) => (timeFirst ? a.key.localeCompare(b.key) : b.costUsd - a.costUsd || b.requests - a.requests || a.key.localeCompare(b.key)));
  return {
    groupBy: { keys: input.groupBy, rows: rowsOut },
    cache: cache.finish(),
    anomalies: { ...anomalies.finish(), outliers },
    opportunities: opportunities.finish(),
    daily: anomalies.dailyCostByModel(6),
  };
}
