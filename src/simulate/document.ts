import type { Range } from './bootstrap.js';
import type { CacheStyle } from './cache-rules.js';
import type { CascadeFeatureStats } from './engine.js';
import type { Lever, Scenario } from './scenario.js';

/** The exact words a report uses where a lever needs data no ingest stores. */
export const NOT_STORED = 'not available: no prompt text or fingerprints stored';

/** Histories shorter than this many days get no P10–P90 range: too few days to show a day-to-day spread. */
export const MIN_RANGE_DAYS = 7;

/** What `llmcost simulate --format json` prints (README "The simulate JSON"). */
export interface SimulationDocument {
  scope: {
    files: string[] | null;
    since: string | null;
    until: string | null;
    tz: string;
    where: string[];
    firstDay: string | null;
    lastDay: string | null;
    /**
     * Calendar days the scope's history covers (before --where), from its first record to the end of its
     * last (a bucket's end): monthly = period × 30 / spanDays, as in audit's opportunities.
     */
    spanDays: number;
  };
  catalog: { snapshot: string; layers: string[] };
  scenario: Scenario;
  records: number;
  /** Requests of the priced records that state a count (usage reports without one are counted apart). */
  requests: number;
  recordsWithoutRequestCount: number;
  /** Records whose model the catalog cannot price: left out of every figure. */
  unpriced: { records: number; requests: number; models: { model: string; requests: number }[] };
  baseline: CostFigure;
  projected: CostFigure;
  /** monthlyRange: the day-to-day spread of this history (P10/P50/P90 of bootstrapped months); null under MIN_RANGE_DAYS days. */
  savings: { usd: number; percent: number | null; monthlyUsd: number; monthlyRange: Range | null };
  bootstrap: { resamples: number; seed: number; days: number };
  /** Every lever, in the order they apply. */
  levers: LeverRow[];
  /** Sum of the levers' savings taken alone, minus the combined savings (positive: they overlap). */
  interactionUsd: number | null;
  groups: { key: string; rows: GroupRow[] };
  routing: RoutingRow[];
  caps: CapRow[];
  caching: CachingRow[];
  semanticCache: SemanticCacheReport | null;
  batch: BatchRow[];
  notAvailable: { what: string; reason: string }[];
  assumptions: string[];
}

export interface CostFigure {
  costUsd: number;
  monthlyUsd: number;
  monthlyRange: Range | null;
}

export interface LeverRow {
  lever: Lever;
  label: string;
  enabled: boolean;
  /** Savings in the combined scenario (after the levers before it), over the period and per month. */
  savingsUsd: number;
  monthlySavingsUsd: number;
  /** Of the baseline. */
  percent: number | null;
  /** Savings with this lever alone (null when not computed). */
  aloneSavingsUsd: number | null;
}

export interface GroupRow {
  key: string;
  baselineUsd: number;
  projectedUsd: number;
  savingsUsd: number;
  percent: number | null;
  monthlySavingsUsd: number;
  byLever: Record<Lever, number>;
}

export interface RoutingRow {
  rule: string;
  kind: 'route' | 'cascade';
  target: string;
  requests: number;
  baselineUsd: number;
  projectedUsd: number;
  savingsUsd: number;
  cascade: CascadeReport | null;
}

export interface CascadeReport {
  /** Escalated requests / requests. */
  escalationRate: number;
  escalated: number;
  /** Every request on the cheap model, and every request on the strong model. */
  firstUsd: number;
  strongUsd: number;
  /** The rate at which baseline = first + rate × strong: above it the cascade costs more than it saves. */
  breakEvenRate: number | null;
  byFeature: (CascadeFeatureStats & { breakEvenRate: number | null })[];
}

export interface CapRow {
  rule: string;
  maxTokens: number;
  requests: number;
  truncated: number;
  /** Share of the capped requests whose output would have been cut: the risk. */
  truncatedShare: number | null;
  outputTokensRemoved: number;
  savingsUsd: number;
  approximate: boolean;
  unknownRows: number;
  byGroup: { key: string; requests: number; truncated: number; truncatedShare: number | null; savingsUsd: number }[];
}

export interface CachingRow {
  group: string;
  model: string;
  style: CacheStyle | null;
  minTokens: number | null;
  ttl: string;
  /** For "auto": the TTL picked, and what each would cost. */
  ttlChosen: string;
  costAt5mUsd: number | null;
  costAt1hUsd: number | null;
  requests: number;
  hits: number;
  writes: number;
  hitRate: number | null;
  uncacheable: number;
  notReplayed: number;
  readTokens: number;
  writeTokens: number;
  savingsUsd: number;
}

export interface SemanticCacheReport {
  available: boolean;
  /** Why not, when not available. */
  reason: string | null;
  /** Always true: similar prompts (lexical or by embedding) are taken to want the same answer, which is not known. */
  estimate: true;
  threshold: number;
  eligibleRequests: number;
  hits: number;
  hitRate: number | null;
  savingsUsd: number;
  /** Requests through the cache whose answer was fingerprinted at ingest (0: no responses fingerprinted). */
  answeredRequests: number;
  /** At the scenario threshold: how many hits would have served an answer that differs from the one the API gave. */
  answers: AnswersDiffer;
  sweep: ({ threshold: number; hits: number; hitRate: number | null; savingsUsd: number; monthlySavingsUsd: number } & AnswersDiffer)[];
  /** Which similarity decided the hits: "lexical similarity (MinHash of word pairs)" or "embedding cosine similarity from FILE". */
  similarity: string;
  /** With an embeddings file: what of it the replay used (null: lexical similarity). */
  embeddings: EmbeddingsReport | null;
}

export interface EmbeddingsReport {
  file: string;
  dimensions: number;
  idsInFile: number;
  /** Requests in scope given a vector. */
  matchedRequests: number;
  /** Requests the cache would see (matching, one request each) that had no vector, so were not cached. */
  withoutEmbedding: number;
  /** Ids naming no request in scope, and ids naming more than one (those give no request a vector). */
  unmatchedIds: number;
  firstUnmatchedLine: number | null;
  ambiguousIds: number;
  firstAmbiguousLine: number | null;
}

/**
 * Hits whose own answer and the cached answer they would have been served were both fingerprinted
 * (`comparableHits`), those of them whose answers differ once normalized, and that share (null without any).
 */
export interface AnswersDiffer {
  comparableHits: number;
  differingHits: number;
  differingShare: number | null;
}

export interface BatchRow {
  rule: string;
  share: number;
  requests: number;
  moved: number;
  alreadyBatch: number;
  savingsUsd: number;
}
