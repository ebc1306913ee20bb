import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestHistory, repo, words, type Repo } from './repo.js';
import { parseXml, type XmlElement } from './xml.js';

// Spend (fixtures/check/history.csv, now June 20 12:00 UTC): this month A $20 + B $12 + C $1.80 = $33.80;
// feature search (B) $12. Prompt: prompts/one.txt is 11 tokens (words(10)). The budget names carry the
// characters each format must escape.
const MIXED = `
budgets:
  - name: 'total <all> & "more"'   # $33.80 > fail 30
    fail: 30
  - name: 'search | R&D'           # $12 > warn 10, < fail 20
    scope: {feature: search}
    warn: 10
    fail: 20
  - name: prompt-size              # 11 tokens < 100
    kind: prompt
    files: prompts/*.txt
    model: gpt-4o
    fail: 100
  - name: growth                   # no --base: skipped
    kind: diff
    files: prompts/*.txt
    fail: 10%
`;

const children = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

describe('llmcost check output formats', () => {
  let r: Repo;
  beforeEach(() => {
    r = repo();
    r.write('llmcost.config.yaml', MIXED);
    r.write('prompts/one.txt', words(10));
    r.commit('config');
    ingestHistory(r);
  });
  afterEach(() => r.cleanup());

  it('junit: well-formed XML with one test case per budget, failures and skips counted', () => {
    const out = r.check(['--format', 'junit']);
    expect(out.code).toBe(3);
    const root = parseXml(out.stdout);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ name: 'llmcost check', tests: '4', failures: '1', errors: '0', skipped: '1' });
    const suites = children(root, 'testsuite');
    expect(suites.map((s) => [s.attrs['name'], s.attrs['tests'], s.attrs['failures'], s.attrs['skipped']])).toEqual([
      ['llmcost check: spend budgets', '2', '1', '0'],
      ['llmcost check: prompt budgets', '1', '0', '0'],
      ['llmcost check: diff budgets', '1', '0', '1'],
    ]);
    const cases = suites.flatMap((s) => children(s, 'testcase'));
    expect(cases.map((c) => [c.attrs['classname'], c.attrs['name']])).toEqual([
      ['llmcost.check.spend', 'total <all> & "more"'],
      ['llmcost.check.spend', 'search | R&D'],
      ['llmcost.check.prompt', 'prompt-size'],
      ['llmcost.check.diff', 'growth'],
    ]);
    const [total, search, prompt, growth] = cases as [XmlElement, XmlElement, XmlElement, XmlElement];
    const failure = children(total, 'failure')[0]!;
    expect(failure.attrs['message']).toBe(
      'all spend: $33.80 spent this month (2025-06-01 to 2025-06-30), over the fail level of $30.00; projected $53.30 by 2025-06-30.',
    );
    expect(failure.text).toBe(`FAIL ${failure.attrs['message']}`);
    // A warning is not a JUnit failure: it is in the case's output.
    expect(children(search, 'failure')).toEqual([]);
    expect(children(search, 'system-out')[0]!.text).toBe(
      'WARN feature search: $12.00 spent this month (2025-06-01 to 2025-06-30), over the warn level of $10.00; projected $18.30 by 2025-06-30.',
    );
    expect(children(prompt, 'failure')).toEqual([]);
    expect(children(growth, 'skipped')[0]!.attrs['message']).toMatch(/^Skipped: a diff budget compares prompt files with a base commit/);
  });

  it('markdown: a summary heading, one table row per budget (pipes escaped), and the details', () => {
    const out = r.check(['--format', 'markdown']);
    expect(out.code).toBe(3);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('## ❌ llmcost check: 1 failed, 1 warned, 1 passed, 1 skipped (4 budgets)');
    expect(lines).toContain('| Budget | Status | Kind | Figure | Warn | Fail |');
    expect(lines).toContain('| total \\<all\\> \\& "more" | ❌ fail | spend | $33.80 | — | $30.00 |');
    expect(lines).toContain('| search \\| R\\&D | ⚠️ warn | spend | $12.00 | $10.00 | $20.00 |');
    expect(lines).toContain('| prompt-size | ✅ pass | prompt | 11 | — | 100 |');
    expect(lines).toContain('| growth | ⏭️ skipped | diff | — | — | +10% |');
    expect(lines).toContain(
      '- ⚠️ warn **search \\| R\\&D**: feature search: $12.00 spent this month (2025-06-01 to 2025-06-30), over the warn level of $10.00; projected $18.30 by 2025-06-30.',
    );
  });

  it('github: escaped annotations, most important first, at most 10 of each, and the Markdown job summary', () => {
    // 12 files over both levels: f01 … f12 of 51 + 10k tokens (k = 1 … 12), and one odd name of 301 tokens.
    for (let k = 1; k <= 12; k++) r.write(`big/f${String(k).padStart(2, '0')}.txt`, words(50 + 10 * k));
    r.write('big/odd,name:100%\n.txt', words(300));
    r.write(
      'llmcost.config.yaml',
      `budgets:
  - {name: size, kind: prompt, files: "big/*.txt", model: gpt-4o, fail: 50}
  - {name: "growth: 5%, of tokens", kind: prompt, files: "big/*.txt", model: gpt-4o, warn: 10}
`,
    );
    const summary = join(r.dir, 'summary.md');
    writeFileSync(summary, 'earlier step\n');
    const out = r.check(['--format', 'github'], { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: r.dir });
    expect(out.code).toBe(3);
    const lines = out.stdout.trimEnd().split('\n');
    const errors = lines.filter((l) => l.startsWith('::error '));
    const warnings = lines.filter((l) => l.startsWith('::warning '));
    expect(errors).toHaveLength(10);
    expect(warnings).toHaveLength(10);
    // Properties escape % \r \n : , — the message escapes % \r \n only.
    expect(errors[0]).toBe(
      '::error file=big/odd%2Cname%3A100%25%0A.txt,line=1,title=llmcost budget size::big/odd,name:100%25%0A.txt is 301 tokens on gpt-4o, over the fail level of 50.',
    );
    // Then by how far over the level: f12 (171 tokens) down to f04 (91); f03, f02, f01 are left out.
    expect(errors.slice(1).map((l) => /file=big\/(f\d+)\.txt/.exec(l)![1])).toEqual(['f12', 'f11', 'f10', 'f09', 'f08', 'f07', 'f06', 'f05', 'f04']);
    expect(warnings[0]).toBe(
      '::warning file=big/odd%2Cname%3A100%25%0A.txt,line=1,title=llmcost budget growth%3A 5%25%2C of tokens::big/odd,name:100%25%0A.txt is 301 tokens on gpt-4o, over the warn level of 10.',
    );
    expect(lines.filter((l) => l.startsWith('::notice '))).toEqual([
      '::notice title=llmcost check::6 more checks over a level are not annotated (GitHub shows 10 errors and 10 warnings per step): see the job summary.',
    ]);
    expect(lines.at(-1)).toBe('llmcost check: 1 failed, 1 warned, 0 passed (2 budgets)');
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('earlier step\n## ❌ llmcost check: 1 failed, 1 warned, 0 passed (2 budgets)\n')).toBe(true);
    expect(written).toContain('| size | ❌ fail | prompt | 301 | — | 50 |');
  });

  it('github: a spend budget is annotated on its line of the config file', () => {
    const out = r.check(['--format', 'github', '--budget', 'search | R&D'], { GITHUB_WORKSPACE: r.dir });
    expect(out.code).toBe(0);
    // The budget's entry starts on line 5 of the config (the YAML above begins with an empty line).
    expect(out.stdout.split('\n')[0]).toBe(
      '::warning file=llmcost.config.yaml,line=5,title=llmcost budget search | R&D::feature search: $12.00 spent this month (2025-06-01 to 2025-06-30), over the warn level of $10.00; projected $18.30 by 2025-06-30.',
    );
  });
});
