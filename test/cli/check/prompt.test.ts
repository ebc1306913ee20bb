import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetResult, PromptDetail } from '../../../src/check/result-types.js';
import { ingestHistory, json, repo, words, type Repo } from './repo.js';

// Prompt sizes: words(n) is n + 1 tokens (see repo.ts): support 1,001, small 101, sub/deep 11.
// Prices per 1M tokens: gpt-4o $2.50 in / $10 out; gpt-4o-mini $0.15 / $0.60.
const CONFIG = `
budgets:
  - name: size                 # support 1,001 > warn 500; small 101 and sub/deep 11 pass
    kind: prompt
    files: prompts/**/*.txt
    model: gpt-4o
    warn: 500
    fail: 2000
  - name: size-claude          # Claude's tokenizer is not public: an o200k_base estimate, 1,001 > 1,000
    kind: prompt
    files: prompts/support.txt
    model: claude-sonnet-4-5
    fail: 1000
  - name: size-no-model        # prompts/*.txt: support and small only (no "**"); both under 5,000
    kind: prompt
    files: [prompts/*.txt]
    fail: 5000
  - name: call-cost            # support: 1,001 × 2.5 + 100 × 10 = 3,502.5 µ$ > 3,000 µ$; small: 1,252.5 µ$
    kind: prompt
    files: prompts/*.txt
    metric: callCost
    model: gpt-4o
    outputTokens: 100
    fail: 0.003
  - name: monthly-declared     # 1,000 calls a day = 30,000 a month
    kind: prompt               # support: (1,001 × 0.15 + 200 × 0.60) µ$ = 270.15 µ$ × 30,000 = $8.1045 > warn 5
    files: prompts/*.txt       # small: (101 × 0.15 + 120) µ$ = 135.15 µ$ × 30,000 = $4.0545
    metric: monthlyCost
    model: gpt-4o-mini
    outputTokens: 200
    callsPerDay: 1000
    warn: 5
    fail: 20
  - name: monthly-logged       # chat's requests May 21 – June 19: A June 1–19 (19) + C June 15–19 (5) = 24
    kind: prompt               # support: 3,502.5 µ$ × 24 = $0.08406 > 0.05
    files: prompts/support.txt
    metric: monthlyCost
    model: gpt-4o
    outputTokens: 100
    feature: chat
    fail: 0.05
  - name: monthly-unknown-feature
    kind: prompt
    files: prompts/small.txt
    metric: monthlyCost
    model: gpt-4o
    feature: nobody
    fail: 100
  - name: no-match
    kind: prompt
    files: nope/*.txt
    fail: 1
`;

function budget(doc: { budgets: BudgetResult[] }, name: string): BudgetResult {
  const b = doc.budgets.find((x) => x.name === name);
  if (!b) throw new Error(`no budget ${name}`);
  return b;
}
const detail = (b: BudgetResult, i: number) => b.checks[i]!.detail as PromptDetail;

describe('llmcost check: prompt budgets', () => {
  let r: Repo;
  beforeEach(() => {
    r = repo();
    r.write('llmcost.config.yaml', CONFIG);
    r.write('prompts/support.txt', words(1000));
    r.write('prompts/small.txt', words(100));
    r.write('prompts/sub/deep.txt', words(10));
    r.commit('prompts');
    ingestHistory(r);
  });
  afterEach(() => r.cleanup());

  it('counts tokens per file, prices a call and a month at declared or logged volume, and judges each file', () => {
    const out = r.check(['--format', 'json']);
    expect(out.code).toBe(3);
    const doc = json(out);
    expect(doc.budgets.map((b) => `${b.name}:${b.status}`)).toEqual([
      'size:warn',
      'size-claude:fail',
      'size-no-model:pass',
      'call-cost:fail',
      'monthly-declared:warn',
      'monthly-logged:fail',
      'monthly-unknown-feature:warn',
      'no-match:warn',
    ]);
    const size = budget(doc, 'size');
    expect(size.checks.map((c) => [c.subject, c.value, c.status])).toEqual([
      ['prompts/small.txt', 101, 'pass'],
      ['prompts/sub/deep.txt', 11, 'pass'],
      ['prompts/support.txt', 1001, 'warn'],
    ]);
    expect(detail(size, 2)).toMatchObject({ encoding: 'o200k_base', estimate: false, modelId: 'gpt-4o' });
    expect(size.checks[2]!.location).toEqual({ file: `${r.dir}/prompts/support.txt`, line: 1 });
    expect(size.message).toBe('prompts/support.txt is 1,001 tokens on gpt-4o, over the warn level of 500.');

    const claude = budget(doc, 'size-claude');
    expect(detail(claude, 0)).toMatchObject({ tokens: 1001, encoding: 'o200k_base', estimate: true });
    expect(claude.message).toBe('prompts/support.txt is about 1,001 tokens (o200k_base estimate) on claude-sonnet-4-5, over the fail level of 1,000.');
    expect(budget(doc, 'size-no-model').checks.map((c) => c.subject)).toEqual(['prompts/small.txt', 'prompts/support.txt']);

    const call = budget(doc, 'call-cost');
    expect(call.checks.map((c) => c.value)).toEqual([expect.closeTo(0.0012525, 12), expect.closeTo(0.0035025, 12)]);
    expect(call.message).toBe('prompts/support.txt costs $0.0035 per call (1,001 tokens on gpt-4o + 100 output tokens), over the fail level of $0.0030.');

    const declared = budget(doc, 'monthly-declared');
    expect(declared.checks.map((c) => c.value)).toEqual([expect.closeTo(4.0545, 10), expect.closeTo(8.1045, 10)]);
    expect(detail(declared, 1)).toMatchObject({ callsPerMonth: 30000, volume: 'declared', callUsd: expect.closeTo(0.00027015, 14) });

    const logged = budget(doc, 'monthly-logged');
    expect(detail(logged, 0)).toMatchObject({ callsPerMonth: 24, volume: 'logged' });
    expect(logged.checks[0]!.value).toBeCloseTo(0.08406, 12);
    expect(logged.message).toBe(
      'prompts/support.txt would cost $0.08 a month ($0.0035 per call × 24 calls a month logged by chat), over the fail level of $0.05.',
    );

    expect(budget(doc, 'monthly-unknown-feature').message).toBe(
      'prompts/small.txt: the feature nobody logged no requests in the 30 days before today, so its monthly cost cannot be judged (declare callsPerDay, or ingest its usage).',
    );
    expect(budget(doc, 'no-match')).toMatchObject({
      checks: [],
      message: 'No file matches nope/*.txt: the budget checks nothing (fix the glob, relative to the config file).',
    });
  });

  it('reads globs relative to the config file named with --config, wherever llmcost runs', () => {
    r.write('ci/budgets.yaml', 'budgets:\n  - {name: size, kind: prompt, files: "../prompts/*.txt", model: gpt-4o, fail: 1000}\n');
    const doc = json(r.check(['--config', 'ci/budgets.yaml', '--format', 'json']));
    expect(doc.config).toBe(`${r.dir}/ci/budgets.yaml`);
    expect(doc.budgets[0]!.checks.map((c) => [c.subject, c.status])).toEqual([
      ['prompts/small.txt', 'pass'],
      ['prompts/support.txt', 'fail'],
    ]);
  });

  it('refuses a cost budget whose model the catalog cannot price (exit 2)', () => {
    r.write('llmcost.config.yaml', 'budgets:\n  - {name: cost, kind: prompt, files: "prompts/*.txt", metric: callCost, model: my-llm, fail: 1}\n');
    const out = r.check([]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      `llmcost: ${r.dir}/llmcost.config.yaml: budgets[0] ("cost").model "my-llm" is not in the price catalog: use a catalog id (llmcost catalog list) or add its price under "prices".\n`,
    );
  });
});
