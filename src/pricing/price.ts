import type { LongContextTier, ModelPrice, RateSet } from '../catalog/types.js';
import { promptTokens, type UsageRecord } from '../ingest/record.js';

export type PricedRecord = Pick<
  UsageRecord,
  | 'inputTokens'
  | 'cacheReadTokens'
  | 'cacheWrite5mTokens'
  | 'cacheWrite1hTokens'
  | 'outputTokens'
  | 'reasoningTokens'
  | 'requests'
  | 'batch'
  | 'serviceTier'
  | 'longContext'
>;

/** Dollar cost of one record, by component. */
export interface CostBreakdown {
  inputUsd: number;
  cacheReadUsd: number;
  cacheWriteUsd: number;
  outputUsd: number;
  /** Reasoning output, only when the catalog prices it apart (otherwise inside outputUsd). */
  reasoningUsd: number;
  totalUsd: number;
  /** Which rates were applied. */
  mode: 'standard' | 'batch' | 'flex' | 'priority';
  longContext: boolean;
}

/** Every component rate resolved to a number, USD per 1M tokens. */
export interface EffectiveRates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  reasoning: number | undefined;
}

function tiersOf(price: ModelPrice, priority: boolean): LongContextTier[] {
  const tiers = priority && price.longContextPriority ? price.longContextPriority : price.longContext;
  if (!tiers) return [];
  return Array.isArray(tiers) ? tiers : [tiers];
}

/**
 * The long-context tier a record falls in, if any. Tiers are all-or-nothing per request: once the
 * request's whole prompt exceeds the threshold, every component uses that tier's rates. A bucket of
 * many requests cannot be placed from its sums, so it takes the tier only when the source says so.
 */
function longContextTier(record: PricedRecord, tiers: LongContextTier[]): LongContextTier | undefined {
  if (tiers.length === 0 || record.longContext === false) return undefined;
  const sorted = [...tiers].sort((a, b) => b.threshold - a.threshold);
  if (record.longContext === true) {
    const prompt = promptTokens(record) / Math.max(1, record.requests ?? 1);
    // The source says the request was long-context: use the highest tier its prompt reaches, at least the lowest.
    return sorted.find((t) => prompt > t.threshold) ?? sorted[sorted.length - 1];
  }
  if ((record.requests ?? 1) > 1) return undefined;
  const prompt = promptTokens(record);
  return sorted.find((t) => prompt > t.threshold);
}

/** Fills each missing component from the rates it falls back to (documented in README "Pricing"). */
function complete(rates: RateSet, base: EffectiveRates | undefined): EffectiveRates {
  const input = rates.input;
  const cacheWrite5m = rates.cacheWrite5m ?? base?.cacheWrite5m ?? input;
  return {
    input,
    output: rates.output,
    // No published cached-input rate means no discount for cached input.
    cacheRead: rates.cacheRead ?? base?.cacheRead ?? input,
    cacheWrite5m,
    cacheWrite1h: rates.cacheWrite1h ?? base?.cacheWrite1h ?? cacheWrite5m,
    reasoning: rates.reasoning ?? base?.reasoning,
  };
}

/** A model's standard rates with every missing component filled from its fallback. */
export function standardRates(price: ModelPrice): EffectiveRates {
  return complete(price.standard, undefined);
}

function scaled(r: EffectiveRates, factor: number): EffectiveRates {
  return {
    input: r.input * factor,
    output: r.output * factor,
    cacheRead: r.cacheRead * factor,
    cacheWrite5m: r.cacheWrite5m * factor,
    cacheWrite1h: r.cacheWrite1h * factor,
    reasoning: r.reasoning === undefined ? undefined : r.reasoning * factor,
  };
}

/** Overlays a published tier (batch/flex/priority) on the rates it modifies; missing components keep the base rate. */
function overlay(tier: RateSet, base: EffectiveRates): EffectiveRates {
  return {
    input: tier.input,
    output: tier.output,
    cacheRead: tier.cacheRead ?? base.cacheRead,
    cacheWrite5m: tier.cacheWrite5m ?? base.cacheWrite5m,
    cacheWrite1h: tier.cacheWrite1h ?? base.cacheWrite1h,
    reasoning: tier.reasoning ?? base.reasoning,
  };
}

/**
 * Prices one record against one catalog entry, following LiteLLM's cost semantics (DESIGN.md "Pricing"):
 * input, cache read, 5-minute and 1-hour cache writes and output each at their own rate; reasoning at
 * its own rate only where priced apart; long-context tiers all-or-nothing; batch at the published batch
 * rates or else 50% of the rates that would apply; flex/priority at the tier's rates where published.
 */
export function priceRecord(record: PricedRecord, price: ModelPrice): CostBreakdown {
  const tier = (record.serviceTier ?? '').toLowerCase();
  const wantsPriority = tier === 'priority';
  const wantsFlex = tier === 'flex';
  const standard = complete(price.standard, undefined);
  const lc = longContextTier(record, tiersOf(price, wantsPriority));
  let rates = lc ? complete(lc, standard) : standard;
  let mode: CostBreakdown['mode'] = 'standard';

  if (record.batch) {
    mode = 'batch';
    // Published batch rates are for ordinary prompts; above a long-context threshold the batch
    // discount applies to the long-context rates.
    rates = price.batch && !lc ? overlay(price.batch, scaled(rates, 0.5)) : scaled(rates, 0.5);
  } else if (wantsPriority && price.priority) {
    mode = 'priority';
    // Above a threshold the long-context tier (the priority one, where published) already holds the rates.
    if (!lc) rates = overlay(price.priority, rates);
  } else if (wantsFlex && price.flex) {
    mode = 'flex';
    if (!lc) rates = overlay(price.flex, rates);
  }

  const reasoningApart = rates.reasoning !== undefined;
  const reasoning = Math.min(record.reasoningTokens, record.outputTokens);
  const plainOutput = reasoningApart ? record.outputTokens - reasoning : record.outputTokens;

  const inputUsd = (record.inputTokens * rates.input) / 1e6;
  const cacheReadUsd = (record.cacheReadTokens * rates.cacheRead) / 1e6;
  const cacheWriteUsd = (record.cacheWrite5mTokens * rates.cacheWrite5m + record.cacheWrite1hTokens * rates.cacheWrite1h) / 1e6;
  const outputUsd = (plainOutput * rates.output) / 1e6;
  const reasoningUsd = reasoningApart ? (reasoning * (rates.reasoning as number)) / 1e6 : 0;
  return {
    inputUsd,
    cacheReadUsd,
    cacheWriteUsd,
    outputUsd,
    reasoningUsd,
    totalUsd: inputUsd + cacheReadUsd + cacheWriteUsd + outputUsd + reasoningUsd,
    mode,
    longContext: lc !== undefined,
  };
}
