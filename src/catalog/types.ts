/**
 * Catalog entries. Every rate is in US dollars per 1,000,000 tokens, as providers publish them;
 * pricing divides by 1e6 once at the end so that hand-worked figures in tests read naturally.
 */

/** Rates for one pricing mode (standard, batch, flex, priority, or above a long-context threshold). */
export interface RateSet {
  input: number;
  output: number;
  /** Input served from a prompt cache. */
  cacheRead?: number;
  /** Input written to a cache with the default (5-minute) TTL. */
  cacheWrite5m?: number;
  /** Input written to a cache with a 1-hour TTL. */
  cacheWrite1h?: number;
  /** Only where the provider prices reasoning output apart from other output. */
  reasoning?: number;
}

/** Long-context tier: once the request's whole prompt (input + cache read + cache writes) exceeds
 * `threshold` tokens, the components this tier prices use its rates. Each component takes the highest
 * threshold crossed among the tiers that price it (LiteLLM's `*_above_<n>k_tokens` keys). */
export interface LongContextTier extends RateSet {
  threshold: number;
}

/**
 * Everything that decides what a request costs at one point in time. A model's current rates are its own
 * rate card; rates it had before a price change are kept as dated rate cards in `history`.
 */
export interface RateCard {
  standard: RateSet;
  /** Published batch rates; when absent, batch requests are priced at 50% of the standard rates. */
  batch?: RateSet;
  flex?: RateSet;
  priority?: RateSet;
  longContext?: LongContextTier | LongContextTier[];
  /** Long-context tier(s) of the priority service tier, where published apart. */
  longContextPriority?: LongContextTier | LongContextTier[];
  /** Long-context tier(s) of the flex service tier, where published apart. */
  longContextFlex?: LongContextTier | LongContextTier[];
  /**
   * Anthropic fast mode (`usage.speed: "fast"`): every rate that would otherwise apply, cache reads and
   * writes included, times this (LiteLLM `provider_specific_entry.fast`).
   */
  fastMultiplier?: number;
}

/** The rate card a model had until a price change. */
export interface DatedRateCard extends RateCard {
  /** The instant (ISO 8601, UTC when no offset is given) from which these rates no longer applied. */
  until: string;
  /** Where these rates were read. */
  source: string;
  notes?: string;
}

/**
 * A name that billed as this model only for a while: a `-latest` alias that moved to a newer model, or a
 * retired id served by its successor. `from` is inclusive, `until` exclusive (ISO 8601 instants).
 */
export interface DatedAlias {
  alias: string;
  from?: string;
  until?: string;
}

export interface ModelPrice extends RateCard {
  /** Canonical catalog id, as the provider names the model in its API (e.g. "gpt-4o"). */
  id: string;
  /** openai | anthropic | google | deepseek | mistral | xai | ... */
  provider: string;
  /** Exact other names that bill at these same rates: dated snapshots, Bedrock/Vertex/OpenRouter/Azure ids. */
  aliases?: string[];
  /** Names that billed as this model only between two dates. */
  datedAliases?: DatedAlias[];
  /** Earlier rate cards, oldest first; the entry's own rates apply from the last `until` on. */
  history?: DatedRateCard[];
  contextWindow?: number;
  maxOutputTokens?: number;
  /** Smallest prompt the provider will cache, where published. */
  cacheMinTokens?: number;
  /** Where the price was read. */
  source: string;
  /** The date (YYYY-MM-DD) the price was read from that source. */
  asOf: string;
  /** Where the entry came from: the bundled catalog, a LiteLLM import, or the user's config. */
  origin?: 'bundled' | 'litellm' | 'config';
  notes?: string;
  deprecated?: boolean;
}

export interface CatalogFile {
  /** The date the snapshot as a whole was assembled. */
  snapshot: string;
  models: ModelPrice[];
}
