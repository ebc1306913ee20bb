import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { DB } from '../db/open.js';
import { EXIT_CHECK_FAILED, EXIT_OK, UserError } from '../util/errors.js';
import { nowMs } from '../util/span.js';
import { assertTimeZone } from '../util/time.js';
import type { Budget, DiffBudget, PromptBudget, SpendBudget } from './budget-types.js';
import { budgetLines } from './config-lines.js';
import { skippedDiff } from './diff.js';
import { worst } from './levels.js';
import { promptResult, type CountedFile, type Volume } from './prompt.js';
import { displayPath } from '../util/files.js';
import { filePatterns, findFiles } from './prompt-files.js';
import type { BudgetResult, CheckReport, Location } from './result-types.js';
import { featuresNeedingVolume, modelSetup, readBudgetPrompt, volumeOf } from './run-prompts.js';
import { runDiffBudgets } from './run-diff.js';
import { runSpendBudgets } from './run-spend.js';
import { explicitWindow, periodWindow } from './period.js';
import { historyRange } from './spend-source.js';
import { staleHistoryWarning } from './stale-history.js';
import { TokenCounts } from './tokenizer.js';
import { loggedVolumes } from './volume.js';

export interface CheckOptions {
  base?: string;
  since?: string;
  until?: string;
  tz?: string;
  budget?: string[];
  warnOnly?: boolean;
}

/**
 * What the budgets are checked against: the config they came from, and the history and the catalog, each
 * opened only when a budget needs it (prompt budgets alone never open the database).
 */
export interface BudgetSources {
  readonly loaded: { file: string | null; config: { budgets?: Budget[] } };
  readonly timezone: string;
  readonly dbPath: string;
  db(): DB;
  catalog(): Catalog;
}

function selectBudgets(all: Budget[], names: string[] | undefined): Budget[] {
  if (!names || names.length === 0) return all;
  for (const n of names) {
    if (!all.some((b) => b.name === n)) throw new UserError(`--budget "${n}" is not a budget of the config: use one of ${all.map((b) => b.name).join(', ')}.`);
  }
  return all.filter((b) => names.includes(b.name));
}

/** Evaluates the config's budgets (spend over the database, prompt files on disk, prompt files against --base). */
export async function evaluateBudgets(sources: BudgetSources, opts: CheckOptions): Promise<CheckReport> {
  const configFile = sources.loaded.file;
  const all = sources.loaded.config.budgets ?? [];
  if (all.length === 0) {
    throw new UserError(
      configFile
        ? `${configFile} has no budgets to check: add a "budgets" list (see the README section "llmcost check").`
        : 'No config file with budgets was found: create llmcost.config.yaml with a "budgets" list (see the README section "llmcost check"), or name one with --config.',
    );
  }
  const budgets = selectBudgets(all, opts.budget);
  const tz = assertTimeZone(opts.tz ?? sources.timezone);
  const now = nowMs();
  const cwd = realpathSync(process.cwd());
  // Globs are relative to the config file's folder (real path, as git reports the repository's).
  const baseDir = realpathSync(configFile ? dirname(configFile) : cwd);
  const lines = configFile ? budgetLines(configFile) : [];
  const location = (b: Budget): Location | null => (configFile ? { file: configFile, line: lines[b.index] ?? null } : null);
  const warnings: string[] = [];
  const results = new Map<Budget, BudgetResult>();

  const spend = budgets.filter((b): b is SpendBudget => b.kind === 'spend');
  if (spend.length > 0) {
    const run = runSpendBudgets(sources.db(), spend, {
      tz,
      now,
      ...(opts.since ? { since: opts.since } : {}),
      ...(opts.until ? { until: opts.until } : {}),
      location,
    });
    run.results.forEach((r, i) => {
      results.set(spend[i]!, r);
    });
    if (run.emptyHistory)
      warnings.push(`The database ${sources.dbPath} holds no usage records, so every spend budget sees $0: ingest your usage first (llmcost ingest FILE).`);
    else {
      const windows = spend.map((b) =>
        opts.since !== undefined || opts.until !== undefined ? explicitWindow(opts.since, opts.until, tz, now) : periodWindow(b.period, tz, now),
      );
      const stale = staleHistoryWarning(sources.dbPath, historyRange(sources.db()).lastMs, windows, now);
      if (stale) warnings.push(stale);
    }
  }

  const prompted = budgets.filter((b): b is PromptBudget | DiffBudget => b.kind !== 'spend');
  const features = featuresNeedingVolume(prompted);
  const logged: Map<string, Volume> = features.length > 0 ? loggedVolumes(sources.db(), features, tz, now) : new Map();
  const counts = new TokenCounts();
  for (const b of prompted.filter((x): x is PromptBudget => x.kind === 'prompt')) {
    const setup = await modelSetup(b, sources.catalog(), configFile);
    const files: CountedFile[] = findFiles(filePatterns(b.files, baseDir)).map((path) => ({
      path,
      display: displayPath(path, cwd),
      tokens: counts.count(setup.tokenizer, path, () => readBudgetPrompt(path)),
    }));
    results.set(b, promptResult(b, files, setup.priced, setup.tokenizer, volumeOf(b, logged), location(b)));
  }

  const diffs = prompted.filter((x): x is DiffBudget => x.kind === 'diff');
  let base: CheckReport['base'] = null;
  if (opts.base === undefined) for (const b of diffs) results.set(b, skippedDiff(b, location(b)));
  else if (diffs.length === 0) warnings.push('--base was given, but no diff budget is configured (kind: diff), so no prompt file was compared.');
  else {
    const run = await runDiffBudgets(diffs, { ref: opts.base, baseDir, cwd, catalog: sources.catalog(), configFile, logged, counts, location });
    run.results.forEach((r, i) => {
      results.set(diffs[i]!, r);
    });
    warnings.push(...run.warnings);
    base = run.base;
  }

  const ordered = budgets.map((b) => results.get(b)!);
  const countStatus = (s: string) => ordered.filter((r) => r.status === s).length;
  const status = worst(ordered.map((r) => r.status)) as CheckReport['status'];
  return {
    status,
    exitCode: status === 'fail' && !opts.warnOnly ? EXIT_CHECK_FAILED : EXIT_OK,
    warnOnly: opts.warnOnly === true,
    now: new Date(now).toISOString(),
    tz,
    config: configFile,
    base,
    summary: { budgets: ordered.length, pass: countStatus('pass'), warn: countStatus('warn'), fail: countStatus('fail'), skipped: countStatus('skipped') },
    budgets: ordered,
    warnings,
  };
}
