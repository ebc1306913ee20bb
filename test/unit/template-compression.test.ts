import { beforeAll, describe, expect, it } from 'vitest';
import { compressTopTemplates, stablePrefix, withoutSaved, type TopTemplatesInput } from '../../src/audit/template-compression.js';
import { loadCatalog } from '../../src/catalog/load.js';
import type { TemplatePromptRow } from '../../src/db/queries.js';
import { PASSES } from '../../src/prompt/passes/index.js';
import { createPricer } from '../../src/pricing/pricer.js';
import { getCounter } from '../../src/tokens/count.js';
import { emptyTokens } from '../../src/usage/tokens.js';

const price = createPricer(loadCatalog());

describe('stablePrefix', () => {
  it("is the texts' longest shared start, cut back to the end of its last whole line", () => {
    // The shared start ends inside "user: Where is order " (the question differs): the line is dropped, and the
    // blank line before it.
    expect(stablePrefix(['system: Be brief.\nAlways cite.\n\nuser: Where is order 1?', 'system: Be brief.\nAlways cite.\n\nuser: Where is order 2?'])).toBe(
      'system: Be brief.\nAlways cite.',
    );
    // A line that differs anywhere is not shared, even if the texts agree after it.
    expect(stablePrefix(['system: A\nB one\nC', 'system: A\nB two\nC'])).toBe('system: A');
    // Texts that share no whole line have no stable prefix.
    expect(stablePrefix(['system: one', 'system: two'])).toBe('');
    // The same text every time is wholly stable.
    expect(stablePrefix(['system: same\nuser: same', 'system: same\nuser: same'])).toBe('system: same\nuser: same');
  });
});

describe('withoutSaved', () => {
  const record = (t: Partial<ReturnType<typeof emptyTokens>>) => ({
    ...emptyTokens(),
    ...t,
    requests: 1,
    batch: false,
    serviceTier: null,
    longContext: null,
    ts: Date.UTC(2025, 5, 2),
  });

  it('takes the saved tokens out of the parts the prefix was billed as, in the share of the prefix each covers', () => {
    // A 1,000-token prefix over a prompt of 600 cache-read, 200 cache-write (5m) and 500 plain tokens: it covers
    // 600 read, 200 written and the first 200 plain ones. 100 tokens saved come out 60 / 20 / 20.
    const r = record({ cacheReadTokens: 600, cacheWrite5mTokens: 200, inputTokens: 500, outputTokens: 50 });
    const cut = withoutSaved(r, 1000, 100);
    expect([cut.cacheReadTokens, cut.cacheWrite5mTokens, cut.inputTokens, cut.outputTokens]).toEqual([540, 180, 480, 50]);
    // On claude-sonnet-4-5 ($0.30 read, $3.75 written, $3 plain per 1M): 60 × 0.30 + 20 × 3.75 + 20 × 3 = 18 + 75 + 60
    // = 153 per 1M = $0.000153 saved.
    const before = price({ ...r, model: 'claude-sonnet-4-5', provider: null }).costUsd!;
    const after = price({ ...cut, model: 'claude-sonnet-4-5', provider: null }).costUsd!;
    expect(before - after).toBeCloseTo(0.000153, 12);
  });

  it('orders 1-hour cache writes before 5-minute ones, and leaves the prompt alone when nothing is saved', () => {
    // Prefix 300 over 100 read, 150 written for 1 hour, 150 for 5 minutes: it covers 100, 150 and 50; 30 saved → 10, 15, 5.
    const r = record({ cacheReadTokens: 100, cacheWrite1hTokens: 150, cacheWrite5mTokens: 150, inputTokens: 40 });
    const cut = withoutSaved(r, 300, 30);
    expect([cut.cacheReadTokens, cut.cacheWrite1hTokens, cut.cacheWrite5mTokens, cut.inputTokens]).toEqual([90, 135, 145, 40]);
    expect(withoutSaved(r, 300, 0)).toBe(r);
  });
});

describe('compressTopTemplates', () => {
  let input: Omit<TopTemplatesInput, 'rows' | 'texts'>;
  beforeAll(async () => {
    const o200k = await getCounter('o200k_base');
    input = {
      // One block: a 1,024-token first boundary, which every row below reaches.
      tree: { parent: Int32Array.from([-1]), tokens: Int32Array.from([1024]) },
      top: 5,
      spanDays: 30,
      settings: { passes: new Set(PASSES.filter((p) => p.defaultOn).map((p) => p.id)), keepExamples: 0, targetTokens: null, rate: null },
      counters: new Map([['o200k_base', o200k]]),
      primary: 'o200k_base',
      countingOf: () => ({ encoding: 'o200k_base', estimate: false }),
      price,
    };
  });
  const row = (rid: number, stored: boolean): TemplatePromptRow => ({
    ...emptyTokens(),
    inputTokens: 1500,
    rid,
    ts: Date.UTC(2025, 5, 1) + rid * 60_000,
    model: 'gpt-4o',
    writtenModel: 'gpt-4o',
    provider: null,
    costUsd: 0.00375,
    promptTokens: 1500,
    cacheWriteTokens: 0,
    leaf: 0,
    requests: 1,
    batch: false,
    serviceTier: null,
    longContext: null,
    speed: null,
    stored,
  });

  it('says why a template is not compressed: no kept text, or a single one', () => {
    const none = compressTopTemplates({ ...input, rows: [row(1, false), row(2, false)], texts: () => [] });
    expect(none.templates[0]).toMatchObject({ status: 'no-stored-text', storedCalls: 0, calls: 2, callsPerMonth: 2, prefix: null, monthlyUsd: 0 });
    const one = compressTopTemplates({ ...input, rows: [row(1, true), row(2, false)], texts: () => [{ rid: 1, text: 'system: x' }] });
    expect(one.templates[0]).toMatchObject({ status: 'one-stored-text', storedCalls: 1 });
  });

  it('reads the kept texts newest first, and finds none shared when they share no whole line', () => {
    const asked: number[][] = [];
    const texts = (rids: number[]) => {
      asked.push(rids);
      return rids.map((rid) => ({ rid, text: `system: call ${rid}` }));
    };
    const doc = compressTopTemplates({ ...input, rows: [row(1, true), row(3, true), row(2, true)], texts });
    expect(asked).toEqual([[3, 2, 1]]);
    expect(doc.templates[0]).toMatchObject({ status: 'no-shared-line', storedCalls: 3 });
  });
});
