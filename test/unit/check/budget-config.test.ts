import { describe, expect, it } from 'vitest';
import { validateBudgets } from '../../../src/check/budget-config.js';
import { validateConfig } from '../../../src/config/validate.js';

describe('validateBudgets', () => {
  it('reads every kind with its defaults', () => {
    const { budgets, errors } = validateBudgets(
      [
        { name: 'month', fail: 500 },
        { name: 'models', period: 'week', per: 'model', scope: { provider: 'openai', tag: ['a', 'b'] }, projected: true, warn: 50, fail: 80 },
        { name: 'rolling', period: '7d', warn: 10 },
        { name: 'size', kind: 'prompt', files: 'prompts/*.txt', warn: 3000 },
        {
          name: 'monthly',
          kind: 'prompt',
          files: ['a.txt', 'b/*.md'],
          metric: 'monthlyCost',
          model: 'gpt-4o',
          outputTokens: 400,
          callsPerDay: 2000,
          fail: 300,
        },
        { name: 'growth', kind: 'diff', files: 'prompts/**', per: 'file', warn: '10%', fail: 500, feature: 'chat', model: 'gpt-4o' },
      ],
      'c.yaml',
    );
    expect(errors).toEqual([]);
    const levels = (warn: number | null, fail: number | null) => ({
      warn: warn === null ? null : { value: warn, percent: false },
      fail: fail === null ? null : { value: fail, percent: false },
    });
    expect(budgets).toEqual([
      { name: 'month', index: 0, ...levels(null, 500), kind: 'spend', period: { unit: 'month' }, scope: {}, per: null, projected: false },
      {
        name: 'models',
        index: 1,
        ...levels(50, 80),
        kind: 'spend',
        period: { unit: 'week' },
        scope: { provider: ['openai'], tag: ['a', 'b'] },
        per: 'model',
        projected: true,
      },
      { name: 'rolling', index: 2, ...levels(10, null), kind: 'spend', period: { unit: 'days', days: 7 }, scope: {}, per: null, projected: false },
      {
        name: 'size',
        index: 3,
        ...levels(3000, null),
        kind: 'prompt',
        metric: 'tokens',
        files: ['prompts/*.txt'],
        model: null,
        outputTokens: 0,
        callsPerMonth: null,
        feature: null,
      },
      // 2,000 calls a day = 60,000 a month (a month is 30 days).
      {
        name: 'monthly',
        index: 4,
        ...levels(null, 300),
        kind: 'prompt',
        metric: 'monthlyCost',
        files: ['a.txt', 'b/*.md'],
        model: 'gpt-4o',
        outputTokens: 400,
        callsPerMonth: 60000,
        feature: null,
      },
      {
        name: 'growth',
        index: 5,
        warn: { value: 10, percent: true },
        fail: { value: 500, percent: false },
        kind: 'diff',
        metric: 'tokens',
        per: 'file',
        files: ['prompts/**'],
        model: 'gpt-4o',
        outputTokens: 0,
        callsPerMonth: null,
        feature: 'chat',
      },
    ]);
  });

  it('names the budget and key of every problem', () => {
    const { budgets, errors } = validateBudgets(
      [
        'x',
        { fail: 1 },
        { name: 'k', kind: 'cost', fail: 1 },
        { name: 'p', kind: 'prompt', fail: '10%' },
        { name: 's', warn: 5, files: 'a.txt', projected: 'yes', per: 'team' },
        { name: 'v', kind: 'prompt', files: 'a', metric: 'callCost', callsPerDay: 1, callsPerMonth: 30, outputTokens: 1.5, fail: 1 },
        { name: 'd', kind: 'diff', files: [], per: 'line', metric: 'callCost', warn: '5%' },
      ],
      'c.yaml',
    );
    expect(budgets).toEqual([]);
    expect(errors).toEqual([
      'c.yaml: budgets[0] must be an object with at least a name and a warn or fail level',
      'c.yaml: budgets[1].name must be a non-empty name, used in reports and --budget',
      'c.yaml: budgets[2] ("k").kind must be one of spend, prompt, diff',
      'c.yaml: budgets[3] ("p").fail must be a number >= 0 (tokens or US dollars, as the metric says)',
      'c.yaml: budgets[3] ("p").files must be a glob or a list of globs of prompt files, relative to the config file (e.g. prompts/**/*.txt)',
      'c.yaml: budgets[4] ("s") has an unknown key "files" (a spend budget takes: name, kind, warn, fail, period, scope, per, projected)',
      'c.yaml: budgets[4] ("s").per must be one of model, provider, project, feature, tag, user',
      'c.yaml: budgets[4] ("s").projected must be true or false',
      'c.yaml: budgets[5] ("v").outputTokens must be a whole number of output tokens per call',
      'c.yaml: budgets[5] ("v").callsPerDay and callsPerMonth both declare the volume: keep one',
      'c.yaml: budgets[5] ("v").model is needed to price a callCost budget',
      'c.yaml: budgets[6] ("d").files must be a glob or a list of globs of prompt files, relative to the config file (e.g. prompts/**/*.txt)',
      'c.yaml: budgets[6] ("d").metric must be one of tokens, monthlyCost',
      'c.yaml: budgets[6] ("d").per must be total (the change of all files together) or file (each file on its own)',
    ]);
  });

  it('is the config\'s "budgets" key', () => {
    expect(validateBudgets({ name: 'x' }, 'c.json').errors).toEqual([
      'c.json: "budgets" must be a list of budgets, e.g. budgets: [{name: monthly, kind: spend, period: month, fail: 500}]',
    ]);
    const { config, errors, warnings } = validateConfig({ budgets: [{ name: 'm', fail: 1 }] }, 'c.json', '2025-01-01');
    expect([errors, warnings]).toEqual([[], []]);
    expect(config.budgets?.map((b) => b.name)).toEqual(['m']);
  });
});
