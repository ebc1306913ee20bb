import type { ModelPrice } from '../catalog/types.js';
import { EvenPicker } from './diffusion.js';
import type { Attribute, History } from './history.js';
import { Leg } from './leg.js';
import { compileMatch, type LegModel, type Matcher } from './match.js';
import { PromptCacheLever, type CachingGroupStats } from './prompt-cache.js';
import type { Scenario } from './scenario.js';

/**
 * Stages of the replay, in the order the levers apply (README "Combined order"): the recorded cost, then
 * after the semantic cache, routing, caps, prompt caching and batch. The cost after stage k minus the
 * cost after stage k+1 is what lever k+1 saves in combination with the levers before it.
 */
export const STAGES = 6;

export interface EngineOptions {
  /** The catalog entry of a catalog id. */
  priceOf: (modelId: string) => ModelPrice | undefined;
  /** The catalog id a model as the user wrote it resolves to. */
  resolveId: (model: string) => string | undefined;
  /** The attribute results are broken down by. */
  groupBy: Attribute;
}

export interface CascadeFeatureStats {
  feature: string;
  rate: number;
  requests: number;
  escalated: number;
  /** Cost of these requests before routing, on the cheap model, and all of them on the strong model. */
  baselineUsd: number;
  firstUsd: number;
  strongUsd: number;
}

export interface RouteStats {
  rule: string;
  kind: 'route' | 'cascade';
  /** The target model; for a cascade "first → then". */
  target: string;
  requests: number;
  /** Cost of the matched requests before routing (after the semantic cache) and after it. */
  beforeUsd: number;
  afterUsd: number;
  byFeature: Map<string, CascadeFeatureStats>;
}

export interface CapStats {
  rule: string;
  maxTokens: number;
  requests: number;
  truncated: number;
  outputTokensRemoved: number;
  beforeUsd: number;
  afterUsd: number;
  /** Some capped rows were pre-aggregated buckets, capped on their mean output per request. */
  approximate: boolean;
  /** Rows without a request count: their output per request is unknown, so they were left uncapped. */
  unknownRows: number;
  byGroup: Map<string, { requests: number; truncated: number; savingsUsd: number }>;
}

export interface BatchStats {
  rule: string;
  share: number;
  requests: number;
  moved: number;
  alreadyBatch: number;
  beforeUsd: number;
  afterUsd: number;
}

export interface RunResult {
  records: number;
  /** Requests of the records that state a count; `recordsWithoutRequestCount` records state none. */
  requests: number;
  recordsWithoutRequestCount: number;
  unpriced: { records: number; requests: number; models: Map<string, number> };
  /** Cost after each stage: totals, per group key, and per day (stage-major: stage × days + day). */
  totals: Float64Array;
  byGroup: Map<string, Float64Array>;
  byDay: Float64Array;
  routing: RouteStats[];
  caps: CapStats[];
  caching: Map<string, CachingGroupStats>;
  batch: BatchStats[];
}

export interface RunMode {
  /** TTLs picked per caching group and model for "auto" (from a decide run). */
  ttlChoice?: ReadonlyMap<string, number>;
  /** Only replay both TTLs of "auto" caching groups, for `chooseTtls`; nothing else is accounted. */
  decide?: boolean;
  /** The requests the semantic cache answers (from `replaySemanticCache`); none without it. */
  semanticHits?: Uint8Array | null;
}

function firstMatch(matchers: Matcher[], i: number, leg: LegModel | null): number {
  for (let k = 0; k < matchers.length; k++) if (matchers[k]!(i, leg)) return k;
  return -1;
}

/** The catalog entry of each row's model, looked up once per distinct catalog id. */
function entryReader(h: History, priceOf: EngineOptions['priceOf']): (i: number) => ModelPrice | undefined {
  const memo = new Map<number, ModelPrice | undefined>();
  return (i) => {
    const k = h.attr.modelId[i]!;
    if (k < 0) return undefined;
    if (!memo.has(k)) memo.set(k, priceOf(h.strings[k]!));
    return memo.get(k);
  };
}

/** Replays the history under the scenario, request by request in time order. Pure: reads the history and the catalog only. */
export function runScenario(h: History, s: Scenario, opts: EngineOptions, mode: RunMode = {}): RunResult {
  const target = (id: string): ModelPrice => {
    const entry = opts.priceOf(opts.resolveId(id) ?? id);
    if (!entry) throw new Error(`model ${id} left the catalog after validation`);
    return entry;
  };
  const entryOf = entryReader(h, opts.priceOf);
  const decide = mode.decide === true;
  const semantic = s.semanticCache ? (mode.semanticHits ?? null) : null;
  const routeMatchers = s.routing.map((r) => compileMatch(r.match, h));
  const routeTargets = s.routing.map((r) => (r.to ? target(r.to) : null));
  const cascadeFirst = s.routing.map((r) => (r.cascade ? target(r.cascade.first) : null));
  const cascadeThen = s.routing.map((r) => (r.cascade?.then ? target(r.cascade.then) : null));
  const capMatchers = s.caps.map((c) => compileMatch(c.match, h));
  const caching = s.caching && s.caching.groups.length > 0 ? new PromptCacheLever(s.caching, h, opts.resolveId, mode.ttlChoice ?? new Map(), decide) : null;
  const batchMatchers = s.batch.map((b) => compileMatch(b.match, h));
  const batchPickers = s.batch.map((b) => new EvenPicker(b.share));

  const result: RunResult = {
    records: 0,
    requests: 0,
    recordsWithoutRequestCount: 0,
    unpriced: { records: 0, requests: 0, models: new Map() },
    totals: new Float64Array(STAGES),
    byGroup: new Map(),
    byDay: new Float64Array(STAGES * h.days.length),
    routing: s.routing.map((r, k) => ({
      rule: r.name,
      kind: r.cascade ? 'cascade' : 'route',
      target: r.to ?? `${cascadeFirst[k]!.id} → ${cascadeThen[k]?.id ?? 'own model'}`,
      requests: 0,
      beforeUsd: 0,
      afterUsd: 0,
      byFeature: new Map(),
    })),
    caps: s.caps.map((c) => ({
      rule: c.name,
      maxTokens: c.maxTokens,
      requests: 0,
      truncated: 0,
      outputTokensRemoved: 0,
      beforeUsd: 0,
      afterUsd: 0,
      approximate: false,
      unknownRows: 0,
      byGroup: new Map(),
    })),
    caching: caching?.stats ?? new Map(),
    batch: s.batch.map((b) => ({ rule: b.name, share: b.share, requests: 0, moved: 0, alreadyBatch: 0, beforeUsd: 0, afterUsd: 0 })),
  };

  const base = new Leg();
  const legs = [new Leg(), new Leg()] as const;
  const stage = new Float64Array(STAGES);
  const groupCol = h.attr[opts.groupBy];
  const groupMemo = new Map<number, Float64Array>();
  const days = h.days.length;

  for (let k = 0; k < h.n; k++) {
    const i = h.order[k]!;
    const n = h.requests(i);
    const own = entryOf(i);
    if (!own) {
      result.unpriced.records++;
      result.unpriced.requests += n ?? 1;
      const model = h.text('model', i)!;
      result.unpriced.models.set(model, (result.unpriced.models.get(model) ?? 0) + (n ?? 1));
      continue;
    }
    const ts = h.ts[i]!;
    stage[0] = base.fromRow(h, i, own).reprice();

    // 1. Semantic cache: a hit never reaches the API.
    if (semantic && semantic[i] === 1) {
      stage.fill(0, 1);
    } else {
      stage[1] = stage[0];
      // 2. Routing (and cascades).
      let count = 1;
      const [a, b] = legs;
      a.copyFrom(base);
      const r = routeMatchers.length > 0 ? firstMatch(routeMatchers, i, null) : -1;
      if (r >= 0) {
        const rule = s.routing[r]!;
        const rs = result.routing[r]!;
        rs.requests += n ?? 1;
        rs.beforeUsd += stage[1];
        if (rule.cascade) {
          a.routed(h, i, own, cascadeFirst[r]!, rule.outputRatio).reprice();
          b.routed(h, i, own, cascadeThen[r] ?? own, rule.outputRatio).reprice();
          const feature = h.text('feature', i) ?? '';
          const rate = rule.cascade.escalate.byFeature[feature] ?? rule.cascade.escalate.default;
          let fs = rs.byFeature.get(feature);
          if (!fs) rs.byFeature.set(feature, (fs = { feature, rate, requests: 0, escalated: 0, baselineUsd: 0, firstUsd: 0, strongUsd: 0 }));
          fs.requests += n ?? 1;
          fs.baselineUsd += stage[1];
          fs.firstUsd += a.cost;
          fs.strongUsd += b.cost;
          if (rate > 0) {
            // Which requests escalate is not known, only how many are expected to: each request (or each
            // request of a bucket) pays the cheap call and the rate's share of the strong one,
            // cost_weak + rate × cost_strong.
            b.weight = rate;
            b.reprice();
            fs.escalated += (n ?? 1) * rate;
            count = 2;
          }
        } else a.routed(h, i, own, routeTargets[r]!, rule.outputRatio).reprice();
        rs.afterUsd += a.cost + (count === 2 ? b.cost : 0);
      }
      stage[2] = a.cost + (count === 2 ? b.cost : 0);

      // 3. Caps, on the model each call now goes to.
      if (capMatchers.length > 0) {
        for (let l = 0; l < count; l++) {
          const leg = legs[l]!;
          const c = firstMatch(capMatchers, i, leg.moved);
          if (c < 0) continue;
          const cs = result.caps[c]!;
          const cap = s.caps[c]!.maxTokens;
          const calls = leg.requests;
          if (calls === null || calls <= 0) {
            cs.unknownRows++;
            continue;
          }
          const before = leg.cost;
          const weighted = calls * leg.weight;
          cs.requests += weighted;
          const key = groupCol[i]! < 0 ? '' : h.strings[groupCol[i]!]!;
          let g = cs.byGroup.get(key);
          if (!g) cs.byGroup.set(key, (g = { requests: 0, truncated: 0, savingsUsd: 0 }));
          g.requests += weighted;
          if (leg.outputTokens / calls > cap) {
            if (calls > 1) cs.approximate = true;
            cs.truncated += weighted;
            g.truncated += weighted;
            cs.outputTokensRemoved += (leg.outputTokens - cap * calls) * leg.weight;
            leg.outputTokens = cap * calls;
            leg.reasoningTokens = Math.min(leg.reasoningTokens, leg.outputTokens);
            leg.reprice();
            g.savingsUsd += before - leg.cost;
          }
          cs.beforeUsd += before;
          cs.afterUsd += leg.cost;
        }
      }
      stage[3] = a.cost + (count === 2 ? b.cost : 0);

      // 4. Provider prompt caching, replayed on the traffic each model now receives.
      if (caching) {
        for (let l = 0; l < count; l++) {
          const leg = legs[l]!;
          const g = caching.groupOf(i, leg);
          if (g < 0) continue;
          const before = leg.cost;
          const gs = caching.apply(i, ts, leg, g);
          if (decide) continue;
          leg.reprice();
          gs.costBeforeUsd += before;
          gs.costAfterUsd += leg.cost;
        }
      }
      if (decide) continue;
      stage[4] = a.cost + (count === 2 ? b.cost : 0);

      // 5. Batch: the chosen calls at the batch rates (cache reads included, where the provider discounts them).
      if (batchMatchers.length > 0) {
        for (let l = 0; l < count; l++) {
          const leg = legs[l]!;
          const m = firstMatch(batchMatchers, i, leg.moved);
          if (m < 0) continue;
          const bs = result.batch[m]!;
          const calls = (leg.requests ?? 1) * leg.weight;
          bs.requests += calls;
          const before = leg.cost;
          if (leg.batch) bs.alreadyBatch += calls;
          else if (batchPickers[m]!.next()) {
            leg.batch = true;
            leg.reprice();
            bs.moved += calls;
          }
          bs.beforeUsd += before;
          bs.afterUsd += leg.cost;
        }
      }
      stage[5] = a.cost + (count === 2 ? b.cost : 0);
    }
    if (decide) continue;

    result.records++;
    if (n === null) result.recordsWithoutRequestCount++;
    else result.requests += n;
    const gk = groupCol[i]!;
    let g = groupMemo.get(gk);
    if (!g) {
      g = new Float64Array(STAGES);
      groupMemo.set(gk, g);
      result.byGroup.set(gk < 0 ? '' : h.strings[gk]!, g);
    }
    const day = h.dayOf[i]!;
    for (let st = 0; st < STAGES; st++) {
      const v = stage[st]!;
      result.totals[st] = result.totals[st]! + v;
      g[st] = g[st]! + v;
      result.byDay[st * days + day] = result.byDay[st * days + day]! + v;
    }
  }
  return result;
}
