import { Distribution } from './distribution.js';
import { NONE } from '../usage/group-keys.js';
import type { BreakdownRow, Sums } from './report.js';
import { emptySums } from './report.js';
import { addRowTokens, rowPrompt, S, type ScanRow } from '../usage/scan-row.js';
import { promptTokens } from '../usage/tokens.js';

/** Percentiles of tokens per request (nearest rank); `approximate` when some rows were multi-request buckets. */
export interface TokenPercentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface GroupRow extends BreakdownRow {
  /** Output tokens per prompt token (prompt = input + cache read + cache write). */
  outputInputRatio: number | null;
  promptTokensPerRequest: TokenPercentiles;
  outputTokensPerRequest: TokenPercentiles;
  percentilesApproximate: boolean;
}

interface Acc {
  sums: Sums;
  prompt: Distribution;
  output: Distribution;
}

/** Adds one scanned row to a Sums. */
export function addRow(s: Sums, r: ScanRow): void {
  s.records++;
  s.requests += r[S.requests] ?? 0;
  addRowTokens(s, r);
  s.cacheWriteTokens += r[S.cacheWrite5mTokens] + r[S.cacheWrite1hTokens];
  if (r[S.requests] === null) s.recordsWithoutRequestCount++;
  const cost = r[S.cost];
  if (cost === null) {
    s.unpricedRequests += r[S.requests] ?? 1;
    s.unpricedRecords++;
  } else s.costUsd += cost;
  if (r[S.approximate] === 1) {
    s.approximateRecords++;
    s.approximateCostUsd += cost ?? 0;
  }
}

function percentiles(d: Distribution): TokenPercentiles {
  return { p50: d.quantile(50), p95: d.quantile(95), p99: d.quantile(99) };
}

/** Sums and per-request token distributions per group key, fed one row at a time. */
export class GroupAccumulator {
  private readonly groups = new Map<string, Acc>();

  constructor(private readonly keysOf: (r: ScanRow) => string[]) {}

  add(r: ScanRow): void {
    for (const k of this.keysOf(r)) {
      let a = this.groups.get(k);
      if (!a) this.groups.set(k, (a = { sums: emptySums(), prompt: new Distribution(), output: new Distribution() }));
      addRow(a.sums, r);
      const n = r[S.requests];
      // Rows without a request count (usage-report buckets) say nothing about single requests.
      if (n !== null && n > 0) {
        a.prompt.add(rowPrompt(r) / n, n);
        a.output.add(r[S.outputTokens] / n, n);
      }
    }
  }

  /** The distribution of one group, for analyses that need more than percentiles (output caps). */
  distributions(key: string): { prompt: Distribution; output: Distribution } | undefined {
    return this.groups.get(key);
  }

  keys(): string[] {
    return [...this.groups.keys()];
  }

  rows(totalCost: number): GroupRow[] {
    return [...this.groups.entries()].map(([key, a]) => {
      const s = a.sums;
      const prompt = promptTokens(s);
      return {
        key: key === '' ? NONE : key,
        ...s,
        share: totalCost > 0 ? s.costUsd / totalCost : 0,
        costPerRequestUsd: s.requests > 0 ? s.costUsd / s.requests : null,
        outputInputRatio: prompt > 0 ? s.outputTokens / prompt : null,
        promptTokensPerRequest: percentiles(a.prompt),
        outputTokensPerRequest: percentiles(a.output),
        percentilesApproximate: a.prompt.approximate,
      };
    });
  }
}
