import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { parseRanks } from '../../../src/tokens/bpe.js';
import { buildCatalog } from '../../../src/catalog/catalog.js';
import { fromLiteLLM } from '../../../src/catalog/litellm.js';
import { Encoding, encodingForModel, getCounter, PIECE_CACHE_SIZE } from '../../../src/tokens/count.js';
import { resolvePromptModels } from '../../../src/tokens/models.js';
import { FIXTURES } from '../../helpers/cli.js';
import { arbitraryText, promptText } from '../prompt/generate.js';

// The reference: js-tiktoken's own encoder, counting special-token text as ordinary text (encode_ordinary).
const reference = { o200k_base: new Tiktoken(o200k), cl100k_base: new Tiktoken(cl100k) };
const exact = (name: keyof typeof reference, text: string) => reference[name].encode(text, [], []).length;

const corpus = readdirSync(join(FIXTURES, 'prompts'))
  .sort()
  .map((f) => readFileSync(join(FIXTURES, 'prompts', f), 'utf8'));

describe('token counts equal js-tiktoken', () => {
  for (const name of ['o200k_base', 'cl100k_base'] as const) {
    it(`${name}: every corpus prompt, counted twice (the second time from the memo)`, async () => {
      const count = await getCounter(name);
      expect(corpus.length).toBeGreaterThanOrEqual(30);
      for (const text of corpus) {
        const want = exact(name, text);
        expect(count(text)).toBe(want);
        expect(count(text)).toBe(want);
      }
    });

    it(`${name}: 300 generated texts of every character class`, async () => {
      const count = await getCounter(name);
      for (let seed = 1; seed <= 300; seed++) {
        const text = seed % 2 === 0 ? promptText(seed) : arbitraryText(seed, 50 + (seed % 400));
        expect(count(text), `seed ${seed}`).toBe(exact(name, text));
      }
    });
  }

  it('counts special-token text as ordinary text instead of refusing it', async () => {
    const count = await getCounter('o200k_base');
    // "<|endoftext|>" splits into < | end of text | > : 7 ordinary tokens, not the one special token.
    expect(count('<|endoftext|>')).toBe(7);
    expect(count('')).toBe(0);
    // "Hello" and " world" are one token each.
    expect(count('Hello world')).toBe(2);
  });
});

describe('the piece memo', () => {
  it('stays within its bound and keeps counting exactly past it', async () => {
    const fresh = new Encoding('o200k_base', o200k.pat_str, parseRanks(o200k));
    // 250,000 distinct pieces " w0", " w1", ...: more than the bound.
    const words: string[] = [];
    for (let i = 0; i < PIECE_CACHE_SIZE + 50_000; i++) words.push(` w${i.toString(36)}x`);
    const text = words.join('');
    expect(fresh.count(text)).toBe(exact('o200k_base', text));
    expect(fresh.cachedPieces).toBeLessThanOrEqual(PIECE_CACHE_SIZE);
    expect(fresh.count(text)).toBe(exact('o200k_base', text));
  });
});

describe('encodingForModel', () => {
  it('maps OpenAI families to their encodings and everything else to null', () => {
    expect(encodingForModel('gpt-4o-mini')).toBe('o200k_base');
    expect(encodingForModel('gpt-5')).toBe('o200k_base');
    expect(encodingForModel('o3')).toBe('o200k_base');
    expect(encodingForModel('gpt-4')).toBe('cl100k_base');
    expect(encodingForModel('gpt-3.5-turbo')).toBe('cl100k_base');
    expect(encodingForModel('claude-sonnet-4-5')).toBeNull();
    expect(encodingForModel('gemini-2.5-pro')).toBeNull();
  });

  it('reads a model through the catalog namespace table, whoever sells it, and a fine-tune as its base', () => {
    // Before, "azure/gpt-4o" (a LiteLLM catalog id) matched no family and was counted as an o200k estimate.
    expect(encodingForModel('azure/gpt-4o')).toBe('o200k_base');
    expect(encodingForModel('openrouter/openai/gpt-4.1')).toBe('o200k_base');
    expect(encodingForModel('azure_ai/gpt-35-turbo')).toBeNull();
    expect(encodingForModel('azure/gpt-3.5-turbo')).toBe('cl100k_base');
    expect(encodingForModel('ft:gpt-4o-mini-2024-07-18:acme::9xYz')).toBe('o200k_base');
    expect(encodingForModel('bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0')).toBeNull();
  });
});

describe('prompt models', () => {
  it("counts a LiteLLM catalog's azure/gpt-4o exactly with o200k_base, not as an estimate", () => {
    const { models } = fromLiteLLM(
      { 'azure/gpt-4o': { mode: 'chat', litellm_provider: 'azure', input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5 } },
      'test',
      '2026-11-22',
    );
    const catalog = buildCatalog('test', [{ label: 'litellm', models }]);
    expect(resolvePromptModels(catalog, ['azure/gpt-4o'])).toMatchObject([{ id: 'azure/gpt-4o', encoding: 'o200k_base', estimate: false }]);
  });
});
