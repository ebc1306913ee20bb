import type { BudgetResult, Check, CheckReport, DiffFile, DiffTotal, LevelValue, Status, Unit } from '../check/result-types.js';
import { byImportance } from '../check/summarize.js';
import type { RawMarkdown } from './escape.js';
import { formatAmount } from '../check/prompt.js';
import { int, signedInt, signedPercent, signedUsd } from '../util/numbers.js';

/** Figures and words every check renderer shares. */

export const STATUS_LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP' };

export function amount(value: number | null, unit: Unit): string {
  return value === null ? '—' : formatAmount(value, unit);
}

export function level(l: LevelValue | null, unit: Unit, kind: string): string {
  if (l === null) return '—';
  if (typeof l === 'string') return `+${l}`;
  return `${kind === 'diff' ? '+' : ''}${amount(l, unit)}`;
}

/** The check a budget's line shows: its most important one. */
function headline(b: BudgetResult): Check | undefined {
  return [...b.checks].sort(byImportance)[0];
}

/** The budget's headline figure: a diff change is signed; an estimated token count is marked with "~". */
export function figure(b: BudgetResult): string {
  const top = headline(b);
  if (!top || top.value === null) return '—';
  const estimate = (b.prompt?.estimate ?? b.diff?.estimate ?? false) && b.unit === 'tokens' ? '~' : '';
  const sign = b.kind === 'diff' && top.value > 0 ? '+' : '';
  const pct = b.kind === 'diff' && top.percent !== null ? ` (${signedPercent(top.percent, 'non-negative')})` : '';
  return `${estimate}${sign}${amount(top.value, b.unit)}${pct}`;
}

export function summaryLine(r: CheckReport): string {
  const parts = [`${r.summary.fail} failed`, `${r.summary.warn} warned`, `${r.summary.pass} passed`];
  if (r.summary.skipped > 0) parts.push(`${r.summary.skipped} skipped`);
  return `${parts.join(', ')} (${r.summary.budgets} budget${r.summary.budgets === 1 ? '' : 's'})`;
}

/** One row of a diff table: file, change, base → head tokens, token change and percent, monthly cost change. */
export function diffRow<N extends string | RawMarkdown>(d: DiffFile | DiffTotal, name: N): (N | string)[] {
  return [
    name,
    d.type === 'diff-file' ? d.change : '',
    `${int(d.baseTokens)} → ${int(d.headTokens)}`,
    signedInt(d.tokenChange),
    signedPercent(d.tokenPercent),
    signedUsd(d.monthlyUsdChange),
  ];
}

export const DIFF_HEADER = ['File', 'Change', 'Tokens', 'Δ tokens', 'Δ %', 'Δ $/month'];
