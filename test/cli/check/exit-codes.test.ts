import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestHistory, json, repo, words, type Repo } from './repo.js';

// This month's spend in fixtures/check/history.csv (now June 20): $33.80.
describe('llmcost check exit codes', () => {
  let r: Repo;
  beforeEach(() => {
    r = repo();
    r.write('prompts/a.txt', words(10));
    r.commit('prompts');
    ingestHistory(r);
  });
  afterEach(() => r.cleanup());
  const config = (yaml: string) => r.write('llmcost.config.yaml', yaml);

  it('0 when every budget passes, and when some only warn', () => {
    config('budgets:\n  - {name: month, fail: 100}\n');
    expect(r.check([])).toMatchObject({ code: 0, stderr: `llmcost: database ${r.db}\n` });
    config('budgets:\n  - {name: month, warn: 30, fail: 100}\n');
    const warned = r.check(['--format', 'json']);
    expect(warned.code).toBe(0);
    expect(json(warned)).toMatchObject({ status: 'warn', exitCode: 0 });
  });

  it('3 when a fail level is broken; --warn-only reports it and exits 0', () => {
    config('budgets:\n  - {name: month, fail: 30}\n');
    const failed = r.check([]);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toBe(`llmcost: database ${r.db}\nllmcost: 1 budget over a fail level: month.\n`);
    const warnOnly = r.check(['--warn-only', '--format', 'json']);
    expect(warnOnly.code).toBe(0);
    expect(json(warnOnly)).toMatchObject({ status: 'fail', exitCode: 0, warnOnly: true });
    expect(warnOnly.stderr).toBe(`llmcost: database ${r.db}\nwarning: --warn-only: 1 budget over a fail level (month), exiting 0.\n`);
  });

  it('2 for a bad config, naming the file and the key of every problem', () => {
    config(`budgets:
  - {name: a, fail: lots}
  - {name: a, fial: 3}
  - {name: c, kind: prompt, files: "*.txt", metric: monthlyCost, model: gpt-4o, warn: 5, fail: 2}
  - {name: d, period: fortnight, scope: {team: x}, fail: 1}
  - {name: e, kind: diff, files: "*.txt", fail: 10 percent}
`);
    const out = r.check([]);
    expect(out.code).toBe(2);
    const file = join(r.dir, 'llmcost.config.yaml');
    expect(out.stderr).toBe(
      `llmcost: Invalid config: ${[
        `${file}: budgets[0] ("a").fail must be a number >= 0 (US dollars)`,
        `${file}: budgets[1] ("a").name is used by an earlier budget: give every budget its own name`,
        `${file}: budgets[1] ("a") has an unknown key "fial" (a spend budget takes: name, kind, warn, fail, period, scope, per, projected)`,
        `${file}: budgets[1] ("a") needs a warn level, a fail level, or both`,
        `${file}: budgets[2] ("c").warn (5) is above fail (2): warn is the lower, early level`,
        `${file}: budgets[2] ("c") needs a call volume for monthlyCost: callsPerDay, callsPerMonth, or the feature whose logged requests give it`,
        `${file}: budgets[3] ("d").period must be day, week, month, or a number of days such as 7d`,
        `${file}: budgets[3] ("d").scope.team is not an attribute a budget can be scoped to (use model, provider, project, feature, tag, user)`,
        `${file}: budgets[4] ("e").fail must be a number >= 0 (an increase in tokens or dollars) or a percent increase such as "10%"`,
      ].join('; ')}.\n`,
    );
  });

  it('2 for a config without budgets, an unknown --budget, a bad flag or a bad --since', () => {
    config('timezone: UTC\n');
    expect(r.check([])).toMatchObject({
      code: 2,
      stderr: `llmcost: ${join(r.dir, 'llmcost.config.yaml')} has no budgets to check: add a "budgets" list (see the README section "llmcost check").\n`,
    });
    config('budgets:\n  - {name: month, fail: 100}\n');
    expect(r.check(['--budget', 'nope'])).toMatchObject({ code: 2, stderr: 'llmcost: --budget "nope" is not a budget of the config: use one of month.\n' });
    expect(r.check(['--format', 'xml']).code).toBe(2);
    expect(r.check(['--since', 'soon']).code).toBe(2);
    expect(r.check(['--since', '2025-06-10', '--until', '2025-06-01'])).toMatchObject({
      code: 2,
      stderr: 'llmcost: --since 2025-06-10 is after --until 2025-06-01: swap them.\n',
    });
    expect(r.check(['--tz', 'Mars/Olympus']).code).toBe(2);
  });

  it('lists every option in its help', () => {
    const help = r.check(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--base <ref>', '--format <format>', '--warn-only', '--budget <name>', '--since <when>', '--until <when>', '--tz <zone>'])
      expect(help.stdout).toContain(flag);
  });

  it('1 for an internal error: git answering in a way llmcost does not expect', () => {
    config('budgets:\n  - {name: growth, kind: diff, files: "prompts/*.txt", fail: 10}\n');
    // A git that behaves except for `cat-file`, which answers nonsense.
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    const bin = join(r.dir, '.llmcost', 'fake-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nif [ "$1" = cat-file ]; then echo nonsense; exit 0; fi\nexec ${realGit} "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const out = r.check(['--base', 'HEAD'], { PATH: `${bin}:${process.env['PATH']}` });
    expect(out.code, out.stdout + out.stderr).toBe(1);
    expect(out.stderr).toMatch(
      /^llmcost: internal error: git cat-file gave an unexpected answer for [0-9a-f]{40}:prompts\/a\.txt: "nonsense"\nllmcost: run again with --debug for details/,
    );
  });
});
