import type { ModelPrice } from '../catalog/types.js';

/**
 * How a provider's prompt cache works, as each documents it:
 * - explicit (Anthropic, also on Bedrock and Vertex): the caller marks the prefix; a write costs 1.25× input
 *   (5-minute TTL) or 2× (1-hour TTL), a read 0.1×, and every read refreshes the TTL;
 * - automatic (OpenAI, Azure OpenAI): every prompt of 1,024 tokens or more is cached for free; hits are
 *   counted in 128-token steps of the common prefix; an entry lives 5–10 minutes after its last use;
 * - implicit (Gemini 2.5 and newer): automatic, no write cost, reads at the cached-input rate.
 */
export type CacheStyle = 'explicit' | 'automatic' | 'implicit';

export interface CacheRules {
  style: CacheStyle;
  /** Cached tokens are a multiple of this (OpenAI: 128). */
  increment: number;
  /** The smallest prefix the provider caches. */
  minTokens: number;
}

/** Where the catalog states no minimum: what OpenAI, Anthropic (Sonnet/Opus) and Gemini 2.5 Flash document. */
export const DEFAULT_MIN_TOKENS = 1024;

function cacheStyle(entry: ModelPrice): CacheStyle | null {
  const provider = entry.provider.toLowerCase();
  const id = entry.id.toLowerCase();
  if (provider === 'anthropic' || id.includes('anthropic.') || id.startsWith('claude')) return 'explicit';
  if (provider === 'openai' || provider === 'azure') return 'automatic';
  if (provider === 'google' || provider === 'gemini' || provider.startsWith('vertex') || id.startsWith('gemini')) return 'implicit';
  return null;
}

/** The model's caching rules, or null when llmcost knows no prompt-caching rules for its provider. */
export function cacheRulesFor(entry: ModelPrice, minTokens: ReadonlyMap<string, number>): CacheRules | null {
  const style = cacheStyle(entry);
  if (!style) return null;
  return {
    style,
    increment: style === 'automatic' ? 128 : 1,
    minTokens: minTokens.get(entry.id) ?? entry.cacheMinTokens ?? DEFAULT_MIN_TOKENS,
  };
}
