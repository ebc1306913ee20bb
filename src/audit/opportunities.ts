import type { ModelPrice } from '../catalog/types.js';
import { priceRecord, standardRates } from '../pricing/price.js';
import { Distribution } from './distribution.js';
import { DOWNGRADE_TARGETS } from './downgrades.js';
import { localClock, NONE } from './group-keys.js';
import { rowPrompt, S, type ScanRow } from './scan-row.js';

export type OpportunityKind = 'model-downgrade' | 'batch' | 'prompt-caching' | 'output-cap' | 'exact-duplicates';

export interface Opportunity {
  kind: OpportunityKind;
  model: string;
  feature: string;
  /** What in the history points at it. */
  evidence: string;
  /** What the estimate takes for granted. */
  assumption: string;
  /** Savings over the reported period, and normalized to a 30-day month. */
  savingsUsd: number;
  monthlySavingsUsd: number;
  /** The `llmcost simulate` run that checks it in detail. */
  scenario: string;
}

export interface OpportunityReport {
  /** Days the history spans (the monthly figures are savings × 30 / days). */
  spanDays: number;
  items: Opportunity[];
  /** Analyses that could not run on this history, and why. */
  unavailable: { kind: OpportunityKind; reason: string }[];
}

export interface OpportunityOptions {
  /** Features the user declares non-interactive (config audit.batchFeatures). */
  batchFeatures: string[];
}

/** Thresholds of the shapes looked for (README "Opportunities"). */
export const SHAPES = {
  shortPromptP95: 4000,
  shortOutputP95: 300,
  minRequests: 20,
  nightShare: 0.6,
  nightDays: 3,
  longTailRatio: 4,
};

interface Group {
  model: string;
  feature: string;
  modelId: string | null;
  requests: number;
  records: number;
  cost: number;
  input: number;
  cacheRead: number;
  w5m: number;
  w1h: number;
  output: number;
  reasoning: number;
  batchCost: number;
  nightRequests: number;
  nightDays: Set<string>;
  /** 5-minute windows with traffic: each is at least one cold cache start. */
  windows: Set<number>;
  prompt: Distribution;
  out: Distribution;
}

const DAY_MS = 86_400_000;

/** Per model × feature shapes, fed one row at a time, then turned into ranked opportunities. */
export class OpportunityAnalysis {
  private readonly groups = new Map<string, Group>();
  private readonly clock: (ts: number) => { day: string; hour: string };
  private minTs = Infinity;
  private maxTs = -Infinity;

  constructor(
    tz: string,
    private readonly priceOf: (modelId: string) => ModelPrice | undefined,
    private readonly opts: OpportunityOptions,
  ) {
    this.clock = localClock(tz);
  }

  add(r: ScanRow): void {
    const ts = r[S.ts];
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
    const feature = r[S.feature] ?? NONE;
    const k = `${r[S.model]}\u0000${feature}`;
    let g = this.groups.get(k);
    if (!g) {
      g = { model: r[S.model], feature, modelId: r[S.modelId], requests: 0, records: 0, cost: 0, input: 0, cacheRead: 0, w5m: 0, w1h: 0, output: 0, reasoning: 0, batchCost: 0, nightRequests: 0, nightDays: new Set(), windows: new Set(), prompt: new Distribution(), out: new Distribution() };
      this.groups.set(k, g);
    }
    const n = r[S.requests] ?? 0;
    g.requests += n;
    g.records++;
    g.cost += r[S.cost] ?? 0;
    g.input += r[S.input];
    g.cacheRead += r[S.cacheRead];
    g.w5m += r[S.cacheWrite5m];
    g.w1h += r[S.cacheWrite1h];
    g.output += r[S.output];
    g.reasoning += r[S.reasoning];
    if (r[S.batch]) g.batchCost += r[S.cost] ?? 0;
    const { day, hour } = this.clock(ts);
    if (Number(hour.slice(11, 13)) < 6) {
      g.nightRequests += n;
      g.nightDays.add(day);
    }
    if (g.windows.size < 100_000) g.windows.add(Math.floor(ts / 300_000));
    if (n > 0) {
      g.prompt.add(rowPrompt(r) / n, n);
      g.out.add(r[S.output] / n, n);
    }
  }

  finish(): OpportunityReport {
    const spanDays = Number.isFinite(this.minTs) ? Math.max(1, (this.maxTs - this.minTs) / DAY_MS) : 1;
    const monthly = (usd: number) => (usd * 30) / spanDays;
    const items: Opportunity[] = [];
    const push = (o: Omit<Opportunity, 'monthlySavingsUsd'>) => {
      if (o.savingsUsd > 0) items.push({ ...o, monthlySavingsUsd: monthly(o.savingsUsd) });
    };
    for (const g of this.groups.values()) {
      if (!g.modelId || g.requests < SHAPES.minRequests) continue;
      const price = this.priceOf(g.modelId);
      if (!price) continue;
      const sums = { inputTokens: g.input, cacheReadTokens: g.cacheRead, cacheWrite5mTokens: g.w5m, cacheWrite1hTokens: g.w1h, outputTokens: g.output, reasoningTokens: g.reasoning, requests: g.requests, serviceTier: null, longContext: false };
      const where = g.feature === NONE ? `${g.model}` : `${g.model} for ${g.feature}`;
      const p95In = g.prompt.quantile(95) ?? 0;
      const p95Out = g.out.quantile(95) ?? 0;

      const target = DOWNGRADE_TARGETS[g.modelId];
      const targetPrice = target ? this.priceOf(target) : undefined;
      if (target && targetPrice && p95In <= SHAPES.shortPromptP95 && p95Out <= SHAPES.shortOutputP95) {
        const onTarget = priceRecord({ ...sums, batch: false }, targetPrice).totalUsd;
        push({
          kind: 'model-downgrade',
          model: g.model,
          feature: g.feature,
          evidence: `${g.requests} requests of ${where} are short: P95 prompt ${Math.round(p95In)} tokens, P95 output ${Math.round(p95Out)} tokens (classification/extraction shape)`,
          assumption: `${target} handles them with the same tokens; quality must be checked on a sample`,
          savingsUsd: g.cost - onTarget,
          scenario: `llmcost simulate --route "model=${g.model},feature=${g.feature},max-input=${SHAPES.shortPromptP95},max-output=${SHAPES.shortOutputP95},to=${target}"`,
        });
      }

      const declared = this.opts.batchFeatures.includes(g.feature);
      const nightly = g.requests > 0 && g.nightRequests / g.requests >= SHAPES.nightShare && g.nightDays.size >= SHAPES.nightDays;
      const interactiveCost = g.cost - g.batchCost;
      if ((declared || nightly) && interactiveCost > 0) {
        const share = g.batchCost > 0 ? interactiveCost / g.cost : 1;
        const asBatch = priceRecord({ ...sums, batch: true }, price).totalUsd * share;
        push({
          kind: 'batch',
          model: g.model,
          feature: g.feature,
          evidence: declared ? `${g.feature} is declared non-interactive in the config (audit.batchFeatures)` : `${Math.round((g.nightRequests / g.requests) * 100)}% of ${where} runs between 00:00 and 06:00 on ${g.nightDays.size} nights`,
          assumption: 'results can wait up to 24 hours (the batch API window)',
          savingsUsd: interactiveCost - asBatch,
          scenario: `llmcost simulate --batch "model=${g.model},feature=${g.feature}"`,
        });
      }

      const cacheMin = price.cacheMinTokens ?? 1024;
      const p10In = g.prompt.quantile(10) ?? 0;
      const prefix = Math.floor(p10In / 128) * 128;
      if (g.cacheRead === 0 && prefix >= cacheMin) {
        const rates = standardRates(price);
        const cold = Math.min(g.windows.size, g.requests);
        const warm = g.requests - cold;
        const saved = (warm * prefix * (rates.input - rates.cacheRead) - cold * prefix * (rates.cacheWrite5m - rates.input)) / 1e6;
        push({
          kind: 'prompt-caching',
          model: g.model,
          feature: g.feature,
          evidence: `${where} sends prompts of at least ${Math.round(p10In)} tokens (P10) and never reads from cache`,
          assumption: `a stable prefix of ${prefix} tokens (the P10 prompt, in 128-token steps) is cached; one cache write per 5-minute window with traffic (${cold} of them), every other request reads it`,
          savingsUsd: saved,
          scenario: `llmcost simulate --cache "model=${g.model},feature=${g.feature},prefix=${prefix}"`,
        });
      }

      const p50Out = g.out.quantile(50) ?? 0;
      const p99Out = g.out.quantile(99) ?? 0;
      if (p50Out > 0 && p99Out / p50Out >= SHAPES.longTailRatio) {
        const cap = Math.ceil(p95Out);
        const excess = g.out.excessOver(cap);
        const outputRate = standardRates(price).output;
        push({
          kind: 'output-cap',
          model: g.model,
          feature: g.feature,
          evidence: `${where}: output P50 ${Math.round(p50Out)}, P95 ${cap}, P99 ${Math.round(p99Out)} tokens — a long tail`,
          assumption: `max_tokens = ${cap} (the P95); ${excess.count} of ${g.out.count} requests (${((excess.count / Math.max(1, g.out.count)) * 100).toFixed(1)}%) would be cut short`,
          savingsUsd: (excess.total * outputRate) / 1e6,
          scenario: `llmcost simulate --cap "model=${g.model},feature=${g.feature},max-tokens=${cap}"`,
        });
      }
    }
    items.sort((a, b) => b.monthlySavingsUsd - a.monthlySavingsUsd || a.kind.localeCompare(b.kind) || a.model.localeCompare(b.model));
    return {
      spanDays,
      items,
      unavailable: [{ kind: 'exact-duplicates', reason: 'needs prompt fingerprints, which none of the ingested sources carries' }],
    };
  }
}
