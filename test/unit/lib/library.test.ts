import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countTokens, detectFormat, parseFile, priceUsage, UserError, type PriceResult } from '../../../src/lib/index.js';
import { fixture, tempDir } from '../../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('the library entry', () => {
  it('prices a usage object as the audit does', () => {
    // claude-sonnet-4-5: 1,000 × $3 + 2,000 × $15 + 10,000 × $0.30 + 4,000 × $3.75 per 1M = $0.051
    const r: PriceResult = priceUsage({
      model: 'claude-sonnet-4-5-20250929',
      inputTokens: 1000,
      outputTokens: 2000,
      cacheReadTokens: 10000,
      cacheWrite5mTokens: 4000,
    });
    expect(r.modelId).toBe('claude-sonnet-4-5');
    expect(r.costUsd).toBeCloseTo(0.051, 12);
    expect(r.breakdown).toMatchObject({ mode: 'standard', longContext: false });
    expect(r.breakdown!.cacheWriteUsd).toBeCloseTo(0.015, 12);
    // Batch: half of gpt-4o-mini's $0.15 / $0.60.
    expect(priceUsage({ model: 'gpt-4o-mini', inputTokens: 1_000_000, outputTokens: 1_000_000, batch: true }).costUsd).toBeCloseTo(0.375, 12);
    expect(priceUsage({ model: 'my-own-model', inputTokens: 5 })).toEqual({ model: 'my-own-model', modelId: null, costUsd: null, breakdown: null });
    expect(() => priceUsage({ model: 'gpt-4o', inputTokens: -1 })).toThrow(UserError);
  });

  it('counts the tokens of a text and of a chat', async () => {
    expect(await countTokens('hello world')).toEqual({ model: 'gpt-4o', encoding: 'o200k_base', tokens: 2, estimate: false });
    // 3 per message + its role + its content, + 3 to prime the reply: (3 + 1 "system" + 1 "Hi") + (3 + 1 "user" + 2) + 3
    const chat = await countTokens([
      { role: 'system', content: 'Hi' },
      { role: 'user', content: [{ type: 'text', text: 'hello world' }] },
    ]);
    expect(chat.tokens).toBe(14);
    const claude = await countTokens('hello world', 'claude-sonnet-4-5');
    expect(claude).toMatchObject({ model: 'claude-sonnet-4-5', estimate: true, tokens: 2 });
  });

  it('detects and parses a usage file, gzipped too, into priced records', async () => {
    const sample = fixture('usage', 'sample.jsonl');
    expect(await detectFormat(sample)).toBe('api-log');
    const gz = join(dir, 'sample.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(sample)));
    expect(await detectFormat(gz)).toBe('api-log');
    const parsed = await parseFile(gz);
    expect(parsed.format).toBe('api-log');
    // The sample's 10 records (one of them the same request twice: the history counts it once), 2 skipped lines.
    expect(parsed.records).toHaveLength(10);
    expect(parsed.skipped.map((s) => s.line)).toEqual([6, 10]);
    expect(parsed.records[0]).toMatchObject({ line: 1, model: 'gpt-4o-2024-08-06', modelId: 'gpt-4o' });
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect(await parseFile(empty)).toEqual({ file: empty, format: null, records: [], skipped: [], failed: [] });
    await expect(detectFormat(join(dir, 'none.jsonl'))).rejects.toThrow(/does not exist/);
  });
});
