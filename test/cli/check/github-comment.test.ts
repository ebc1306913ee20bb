import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestHistory, repo, words, type Repo } from './repo.js';

// Spend (fixtures/check/history.csv, now June 20 12:00 UTC): this month A $20 + B $12 + C $1.80 = $33.80,
// of which feature search (B) $12; the projection adds 13/7 a day × 10.5 days = $19.50. Prompt:
// prompts/one.txt is 11 tokens (words(10)).
const CONFIG = `
budgets:
  - name: month <total>   # $33.80 > fail 30
    fail: 30
  - name: projected       # $33.80 + $19.50 = $53.30 > warn 50, < fail 60
    projected: true
    warn: 50
    fail: 60
  - name: search          # $12 < warn 15
    scope: {feature: search}
    warn: 15
  - name: prompt-size     # 11 tokens < 100
    kind: prompt
    files: prompts/*.txt
    model: gpt-4o
    fail: 100
`;

const MARKER = '<!-- llmcost-check -->';

describe('llmcost check --format github-comment', () => {
  let r: Repo;
  beforeEach(() => {
    r = repo();
    r.write('llmcost.config.yaml', CONFIG);
    r.write('prompts/one.txt', words(10));
    r.commit('config');
  });
  afterEach(() => r.cleanup());

  it('is the Markdown report under the hidden marker a workflow finds its comment by', () => {
    ingestHistory(r);
    const out = r.check(['--format', 'github-comment']);
    expect(out.code).toBe(3);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe('## ❌ llmcost check: 1 failed, 1 warned, 2 passed (4 budgets)');
    expect(lines).toContain('| month \\<total\\> | ❌ fail | spend | $33.80 | — | $30.00 |');
    expect(lines).toContain('| projected | ⚠️ warn | spend | $53.30 | $50.00 | $60.00 |');
    expect(lines).toContain('| search | ✅ pass | spend | $12.00 | $15.00 | — |');
    expect(lines).toContain('| prompt-size | ✅ pass | prompt | 11 | — | 100 |');
    // The same report as --format markdown, after the marker.
    expect(out.stdout).toBe(`${MARKER}\n${r.check(['--format', 'markdown']).stdout}`);
    expect(out.stderr).toContain('1 budget over a fail level: month <total>.');
  });

  it('is cut below GitHub’s 65,536-character limit with a sentence saying where the rest is', () => {
    // 400 prompt budgets of 11 tokens against a fail level of 5, with 90-character names: each has a row in the
    // table and a line in the details, about 300 characters together, 120,000 in all.
    const names = Array.from({ length: 400 }, (_, i) => `p${String(i + 1).padStart(3, '0')}-${'x'.repeat(86)}`);
    r.write(
      'llmcost.config.yaml',
      `budgets:\n${names.map((n) => `  - {name: ${n}, kind: prompt, files: prompts/one.txt, model: gpt-4o, fail: 5}`).join('\n')}\n`,
    );
    const whole = r.check(['--format', 'markdown']).stdout;
    expect(whole.length).toBeGreaterThan(100_000);
    const out = r.check(['--format', 'github-comment']);
    expect(out.code).toBe(3);
    expect(out.stdout.startsWith(`${MARKER}\n## ❌ llmcost check: 400 failed, 0 warned, 0 passed (400 budgets)\n`)).toBe(true);
    expect(out.stdout.length).toBeLessThanOrEqual(65_536);
    expect(Buffer.byteLength(out.stdout)).toBeLessThanOrEqual(65_536);
    expect(out.stdout.length).toBeGreaterThan(60_000);
    expect(out.stdout).toContain(`| ${names[0]} | ❌ fail | prompt | 11 | — | 5 |`);
    expect(out.stdout.trimEnd().split('\n').at(-1)).toBe(
      "_The comment was cut here to fit GitHub's limit of 65,536 characters: the workflow run's job summary (`--format github`) or `llmcost check --format json` has all of it._",
    );
  });
});
