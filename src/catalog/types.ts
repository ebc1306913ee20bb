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
 * `threshold` tokens, every component of that request uses these rates (all-or-nothing). */
export interface LongContextTier extends RateSet {
  threshold: number;
}

export interface ModelPrice {
  /** Canonical catalog id, as the provider names the model in its API (e.g. "gpt-4o"). */
  id: string;
  /** openai | anthropic | google | deepseek | mistral | xai | ... */
  provider: string;
  /** Exact other names that bill at these same rates: dated snapshots, Bedrock/Vertex/OpenRouter/Azure ids. */
  aliases?: string[];
  standard: RateSet;
  /** Published batch rates; when absent, batch requests are priced at 50% of the standard rates. */
  batch?: RateSet;
  flex?: RateSet;
  priority?: RateSet;
  longContext?: LongContextTier | LongContextTier[];
  /** Long-context tier(s) of the priority service tier, where published apart. */
  longContextPriority?: LongContextTier | LongContextTier[];
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
