import type { ModelPrice } from '../catalog/types.js';
import { cacheWriteTokens, promptTokens, type TokenCounts } from '../usage/tokens.js';

/**
 * How a provider's prompt cache works, as each documents it:
 * - explicit (Anthropic, also on Bedrock and Vertex): the caller marks the prefix; a write costs 1.25× input
 *   (5-minute TTL) or 2× (1-hour TTL), a read 0.1×, and every read refreshes the TTL;
 * - automatic (OpenAI, Azure OpenAI): every prompt of 1,024 tokens or more is cached for free; hits are
 *   counted in 128-token steps of the common prefix; an entry lives 5–10 minutes after its last use;
 * - implicit (Gemini 2.5 and newer only: Google documents no implicit caching for older models): automatic,
 *   no write cost, reads at the cached-input rate, above a minimum Google gives per model.
 */
export type CacheStyle = 'explicit' | 'automatic' | 'implicit';

export interface CacheRules {
  style: CacheStyle;
  /** Cached tokens are a multiple of this (OpenAI: 128). */
  increment: number;
  /** The smallest prefix the provider caches. */
  minTokens: number;
}

/** Where neither the catalog nor the table below states a minimum: what OpenAI and Anthropic (Sonnet) document. */
export const DEFAULT_MIN_TOKENS = 1024;

/**
 * Gemini's minimum input for implicit caching per model, from the Gemini API's caching page (the table as
 * of October 2026): 2.5 Flash and 2.5 Pro 2,048 tokens; 3.1 Pro Preview and 3.5 to 3.8 Flash 4,096.
 * Models the table does not list take the minimum of their generation: every listed 2.x model has
 * 2,048 (Vertex AI states 2,048 for all its caching), every listed later one 4,096.
 */
const GEMINI_MIN_TOKENS: Record<string, number> = {
  'gemini-2.5-flash': 2048,
  'gemini-2.5-pro': 2048,
  'gemini-3.1-pro-preview': 4096,
  'gemini-3.5-flash': 4096,
  'gemini-3.6-flash': 4096,
  'gemini-3.7-flash': 4096,
  'gemini-3.8-flash': 4096,
};

/** A Gemini model's version (2.5 for gemini-2.5-flash-lite), or null when the id names none. */
function geminiVersion(id: string): number | null {
  const m = /(?:^|\/)gemini-(\d+)(?:\.(\d+))?(?=-|$)/.exec(id);
  return m ? Number(m[1]) + Number(m[2] ?? 0) / 10 : null;
}

function isGemini(entry: ModelPrice): boolean {
  const provider = entry.provider.toLowerCase();
  return provider === 'google' || provider === 'gemini' || provider.startsWith('vertex') || entry.id.toLowerCase().startsWith('gemini');
}

function cacheStyle(entry: ModelPrice): CacheStyle | null {
  const provider = entry.provider.toLowerCase();
  const id = entry.id.toLowerCase();
  if (provider === 'anthropic' || id.includes('anthropic.') || id.startsWith('claude')) return 'explicit';
  if (provider === 'openai' || provider === 'azure') return 'automatic';
  if (isGemini(entry)) {
    const v = geminiVersion(id);
    return v !== null && v >= 2.5 ? 'implicit' : null;
  }
  return null;
}

/** Why a model has no caching rules, in the words a report uses. */
export function noRulesReason(entry: ModelPrice): string {
  if (isGemini(entry)) return 'Google documents implicit caching for Gemini 2.5 and newer only; its requests keep their recorded cache use';
  return 'llmcost knows no prompt-caching rules for this provider; its requests keep their recorded cache use';
}

function documentedMinimum(entry: ModelPrice, style: CacheStyle): number {
  if (entry.cacheMinTokens !== undefined) return entry.cacheMinTokens;
  if (style === 'implicit') {
    const id = entry.id.toLowerCase();
    return GEMINI_MIN_TOKENS[id] ?? ((geminiVersion(id) ?? 0) < 3 ? 2048 : 4096);
  }
  return DEFAULT_MIN_TOKENS;
}

/** The model's caching rules, or null when llmcost knows no prompt-caching rules for it. */
export function cacheRulesFor(entry: ModelPrice, minTokens: ReadonlyMap<string, number>): CacheRules | null {
  const style = cacheStyle(entry);
  if (!style) return null;
  return {
    style,
    increment: style === 'automatic' ? 128 : 1,
    minTokens: minTokens.get(entry.id) ?? documentedMinimum(entry, style),
  };
}

const NO_OVERRIDES: ReadonlyMap<string, number> = new Map();
const rulesMemo = new WeakMap<ModelPrice, CacheRules | null>();

/** The catalog's and the provider's caching rules of a model (no scenario overrides), looked up once per entry. */
export function catalogCacheRules(entry: ModelPrice): CacheRules | null {
  let r = rulesMemo.get(entry);
  if (r === undefined) rulesMemo.set(entry, (r = cacheRulesFor(entry, NO_OVERRIDES)));
  return r;
}

/** The prompt of a request (or a bucket's sums) split into what is billed as plain input, cache reads and writes. */
export type CacheSplit = Pick<TokenCounts, 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens'>;

/**
 * The split a request sent to another model would be billed with, under the target's caching rules instead
 * of the source's. The prefix the source cached (its reads and writes) stays the cacheable prefix; then:
 * nothing is cached when the target has no rules or the prefix per request is under its minimum; reads
 * count in the target's steps (the rest is plain input); writes stay writes (same TTL) only where the
 * target bills writes (explicit caching), elsewhere they are plain input, with no write premium.
 */
export function splitOnTarget(split: CacheSplit, requests: number | null, rules: CacheRules | null): CacheSplit {
  const writes = cacheWriteTokens(split);
  const prompt = promptTokens(split);
  const n = requests !== null && requests > 0 ? requests : 1;
  if (!rules || (split.cacheReadTokens + writes) / n < rules.minTokens)
    return { inputTokens: prompt, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };
  const reads = rules.increment > 1 ? Math.floor(split.cacheReadTokens / n / rules.increment) * rules.increment * n : split.cacheReadTokens;
  const keepWrites = rules.style === 'explicit';
  return {
    inputTokens: prompt - reads - (keepWrites ? writes : 0),
    cacheReadTokens: reads,
    cacheWrite5mTokens: keepWrites ? split.cacheWrite5mTokens : 0,
    cacheWrite1hTokens: keepWrites ? split.cacheWrite1hTokens : 0,
  };
}
