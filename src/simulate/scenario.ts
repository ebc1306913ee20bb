/**
 * A scenario as validated from a scenario file, a routing file and the inline lever flags (README
 * "Scenario files"). Model ids are kept as the user wrote them; they are known to resolve in the catalog.
 */

/** An inclusive range of tokens per request; null ends are open. */
export interface TokenRange {
  min: number | null;
  max: number | null;
}

/** Which requests a rule applies to: every given field must match (values of one field are alternatives). */
export interface MatchSpec {
  /** As written or the catalog id; `*` matches any run of characters. */
  model?: string[];
  provider?: string[];
  feature?: string[];
  /** Any of the request's tags. */
  tag?: string[];
  user?: string[];
  project?: string[];
  apiKey?: string[];
  /** The whole prompt per request (plain input + cache reads + cache writes). */
  inputTokens?: TokenRange;
  outputTokens?: TokenRange;
  /** A regular expression the stored prompt text must match (no stored text: no match). */
  promptRegex?: string;
}

export interface EscalationRates {
  default: number;
  /** Per feature, overriding the default. */
  byFeature: Record<string, number>;
}

export interface CascadeSpec {
  /** The cheap model every request tries first. */
  first: string;
  /** The stronger model an escalated request is sent to next; null: the request's own model. */
  then: string | null;
  escalate: EscalationRates;
}

export interface RouteRule {
  name: string;
  match: MatchSpec;
  /** A plain route: every matching request goes to this model. */
  to: string | null;
  cascade: CascadeSpec | null;
  /** Output tokens on a model other than the request's own, as a multiple of the recorded output. */
  outputRatio: number;
}

export interface CapRule {
  name: string;
  match: MatchSpec;
  maxTokens: number;
}

/** Idle time after which a cache entry is gone: explicit writes pick the cheaper of 5 minutes and 1 hour with "auto". */
export type CacheTtl = 'auto' | number;

export interface CachingGroup {
  name: string;
  match: MatchSpec;
  /** A declared stable prefix of N tokens, or "measured" from the requests' prefix fingerprints. */
  prefixTokens: number | 'measured';
  ttl: CacheTtl;
}

export interface CachingSpec {
  groups: CachingGroup[];
  /** Minimum cacheable tokens per model id, over the catalog's `cacheMinTokens`. */
  minTokens: Record<string, number>;
}

export interface SemanticCacheSpec {
  match: MatchSpec;
  /**
   * The similarity at or above which a cached answer is reused: the Jaccard similarity of word shingles
   * (1 = normalized exact match), or with `embeddings` the cosine similarity of the requests' vectors.
   */
  threshold: number;
  ttlMs: number;
  capacity: number;
  /** Thresholds reported side by side. */
  sweep: number[];
  /**
   * The embeddings file (JSON lines of request id and vector, simulate/embeddings-file.ts) whose cosine
   * similarity replaces the lexical one; a scenario file's relative path is resolved against its folder.
   * null: lexical similarity.
   */
  embeddings: string | null;
}

export interface BatchRule {
  name: string;
  match: MatchSpec;
  /** Share of the matching requests moved to the batch API (1: all). */
  share: number;
}

export interface Scenario {
  /** Where the scenario came from (file names, "--route" ...), for the report. */
  sources: string[];
  name: string | null;
  routing: RouteRule[];
  caps: CapRule[];
  caching: CachingSpec | null;
  semanticCache: SemanticCacheSpec | null;
  batch: BatchRule[];
}

export const LEVERS = ['semanticCache', 'routing', 'caps', 'promptCaching', 'batch'] as const;
export type Lever = (typeof LEVERS)[number];

export const LEVER_LABELS: Record<Lever, string> = {
  semanticCache: 'semantic cache',
  routing: 'routing',
  caps: 'max_tokens caps',
  promptCaching: 'prompt caching',
  batch: 'batch',
};

export function emptyScenario(): Scenario {
  return { sources: [], name: null, routing: [], caps: [], caching: null, semanticCache: null, batch: [] };
}

export function leverEnabled(s: Scenario, lever: Lever): boolean {
  switch (lever) {
    case 'semanticCache':
      return s.semanticCache !== null;
    case 'routing':
      return s.routing.length > 0;
    case 'caps':
      return s.caps.length > 0;
    case 'promptCaching':
      return s.caching !== null && s.caching.groups.length > 0;
    case 'batch':
      return s.batch.length > 0;
  }
}

/** The scenario with only the given levers. */
export function onlyLevers(s: Scenario, keep: readonly Lever[]): Scenario {
  return {
    ...s,
    semanticCache: keep.includes('semanticCache') ? s.semanticCache : null,
    routing: keep.includes('routing') ? s.routing : [],
    caps: keep.includes('caps') ? s.caps : [],
    caching: keep.includes('promptCaching') ? s.caching : null,
    batch: keep.includes('batch') ? s.batch : [],
  };
}

const MINUTE_MS = 60_000;
export const TTL_5M = 5 * MINUTE_MS;
export const TTL_1H = 60 * MINUTE_MS;
