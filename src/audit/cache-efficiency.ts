import type { ModelPrice } from '../catalog/types.js';
import { standardRates, type EffectiveRates } from '../pricing/price.js';
import { catalogCacheRules } from '../simulate/cache-rules.js';
import { NONE } from '../usage/group-keys.js';
import { cacheWriteTokens } from '../usage/tokens.js';
import { rowPrompt, rowTags, S, type ScanRow } from '../usage/scan-row.js';

const TTL_5M = 5 * 60_000;
const TTL_1H = 60 * 60_000;

export interface CacheGroup {
  key: string;
  requests: number;
  promptTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Share of the prompt served from cache. */
  cacheReadShare: number;
  /** What cache reads saved against paying the input rate for the same tokens. */
  savedByReadsUsd: number;
  /** What cache writes cost. */
  writeCostUsd: number;
  /** Writes never read again within their TTL: tokens, their cost, and the premium over plain input. */
  unreadWriteTokens: number;
  unreadWriteCostUsd: number;
  unreadWritePremiumUsd: number;
  /** Whether unread writes could be told: per-request rows with times; pre-aggregated buckets cannot. */
  unreadWritesKnown: boolean;
  /** None of the group's records could be priced: its dollar figures are unknown, not $0. */
  unpriced: boolean;
}

export interface UncachedGroup {
  model: string;
  feature: string;
  requests: number;
  medianPromptTokens: number;
  /** The smallest prompt the provider caches (the catalog's value, else what the provider documents). */
  cacheMinTokens: number;
  inputCostUsd: number;
}

export interface CacheEfficiency {
  byModel: CacheGroup[];
  byFeature: CacheGroup[];
  /** Groups whose typical prompt is cacheable but that never read from cache. */
  uncached: UncachedGroup[];
}

interface Acc extends Omit<CacheGroup, 'key' | 'cacheReadShare' | 'unreadWritesKnown' | 'unpriced'> {
  bucketWrites: boolean;
  priced: boolean;
}

/** A write or a read on one cache scope, kept to decide which writes were read again. */
interface CacheEvent {
  ts: number;
  /** Write tokens with 5-minute and 1-hour TTL (0 for a pure read). */
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  read: boolean;
  rates: EffectiveRates;
  model: string;
  feature: string;
}

function emptyAcc(): Acc {
  return {
    requests: 0,
    promptTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    savedByReadsUsd: 0,
    writeCostUsd: 0,
    unreadWriteTokens: 0,
    unreadWriteCostUsd: 0,
    unreadWritePremiumUsd: 0,
    bucketWrites: false,
    priced: false,
  };
}

/**
 * Cache efficiency, fed one row at a time. Which writes were never read is decided per cache scope: the
 * same catalog model, project, feature, API key and session tag. A write counts as read when a request
 * of its scope reads from cache within the write's TTL (5 minutes or 1 hour) after it.
 */
export class CacheAnalysis {
  private readonly byModel = new Map<string, Acc>();
  private readonly byFeature = new Map<string, Acc>();
  private readonly events = new Map<string, CacheEvent[]>();
  private readonly promptsByModelFeature = new Map<
    string,
    { model: string; feature: string; modelId: string; requests: number; reads: number; inputCostUsd: number; prompts: number[] }
  >();
  private readonly ratesCache = new Map<string, EffectiveRates | null>();

  constructor(private readonly priceOf: (modelId: string) => ModelPrice | undefined) {}

  private rates(modelId: string): EffectiveRates | null {
    let r = this.ratesCache.get(modelId);
    if (r === undefined) {
      const p = this.priceOf(modelId);
      r = p ? standardRates(p) : null;
      this.ratesCache.set(modelId, r);
    }
    return r;
  }

  add(r: ScanRow): void {
    const modelId = r[S.modelId];
    const rates = modelId && r[S.cost] !== null ? this.rates(modelId) : null;
    const feature = r[S.feature] ?? NONE;
    const requests = r[S.requests];
    const discount = r[S.batch] ? 0.5 : 1;
    const cacheWrite5mTokens = r[S.cacheWrite5mTokens];
    const cacheWrite1hTokens = r[S.cacheWrite1hTokens];
    const writes = cacheWrite5mTokens + cacheWrite1hTokens;
    const read = r[S.cacheReadTokens];
    for (const [map, key] of [
      [this.byModel, r[S.model]],
      [this.byFeature, feature],
    ] as const) {
      let a = map.get(key);
      if (!a) map.set(key, (a = emptyAcc()));
      a.requests += requests ?? 0;
      a.promptTokens += rowPrompt(r);
      a.cacheReadTokens += read;
      a.cacheWriteTokens += writes;
      if (rates) {
        a.priced = true;
        a.savedByReadsUsd += (read * (rates.input - rates.cacheRead) * discount) / 1e6;
        a.writeCostUsd += ((cacheWrite5mTokens * rates.cacheWrite5m + cacheWrite1hTokens * rates.cacheWrite1h) * discount) / 1e6;
      }
      if (writes > 0 && (requests !== 1 || r[S.bucket] === 1)) a.bucketWrites = true;
    }
    if (rates && requests === 1 && r[S.bucket] === 0 && (writes > 0 || read > 0)) {
      const session = rowTags(r).find((t) => t.startsWith('session:')) ?? '';
      const scope = [modelId, r[S.project] ?? '', feature, r[S.apiKey] ?? '', session].join('\u0000');
      let list = this.events.get(scope);
      if (!list) this.events.set(scope, (list = []));
      list.push({
        ts: r[S.ts],
        cacheWrite5mTokens,
        cacheWrite1hTokens,
        read: read > 0,
        rates: discount === 1 ? rates : halve(rates),
        model: r[S.model],
        feature,
      });
    }
    if (modelId && rates) {
      const k = `${r[S.model]}\u0000${feature}`;
      let g = this.promptsByModelFeature.get(k);
      if (!g) this.promptsByModelFeature.set(k, (g = { model: r[S.model], feature, modelId, requests: 0, reads: 0, inputCostUsd: 0, prompts: [] }));
      g.requests += requests ?? 0;
      g.reads += read;
      g.inputCostUsd += (r[S.inputTokens] * rates.input * discount) / 1e6;
      // A sample of prompt sizes is enough to tell a typical prompt; keep at most 10,001 per group.
      if (requests !== null && requests > 0 && g.prompts.length <= 10_000) g.prompts.push(rowPrompt(r) / requests);
    }
  }

  finish(priceOf: (modelId: string) => ModelPrice | undefined = this.priceOf): CacheEfficiency {
    for (const list of this.events.values()) {
      list.sort((a, b) => a.ts - b.ts);
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!;
        if (cacheWriteTokens(e) === 0) continue;
        const readWithin = (ttl: number) => {
          for (let j = i + 1; j < list.length && list[j]!.ts - e.ts <= ttl; j++) if (list[j]!.read) return true;
          return false;
        };
        const unread5m = e.cacheWrite5mTokens > 0 && !readWithin(TTL_5M) ? e.cacheWrite5mTokens : 0;
        const unread1h = e.cacheWrite1hTokens > 0 && !readWithin(TTL_1H) ? e.cacheWrite1hTokens : 0;
        if (unread5m + unread1h === 0) continue;
        const cost = (unread5m * e.rates.cacheWrite5m + unread1h * e.rates.cacheWrite1h) / 1e6;
        const premium = cost - ((unread5m + unread1h) * e.rates.input) / 1e6;
        for (const a of [this.byModel.get(e.model), this.byFeature.get(e.feature)]) {
          if (!a) continue;
          a.unreadWriteTokens += unread5m + unread1h;
          a.unreadWriteCostUsd += cost;
          a.unreadWritePremiumUsd += premium;
        }
      }
    }
    const rows = (map: Map<string, Acc>): CacheGroup[] =>
      [...map.entries()]
        .filter(([, a]) => a.promptTokens > 0)
        .map(([key, { bucketWrites, priced, ...a }]) => ({
          key,
          ...a,
          cacheReadShare: a.cacheReadTokens / a.promptTokens,
          unreadWritesKnown: !bucketWrites,
          unpriced: !priced,
        }))
        .sort((x, y) => y.promptTokens - x.promptTokens || x.key.localeCompare(y.key));
    const uncached: UncachedGroup[] = [];
    for (const g of this.promptsByModelFeature.values()) {
      if (g.reads > 0 || g.prompts.length === 0) continue;
      const sorted = g.prompts.sort((a, b) => a - b);
      const median = sorted[Math.ceil(sorted.length / 2) - 1]!;
      const price = priceOf(g.modelId);
      const rules = price ? catalogCacheRules(price) : null;
      if (!rules) continue;
      const cacheMin = rules.minTokens;
      if (median < cacheMin) continue;
      uncached.push({
        model: g.model,
        feature: g.feature,
        requests: g.requests,
        medianPromptTokens: median,
        cacheMinTokens: cacheMin,
        inputCostUsd: g.inputCostUsd,
      });
    }
    uncached.sort((a, b) => b.inputCostUsd - a.inputCostUsd || a.model.localeCompare(b.model));
    return { byModel: rows(this.byModel), byFeature: rows(this.byFeature), uncached };
  }
}

function halve(r: EffectiveRates): EffectiveRates {
  return {
    input: r.input / 2,
    output: r.output / 2,
    cacheRead: r.cacheRead / 2,
    cacheWrite5m: r.cacheWrite5m / 2,
    cacheWrite1h: r.cacheWrite1h / 2,
    reasoning: r.reasoning === undefined ? undefined : r.reasoning / 2,
  };
}
