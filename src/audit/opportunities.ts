import type { ModelPrice } from '../catalog/types.js';
import { priceRecord, type PricedRecord } from '../pricing/price.js';
import { catalogCacheRules, splitOnTarget } from '../simulate/cache-rules.js';
import { STAGES } from '../simulate/engine.js';
import { History } from '../simulate/history.js';
import { emptyScenario, type Scenario } from '../simulate/scenario.js';
import { replay } from '../simulate/simulate.js';
import { lexicalSimilarity, SemanticCache } from '../simulate/semantic-cache.js';
import { Distribution } from './distribution.js';
import { DOWNGRADE_TARGETS } from './downgrades.js';
import { localClock, NONE } from '../usage/group-keys.js';
import { HistorySpan } from '../usage/history-span.js';
import { perMonth } from '../usage/periods.js';
import { rowPrompt, S, TOKENS_AT, type ScanRow } from '../usage/scan-row.js';
import { readTokens } from '../usage/tokens.js';

export type OpportunityKind = 'model-downgrade' | 'batch' | 'prompt-caching' | 'output-cap' | 'exact-duplicates';

export interface Opportunity {
  kind: OpportunityKind;
  /** The catalog id of the group's model. */
  model: string;
  feature: string;
  /** What in the history points at it. */
  evidence: string;
  /** What the estimate takes for granted. */
  assumption: string;
  /** Savings over the reported period, and normalized to a 30-day month. */
  savingsUsd: number;
  monthlySavingsUsd: number;
  /** The `llmcost simulate` run that checks it in detail, and gives the same figures. */
  scenario: string;
}

export interface OpportunityReport {
  /** Calendar days the history spans, as simulate counts them (the monthly figures are savings × 30 / days). */
  spanDays: number;
  items: Opportunity[];
  /** Analyses that could not run on this history, and why. */
  unavailable: { kind: OpportunityKind; reason: string }[];
}

export interface OpportunityOptions {
  /** Features the user declares non-interactive (config audit.batchFeatures). */
  batchFeatures: string[];
  /** The stored prompt fingerprint (whole-prompt hash) of a record, by rid, where its source carried the prompt. */
  promptHashOf?: (rid: number) => string | undefined;
}

/** The response cache `simulate --semantic-cache` replays by default: 24-hour entries, 10,000 of them. */
const RESPONSE_CACHE = { ttlMs: 86_400_000, capacity: 10_000 };

/** Thresholds of the shapes looked for (README "Opportunities"). */
export const SHAPES = {
  shortPromptP95: 4000,
  shortOutputP95: 300,
  minRequests: 20,
  nightShare: 0.6,
  nightDays: 3,
  longTailRatio: 4,
};

/** The output of one pricing mode (standard, batch, a tier, a long-context tier) and its dollars per token. */
interface OutputClass {
  usdPerToken: number;
  out: Distribution;
}

interface Group {
  /** The catalog id (groups are by catalog id, as the scenarios they name match), or the model as written when unpriced. */
  model: string;
  feature: string;
  price: ModelPrice | undefined;
  requests: number;
  cacheRead: number;
  /** Requests of per-request records: the only ones with a time of day and a spacing. */
  perRequest: number;
  nightRequests: number;
  nightDays: Set<string>;
  /** Per request, every record with a request count (buckets add their mean), and per-request records only. */
  prompt: Distribution;
  out: Distribution;
  requestPrompt: Distribution;
  outByClass: Map<string, OutputClass>;
  /** model-downgrade: the requests the named route moves, on their own model and on the sibling. */
  shortUsd: number;
  shortOnTargetUsd: number;
  /** batch: the requests not already batched, as sent and at batch rates. */
  interactiveUsd: number;
  asBatchUsd: number;
  /**
   * prompt-caching: the per-request records long enough to cache, kept while the group never read from cache,
   * for the same replay `simulate --cache` runs (shorter ones change nothing in it).
   */
  cacheable: History | null;
  /** exact-duplicates: the group's fingerprinted single requests, in scan order, with what each cost. */
  prompts: { ts: number; hash: string; usd: number }[];
}

/** A record as the simulator prices it (its own long-context test per request, no source flag). */
function recordOf(r: ScanRow): PricedRecord {
  const rec = { requests: r[S.requests], batch: r[S.batch] === 1, serviceTier: r[S.serviceTier], longContext: null } as PricedRecord;
  readTokens(rec, r, TOKENS_AT);
  return rec;
}

/** Names a few groups: "gpt-4o, gpt-4o-mini for chat and 3 more". */
function someGroups(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * Per model × feature shapes, fed one row at a time, then turned into ranked opportunities. Each figure is
 * computed the way the `llmcost simulate` run it names computes it (the same requests matched, priced through
 * the same catalog rules, prompt caching through the same replay), and put per month over the same span,
 * so the two agree.
 */
export class OpportunityAnalysis {
  private readonly groups = new Map<string, Group>();
  private readonly clock: (ts: number) => { day: string; hour: string };
  private readonly span: HistorySpan;
  private readonly prices = new Map<string, ModelPrice | undefined>();
  /** Requests in scope whose prompt was fingerprinted at ingest. */
  private fingerprinted = 0;

  constructor(
    private readonly tz: string,
    private readonly priceOf: (modelId: string) => ModelPrice | undefined,
    private readonly opts: OpportunityOptions,
  ) {
    this.clock = localClock(tz);
    this.span = new HistorySpan(tz);
  }

  private price(modelId: string | null): ModelPrice | undefined {
    if (modelId === null) return undefined;
    if (!this.prices.has(modelId)) this.prices.set(modelId, this.priceOf(modelId));
    return this.prices.get(modelId);
  }

  add(r: ScanRow): void {
    const ts = r[S.ts];
    const bucket = r[S.bucket] === 1;
    this.span.add(ts, bucket);
    const price = this.price(r[S.modelId]);
    const model = price?.id ?? r[S.model];
    const feature = r[S.feature] ?? NONE;
    const k = `${price ? '' : '?'}${model}\u0000${feature}`;
    let g = this.groups.get(k);
    if (!g) {
      g = {
        model,
        feature,
        price,
        requests: 0,
        cacheRead: 0,
        perRequest: 0,
        nightRequests: 0,
        nightDays: new Set(),
        prompt: new Distribution(),
        out: new Distribution(),
        requestPrompt: new Distribution(),
        outByClass: new Map(),
        shortUsd: 0,
        shortOnTargetUsd: 0,
        interactiveUsd: 0,
        asBatchUsd: 0,
        cacheable: null,
        prompts: [],
      };
      this.groups.set(k, g);
    }
    const n = r[S.requests] ?? 0;
    g.requests += n;
    g.cacheRead += r[S.cacheReadTokens];
    if (!price) return;
    const prompt = rowPrompt(r);
    const output = r[S.outputTokens];

    // A usage export's bucket has neither a time of day nor a spacing between its requests.
    if (!bucket) {
      g.perRequest += n;
      const { day, hour } = this.clock(ts);
      if (Number(hour.slice(11, 13)) < 6) {
        g.nightRequests += n;
        g.nightDays.add(day);
      }
    }

    const rec = recordOf(r);
    const own = priceRecord(rec, price);
    const hash = n === 1 ? this.opts.promptHashOf?.(r[S.rid]) : undefined;
    if (hash !== undefined) {
      g.prompts.push({ ts, hash, usd: own.totalUsd });
      this.fingerprinted++;
    }
    if (!rec.batch) {
      g.interactiveUsd += own.totalUsd;
      g.asBatchUsd += priceRecord({ ...rec, batch: true }, price).totalUsd;
    }
    if (n > 0) {
      g.prompt.add(prompt / n, n);
      g.out.add(output / n, n);
      if (!bucket) g.requestPrompt.add(prompt / n, n);
      if (output > 0) {
        const key = `${own.mode}:${own.longContext}`;
        let c = g.outByClass.get(key);
        if (!c) g.outByClass.set(key, (c = { usdPerToken: (own.outputUsd + own.reasoningUsd) / output, out: new Distribution() }));
        c.out.add(output / n, n);
      }
      const target = this.price(DOWNGRADE_TARGETS[price.id] ?? null);
      // What `--route "…,max-input=4000,max-output=300,to=<sibling>"` moves: requests within both bounds.
      if (target && prompt / n <= SHAPES.shortPromptP95 && output / n <= SHAPES.shortOutputP95) {
        g.shortUsd += own.totalUsd;
        g.shortOnTargetUsd += priceRecord({ ...rec, ...splitOnTarget(rec, rec.requests, catalogCacheRules(target)) }, target).totalUsd;
      }
    }

    if (r[S.cacheReadTokens] > 0) g.cacheable = null;
    else if (g.cacheRead === 0 && !bucket && n === 1) {
      const rules = catalogCacheRules(price);
      if (rules && prompt >= rules.minTokens) (g.cacheable ??= new History(16)).addScanRow(r);
    }
  }

  /** The replay `simulate --semantic-cache "…,threshold=1"` runs: exact repeats within the cache's TTL. */
  private duplicateReplay(g: Group): { hits: number; savingsUsd: number } {
    if (g.prompts.length < 2) return { hits: 0, savingsUsd: 0 };
    const cache = new SemanticCache(lexicalSimilarity(1), RESPONSE_CACHE.ttlMs, RESPONSE_CACHE.capacity);
    // Time order, ties in scan order, as the simulator orders its history.
    const order = g.prompts.map((_, k) => k).sort((a, b) => g.prompts[a]!.ts - g.prompts[b]!.ts || a - b);
    let hits = 0;
    let savingsUsd = 0;
    for (const k of order) {
      const p = g.prompts[k]!;
      if (cache.lookup({ exact: p.hash, scope: 0, shingles: null, signature: null }, p.ts)) {
        hits++;
        savingsUsd += p.usd;
      }
    }
    return { hits, savingsUsd };
  }

  /** The replay `simulate --cache "…,prefix=N"` runs, on the group's cacheable requests. */
  private cachingReplay(g: Group, prefix: number): { savingsUsd: number; hits: number; writes: number; ttl: string } {
    const h = g.cacheable!.finish(this.tz);
    const scenario: Scenario = {
      ...emptyScenario(),
      caching: { groups: [{ name: `${g.model} ${g.feature}`, match: {}, prefixTokens: prefix, ttl: 'auto' }], minTokens: {} },
    };
    const run = replay(h, scenario, { priceOf: (id) => this.price(id), resolveId: (id) => this.price(id)?.id, groupBy: 'feature' }, null);
    const stats = [...run.caching.values()][0];
    const ttl = stats && stats.style === 'explicit' ? (stats.ttlMs > 5 * 60_000 ? '1-hour' : '5-minute') : '';
    return { savingsUsd: run.totals[0]! - run.totals[STAGES - 1]!, hits: stats?.hits ?? 0, writes: stats?.writes ?? 0, ttl };
  }

  finish(): OpportunityReport {
    const spanDays = this.span.spanDays;
    const monthly = (usd: number) => perMonth(usd, spanDays);
    const items: Opportunity[] = [];
    const push = (o: Omit<Opportunity, 'monthlySavingsUsd'>) => {
      if (o.savingsUsd > 0) items.push({ ...o, monthlySavingsUsd: monthly(o.savingsUsd) });
    };
    const needsRequests = { batch: [] as string[], caching: [] as string[] };
    for (const g of this.groups.values()) {
      const price = g.price;
      if (!price) continue;
      const where = g.feature === NONE ? `${g.model}` : `${g.model} for ${g.feature}`;
      // A repeated prompt is evidence on its own, however few requests the group has.
      const dup = this.duplicateReplay(g);
      if (dup.hits > 0) {
        push({
          kind: 'exact-duplicates',
          model: g.model,
          feature: g.feature,
          evidence: `${dup.hits} of ${g.prompts.length} fingerprinted requests of ${where} send a prompt already sent within the previous 24 hours`,
          assumption: 'a response cache keyed on the exact prompt, entries kept 24 hours, answers those repeats without calling the API',
          savingsUsd: dup.savingsUsd,
          scenario: `llmcost simulate --semantic-cache "model=${g.model},feature=${g.feature},threshold=1"`,
        });
      }

      if (g.requests < SHAPES.minRequests) continue;
      const p95In = g.prompt.quantile(95) ?? 0;
      const p95Out = g.out.quantile(95) ?? 0;

      const target = DOWNGRADE_TARGETS[price.id];
      if (target && this.price(target) && p95In <= SHAPES.shortPromptP95 && p95Out <= SHAPES.shortOutputP95) {
        push({
          kind: 'model-downgrade',
          model: g.model,
          feature: g.feature,
          evidence: `${g.requests} requests of ${where} are short: P95 prompt ${Math.round(p95In)} tokens, P95 output ${Math.round(p95Out)} tokens (classification/extraction shape)`,
          assumption: `${target} handles those within ${SHAPES.shortPromptP95} prompt and ${SHAPES.shortOutputP95} output tokens with the same tokens (its own caching rules); quality must be checked on a sample`,
          savingsUsd: g.shortUsd - g.shortOnTargetUsd,
          scenario: `llmcost simulate --route "model=${g.model},feature=${g.feature},max-input=${SHAPES.shortPromptP95},max-output=${SHAPES.shortOutputP95},to=${target}"`,
        });
      }

      const declared = this.opts.batchFeatures.includes(g.feature);
      const nightly = g.perRequest > 0 && g.nightRequests / g.perRequest >= SHAPES.nightShare && g.nightDays.size >= SHAPES.nightDays;
      if ((declared || nightly) && g.interactiveUsd > 0) {
        push({
          kind: 'batch',
          model: g.model,
          feature: g.feature,
          evidence: declared
            ? `${g.feature} is declared non-interactive in the config (audit.batchFeatures)`
            : `${Math.round((g.nightRequests / g.perRequest) * 100)}% of ${where} runs between 00:00 and 06:00 on ${g.nightDays.size} nights`,
          assumption: 'results can wait up to 24 hours (the batch API window)',
          savingsUsd: g.interactiveUsd - g.asBatchUsd,
          scenario: `llmcost simulate --batch "model=${g.model},feature=${g.feature}"`,
        });
      } else if (!declared && g.perRequest === 0 && g.interactiveUsd > 0) needsRequests.batch.push(where);

      const rules = catalogCacheRules(price);
      if (g.cacheRead === 0 && rules) {
        if (g.requestPrompt.count === 0) {
          // Only buckets: their mean prompt says the group might cache, but not how its requests are spaced.
          if ((g.prompt.quantile(10) ?? 0) >= rules.minTokens) needsRequests.caching.push(where);
        } else {
          const p10In = g.requestPrompt.quantile(10) ?? 0;
          const prefix = Math.floor(p10In / 128) * 128;
          if (prefix >= rules.minTokens && g.cacheable) {
            const r = this.cachingReplay(g, prefix);
            push({
              kind: 'prompt-caching',
              model: g.model,
              feature: g.feature,
              evidence: `${where} sends prompts of at least ${Math.round(p10In)} tokens (P10) and never reads from cache`,
              assumption: `a stable prefix of ${prefix} tokens (the P10 prompt, in 128-token steps) is cached; replayed in time order under the provider's rules${r.ttl ? ` (${r.ttl} writes, the cheaper)` : ''}: ${r.hits} requests read it, ${r.writes} write it`,
              savingsUsd: r.savingsUsd,
              scenario: `llmcost simulate --cache "model=${g.model},feature=${g.feature},prefix=${prefix}"`,
            });
          }
        }
      }

      const p50Out = g.out.quantile(50) ?? 0;
      const p99Out = g.out.quantile(99) ?? 0;
      if (p50Out > 0 && p99Out / p50Out >= SHAPES.longTailRatio) {
        const cap = Math.ceil(p95Out);
        const excess = g.out.excessOver(cap);
        // Each cut token at the output rate its request was billed at (batch, tier, long context).
        const savingsUsd = [...g.outByClass.values()].reduce((usd, c) => usd + c.out.excessOver(cap).total * c.usdPerToken, 0);
        push({
          kind: 'output-cap',
          model: g.model,
          feature: g.feature,
          evidence: `${where}: output P50 ${Math.round(p50Out)}, P95 ${cap}, P99 ${Math.round(p99Out)} tokens — a long tail`,
          assumption: `max_tokens = ${cap} (the P95); ${excess.count} of ${g.out.count} requests (${((excess.count / Math.max(1, g.out.count)) * 100).toFixed(1)}%) would be cut short`,
          savingsUsd,
          scenario: `llmcost simulate --cap "model=${g.model},feature=${g.feature},max-tokens=${cap}"`,
        });
      }
    }
    items.sort(
      (a, b) =>
        b.monthlySavingsUsd - a.monthlySavingsUsd || a.kind.localeCompare(b.kind) || a.model.localeCompare(b.model) || a.feature.localeCompare(b.feature),
    );
    const unavailable: OpportunityReport['unavailable'] = [];
    if (needsRequests.batch.length > 0)
      unavailable.push({
        kind: 'batch',
        reason: `needs per-request data: ${someGroups(needsRequests.batch)} ${needsRequests.batch.length === 1 ? 'comes' : 'come'} only from usage-export buckets, which carry no time of day, so when the requests ran is unknown`,
      });
    if (needsRequests.caching.length > 0)
      unavailable.push({
        kind: 'prompt-caching',
        reason: `needs per-request data: ${someGroups(needsRequests.caching)} ${needsRequests.caching.length === 1 ? 'comes' : 'come'} only from usage-export buckets, which carry no spacing between requests, so which would find the cache warm is unknown`,
      });
    if (this.fingerprinted === 0)
      unavailable.push({
        kind: 'exact-duplicates',
        reason: 'needs prompt fingerprints: none of the sources in scope carries the prompts (README "Prompt fingerprints" lists those that do)',
      });
    return { spanDays, items, unavailable };
  }
}
