import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalog, lookupKeys, resolveModel } from '../../src/catalog/catalog.js';
import { fromLiteLLM } from '../../src/catalog/litellm.js';
import { bundledCatalogFile, loadCatalog } from '../../src/catalog/load.js';
import type { ModelPrice, RateSet } from '../../src/catalog/types.js';
import { validateModelPrice } from '../../src/catalog/validate.js';
import { createPricer } from '../../src/pricing/pricer.js';
import { fixture, SHARED_LITELLM } from '../helpers/cli.js';

const bundled = bundledCatalogFile();
const FIRST_PARTY = ['openai', 'anthropic', 'google', 'deepseek', 'mistral', 'xai'];

describe('bundled catalog', () => {
  it('has only valid entries, each with a source and the date it was read', () => {
    const problems = bundled.models.flatMap((m, i) => validateModelPrice(m, `models[${i}] (${m.id})`));
    expect(problems).toEqual([]);
    for (const m of bundled.models) {
      expect(m.source).toMatch(/^https:\/\//);
      expect(m.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('holds at least 60 chat models of the six first-party providers, each provider present', () => {
    const firstParty = bundled.models.filter((m) => FIRST_PARTY.includes(m.provider));
    expect(firstParty.length).toBeGreaterThanOrEqual(60);
    for (const p of FIRST_PARTY)
      expect(
        firstParty.some((m) => m.provider === p),
        p,
      ).toBe(true);
  });

  it('names every id and alias once (case-insensitively), so resolution is never ambiguous', () => {
    const seen = new Map<string, string>();
    for (const m of bundled.models) {
      for (const name of [m.id, ...(m.aliases ?? [])]) {
        const k = name.toLowerCase();
        expect(seen.get(k), `${name} in ${m.id} and ${seen.get(k)}`).toBeUndefined();
        seen.set(k, m.id);
      }
    }
  });

  it('resolves dated snapshots and Bedrock / Vertex / OpenRouter / Azure ids through explicit aliases', () => {
    const catalog = loadCatalog();
    const cases: [string, string | null, string][] = [
      ['gpt-4o-2024-08-06', null, 'gpt-4o'],
      ['azure/gpt-4o', null, 'gpt-4o'],
      ['gpt-4o', 'azure', 'gpt-4o'],
      ['claude-sonnet-4-5-20250929', null, 'claude-sonnet-4-5'],
      ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'bedrock', 'claude-sonnet-4-5'],
      ['claude-sonnet-4-5@20250929', 'vertex_ai', 'claude-sonnet-4-5'],
      ['anthropic/claude-sonnet-4.5', 'openrouter', 'claude-sonnet-4-5'],
      ['openrouter/openai/gpt-4o', null, 'gpt-4o'],
      ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0', null, 'claude-sonnet-4-5'],
      ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', null, 'claude-sonnet-4-5'],
    ];
    for (const [model, provider, id] of cases) expect(resolveModel(catalog, model, provider)?.id, model).toBe(id);
  });

  it('prices a regional Bedrock inference profile at its own (uplifted) entry, not the first-party one', () => {
    const catalog = loadCatalog();
    const regional = resolveModel(catalog, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(regional?.id).toBe('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    // AWS lists regional profiles of Sonnet 4.5 at +10%: $3.30 input, $16.50 output per 1M.
    expect(regional?.standard.input).toBeCloseTo(3.3, 10);
    expect(regional?.standard.output).toBeCloseTo(16.5, 10);
  });

  it('never resolves by substring, and keeps a differently priced snapshot apart', () => {
    const catalog = loadCatalog();
    for (const model of ['gpt-4o-mini-2099-01-01', 'gpt-4o-turbo', 'claude', 'my-gpt-4o', 'gpt-4o-2024-08-06-ft']) {
      expect(resolveModel(catalog, model), model).toBeUndefined();
    }
    // gpt-4o-2024-05-13 was $5 / $15, unlike gpt-4o.
    const may = resolveModel(catalog, 'gpt-4o-2024-05-13');
    expect(may?.id).toBe('gpt-4o-2024-05-13');
    expect(may?.standard).toMatchObject({ input: 5, output: 15 });
  });

  it('tries provider-qualified names first, then strips namespaces one at a time, each only onto what it sells', () => {
    // OpenRouter passes prices through: its prefix constrains nothing; openai/ then only onto OpenAI's entries.
    expect(lookupKeys('openrouter/openai/gpt-4o')).toEqual([
      { key: 'openrouter/openai/gpt-4o' },
      { key: 'openai/gpt-4o' },
      { key: 'gpt-4o', sellers: ['openai'] },
    ]);
    // Azure resells OpenAI's and others' models at its own prices: a bare id in an Azure record is Azure's own only.
    expect(lookupKeys('GPT-4o', 'Azure')).toEqual([{ key: 'azure/gpt-4o' }, { key: 'gpt-4o', sellers: ['azure'] }]);
    // A provider that names the API format's maker constrains nothing (an OpenAI-format log of DeepSeek says "openai").
    expect(lookupKeys('deepseek-chat', 'openai')).toEqual([{ key: 'openai/deepseek-chat' }, { key: 'deepseek-chat' }]);
  });

  it('strips a provider prefix only where the price is known to be the same', () => {
    const catalog = loadCatalog();
    const cases: [string, string | null, string | undefined][] = [
      ['openai/gpt-4o', null, 'gpt-4o'],
      ['openrouter/openai/gpt-4o-mini', null, 'gpt-4o-mini'],
      ['models/gemini-2.5-flash', null, 'gemini-2.5-flash'],
      ['vertex_ai/gemini-2.5-flash', null, 'gemini-2.5-flash'],
      ['deepseek-chat', 'openai', 'deepseek-chat'],
      // Azure and Vertex resell at prices of their own: only the catalog's explicit names resolve.
      ['azure/gpt-4o', null, 'gpt-4o'],
      ['azure/mistral-large-latest', null, undefined],
      ['mistral-large-latest', 'azure', undefined],
      ['azure/gpt-4o-2024-11-20', null, undefined],
      ['azure_ai/mistral-large-2512', null, undefined],
      ['vertex_ai/mistral-large-2512', null, undefined],
      ['openai/deepseek-chat', null, undefined],
    ];
    for (const [model, provider, id] of cases) expect(resolveModel(catalog, model, provider)?.id, `${model} (${provider})`).toBe(id);
  });

  it("prices azure/mistral-large-latest at Azure's own price when a catalog has it, never at Mistral's", () => {
    // LiteLLM's azure/mistral-large-latest: $8 in / $24 out per 1M. 1,000 in + 1,000 out = 8,000 + 24,000 → $0.032
    // (before: the azure/ prefix was stripped to Mistral's mistral-large-latest, $0.50 / $1.50 → $0.002;
    // with the bundled catalog alone it is now unpriced).
    const azure = fromLiteLLM(
      { 'azure/mistral-large-latest': { mode: 'chat', litellm_provider: 'azure', input_cost_per_token: 8e-6, output_cost_per_token: 2.4e-5 } },
      'test',
      '2026-11-22',
    );
    const catalog = buildCatalog('test', [
      { label: 'bundled', models: bundled.models },
      { label: 'litellm', models: azure.models },
    ]);
    const price = createPricer(catalog);
    const usage = {
      inputTokens: 1000,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 1000,
      reasoningTokens: 0,
      requests: 1,
      batch: false,
      serviceTier: null,
      longContext: null,
    };
    expect(price({ ...usage, model: 'azure/mistral-large-latest', provider: null })).toEqual({
      modelId: 'azure/mistral-large-latest',
      costUsd: expect.closeTo(0.032, 12),
      approximate: false,
    });
    expect(createPricer(loadCatalog())({ ...usage, model: 'azure/mistral-large-latest', provider: null })).toEqual({
      modelId: null,
      costUsd: null,
      approximate: false,
    });
  });

  const shared = existsSync(SHARED_LITELLM);
  it.skipIf(!shared)('agrees with the LiteLLM snapshot on standard rates, but for the provider-page corrections', () => {
    const litellm = JSON.parse(readFileSync(SHARED_LITELLM, 'utf8')) as Record<string, Record<string, unknown>>;
    // Kept on the provider's own page (see the catalog entries' notes): LiteLLM's values are stale or copied from another model.
    const corrections = new Set([
      'claude-3-haiku-20240307:cacheWrite1h',
      'claude-3-opus-20240229:cacheWrite1h',
      'deepseek-v4-flash',
      'deepseek/deepseek-v4-flash',
      'deepseek-v4-pro',
      'deepseek/deepseek-v4-pro',
    ]);
    const fields: [keyof RateSet, string][] = [
      ['input', 'input_cost_per_token'],
      ['output', 'output_cost_per_token'],
      ['cacheRead', 'cache_read_input_token_cost'],
      ['cacheWrite5m', 'cache_creation_input_token_cost'],
      ['cacheWrite1h', 'cache_creation_input_token_cost_above_1hr'],
    ];
    const mismatches: string[] = [];
    let compared = 0;
    for (const m of bundled.models) {
      for (const name of [m.id, ...(m.aliases ?? [])]) {
        const e = litellm[name];
        if (!e || corrections.has(name)) continue;
        compared++;
        for (const [ours, theirs] of fields) {
          const v = e[theirs];
          const mine = m.standard[ours];
          if (typeof v !== 'number' || mine === undefined || corrections.has(`${name}:${ours}`)) continue;
          if (Math.abs(v * 1e6 - mine) > 1e-9) mismatches.push(`${name}.${ours}: ours ${mine}, LiteLLM ${v * 1e6}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(mismatches).toEqual([]);
  });
});

describe('LiteLLM import', () => {
  const mini = JSON.parse(readFileSync(fixture('catalog', 'litellm-mini.json'), 'utf8')) as unknown;
  const { models, ignored } = fromLiteLLM(mini, 'test', '2026-11-22');
  const byId = new Map(models.map((m) => [m.id, m]));

  it('converts per-token prices to per-1M and keeps every dimension', () => {
    expect(byId.get('gpt-4o')).toMatchObject({
      provider: 'openai',
      standard: { input: 2.5, output: 10, cacheRead: 1.25 },
      batch: { input: 1.25, output: 5 },
      priority: { input: 4.25, output: 17, cacheRead: 2.125 },
      contextWindow: 128000,
      maxOutputTokens: 16384,
    });
    expect(byId.get('claude-sonnet-4-5')).toMatchObject({
      standard: { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 },
      longContext: { threshold: 200000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite5m: 7.5, cacheWrite1h: 12 },
      cacheMinTokens: 1024,
    });
  });

  it('reads tiered_pricing ranges as a standard tier plus a long-context tier', () => {
    expect(byId.get('dashscope/qwen-flash')).toMatchObject({
      standard: { input: 0.05, output: 0.4 },
      longContext: { threshold: 256000, input: 0.25, output: 2 },
    });
  });

  it('leaves out the spec entry and non-chat models', () => {
    expect(byId.has('sample_spec')).toBe(false);
    expect(byId.has('text-embedding-3-small')).toBe(false);
    expect(ignored).toBe(2);
    expect(models).toHaveLength(4);
  });

  it('layers over the bundled catalog: an imported id replaces the bundled entry, a new id adds a model', () => {
    const catalog = loadCatalog({ files: [fixture('catalog', 'litellm-mini.json')] });
    expect(resolveModel(catalog, 'acme-private-llm')?.standard).toEqual({ input: 1, output: 2 });
    expect(resolveModel(catalog, 'gpt-4o')?.origin).toBe('litellm');
    // Bundled aliases now lead to the imported entry.
    expect(resolveModel(catalog, 'gpt-4o-2024-08-06')?.origin).toBe('litellm');
    const only = loadCatalog({ files: [fixture('catalog', 'litellm-mini.json')], replaceBundled: true });
    expect(only.models).toHaveLength(4);
    expect(resolveModel(only, 'gpt-4o-mini')).toBeUndefined();
  });

  it.skipIf(!existsSync(SHARED_LITELLM))('imports the full LiteLLM snapshot', () => {
    const full = fromLiteLLM(JSON.parse(readFileSync(SHARED_LITELLM, 'utf8')), 'shared', '2026-11-22');
    expect(full.models.length).toBeGreaterThan(1500);
    const catalog = buildCatalog('x', [{ label: 'litellm', models: full.models }]);
    const sonnet = resolveModel(catalog, 'claude-sonnet-4-5-20250929') as ModelPrice;
    expect(sonnet.standard).toMatchObject({ input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 });
    expect(sonnet.longContext).toMatchObject({ threshold: 200000, input: 6, output: 22.5 });
    expect(resolveModel(catalog, 'gpt-4o')?.batch).toEqual({ input: 1.25, output: 5 });
    expect(resolveModel(catalog, 'o3')?.flex).toMatchObject({ input: 1, output: 4, cacheRead: 0.25 });
  });
});
