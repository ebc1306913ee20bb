import type { LongContextTier, ModelPrice, RateSet } from './types.js';

/** LiteLLM stores USD per token; the catalog stores USD per 1M tokens. Rounding removes float noise (2.5e-06 → 2.5). */
function perMillion(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
  return Number((v * 1e6).toPrecision(12));
}

const PROVIDER_NAMES: Record<string, string> = {
  gemini: 'google',
  'vertex_ai-language-models': 'google',
  bedrock_converse: 'bedrock',
  text_completion_openai: 'openai',
};

function providerName(litellmProvider: unknown): string {
  if (typeof litellmProvider !== 'string' || litellmProvider === '') return 'unknown';
  return PROVIDER_NAMES[litellmProvider] ?? litellmProvider;
}

/** Reads one rate set from LiteLLM keys with a given suffix ("" | "_batches" | "_flex" | "_priority"). */
function rateSet(e: Record<string, unknown>, suffix: string): RateSet | undefined {
  const input = perMillion(e[`input_cost_per_token${suffix}`]);
  const output = perMillion(e[`output_cost_per_token${suffix}`]);
  if (input === undefined || output === undefined) return undefined;
  const rs: RateSet = { input, output };
  const cacheRead = perMillion(e[`cache_read_input_token_cost${suffix}`]);
  const cacheWrite5m = perMillion(e[`cache_creation_input_token_cost${suffix}`]);
  const cacheWrite1h = perMillion(e[`cache_creation_input_token_cost_above_1hr${suffix}`]);
  const reasoning = perMillion(e[`output_cost_per_reasoning_token${suffix}`]);
  if (cacheRead !== undefined) rs.cacheRead = cacheRead;
  if (cacheWrite5m !== undefined) rs.cacheWrite5m = cacheWrite5m;
  if (cacheWrite1h !== undefined) rs.cacheWrite1h = cacheWrite1h;
  if (reasoning !== undefined) rs.reasoning = reasoning;
  return rs;
}

const TIER_KEY =
  /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost_above_1hr|cache_creation_input_token_cost)_above_(\d+)k_tokens(?:_(priority|flex))?$/;
const TIER_FIELD: Record<string, keyof RateSet> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cacheRead',
  cache_creation_input_token_cost: 'cacheWrite5m',
  cache_creation_input_token_cost_above_1hr: 'cacheWrite1h',
};

type ServiceTierName = 'standard' | 'priority' | 'flex';

/**
 * `*_above_200k_tokens` style keys → long-context tiers (threshold in tokens), for the standard tier and, from
 * `*_above_<n>k_tokens_priority` / `_flex`, for those service tiers apart.
 */
function thresholdTiers(e: Record<string, unknown>, base: Record<ServiceTierName, RateSet | undefined>): Record<ServiceTierName, LongContextTier[]> {
  const found: Record<ServiceTierName, Map<number, Partial<LongContextTier>>> = { standard: new Map(), priority: new Map(), flex: new Map() };
  for (const [key, value] of Object.entries(e)) {
    const m = TIER_KEY.exec(key);
    if (!m) continue;
    const rate = perMillion(value);
    if (rate === undefined) continue;
    const threshold = Number(m[2]) * 1000;
    const target = found[(m[3] as ServiceTierName | undefined) ?? 'standard'];
    const tier = target.get(threshold) ?? { threshold };
    tier[TIER_FIELD[m[1] as string] as keyof RateSet] = rate;
    target.set(threshold, tier);
  }
  // Input and output are required of a tier: one that names neither keeps the rate that would apply without it
  // (the next lower tier's, else the tier's base rate), which is what LiteLLM's fallback charges.
  const finish = (tiers: Map<number, Partial<LongContextTier>>, rates: RateSet | undefined): LongContextTier[] => {
    const out: LongContextTier[] = [];
    let below: RateSet | undefined = rates;
    for (const t of [...tiers.values()].sort((a, b) => (a.threshold as number) - (b.threshold as number))) {
      const input = t.input ?? below?.input;
      const output = t.output ?? below?.output;
      if (input === undefined || output === undefined) continue;
      const tier: LongContextTier = { ...t, input, output, threshold: t.threshold as number };
      out.push(tier);
      below = tier;
    }
    return out;
  };
  return {
    standard: finish(found.standard, base.standard),
    priority: finish(found.priority, base.priority ?? base.standard),
    flex: finish(found.flex, base.flex ?? base.standard),
  };
}

/** `tiered_pricing: [{range: [lo, hi], input_cost_per_token, ...}]` → standard rates of the first range, tiers for the rest. */
function rangeTiers(e: Record<string, unknown>): { standard?: RateSet; tiers: LongContextTier[] } {
  const raw = e['tiered_pricing'];
  if (!Array.isArray(raw)) return { tiers: [] };
  let standard: RateSet | undefined;
  const tiers: LongContextTier[] = [];
  for (const t of raw) {
    if (typeof t !== 'object' || t === null) continue;
    const rec = t as Record<string, unknown>;
    const range = rec['range'];
    const rates = rateSet(rec, '');
    if (!Array.isArray(range) || typeof range[0] !== 'number' || !rates) continue;
    if (range[0] === 0) standard = rates;
    else {
      // A range prices every token of the request (LiteLLM): cache rates it leaves out are its own input rate.
      const cacheWrite5m = rates.cacheWrite5m ?? rates.input;
      tiers.push({ ...rates, cacheRead: rates.cacheRead ?? rates.input, cacheWrite5m, cacheWrite1h: rates.cacheWrite1h ?? cacheWrite5m, threshold: range[0] });
    }
  }
  return { standard, tiers };
}

const PRICED_MODES = new Set(['chat', 'completion', 'responses', undefined]);

export interface LiteLLMImport {
  models: ModelPrice[];
  /** Entries left out because they carry no per-token chat prices (images, audio, embeddings...). */
  ignored: number;
}

/**
 * Converts a LiteLLM `model_prices_and_context_window.json` object into catalog entries. Every key becomes
 * an entry id exactly as written ("azure/gpt-4o" stays "azure/gpt-4o"). Dimensions llmcost does not price
 * (per-image/audio prices, regional uplifts, off-peak hours) are not imported.
 */
export function fromLiteLLM(json: unknown, source: string, asOf: string): LiteLLMImport {
  const models: ModelPrice[] = [];
  let ignored = 0;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { models, ignored };
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (key === 'sample_spec' || typeof value !== 'object' || value === null) {
      ignored++;
      continue;
    }
    const e = value as Record<string, unknown>;
    const mode = typeof e['mode'] === 'string' ? e['mode'] : undefined;
    const ranged = rangeTiers(e);
    const standard = rateSet(e, '') ?? ranged.standard;
    if (!PRICED_MODES.has(mode) || !standard) {
      ignored++;
      continue;
    }
    const entry: ModelPrice = { id: key, provider: providerName(e['litellm_provider']), standard, source, asOf, origin: 'litellm' };
    const batch = rateSet(e, '_batches');
    const flex = rateSet(e, '_flex');
    const priority = rateSet(e, '_priority');
    if (batch) entry.batch = batch;
    if (flex) entry.flex = flex;
    if (priority) entry.priority = priority;
    const tiers = thresholdTiers(e, { standard, priority, flex });
    const one = (list: LongContextTier[]) => (list.length === 1 ? list[0] : list);
    const allTiers = [...tiers.standard, ...ranged.tiers];
    if (allTiers.length > 0) entry.longContext = one(allTiers);
    if (tiers.priority.length > 0) entry.longContextPriority = one(tiers.priority);
    if (tiers.flex.length > 0) entry.longContextFlex = one(tiers.flex);
    // provider_specific_entry.fast: Anthropic fast mode's multiplier of every rate (other keys there are
    // regional uplifts or request schemas, which llmcost does not price).
    const specific = e['provider_specific_entry'];
    const fast = typeof specific === 'object' && specific !== null ? (specific as Record<string, unknown>)['fast'] : undefined;
    if (typeof fast === 'number' && Number.isFinite(fast) && fast > 0) entry.fastMultiplier = fast;
    const maxIn = e['max_input_tokens'];
    const maxOut = e['max_output_tokens'];
    const minCache = e['prompt_cache_min_tokens'];
    if (typeof maxIn === 'number') entry.contextWindow = maxIn;
    if (typeof maxOut === 'number') entry.maxOutputTokens = maxOut;
    if (typeof minCache === 'number') entry.cacheMinTokens = minCache;
    models.push(entry);
  }
  return { models, ignored };
}
