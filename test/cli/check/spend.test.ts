import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetResult, SpendDetail } from '../../../src/check/result-types.js';
import { ingestHistory, json, repo, type Repo } from './repo.js';

// fixtures/check/history.csv (fixtures/check/make-history.mjs), one request a day at 10:00 UTC:
//   A gpt-4o, openai, chat/web/alice, tag team:a: $1.00 a day, June 1–20.
//   B claude-sonnet-4-5, anthropic, search/api/bob, tags team:b + beta: $0.60 a day, June 1–20.
//   C gpt-4o-mini, openai, chat/web/carol, tag team:a: $0.30 a day, June 15–20.
// Now is June 20, 12:00 UTC. The history's last record is June 20 10:00, whose day ends after now, so the
// projection's as-of is now (12:00). Rate window: the 7 days before, [June 13 12:00, June 20 12:00): the
// records of June 14–20, i.e. A 7 × $1 + B 7 × $0.60 + C 6 × $0.30 = $13.00 → $13/7 a day. June has
// 10.5 days left after June 20 12:00.
const CONFIG = `
budgets:
  - name: total-month          # A 20 + B 12 + C 1.80 = $33.80: over warn 30, under fail 40
    warn: 30
    fail: 40
  - name: total-projected      # 33.80 + 13/7 × 10.5 = 33.80 + 19.50 = $53.30: over fail 50
    projected: true
    warn: 40
    fail: 50
  - name: per-model            # gpt-4o $20 (warn), claude $12, mini $1.80
    per: model
    warn: 15
    fail: 25
  - name: openai               # A + C = $21.80: passes
    scope: {provider: openai}
    fail: 25
  - name: web-week             # June 16–22: A 5 × $1 + C 5 × $0.30 = $6.50: over warn 5
    period: week
    scope: {project: web}
    warn: 5
    fail: 10
  - name: search-today         # B today: $0.60, over fail 0.50
    period: day
    scope: {feature: search}
    fail: 0.5
  - name: per-tag              # team:a = A + C = $21.80 (fail), team:b = beta = $12
    per: tag
    fail: 20
  - name: alice                # $20: passes
    scope: {user: alice}
    warn: 25
  - name: mini-7d              # June 14–20: C 6 × $0.30 = $1.80: over fail 1
    period: 7d
    scope: {model: gpt-4o-mini}
    fail: 1
  - name: all-projects         # read from the records, not the rollups: the same $33.80
    scope: {project: [web, api]}
    warn: 30
`;

function budget(doc: { budgets: BudgetResult[] }, name: string): BudgetResult {
  const b = doc.budgets.find((x) => x.name === name);
  if (!b) throw new Error(`no budget ${name}`);
  return b;
}
const spend = (b: BudgetResult, i = 0) => b.checks[i]!.detail as SpendDetail;

describe('llmcost check: spend budgets', () => {
  let r: Repo;
  beforeEach(() => {
    r = repo();
    r.write('llmcost.config.yaml', CONFIG);
    r.commit('config');
    ingestHistory(r);
  });
  afterEach(() => r.cleanup());

  it('sums spend per period, scope and group, projects the month, and judges warn and fail levels', () => {
    const out = r.check(['--format', 'json']);
    expect(out.code).toBe(3);
    const doc = json(out);
    expect(doc.budgets.map((b) => `${b.name}:${b.status}`)).toEqual([
      'total-month:warn',
      'total-projected:fail',
      'per-model:warn',
      'openai:pass',
      'web-week:warn',
      'search-today:fail',
      'per-tag:fail',
      'alice:pass',
      'mini-7d:fail',
      'all-projects:warn',
    ]);
    const month = budget(doc, 'total-month');
    expect(spend(month).spentUsd).toBeCloseTo(33.8, 10);
    expect(month.spend).toMatchObject({ period: 'month', first: '2025-06-01', last: '2025-06-30', projected: false });
    expect(month.spend!.projection).toEqual({ asOf: '2025-06-20T12:00:00.000Z', rateFrom: '2025-06-13T12:00:00.000Z', rateDays: 7, remainingDays: 10.5 });
    expect(spend(month).rateUsdPerDay).toBeCloseTo(13 / 7, 10);
    expect(spend(month).projectedUsd).toBeCloseTo(53.3, 10);

    const projected = budget(doc, 'total-projected');
    expect(projected.checks[0]!.value).toBeCloseTo(53.3, 10);
    expect(projected.checks[0]!.broke).toBe(50);
    expect(projected.message).toBe(
      'all spend: projected $53.30 by 2025-06-30, over the fail level of $50.00; $33.80 spent this month (2025-06-01 to 2025-06-30).',
    );

    // Per model, costliest first; gpt-4o projects 20 + 1 × 10.5, mini 1.80 + 1.80/7 × 10.5 = 4.50.
    const perModel = budget(doc, 'per-model');
    expect(perModel.checks.map((c) => [c.subject, c.status])).toEqual([
      ['model gpt-4o', 'warn'],
      ['model claude-sonnet-4-5', 'pass'],
      ['model gpt-4o-mini', 'pass'],
    ]);
    expect(perModel.checks.map((c) => (c.detail as SpendDetail).spentUsd)).toEqual([expect.closeTo(20, 10), expect.closeTo(12, 10), expect.closeTo(1.8, 10)]);
    expect(spend(perModel, 0).projectedUsd).toBeCloseTo(30.5, 10);
    expect(spend(perModel, 2).projectedUsd).toBeCloseTo(4.5, 10);

    expect(spend(budget(doc, 'openai')).spentUsd).toBeCloseTo(21.8, 10);
    // Week: 6.50 + (7 + 1.80)/7 × 2.5 days left (June 20 12:00 → June 23 00:00) = 9.642857…
    const week = budget(doc, 'web-week');
    expect(week.spend).toMatchObject({ first: '2025-06-16', last: '2025-06-22' });
    expect(spend(week).spentUsd).toBeCloseTo(6.5, 10);
    expect(spend(week).projectedUsd).toBeCloseTo(6.5 + (8.8 / 7) * 2.5, 10);
    // Today: 0.60 + 4.20/7 × 0.5 = 0.90.
    const today = budget(doc, 'search-today');
    expect(spend(today).spentUsd).toBeCloseTo(0.6, 10);
    expect(spend(today).projectedUsd).toBeCloseTo(0.9, 10);
    expect(today.message).toBe('feature search: $0.60 spent today (2025-06-20), over the fail level of $0.50; projected $0.90 by 2025-06-20.');
    const tags = budget(doc, 'per-tag');
    expect(tags.checks.map((c) => [c.subject, c.status, (c.detail as SpendDetail).spentUsd])).toEqual([
      ['tag team:a', 'fail', expect.closeTo(21.8, 10)],
      ['tag beta', 'pass', expect.closeTo(12, 10)],
      ['tag team:b', 'pass', expect.closeTo(12, 10)],
    ]);
    expect(spend(budget(doc, 'alice')).spentUsd).toBeCloseTo(20, 10);
    // 7d: June 14–20 holds C's June 15–20 = $1.80; 0.5 day left: 1.80 + 1.80/7 × 0.5.
    const mini = budget(doc, 'mini-7d');
    expect(mini.spend).toMatchObject({ period: '7d', first: '2025-06-14', last: '2025-06-20' });
    expect(spend(mini).spentUsd).toBeCloseTo(1.8, 10);
    expect(spend(mini).projectedUsd).toBeCloseTo(1.8 + (1.8 / 7) * 0.5, 10);
    expect(spend(budget(doc, 'all-projects')).spentUsd).toBeCloseTo(33.8, 10);
    expect(spend(budget(doc, 'all-projects')).requests).toBe(46);
    expect(doc.summary).toEqual({ budgets: 10, pass: 2, warn: 4, fail: 4, skipped: 0 });
  });

  it('--since/--until replace every period; a closed span projects nothing more', () => {
    // June 1–10: 10 × ($1 + $0.60) = $16, under total-month's warn level.
    const doc = json(r.check(['--format', 'json', '--since', '2025-06-01', '--until', '2025-06-10', '--budget', 'total-month', '--budget', 'per-model']));
    expect(doc.status).toBe('pass');
    const month = budget(doc, 'total-month');
    expect(month.spend).toMatchObject({ period: 'explicit', first: '2025-06-01', last: '2025-06-10' });
    expect(spend(month).spentUsd).toBeCloseTo(16, 10);
    expect(spend(month).projectedUsd).toBeCloseTo(16, 10);
    expect(month.spend!.projection.remainingDays).toBe(0);
    expect(month.message).toBe('all spend: $16.00 spent from 2025-06-01 to 2025-06-10, within its levels.');
    expect(budget(doc, 'per-model').checks.map((c) => c.subject)).toEqual(['model gpt-4o', 'model claude-sonnet-4-5']);
  });

  it('takes day boundaries in --tz: in Auckland (UTC+12) today began at 12:00 UTC, after the last request', () => {
    const doc = json(r.check(['--format', 'json', '--tz', 'Pacific/Auckland', '--budget', 'search-today', '--budget', 'total-month']));
    const today = budget(doc, 'search-today');
    expect(today.spend).toMatchObject({ first: '2025-06-21', last: '2025-06-21' });
    expect(spend(today).spentUsd).toBe(0);
    expect(today.status).toBe('pass');
    // June in Auckland runs from May 31 12:00 to June 30 12:00 UTC: all of the history.
    expect(spend(budget(doc, 'total-month')).spentUsd).toBeCloseTo(33.8, 10);
  });

  it('prints a table with one line per budget and a sentence for each level broken', () => {
    const out = r.check([]);
    expect(out.code).toBe(3);
    expect(out.stdout).toContain('llmcost check: 4 failed, 4 warned, 2 passed (10 budgets)');
    expect(out.stdout).toMatch(/^ {2}total-projected +FAIL +spend +\$53\.30 +\$40\.00 +\$50\.00$/m);
    expect(out.stdout).toContain(
      '  FAIL tag team:a: $21.80 spent this month (2025-06-01 to 2025-06-30), over the fail level of $20.00; projected $35.00 by 2025-06-30.',
    );
    expect(out.stderr).toBe(`llmcost: database ${r.db}\nllmcost: 4 budgets over a fail level: total-projected, search-today, per-tag, mini-7d.\n`);
  });

  it('warns when the database is empty instead of silently passing', () => {
    const fresh = repo();
    try {
      fresh.write('llmcost.config.yaml', CONFIG);
      const res = fresh.check(['--budget', 'alice', '--format', 'json']);
      expect(res.code).toBe(0);
      expect(res.stderr).toMatch(
        /^llmcost: database .*usage\.db\nwarning: The database .*usage\.db holds no usage records, so every spend budget sees \$0: ingest your usage first/,
      );
      expect(json(res).warnings).toHaveLength(1);
    } finally {
      fresh.cleanup();
    }
  });
});
