import { describe, expect, it } from 'vitest';
import { buildCatalog, resolveModel } from '../../src/catalog/catalog.js';
import { fromLiteLLM } from '../../src/catalog/litellm.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { openaiAdapter } from '../../src/ingest/formats/openai.js';
import { runAdapter } from '../helpers/adapters.js';
import type { ModelPrice } from '../../src/catalog/types.js';
import { validateModelPrice } from '../../src/catalog/validate.js';
import { priceRecord, type PricedRecord } from '../../src/pricing/price.js';
import { createPricer } from '../../src/pricing/pricer.js';

// Published list prices, USD per 1M tokens (OpenAI, Anthropic and Google pricing pages), copied here so
// that each expected figure below can be worked out by hand from the numbers in this file.
const GPT_4O: ModelPrice = {
  id: 'gpt-4o',
  provider: 'openai',
  standard: { input: 2.5, output: 10, cacheRead: 1.25 },
  batch: { input: 1.25, output: 5 },
  priority: { input: 4.25, output: 17, cacheRead: 2.125 },
  source: 'https://platform.openai.com/docs/pricing',
  asOf: '2026-11-22',
};
const O3: ModelPrice = {
  id: 'o3',
  provider: 'openai',
  standard: { input: 2, output: 8, cacheRead: 0.5 },
  flex: { input: 1, output: 4, cacheRead: 0.25 },
  priority: { input: 3.5, output: 14, cacheRead: 0.875 },
  source: 'https://platform.openai.com/docs/pricing',
  asOf: '2026-11-22',
};
const SONNET_45: ModelPrice = {
  id: 'claude-sonnet-4-5',
  provider: 'anthropic',
  aliases: ['claude-sonnet-4-5-20250929'],
  standard: { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 },
  batch: { input: 1.5, output: 7.5 },
  longContext: { threshold: 200_000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite5m: 7.5, cacheWrite1h: 12 },
  source: 'https://docs.anthropic.com/en/docs/about-claude/pricing',
  asOf: '2026-11-22',
};
const GEMINI_25_PRO: ModelPrice = {
  id: 'gemini-2.5-pro',
  provider: 'google',
  standard: { input: 1.25, output: 10, cacheRead: 0.125 },
  longContext: { threshold: 200_000, input: 2.5, output: 15, cacheRead: 0.25 },
  source: 'https://ai.google.dev/gemini-api/docs/pricing',
  asOf: '2026-11-22',
};

function rec(over: Partial<PricedRecord>): PricedRecord {
  return {
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    requests: 1,
    batch: false,
    serviceTier: null,
    longContext: null,
    ...over,
  };
}

describe('priceRecord', () => {
  it('prices a plain request: 1,000 in × $2.50 + 500 out × $10 per 1M = $0.0075', () => {
    const c = priceRecord(rec({ inputTokens: 1000, outputTokens: 500 }), GPT_4O);
    expect(c.inputUsd).toBeCloseTo(0.0025, 12);
    expect(c.outputUsd).toBeCloseTo(0.005, 12);
    expect(c.totalUsd).toBeCloseTo(0.0075, 12);
    expect(c.mode).toBe('standard');
  });

  it('prices OpenAI cached input at the cached rate: 464 × 2.5 + 1,536 × 1.25 + 100 × 10 = $0.00408', () => {
    // prompt_tokens 2,000 of which cached_tokens 1,536: the adapter stores 464 plain + 1,536 cache read.
    const c = priceRecord(rec({ inputTokens: 464, cacheReadTokens: 1536, outputTokens: 100 }), GPT_4O);
    expect(c.cacheReadUsd).toBeCloseTo(0.00192, 12);
    expect(c.totalUsd).toBeCloseTo(0.00408, 12);
  });

  it('prices Anthropic 5-minute and 1-hour cache writes and cache reads apart', () => {
    // 100×3 + 50,000×0.30 + 10,000×3.75 + 2,000×6 + 1,000×15 = 300 + 15,000 + 37,500 + 12,000 + 15,000 = 79,800 → $0.0798
    const c = priceRecord(
      rec({ inputTokens: 100, cacheReadTokens: 50_000, cacheWrite5mTokens: 10_000, cacheWrite1hTokens: 2000, outputTokens: 1000 }),
      SONNET_45,
    );
    expect(c.cacheWriteUsd).toBeCloseTo(0.0495, 12);
    expect(c.cacheReadUsd).toBeCloseTo(0.015, 12);
    expect(c.totalUsd).toBeCloseTo(0.0798, 12);
  });

  it('bills reasoning tokens as output when the catalog does not price them apart', () => {
    // o3: 1,000 in × 2 + 5,000 out (4,000 of them reasoning) × 8 = 42,000 → $0.042
    const c = priceRecord(rec({ inputTokens: 1000, outputTokens: 5000, reasoningTokens: 4000 }), O3);
    expect(c.reasoningUsd).toBe(0);
    expect(c.totalUsd).toBeCloseTo(0.042, 12);
  });

  it('prices reasoning at its own rate where the catalog gives one', () => {
    // A test-only entry exercising the mechanism: 1,000 plain output × 8 + 4,000 reasoning × 2 = 16,000 → $0.016
    const apart: ModelPrice = { ...O3, id: 'test-reasoning-apart', standard: { ...O3.standard, reasoning: 2 } };
    const c = priceRecord(rec({ outputTokens: 5000, reasoningTokens: 4000 }), apart);
    expect(c.outputUsd).toBeCloseTo(0.008, 12);
    expect(c.reasoningUsd).toBeCloseTo(0.008, 12);
    expect(c.totalUsd).toBeCloseTo(0.016, 12);
  });

  it('switches every component to the long-context rates once the whole prompt exceeds the threshold', () => {
    // prompt = 190,000 input + 15,000 cache read = 205,000 > 200,000:
    // 190,000×6 + 15,000×0.6 + 1,000×22.5 = 1,140,000 + 9,000 + 22,500 = 1,171,500 → $1.1715
    const c = priceRecord(rec({ inputTokens: 190_000, cacheReadTokens: 15_000, outputTokens: 1000 }), SONNET_45);
    expect(c.longContext).toBe(true);
    expect(c.totalUsd).toBeCloseTo(1.1715, 10);
  });

  it('keeps standard rates for a prompt of exactly the threshold', () => {
    // 185,000 + 15,000 = 200,000, not above: 185,000×3 + 15,000×0.3 + 1,000×15 = 555,000 + 4,500 + 15,000 → $0.5745
    const c = priceRecord(rec({ inputTokens: 185_000, cacheReadTokens: 15_000, outputTokens: 1000 }), SONNET_45);
    expect(c.longContext).toBe(false);
    expect(c.totalUsd).toBeCloseTo(0.5745, 10);
  });

  it('prices a Gemini 2.5 Pro prompt above 200k at the higher tier: 250,000×2.5 + 1,000×15 = $0.64', () => {
    const c = priceRecord(rec({ inputTokens: 250_000, outputTokens: 1000 }), GEMINI_25_PRO);
    expect(c.totalUsd).toBeCloseTo(0.64, 10);
  });

  it('does not place a bucket of many requests in a long-context tier from its sums, unless the source says so', () => {
    // 10 requests, 300,000 prompt tokens in all: standard 300,000×3 = $0.90; flagged long-context: 300,000×6 = $1.80
    expect(priceRecord(rec({ inputTokens: 300_000, requests: 10 }), SONNET_45).totalUsd).toBeCloseTo(0.9, 10);
    expect(priceRecord(rec({ inputTokens: 300_000, requests: 10, longContext: true }), SONNET_45).totalUsd).toBeCloseTo(1.8, 10);
  });

  it('uses published batch rates, and 50% of the cached rate where no batch cached rate is published', () => {
    // gpt-4o batch: 1,000 in × 1.25 + 1,000 cached × 0.625 + 500 out × 5 = 1,250 + 625 + 2,500 = 4,375 → $0.004375
    const c = priceRecord(rec({ inputTokens: 1000, cacheReadTokens: 1000, outputTokens: 500, batch: true }), GPT_4O);
    expect(c.mode).toBe('batch');
    expect(c.totalUsd).toBeCloseTo(0.004375, 12);
  });

  it('applies 50% of the standard rates in batch when no batch rates are published', () => {
    // o3: (1,000×2 + 1,000×8) × 0.5 = 5,000 → $0.005
    expect(priceRecord(rec({ inputTokens: 1000, outputTokens: 1000, batch: true }), O3).totalUsd).toBeCloseTo(0.005, 12);
  });

  it('discounts Anthropic cache reads in batch too', () => {
    // Sonnet 4.5 batch: 1,000×1.5 + 10,000×0.15 + 1,000×7.5 = 1,500 + 1,500 + 7,500 = 10,500 → $0.0105
    expect(priceRecord(rec({ inputTokens: 1000, cacheReadTokens: 10_000, outputTokens: 1000, batch: true }), SONNET_45).totalUsd).toBeCloseTo(0.0105, 12);
  });

  it('applies batch 50% on top of long-context rates above the threshold', () => {
    // 210,000 × 6 × 0.5 = 630,000 → $0.63
    expect(priceRecord(rec({ inputTokens: 210_000, batch: true }), SONNET_45).totalUsd).toBeCloseTo(0.63, 10);
  });

  it('uses flex and priority rates where published, and standard rates for any other tier', () => {
    const r = { inputTokens: 1000, cacheReadTokens: 1000, outputTokens: 1000 };
    // flex: 1,000×1 + 1,000×0.25 + 1,000×4 = 5,250; priority: 3,500 + 875 + 14,000 = 18,375; standard: 2,000 + 500 + 8,000 = 10,500
    expect(priceRecord(rec({ ...r, serviceTier: 'flex' }), O3).totalUsd).toBeCloseTo(0.00525, 12);
    expect(priceRecord(rec({ ...r, serviceTier: 'priority' }), O3).totalUsd).toBeCloseTo(0.018375, 12);
    expect(priceRecord(rec({ ...r, serviceTier: 'default' }), O3).totalUsd).toBeCloseTo(0.0105, 12);
    // gpt-4o publishes no flex rates: standard.
    expect(priceRecord(rec({ ...r, serviceTier: 'flex' }), GPT_4O).mode).toBe('standard');
  });

  it('prices cache writes at the input rate where the provider publishes no write surcharge', () => {
    // 1,000 written × 2.5 = $0.0025
    expect(priceRecord(rec({ cacheWrite5mTokens: 1000 }), GPT_4O).totalUsd).toBeCloseTo(0.0025, 12);
  });
});

describe('createPricer', () => {
  const catalog = buildCatalog('test', [{ label: 'test', models: [GPT_4O, SONNET_45] }]);
  const price = createPricer(catalog);
  const base = rec({ inputTokens: 1000, outputTokens: 500 });

  it('resolves an alias and prices it at the entry it names', () => {
    const p = price({ ...base, model: 'claude-sonnet-4-5-20250929', provider: 'anthropic' });
    expect(p.modelId).toBe('claude-sonnet-4-5');
    // 1,000×3 + 500×15 = 10,500 → $0.0105
    expect(p.costUsd).toBeCloseTo(0.0105, 12);
  });

  it('leaves an unknown model unpriced (null), never $0, and never matches by substring', () => {
    for (const model of ['gpt-4o-mini', 'gpt-4o-2024-05-13', 'my-gpt-4o', 'claude-sonnet-4']) {
      expect(price({ ...base, model, provider: null })).toEqual({ modelId: null, costUsd: null, approximate: false });
    }
  });
});

describe('OpenAI cache writes', () => {
  it('prices cache_write_tokens at the catalog cache-creation rate, not as plain input', () => {
    // The bundled gpt-5.6 (LiteLLM rates): input $5, cached $0.50, cache creation $6.25, output $30 per 1M.
    const gpt56 = resolveModel(loadCatalog(), 'gpt-5.6') as ModelPrice;
    expect(gpt56.standard).toMatchObject({ input: 5, cacheRead: 0.5, cacheWrite5m: 6.25, output: 30 });
    const usage = { prompt_tokens: 10_000, completion_tokens: 1000, prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 5000 } };
    const [r] = runAdapter(openaiAdapter, [{ id: 'c', object: 'chat.completion', created: 1790000000, model: 'gpt-5.6', usage }]).records;
    // 3,000 plain × 5 + 2,000 cached × 0.5 + 5,000 written × 6.25 + 1,000 out × 30
    // = 15,000 + 1,000 + 31,250 + 30,000 = 77,250 → $0.07725
    // (before: the 5,000 written were plain input, 8,000 × 5 + 1,000 + 30,000 = 71,000 → $0.071)
    const c = priceRecord(r!, gpt56);
    expect(c.cacheWriteUsd).toBeCloseTo(0.03125, 12);
    expect(c.totalUsd).toBeCloseTo(0.07725, 12);
  });
});

describe('long-context thresholds, one per component', () => {
  // A test-only entry exercising the mechanism: two thresholds, the higher one without a cached-input rate.
  const TWO_TIERS: ModelPrice = {
    id: 'test-two-tiers',
    provider: 'test',
    standard: { input: 2, output: 8, cacheRead: 0.2 },
    longContext: [
      { threshold: 128_000, input: 4, output: 16, cacheRead: 0.4 },
      { threshold: 200_000, input: 6, output: 24 },
    ],
    source: 'test',
    asOf: '2026-11-22',
  };

  it('prices each component at the highest crossed threshold that prices it', () => {
    // prompt 240,000 + 10,000 = 250,000 crosses both: input and output at 200k, cached input at 128k (200k has none):
    // 240,000×6 + 10,000×0.4 + 1,000×24 = 1,440,000 + 4,000 + 24,000 = 1,468,000 → $1.468
    // (before: the 200k tier for everything, its missing cached rate taken from standard 0.2: $1.466)
    const c = priceRecord(rec({ inputTokens: 240_000, cacheReadTokens: 10_000, outputTokens: 1000 }), TWO_TIERS);
    expect(c.cacheReadUsd).toBeCloseTo(0.004, 12);
    expect(c.totalUsd).toBeCloseTo(1.468, 10);
    expect(c).toMatchObject({ longContext: true, approximate: false });
  });

  it('uses only the lower threshold between the two', () => {
    // 150,000 crosses 128k only: 150,000×4 + 1,000×16 = 600,000 + 16,000 → $0.616
    expect(priceRecord(rec({ inputTokens: 150_000, outputTokens: 1000 }), TWO_TIERS).totalUsd).toBeCloseTo(0.616, 10);
  });

  it('imports LiteLLM threshold keys per component, cache creation and 1-hour writes included', () => {
    // Per-token LiteLLM values of a made-up model: above 128k only cached input changes, above 200k the rest.
    const { models } = fromLiteLLM(
      {
        'test-model': {
          mode: 'chat',
          litellm_provider: 'test',
          input_cost_per_token: 2e-6,
          output_cost_per_token: 8e-6,
          cache_read_input_token_cost: 2e-7,
          cache_creation_input_token_cost: 2.5e-6,
          cache_creation_input_token_cost_above_1hr: 4e-6,
          cache_read_input_token_cost_above_128k_tokens: 4e-7,
          input_cost_per_token_above_200k_tokens: 4e-6,
          output_cost_per_token_above_200k_tokens: 1.2e-5,
          cache_creation_input_token_cost_above_200k_tokens: 5e-6,
          cache_creation_input_token_cost_above_1hr_above_200k_tokens: 8e-6,
        },
      },
      'test',
      '2026-11-22',
    );
    const m = models[0] as ModelPrice;
    // prompt 210,000 = 100,000 in + 80,000 cached + 20,000 5m writes + 10,000 1h writes, 1,000 out:
    // 100,000×4 + 80,000×0.4 + 20,000×5 + 10,000×8 + 1,000×12 = 400,000 + 32,000 + 100,000 + 80,000 + 12,000 = 624,000 → $0.624
    const c = priceRecord(
      rec({ inputTokens: 100_000, cacheReadTokens: 80_000, cacheWrite5mTokens: 20_000, cacheWrite1hTokens: 10_000, outputTokens: 1000 }),
      m,
    );
    expect(c.totalUsd).toBeCloseTo(0.624, 10);
    // 150,000 crosses 128k only: the 128k tier names no input or output, which stay standard:
    // 70,000×2 + 80,000×0.4 + 1,000×8 = 140,000 + 32,000 + 8,000 → $0.18
    expect(priceRecord(rec({ inputTokens: 70_000, cacheReadTokens: 80_000, outputTokens: 1000 }), m).totalUsd).toBeCloseTo(0.18, 10);
  });
});

describe('service tiers above a long-context threshold', () => {
  const catalog = loadCatalog();
  const entry = (id: string) => resolveModel(catalog, id) as ModelPrice;
  const long = (serviceTier: string) => rec({ inputTokens: 300_000, outputTokens: 1000, serviceTier });

  it("takes the tier's own long-context rates where the catalog has them (gpt-5.6 flex above 272k)", () => {
    // LiteLLM's *_above_272k_tokens_flex: input $5, output $22.5: 300,000×5 + 1,000×22.5 = 1,522,500 → $1.5225
    // (before: the standard long-context rates 10 / 45, $3.045, with nothing said)
    const c = priceRecord(long('flex'), entry('gpt-5.6'));
    expect(c).toMatchObject({ mode: 'flex', longContext: true, approximate: false });
    expect(c.totalUsd).toBeCloseTo(1.5225, 10);
  });

  it('takes the priority long-context rates (Gemini 3.1 Pro priority above 200k)', () => {
    // 250,000×7.2 + 1,000×32.4 = 1,800,000 + 32,400 → $1.8324
    const c = priceRecord(rec({ inputTokens: 250_000, outputTokens: 1000, serviceTier: 'priority' }), entry('gemini-3.1-pro-preview'));
    expect(c).toMatchObject({ mode: 'priority', approximate: false });
    expect(c.totalUsd).toBeCloseTo(1.8324, 10);
  });

  it('marks the cost approximate when the tier has no long-context rates of its own (gpt-5.5 priority and flex above 272k)', () => {
    // LiteLLM precedence: no *_above_272k_tokens_priority key, so the standard *_above_272k_tokens rates stand in:
    // 300,000×10 + 1,000×45 = 3,045,000 → $3.045, never a guessed 2× of the tier's rates.
    for (const tier of ['priority', 'flex']) {
      const c = priceRecord(long(tier), entry('gpt-5.5'));
      expect(c, tier).toMatchObject({ mode: tier, longContext: true, approximate: true });
      expect(c.totalUsd, tier).toBeCloseTo(3.045, 10);
    }
    // Below the threshold the tier's own rates are exact: priority 100,000×10 + 1,000×60 = 1,060,000 → $1.06
    const below = priceRecord(rec({ inputTokens: 100_000, outputTokens: 1000, serviceTier: 'priority' }), entry('gpt-5.5'));
    expect(below).toMatchObject({ approximate: false });
    expect(below.totalUsd).toBeCloseTo(1.06, 10);
  });

  it('imports *_above_<n>k_tokens_flex keys as the flex long-context tier', () => {
    const { models } = fromLiteLLM(
      {
        m: {
          mode: 'chat',
          input_cost_per_token: 5e-6,
          output_cost_per_token: 3e-5,
          input_cost_per_token_flex: 2.5e-6,
          output_cost_per_token_flex: 1.5e-5,
          input_cost_per_token_above_272k_tokens: 1e-5,
          output_cost_per_token_above_272k_tokens: 4.5e-5,
          input_cost_per_token_above_272k_tokens_flex: 5e-6,
          output_cost_per_token_above_272k_tokens_flex: 2.25e-5,
        },
      },
      'test',
      '2026-11-22',
    );
    expect(models[0]).toMatchObject({
      longContext: { threshold: 272000, input: 10, output: 45 },
      longContextFlex: { threshold: 272000, input: 5, output: 22.5 },
    });
  });
});

describe('Anthropic fast mode', () => {
  const catalog = loadCatalog();
  const opus46 = resolveModel(catalog, 'claude-opus-4-6') as ModelPrice;
  // 10,000 in, 50,000 cache read, 2,000 5-minute writes, 1,000 out.
  const usage = { inputTokens: 10_000, cacheReadTokens: 50_000, cacheWrite5mTokens: 2000, outputTokens: 1000 };

  it('prices speed "fast" at the catalog multiplier of every rate (Opus 4.6: 6×)', () => {
    // Opus 4.6 standard $5 in / $0.50 read / $6.25 5m write / $25 out, × 6 = 30 / 3 / 37.5 / 150:
    // 10,000×30 + 50,000×3 + 2,000×37.5 + 1,000×150 = 300,000 + 150,000 + 75,000 + 150,000 = 675,000 → $0.675
    // (before: standard rates, 50,000 + 25,000 + 12,500 + 25,000 = 112,500 → $0.1125)
    expect(opus46.fastMultiplier).toBe(6);
    const fast = priceRecord(rec({ ...usage, speed: 'fast' }), opus46);
    expect(fast).toMatchObject({ fast: true, approximate: false });
    expect(fast.totalUsd).toBeCloseTo(0.675, 10);
    expect(priceRecord(rec({ ...usage, speed: 'standard' }), opus46).totalUsd).toBeCloseTo(0.1125, 10);
  });

  it('prices fast mode on a model without fast-mode rates at standard rates, marked approximate', () => {
    // Sonnet 4.5 has no fast multiplier: 10,000×3 + 50,000×0.3 + 2,000×3.75 + 1,000×15 = 30,000 + 15,000 + 7,500 + 15,000 → $0.0675
    const c = priceRecord(rec({ ...usage, speed: 'fast' }), resolveModel(catalog, 'claude-sonnet-4-5') as ModelPrice);
    expect(c).toMatchObject({ fast: false, approximate: true });
    expect(c.totalUsd).toBeCloseTo(0.0675, 10);
  });

  it('imports provider_specific_entry.fast from LiteLLM, and ignores its regional keys', () => {
    const { models } = fromLiteLLM(
      { opus: { mode: 'chat', input_cost_per_token: 5e-6, output_cost_per_token: 2.5e-5, provider_specific_entry: { us: 1.1, fast: 6.0 } } },
      'test',
      '2026-11-22',
    );
    expect(models[0]?.fastMultiplier).toBe(6);
    // 1,000 in × 5 × 6 + 100 out × 25 × 6 = 30,000 + 15,000 → $0.045
    expect(priceRecord(rec({ inputTokens: 1000, outputTokens: 100, speed: 'fast' }), models[0]!).totalUsd).toBeCloseTo(0.045, 12);
  });
});

describe('fine-tuned OpenAI models', () => {
  const catalog = loadCatalog();
  const price = createPricer(catalog);
  const usage = rec({ inputTokens: 1000, cacheReadTokens: 500, outputTokens: 200 });

  it('prices ft:<base>:<org>:<suffix>:<job> at the catalog fine-tuned rates of its base', () => {
    // ft:gpt-4o-mini-2024-07-18 (LiteLLM): $0.30 in, $0.15 cached, $1.20 out:
    // 1,000×0.3 + 500×0.15 + 200×1.2 = 300 + 75 + 240 = 615 → $0.000615 (before: unpriced)
    for (const model of [
      'ft:gpt-4o-mini-2024-07-18:acme::9xYz',
      'ft:gpt-4o-mini-2024-07-18:acme:triage:AbC123:ckpt-step-88',
      'openai/ft:gpt-4o-mini-2024-07-18:acme::9xYz',
    ]) {
      expect(price({ ...usage, model, provider: 'openai' }), model).toEqual({
        modelId: 'ft:gpt-4o-mini-2024-07-18',
        costUsd: expect.closeTo(0.000615, 12),
        approximate: false,
      });
    }
  });

  it('leaves a fine-tune unpriced where the catalog has no fine-tuned rates for its base, never the base model rates', () => {
    for (const model of [
      'ft:gpt-4o-2024-05-13:acme::x',
      'ft:gpt-4o-mini:acme::x',
      'ft:gpt-5:acme::x',
      'xft:gpt-4o-mini-2024-07-18:acme::x',
      'ft:',
      'ft::acme',
    ]) {
      expect(price({ ...usage, model, provider: 'openai' }), model).toEqual({ modelId: null, costUsd: null, approximate: false });
    }
  });
});

describe('prices that change over time', () => {
  const at = (iso: string) => Date.parse(iso);
  const usage = rec({ inputTokens: 1000, outputTokens: 1000 });

  it('prices a record at the rate card in force at its time (test catalog)', () => {
    // A test-only entry: $1 / $2 until 16:00 UTC on 2026-08-16, $4 / $8 from then on.
    const dated: ModelPrice = {
      id: 'test-dated',
      provider: 'test',
      standard: { input: 4, output: 8 },
      history: [{ until: '2026-08-16T16:00:00Z', standard: { input: 1, output: 2 }, source: 'test' }],
      source: 'test',
      asOf: '2026-11-22',
    };
    // 1,000×1 + 1,000×2 = 3,000 → $0.003 one millisecond before; 1,000×4 + 1,000×8 = 12,000 → $0.012 at the change.
    expect(priceRecord({ ...usage, ts: at('2026-08-16T15:59:59.999Z') }, dated).totalUsd).toBeCloseTo(0.003, 12);
    expect(priceRecord({ ...usage, ts: at('2026-08-16T16:00:00Z') }, dated).totalUsd).toBeCloseTo(0.012, 12);
    // Without a time (a what-if, a prompt estimate) the current rates apply.
    expect(priceRecord(usage, dated).totalUsd).toBeCloseTo(0.012, 12);
  });

  it('prices DeepSeek V4 at its flat rates before the 2026-08-16 change and at the peak rates after', () => {
    const price = createPricer(loadCatalog());
    const r = rec({ inputTokens: 100_000, cacheReadTokens: 900_000, outputTokens: 10_000 });
    // deepseek-v4-pro before 16:00 UTC 2026-08-16 ($0.435 miss, $0.003625 hit, $0.87 out):
    // 100,000×0.435 + 900,000×0.003625 + 10,000×0.87 = 43,500 + 3,262.5 + 8,700 = 55,462.5 → $0.0554625
    // (before this change: the current rates whatever the date, $0.2112)
    expect(price({ ...r, ts: at('2026-08-10T12:00:00Z'), model: 'deepseek-v4-pro', provider: 'deepseek' }).costUsd).toBeCloseTo(0.0554625, 12);
    // After: peak $1.32 / $0.044 / $3.96: 132,000 + 39,600 + 39,600 = 211,200 → $0.2112
    expect(price({ ...r, ts: at('2026-08-20T12:00:00Z'), model: 'deepseek-v4-pro', provider: 'deepseek' }).costUsd).toBeCloseTo(0.2112, 12);
    // deepseek-v4-flash before the change ($0.14 / $0.0028 / $0.28): 14,000 + 2,520 + 2,800 = 19,320 → $0.01932
    expect(price({ ...r, ts: at('2026-08-10T12:00:00Z'), model: 'deepseek-v4-flash', provider: 'deepseek' }).costUsd).toBeCloseTo(0.01932, 12);
  });

  it("resolves a -latest alias to the model it named at the record's time (test catalog)", () => {
    // Test-only entries: acme-large-latest named acme-large-2411 ($2 / $6) until 2025-12-02, then acme-large-2512 ($0.50 / $1.50).
    const catalog = buildCatalog('test', [
      {
        label: 'test',
        models: [
          {
            id: 'acme-large-2411',
            provider: 'acme',
            standard: { input: 2, output: 6 },
            datedAliases: [{ alias: 'acme-large-latest', until: '2025-12-02' }],
            source: 'test',
            asOf: '2026-11-22',
          },
          {
            id: 'acme-large-2512',
            provider: 'acme',
            standard: { input: 0.5, output: 1.5 },
            datedAliases: [{ alias: 'acme-large-latest', from: '2025-12-02' }],
            source: 'test',
            asOf: '2026-11-22',
          },
        ],
      },
    ]);
    const price = createPricer(catalog);
    const latest = { ...usage, model: 'acme-large-latest', provider: null };
    // 1,000×2 + 1,000×6 = 8,000 → $0.008 on 2025-11-30; 1,000×0.5 + 1,000×1.5 = 2,000 → $0.002 on 2025-12-05.
    expect(price({ ...latest, ts: at('2025-11-30T10:00:00Z') })).toEqual({
      modelId: 'acme-large-2411',
      costUsd: expect.closeTo(0.008, 12),
      approximate: false,
    });
    expect(price({ ...latest, ts: at('2025-12-05T10:00:00Z') })).toEqual({
      modelId: 'acme-large-2512',
      costUsd: expect.closeTo(0.002, 12),
      approximate: false,
    });
    // Asked without a time (catalog show, prompt estimates): the model it names now.
    expect(resolveModel(catalog, 'acme-large-latest')?.id).toBe('acme-large-2512');
  });

  it('refuses dated rate cards out of order and instants without a time zone', () => {
    const entry = {
      id: 'x',
      provider: 'test',
      standard: { input: 1, output: 1 },
      history: [
        { until: '2026-08-16T16:00:00', standard: { input: 1, output: 1 }, source: 's' },
        { until: '2026-01-01', standard: { input: 1, output: 1 }, source: 's' },
      ],
      datedAliases: [{ alias: 'x-latest' }],
      source: 's',
      asOf: '2026-11-22',
    };
    expect(validateModelPrice(entry, 'm')).toEqual([
      'm.history[0].until must be an instant: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ',
      'm.datedAliases[0] needs from or until (an alias for all time belongs in aliases)',
    ]);
    expect(validateModelPrice({ ...entry, history: [entry.history[1], { ...entry.history[1], until: '2025-01-01' }], datedAliases: [] }, 'm')).toEqual([
      'm.history[1].until must be later than the card before it (oldest first)',
    ]);
  });
});
