import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';

describe('validateConfig', () => {
  it('accepts db, timezone, catalog and price overrides (flat standard rates, per 1M tokens)', () => {
    const { config, errors, warnings } = validateConfig(
      {
        db: './usage.db',
        timezone: 'Europe/Berlin',
        catalog: { files: ['prices.json'], replaceBundled: true },
        prices: {
          'gpt-4o': { provider: 'azure', input: 2, output: 8, cacheRead: 1, aliases: ['my-4o-deployment'] },
          'acme-llm': { input: 1, output: 2, source: 'contract #42', asOf: '2025-01-01' },
        },
      },
      'llmcost.config.yaml',
      '2026-11-22',
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config.catalog).toEqual({ files: ['prices.json'], replaceBundled: true });
    expect(config.prices).toEqual([
      {
        id: 'gpt-4o',
        provider: 'azure',
        standard: { input: 2, output: 8, cacheRead: 1 },
        source: 'config llmcost.config.yaml',
        asOf: '2026-11-22',
        origin: 'config',
        aliases: ['my-4o-deployment'],
      },
      { id: 'acme-llm', provider: 'custom', standard: { input: 1, output: 2 }, source: 'contract #42', asOf: '2025-01-01', origin: 'config' },
    ]);
  });

  it('names the file and key of every problem, and warns about unknown keys', () => {
    const { errors, warnings } = validateConfig({ db: 3, prices: { x: { input: -1, output: 'a' }, y: 5 }, budget: 1 }, 'c.json', '2026-11-22');
    expect(errors).toEqual([
      'c.json: "db" must be a file path',
      'c.json: prices.x.input must be a number >= 0 (USD per 1M tokens)',
      'c.json: prices.x.output must be a number >= 0 (USD per 1M tokens)',
      'c.json: prices.y must be an object with input and output (USD per 1M tokens)',
    ]);
    expect(warnings).toEqual([
      'c.json: unknown key "budget" is ignored (did you mean "budgets"? known: db, timezone, storePrompts, catalog, prices, audit, budgets, connections)',
    ]);
  });

  it('accepts dated rates, dated aliases, a fast-mode multiplier and per-tier long-context rates in a price', () => {
    const { config, errors } = validateConfig(
      {
        prices: {
          'acme-llm': {
            input: 2,
            output: 8,
            fastMultiplier: 2,
            longContextFlex: { threshold: 200000, input: 2, output: 8 },
            history: [{ until: '2026-01-01', standard: { input: 1, output: 4 }, source: 'contract 2025' }],
            datedAliases: [{ alias: 'acme-latest', from: '2026-01-01' }],
          },
        },
      },
      'c.yaml',
      '2026-11-22',
    );
    expect(errors).toEqual([]);
    expect(config.prices[0]).toMatchObject({
      standard: { input: 2, output: 8 },
      fastMultiplier: 2,
      longContextFlex: { threshold: 200000 },
      history: [{ until: '2026-01-01' }],
      datedAliases: [{ alias: 'acme-latest' }],
    });
    expect(validateConfig({ prices: { x: { input: 1, output: 1, fastMultiplier: 0 } } }, 'c.yaml', '2026-11-22').errors).toEqual([
      'c.yaml: prices.x.fastMultiplier must be a number > 0 (the factor fast mode applies to every rate)',
    ]);
  });

  it('accepts a catalog given as one path', () => {
    expect(validateConfig({ catalog: 'a.json' }, 'f', '2026-11-22').config.catalog).toEqual({ files: ['a.json'], replaceBundled: false });
  });
});
