import { int, signedInt, signedPercent, signedUsd } from '../util/numbers.js';
import type { DiffBudget } from './budget-types.js';
import { judge, levelValue } from './levels.js';
import { formatAmount, monthlyUsd, promptInfo, unitOf, volumePhrase, type PricedModel, type TokenizerInfo, type Volume } from './prompt.js';
import type { BudgetResult, Check, DiffFile, DiffTotal, Location } from './result-types.js';
import { summarize } from './summarize.js';

/** One prompt file in both versions (null where it does not exist). */
export interface FileVersions {
  path: string;
  display: string;
  base: { text: string; tokens: number } | null;
  head: { text: string; tokens: number } | null;
}

/** 1-based number of the first line that differs between two texts (null when equal). */
export function firstChangedLine(base: string, head: string): number | null {
  if (base === head) return null;
  const a = base.split('\n');
  const b = head.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // Only a removed tail differs: point at the last line that remains.
  return Math.min(i, b.length - 1) + 1;
}

const percentOf = (change: number, base: number) => (base > 0 ? (change / base) * 100 : null);

function compareFile(f: FileVersions, b: DiffBudget, model: PricedModel | null, volume: Volume): DiffFile {
  const baseTokens = f.base?.tokens ?? 0;
  const headTokens = f.head?.tokens ?? 0;
  const priced = model !== null && volume.callsPerMonth !== null;
  // A file that does not exist costs nothing; an existing one costs its calls at its size.
  const monthly = (version: FileVersions['base'], tokens: number) => (!priced ? null : version ? monthlyUsd(tokens, b, model, volume.callsPerMonth!) : 0);
  const baseMonthlyUsd = monthly(f.base, baseTokens);
  const headMonthlyUsd = monthly(f.head, headTokens);
  const monthlyUsdChange = baseMonthlyUsd === null || headMonthlyUsd === null ? null : headMonthlyUsd - baseMonthlyUsd;
  const change = !f.base ? 'new' : !f.head ? 'deleted' : f.base.text === f.head.text ? 'unchanged' : 'changed';
  return {
    type: 'diff-file',
    file: f.display,
    change,
    baseTokens,
    headTokens,
    tokenChange: headTokens - baseTokens,
    tokenPercent: f.base ? percentOf(headTokens - baseTokens, baseTokens) : null,
    baseMonthlyUsd,
    headMonthlyUsd,
    monthlyUsdChange,
    monthlyPercent: f.base && monthlyUsdChange !== null ? percentOf(monthlyUsdChange, baseMonthlyUsd!) : null,
    firstChangedLine: change === 'new' ? 1 : change === 'changed' ? firstChangedLine(f.base!.text, f.head!.text) : null,
  };
}

function totalOf(files: DiffFile[]): DiffTotal {
  const sum = (pick: (f: DiffFile) => number | null) => (files.some((f) => pick(f) === null) ? null : files.reduce((s, f) => s + pick(f)!, 0));
  const baseTokens = files.reduce((s, f) => s + f.baseTokens, 0);
  const headTokens = files.reduce((s, f) => s + f.headTokens, 0);
  const baseMonthlyUsd = files.length === 0 ? null : sum((f) => f.baseMonthlyUsd);
  const headMonthlyUsd = files.length === 0 ? null : sum((f) => f.headMonthlyUsd);
  const monthlyUsdChange = baseMonthlyUsd === null || headMonthlyUsd === null ? null : headMonthlyUsd - baseMonthlyUsd;
  return {
    type: 'diff-total',
    files: files.length,
    baseTokens,
    headTokens,
    tokenChange: headTokens - baseTokens,
    tokenPercent: percentOf(headTokens - baseTokens, baseTokens),
    baseMonthlyUsd,
    headMonthlyUsd,
    monthlyUsdChange,
    monthlyPercent: monthlyUsdChange === null ? null : percentOf(monthlyUsdChange, baseMonthlyUsd!),
  };
}

/**
 * What changed, in words: "grew by 130 tokens against main (+36.8%: 353 → 483), +$9.75 a month at 30,000
 * calls a month (declared)" — the token change first, then the monthly cost change where it is known.
 */
function changePhrase(d: DiffFile | DiffTotal, b: DiffBudget, ref: string, volume: Volume): string {
  let tokens: string;
  if (d.type === 'diff-file' && d.change === 'new') tokens = `is new against ${ref}: ${int(d.headTokens)} tokens`;
  else if (d.type === 'diff-file' && d.change === 'deleted') tokens = `was deleted (${signedInt(d.tokenChange, 'non-negative')} tokens against ${ref})`;
  else if (d.tokenChange === 0) tokens = `${d.type === 'diff-total' ? 'are' : 'is'} unchanged against ${ref} (${int(d.headTokens)} tokens)`;
  else {
    const pct = d.tokenPercent === null ? '' : `${signedPercent(d.tokenPercent, 'non-negative')}: `;
    tokens = `${d.tokenChange > 0 ? 'grew' : 'shrank'} by ${int(Math.abs(d.tokenChange))} tokens against ${ref} (${pct}${int(d.baseTokens)} → ${int(d.headTokens)})`;
  }
  if (d.monthlyUsdChange === null) return tokens;
  const pct = b.metric === 'monthlyCost' && d.monthlyPercent !== null ? ` (${signedPercent(d.monthlyPercent, 'non-negative')})` : '';
  return `${tokens}, ${signedUsd(d.monthlyUsdChange, { plus: 'non-negative' })} a month${pct} at ${volumePhrase(volume, b.feature)}`;
}

function gate(b: DiffBudget, d: DiffFile | DiffTotal): { value: number | null; percent: number | null } {
  return b.metric === 'tokens' ? { value: d.tokenChange, percent: d.tokenPercent } : { value: d.monthlyUsdChange, percent: d.monthlyPercent };
}

function check(b: DiffBudget, d: DiffFile | DiffTotal, subject: string, ref: string, volume: Volume, location: Location | null): Check {
  const { value, percent } = gate(b, d);
  const v = judge(b, value, percent);
  const unit = unitOf(b.metric);
  const brokeText = typeof v.broke === 'string' ? `a ${v.broke} increase` : v.broke === null ? '' : `an increase of ${formatAmount(v.broke, unit)}`;
  const verdict = v.status === 'pass' ? 'within its levels' : `over the ${v.status} level of ${brokeText}`;
  const what = `${subject} ${changePhrase(d, b, ref, volume)}`;
  const noVolume = b.metric === 'monthlyCost' && volume.source === 'logged' && volume.callsPerMonth === 0;
  return {
    subject,
    status: noVolume ? 'warn' : v.status,
    value,
    percent,
    broke: noVolume ? null : v.broke,
    overBy: noVolume ? null : v.overBy,
    message: noVolume
      ? `${what}; the feature ${b.feature} logged no requests in the ${volume.loggedDays} days before today, so the monthly cost change cannot be judged.`
      : `${what}; ${verdict}.`,
    location,
    detail: d,
  };
}

/** Where an annotation for a file's change points: its first changed line (deleted files: the file alone). */
function fileLocation(f: FileVersions, d: DiffFile): Location {
  return { file: f.path, line: d.firstChangedLine };
}

/**
 * A diff budget's result: every file's change against the base, the total, and the gated checks (the total,
 * or each changed, new or deleted file). Percent levels do not apply to new files, which have no base.
 */
export function diffResult(
  b: DiffBudget,
  files: FileVersions[],
  base: { ref: string; commit: string },
  model: PricedModel | null,
  tok: TokenizerInfo,
  volume: Volume,
  location: Location | null,
): BudgetResult {
  const compared = files.map((f) => compareFile(f, b, model, volume));
  const total = totalOf(compared);
  let checks: Check[];
  if (b.per === 'file') {
    checks = compared.flatMap((d, i) => (d.change === 'unchanged' ? [] : [check(b, d, d.file, base.ref, volume, fileLocation(files[i]!, d))]));
  } else {
    // The total's annotation goes on the file that grew the most, where a reviewer can act on it.
    const grew = compared.map((d, i) => ({ d, i, by: gate(b, d).value ?? 0 })).filter((x) => x.by > 0 && x.d.firstChangedLine !== null);
    const top = grew.sort((x, y) => y.by - x.by)[0];
    checks = compared.length === 0 ? [] : [check(b, total, 'The prompt files', base.ref, volume, top ? fileLocation(files[top.i]!, top.d) : location)];
  }
  const summary =
    compared.length === 0
      ? {
          status: 'warn' as const,
          message: `No file matches ${b.files.join(', ')} here or at ${base.ref}: the budget checks nothing (fix the glob, relative to the config file).`,
        }
      : summarize(checks, `No prompt file changed against ${base.ref} (${compared.length} compared).`);
  return {
    name: b.name,
    kind: 'diff',
    metric: b.metric,
    unit: unitOf(b.metric),
    ...summary,
    warn: b.warn ? levelValue(b.warn) : null,
    fail: b.fail ? levelValue(b.fail) : null,
    location,
    checks,
    diff: { ...promptInfo(b, model, tok, volume), per: b.per, base, files: compared, total },
  };
}

/** A diff budget when no --base was given: nothing to compare with. */
export function skippedDiff(b: DiffBudget, location: Location | null): BudgetResult {
  return {
    name: b.name,
    kind: 'diff',
    metric: b.metric,
    unit: unitOf(b.metric),
    status: 'skipped',
    message: 'Skipped: a diff budget compares prompt files with a base commit; give one with --base REF (e.g. --base origin/main).',
    warn: b.warn ? levelValue(b.warn) : null,
    fail: b.fail ? levelValue(b.fail) : null,
    location,
    checks: [],
  };
}
