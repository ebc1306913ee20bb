import type { CacheGroup } from '../audit/cache-efficiency.js';
import type { GroupRow } from '../audit/breakdown.js';
import type { TemplateSummary } from '../audit/templates.js';
import { int, pct, usd } from '../util/numbers.js';

/**
 * The rows of the audit's tables, built once for the terminal, Markdown and HTML reports: a renderer picks
 * how many rows to show, the headers it has room for and the layout, never what a row says. `count` formats
 * a token count: compact (12.3k) on a terminal, whole numbers where there is room.
 */
export type CountFormat = (n: number) => string;

/** A group's prompt and output tokens per request at P50, P95 and P99, and its output/input ratio. */
export function percentileRow(r: GroupRow, count: CountFormat): string[] {
  const p = (n: number | null) => (n === null ? '—' : count(Math.round(n)));
  const { promptTokensPerRequest: prompt, outputTokensPerRequest: output } = r;
  return [
    r.key,
    p(prompt.p50),
    p(prompt.p95),
    p(prompt.p99),
    p(output.p50),
    p(output.p95),
    p(output.p99),
    r.outputInputRatio === null ? '—' : r.outputInputRatio.toFixed(2),
  ];
}

/** A model's cache use: share read from cache, dollars saved by reads, write cost, unread writes and their premium. */
export function cacheEfficiencyRow(g: CacheGroup, count: CountFormat): string[] {
  return [
    g.key,
    pct(g.cacheReadShare),
    g.unpriced ? 'unpriced' : usd(g.savedByReadsUsd),
    g.unpriced ? 'unpriced' : usd(g.writeCostUsd),
    g.unreadWritesKnown ? count(g.unreadWriteTokens) : 'unknown',
    g.unreadWritesKnown && !g.unpriced ? usd(g.unreadWritePremiumUsd) : '',
  ];
}

/** The models that read or wrote the cache: the rows of the cache-efficiency table. */
export function cachedModels(groups: CacheGroup[]): CacheGroup[] {
  return groups.filter((g) => g.cacheReadTokens + g.cacheWriteTokens > 0);
}

export const TEMPLATE_HEADER = ['#', 'Shared prefix', 'Requests', 'Cost', 'Stable share', 'From cache', 'Missed warm cache', 'Models'];

/** A prompt template, ranked `i` (from 0) by cost. */
export function templateRow(t: TemplateSummary, i: number): string[] {
  return [
    String(i + 1),
    `${int(t.prefixTokens)} tokens`,
    int(t.requests),
    usd(t.costUsd),
    pct(t.stablePrefixShare),
    pct(t.cachedShare),
    int(t.missedWarmCache),
    t.models.join(', '),
  ];
}
