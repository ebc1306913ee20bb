import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetResult, DiffFile } from '../../../src/check/result-types.js';
import { llmcost, tempDir } from '../../helpers/cli.js';
import { json, repo, words, type Repo } from './repo.js';

// words(n) is n + 1 tokens on one line; a text of several such lines is the sum (each "\n" is its own token).
// At the branch point (main):  a.txt 101, b.txt 101 + 100 = 201 (two lines), gone.txt 51 → 353 tokens.
// On the branch (feature):     a.txt 101, b.txt 101 + 200 = 301 (line 2 grew), new.txt 81, gone.txt deleted → 483.
// Change: +130 tokens = 130/353 = +36.83%. b.txt +100 = +49.75%; new.txt +81 (no percent); gone.txt −51.
// Afterwards main changes a.txt again: --base main compares with the merge base, so a.txt stays unchanged.
// Monthly at gpt-4o ($2.50 per 1M input) × 1,000 calls a day × 30 = $0.075 per prompt token a month:
// 353 → $26.475, 483 → $36.225, +$9.75; b.txt +$7.50, new.txt +$6.075, gone.txt −$3.825.
const CONFIG = `
budgets:
  - name: growth-tokens        # +130 > warn 100, < fail 200
    kind: diff
    files: prompts/**/*.txt
    model: gpt-4o
    callsPerDay: 1000
    warn: 100
    fail: 200
  - name: growth-percent       # +36.8% > 30%
    kind: diff
    files: prompts/**/*.txt
    fail: 30%
  - name: per-file             # b.txt +100 > 90; new.txt +81 and gone.txt pass
    kind: diff
    per: file
    files: prompts/**/*.txt
    model: gpt-4o
    fail: 90
  - name: per-file-percent     # b.txt +49.8% > 40%; a new file has no percent
    kind: diff
    per: file
    files: prompts/**/*.txt
    model: gpt-4o
    warn: 40%
  - name: monthly              # +$9.75 < $10
    kind: diff
    metric: monthlyCost
    files: prompts/**/*.txt
    model: gpt-4o
    callsPerDay: 1000
    fail: 10
`;

function budget(doc: { budgets: BudgetResult[] }, name: string): BudgetResult {
  const b = doc.budgets.find((x) => x.name === name);
  if (!b) throw new Error(`no budget ${name}`);
  return b;
}

describe('llmcost check --base: prompt files against a git base', () => {
  let r: Repo;
  beforeEach(() => {
    r = repo();
    r.write('llmcost.config.yaml', CONFIG);
    r.write('prompts/a.txt', words(100));
    r.write('prompts/b.txt', words(100) + words(99));
    r.write('prompts/gone.txt', words(50));
    r.commit('base');
    r.git('checkout', '-q', '-b', 'feature');
    r.write('prompts/b.txt', words(100) + words(199));
    r.write('prompts/sub/new.txt', words(80));
    r.git('rm', '-q', 'prompts/gone.txt');
    r.commit('feature');
    r.git('checkout', '-q', 'main');
    r.write('prompts/a.txt', words(150));
    r.commit('main moves on');
    r.git('checkout', '-q', 'feature');
  });
  afterEach(() => r.cleanup());

  it('reports every changed, new and deleted file and the total, and gates on absolute and percent increases', () => {
    const out = r.check(['--base', 'main', '--format', 'json']);
    expect(out.code).toBe(3);
    const doc = json(out);
    const mergeBase = r.git('merge-base', 'main', 'HEAD');
    expect(doc.base).toEqual({ ref: 'main', commit: mergeBase });
    expect(doc.budgets.map((b) => `${b.name}:${b.status}`)).toEqual([
      'growth-tokens:warn',
      'growth-percent:fail',
      'per-file:fail',
      'per-file-percent:warn',
      'monthly:pass',
    ]);

    const growth = budget(doc, 'growth-tokens');
    const files = growth.diff!.files;
    expect(files.map((f) => [f.file, f.change, f.baseTokens, f.headTokens, f.tokenChange, f.firstChangedLine])).toEqual([
      ['prompts/a.txt', 'unchanged', 101, 101, 0, null],
      ['prompts/b.txt', 'changed', 201, 301, 100, 2],
      ['prompts/gone.txt', 'deleted', 51, 0, -51, null],
      ['prompts/sub/new.txt', 'new', 0, 81, 81, 1],
    ]);
    const byName = (n: string) => files.find((f) => f.file === n) as DiffFile;
    expect(byName('prompts/b.txt').tokenPercent).toBeCloseTo((100 / 201) * 100, 10);
    expect(byName('prompts/sub/new.txt').tokenPercent).toBeNull();
    expect(byName('prompts/gone.txt').tokenPercent).toBe(-100);
    expect(byName('prompts/b.txt').monthlyUsdChange).toBeCloseTo(7.5, 10);
    expect(byName('prompts/sub/new.txt').monthlyUsdChange).toBeCloseTo(6.075, 10);
    expect(byName('prompts/gone.txt').monthlyUsdChange).toBeCloseTo(-3.825, 10);
    expect(growth.diff!.total).toMatchObject({ files: 4, baseTokens: 353, headTokens: 483, tokenChange: 130 });
    expect(growth.diff!.total!.tokenPercent).toBeCloseTo((130 / 353) * 100, 10);
    expect(growth.diff!.total!.baseMonthlyUsd).toBeCloseTo(26.475, 10);
    expect(growth.diff!.total!.headMonthlyUsd).toBeCloseTo(36.225, 10);
    expect(growth.diff!.total!.monthlyUsdChange).toBeCloseTo(9.75, 10);
    expect(growth.message).toBe(
      'The prompt files grew by 130 tokens against main (+36.8%: 353 → 483), +$9.75 a month at 30,000 calls a month, as declared; over the warn level of an increase of 100.',
    );
    // The total's annotation goes where the biggest growth is: b.txt, at its first changed line.
    expect(growth.checks[0]!.location).toEqual({ file: `${r.dir}/prompts/b.txt`, line: 2 });

    const pct = budget(doc, 'growth-percent');
    expect(pct.checks[0]).toMatchObject({ value: 130, broke: '30%' });
    expect(pct.checks[0]!.percent).toBeCloseTo((130 / 353) * 100, 10);
    expect(pct.diff).toMatchObject({ estimate: true, encoding: 'o200k_base' });

    const perFile = budget(doc, 'per-file');
    expect(perFile.checks.map((c) => [c.subject, c.status, c.value])).toEqual([
      ['prompts/b.txt', 'fail', 100],
      ['prompts/gone.txt', 'pass', -51],
      ['prompts/sub/new.txt', 'pass', 81],
    ]);
    expect(perFile.checks[2]!.message).toBe('prompts/sub/new.txt is new against main: 81 tokens; within its levels.');
    expect(perFile.checks[1]!.message).toBe('prompts/gone.txt was deleted (-51 tokens against main); within its levels.');
    expect(budget(doc, 'per-file-percent').checks.map((c) => [c.subject, c.status])).toEqual([
      ['prompts/b.txt', 'warn'],
      ['prompts/gone.txt', 'pass'],
      ['prompts/sub/new.txt', 'pass'],
    ]);
    const monthly = budget(doc, 'monthly');
    expect(monthly.checks[0]!.value).toBeCloseTo(9.75, 10);
    expect(monthly.checks[0]!.percent).toBeCloseTo((9.75 / 26.475) * 100, 10);
  });

  it('prints the per-file table with the total in the human format', () => {
    const out = r.check(['--base', 'main', '--budget', 'growth-tokens']);
    expect(out.code).toBe(0);
    const table = out.stdout.slice(out.stdout.indexOf('growth-tokens: prompt files against main'));
    expect(table).toMatch(/prompts\/b\.txt +changed +201 → 301 +\+100 +\+49\.8% +\+\$7\.50/);
    expect(table).toMatch(/prompts\/gone\.txt +deleted +51 → 0 +-51 +-100\.0% +-\$3\.83/);
    expect(table).toMatch(/prompts\/sub\/new\.txt +new +0 → 81 +\+81 +— +\+\$6\.08/);
    expect(table).toMatch(/total \(4 files\) +353 → 483 +\+130 +\+36\.8% +\+\$9\.75/);
    expect(table).toContain('1 unchanged file not listed');
  });

  it('compares uncommitted edits with --base HEAD', () => {
    r.write('prompts/a.txt', words(110));
    const doc = json(r.check(['--base', 'HEAD', '--budget', 'per-file', '--format', 'json']));
    expect(doc.budgets[0]!.checks.map((c) => [c.subject, c.value, c.status])).toEqual([['prompts/a.txt', 10, 'pass']]);
  });

  it('skips diff budgets without --base, and says so', () => {
    const out = r.check(['--format', 'json']);
    expect(out.code).toBe(0);
    const doc = json(out);
    expect(doc.summary).toEqual({ budgets: 5, pass: 0, warn: 0, fail: 0, skipped: 5 });
    expect(doc.budgets[0]).toMatchObject({
      status: 'skipped',
      message: 'Skipped: a diff budget compares prompt files with a base commit; give one with --base REF (e.g. --base origin/main).',
    });
  });

  it('refuses a base that is not a commit, and a folder that is not a repository (exit 2)', () => {
    const bad = r.check(['--base', 'origin/nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `llmcost: --base "origin/nope" is not a commit in ${r.dir}: fetch it first (git fetch origin nope; in GitHub Actions check out with fetch-depth: 0).\n`,
    );
    const temp = tempDir();
    try {
      const dir = realpathSync(temp.dir);
      writeFileSync(join(dir, 'llmcost.config.yaml'), CONFIG);
      const plain = llmcost(['--db', ':memory:', 'check', '--base', 'main'], { cwd: dir });
      expect(plain.code).toBe(2);
      expect(plain.stderr).toBe(
        `llmcost: --base compares prompt files with git, and ${dir} is not inside a git repository: run llmcost check from the repository, or without --base.\n`,
      );
    } finally {
      temp.cleanup();
    }
  });
});
