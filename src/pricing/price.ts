import { instantMs } from '../catalog/dates.js';
import type { LongContextTier, ModelPrice, RateCard, RateSet } from '../catalog/types.js';
import type { UsageRecord } from '../usage/record.js';
import { promptTokens, type TokenCounts } from '../usage/tokens.js';

export type PricedRecord = TokenCounts &
  Pick<UsageRecord, 'requests' | 'batch' | 'serviceTier' | 'longContext'> & {
    /** Anthropic `usage.speed` ("standard" | "fast"); absent or null means standard speed. */
    speed?: string | null;
    /** When the request was made (epoch ms): it picks the rates in force then. Absent: the current rates. */
    ts?: number;
  };

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
  /** Some component was priced at a long-context rate. */
  longContext: boolean;
  /** Fast mode, priced at the model's fast-mode multiplier. */
  fast: boolean;
  /**
   * The catalog does not hold the rates of this combination, so the nearest published ones were used: a
   * service tier above a long-context threshold for which the catalog has no rates of that tier (LiteLLM's
   * precedence then takes the standard long-context rate), or a speed the model has no rates for. Reports
   * mark such costs as approximate.
   */
  approximate: boolean;
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

type Component = keyof RateSet;
const COMPONENTS: Component[] = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'reasoning'];

function tierList(tiers: LongContextTier | LongContextTier[] | undefined): LongContextTier[] {
  return tiers === undefined ? [] : Array.isArray(tiers) ? tiers : [tiers];
}

/**
 * The rate card in force at `ts`: the first dated card that had not yet ended, else the entry's own rates.
 * Without a time (a what-if, a prompt estimate) the current rates apply.
 */
export function rateCardAt(price: ModelPrice, ts: number | undefined): RateCard {
  if (ts === undefined || !price.history || price.history.length === 0) return price;
  for (const card of price.history) if (ts < instantMs(card.until)) return card;
  return price;
}

/**
 * Which long-context thresholds a record's prompt crosses. A bucket of many requests cannot be placed from
 * its sums, so it crosses none unless the source says it was long-context; then it takes the thresholds its
 * average prompt exceeds, and at least the lowest one.
 */
function crossing(record: PricedRecord, thresholds: number[]): (threshold: number) => boolean {
  if (thresholds.length === 0 || record.longContext === false) return () => false;
  const requests = Math.max(1, record.requests ?? 1);
  const prompt = promptTokens(record) / requests;
  if (record.longContext === true) {
    const lowest = Math.min(...thresholds);
    return (t) => prompt > t || t === lowest;
  }
  if ((record.requests ?? 1) > 1) return () => false;
  return (t) => prompt > t;
}

/**
 * A component's long-context rate: the highest crossed threshold at which some tier prices it (LiteLLM's
 * `*_above_<n>k_tokens` keys, one threshold per component). Under a service tier, the tier's own tier wins
 * at the same threshold; the standard tier's rate there only stands in for a missing one (LiteLLM's
 * precedence: tier key above the threshold, else the standard key above it, else the tier's base rate).
 */
function longContextRate(
  c: Component,
  own: LongContextTier[],
  standard: LongContextTier[],
  crossed: (t: number) => boolean,
): { rate: number; standIn: boolean } | undefined {
  let best: { threshold: number; rate: number; standIn: boolean } | undefined;
  for (const t of own) {
    const rate = t[c];
    if (rate !== undefined && crossed(t.threshold) && (!best || t.threshold > best.threshold)) best = { threshold: t.threshold, rate, standIn: false };
  }
  if (standard !== own) {
    for (const t of standard) {
      const rate = t[c];
      if (rate !== undefined && crossed(t.threshold) && (!best || t.threshold > best.threshold)) best = { threshold: t.threshold, rate, standIn: true };
    }
  }
  return best;
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

/** A model's current standard rates with every missing component filled from its fallback. */
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

function tokensOf(record: PricedRecord, c: Component): number {
  switch (c) {
    case 'input':
      return record.inputTokens;
    case 'output':
      return record.outputTokens;
    case 'cacheRead':
      return record.cacheReadTokens;
    case 'cacheWrite5m':
      return record.cacheWrite5mTokens;
    case 'cacheWrite1h':
      return record.cacheWrite1hTokens;
    case 'reasoning':
      return record.reasoningTokens;
  }
}

/**
 * Prices one record against one catalog entry, following LiteLLM's cost semantics (DESIGN.md "Pricing"):
 * the rate card in force at the record's time; input, cache read, 5-minute and 1-hour cache writes and
 * output each at their own rate; reasoning at its own rate only where priced apart; each component at the
 * highest long-context threshold the prompt crosses where that component has a rate; batch at the
 * published batch rates or else 50% of the rates that would apply; flex/priority at the tier's rates (and
 * the tier's own long-context rates) where published; fast mode at the model's multiplier of all of them.
 */
export function priceRecord(record: PricedRecord, price: ModelPrice): CostBreakdown {
  const card = rateCardAt(price, record.ts);
  const tier = (record.serviceTier ?? '').toLowerCase();
  const standard = complete(card.standard, undefined);
  const standardTiers = tierList(card.longContext);
  let mode: CostBreakdown['mode'] = 'standard';
  let rates = standard;
  let ownTiers = standardTiers;
  if (record.batch) {
    mode = 'batch';
  } else if (tier === 'priority' && card.priority) {
    mode = 'priority';
    rates = overlay(card.priority, standard);
    ownTiers = tierList(card.longContextPriority);
  } else if (tier === 'flex' && card.flex) {
    mode = 'flex';
    rates = overlay(card.flex, standard);
    ownTiers = tierList(card.longContextFlex);
  }

  let longContext = false;
  let approximate = false;
  const crossed = crossing(
    record,
    [...standardTiers, ...ownTiers].map((t) => t.threshold),
  );
  const withLongContext: EffectiveRates = { ...rates };
  for (const c of COMPONENTS) {
    const lc = longContextRate(c, ownTiers, standardTiers, crossed);
    if (!lc) continue;
    withLongContext[c] = lc.rate;
    longContext = true;
    if (lc.standIn && tokensOf(record, c) > 0) approximate = true;
  }
  rates = withLongContext;

  if (mode === 'batch') {
    // Published batch rates are for ordinary prompts; above a long-context threshold the batch
    // discount applies to the long-context rates.
    rates = card.batch && !longContext ? overlay(card.batch, scaled(rates, 0.5)) : scaled(rates, 0.5);
  }

  const speed = (record.speed ?? '').toLowerCase();
  let fast = false;
  if (speed !== '' && speed !== 'standard') {
    // Fast-mode pricing stacks with the other modifiers (Anthropic): caching multipliers apply on top of it.
    if (speed === 'fast' && card.fastMultiplier !== undefined) {
      rates = scaled(rates, card.fastMultiplier);
      fast = true;
    } else {
      approximate = true;
    }
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
    longContext,
    fast,
    approximate,
  };
}
