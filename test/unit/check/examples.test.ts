import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { budgetLines } from '../../../src/check/config-lines.js';
import { validateConfig } from '../../../src/config/validate.js';
import { fixture, ROOT } from '../../helpers/cli.js';

describe('the documented examples', () => {
  it('the full example config is valid, and every budget has its line', () => {
    const file = fixture('check', 'llmcost.config.yaml');
    const { config, errors, warnings } = validateConfig(parse(readFileSync(file, 'utf8')), file, '2025-01-01');
    expect([errors, warnings]).toEqual([[], []]);
    expect(config.budgets?.map((b) => `${b.kind}:${b.name}`)).toEqual([
      'spend:monthly-total',
      'spend:monthly-projected',
      'spend:per-model-weekly',
      'spend:openai-checkout',
      'spend:support-team-7d',
      'prompt:support-prompt-size',
      'prompt:support-call-cost',
      'prompt:support-monthly-cost',
      'prompt:search-monthly-cost',
      'diff:prompt-growth',
      'diff:prompt-cost-growth',
    ]);
    const lines = budgetLines(file);
    const text = readFileSync(file, 'utf8').split('\n');
    expect(lines.map((l) => text[l! - 1]!.trim())).toEqual(config.budgets!.map((b) => `- name: ${b.name}`));
  });

  it('the GitHub workflow checks out the history, installs, ingests and checks pull requests against their base', () => {
    const wf = parse(readFileSync(`${ROOT}/docs/github-workflow.yml`, 'utf8'));
    expect(Object.keys(wf.on)).toEqual(['pull_request', 'schedule']);
    const steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] = wf.jobs.llmcost.steps;
    expect(steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    const runs = steps.map((s) => s.run ?? '').join('\n');
    // What exists: the tarball built from the repository (llmcost is not on the npm registry).
    expect(runs).toContain('npm install --global ./tools/llmcost-0.1.0.tgz');
    expect(runs).toContain('llmcost ingest usage.jsonl');
    expect(runs).toContain('llmcost check --format github --base "origin/$BASE_REF"');
    expect(steps.at(-1)).toMatchObject({ env: { BASE_REF: '${{ github.base_ref }}' } });
  });
});
